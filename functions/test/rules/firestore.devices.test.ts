// firestore.rules: users/{uid}/devices/{deviceId} (SPEC section 3: the owner registers a
// device with a valid shape and server time, and deletes it; the server prunes dead tokens).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, updateDoc, type DocumentData } from "firebase/firestore";
import { asAdmin, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

const TOKEN = "fcm-token-".padEnd(160, "x");

/** What the web app writes after Messaging.getToken(). */
function aDevice(overrides: DocumentData = {}): DocumentData {
  return { token: TOKEN, platform: "web", createdAt: serverTimestamp(), lastSeenAt: serverTimestamp(), ...overrides };
}

describe("firestore rules: users/{uid}/devices/{deviceId}", () => {
  const env = useFirestoreRules(() => ({
    "users/alice/devices/phone": { token: TOKEN, platform: "android", createdAt: Timestamp.now(), lastSeenAt: Timestamp.now() },
  }));
  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));

  it("the owner registers a device with a valid shape and server times", async () => {
    await assertSucceeds(setDoc(doc(alice(), "users/alice/devices/laptop"), aDevice()));
    await assertSucceeds(setDoc(doc(alice(), "users/alice/devices/ipad"), aDevice({ platform: "ios" })));
  });

  it("another user, a guest and even an admin cannot register a device for the owner", async () => {
    await assertFails(setDoc(doc(bob(), "users/alice/devices/laptop"), aDevice()));
    await assertFails(setDoc(doc(db(asGuest(env())), "users/alice/devices/laptop"), aDevice()));
    await assertFails(setDoc(doc(db(asAdmin(env())), "users/alice/devices/laptop"), aDevice()));
  });

  it("a bad shape is refused: unknown platform, extra key, missing key, short or huge token, client time", async () => {
    const bad: DocumentData[] = [
      aDevice({ platform: "windows" }),
      aDevice({ model: "Pixel 8" }),
      { token: TOKEN, platform: "web", createdAt: serverTimestamp() },
      aDevice({ token: "short" }),
      aDevice({ token: "x".repeat(5000) }),
      aDevice({ token: 42 }),
      aDevice({ createdAt: Timestamp.fromMillis(Date.now() - 86_400_000) }),
      aDevice({ lastSeenAt: Timestamp.fromMillis(Date.now() + 86_400_000) }),
    ];
    for (const device of bad) await assertFails(setDoc(doc(alice(), "users/alice/devices/bad"), device));
  });

  it("the owner reads and lists their devices; nobody else does", async () => {
    await assertSucceeds(getDoc(doc(alice(), "users/alice/devices/phone")));
    await assertSucceeds(getDocs(collection(alice(), "users/alice/devices")));
    await assertFails(getDoc(doc(bob(), "users/alice/devices/phone")));
    await assertFails(getDocs(collection(db(asGuest(env())), "users/alice/devices")));
  });

  it("the owner deletes a device; nobody else does, and nobody updates one", async () => {
    await assertFails(deleteDoc(doc(bob(), "users/alice/devices/phone")));
    await assertFails(updateDoc(doc(alice(), "users/alice/devices/phone"), { lastSeenAt: serverTimestamp() }));
    await assertSucceeds(deleteDoc(doc(alice(), "users/alice/devices/phone")));
  });
});
