// A new user's first minutes through the Firebase web SDK, as the web app does it:
// sign up, see the profile appear, edit it through a callable, and be kept out of
// other people's data by the security rules.
import assert from "node:assert/strict";
import { createUserWithEmailAndPassword, updateProfile as setAuthProfile } from "firebase/auth";
import { doc, getDoc, onSnapshot, type DocumentData } from "firebase/firestore";
import { FunctionsError } from "firebase/functions";
import { PASSWORD } from "../support/actors";
import { uniqueEmail } from "../support/emulators";
import { useWebClients, type WebClient } from "../support/webClient";

function profileAppears(client: WebClient, uid: string, timeoutMs = 15000): Promise<DocumentData> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`users/${uid} did not appear within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = onSnapshot(
      doc(client.db, "users", uid),
      (snapshot) => {
        if (!snapshot.exists()) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(snapshot.data());
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

describe("signing up through the web SDK", () => {
  const aClient = useWebClients();

  it("a new user gets a customer profile, edits it, and cannot read anyone else's", async () => {
    const mona = aClient();
    const { user } = await createUserWithEmailAndPassword(mona.auth, uniqueEmail("mona"), PASSWORD);
    await setAuthProfile(user, { displayName: "Mona" });

    const profile = await profileAppears(mona, user.uid);
    assert.equal(profile.role, "customer");
    assert.equal(profile.status, "active");

    const result = await mona.call("users-updateProfile", { displayName: "Mona Adel", governorate: "Alexandria", phone: "01001234567" });
    assert.deepEqual(result, { ok: true });
    const updated = (await getDoc(doc(mona.db, "users", user.uid))).data();
    assert.equal(updated?.displayName, "Mona Adel");
    assert.equal(updated?.governorate, "alexandria");
    assert.equal(updated?.phone, undefined, "the phone never appears in the readable profile");

    const karim = aClient();
    const other = await createUserWithEmailAndPassword(karim.auth, uniqueEmail("karim"), PASSWORD);
    await profileAppears(karim, other.user.uid);
    await assert.rejects(getDoc(doc(mona.db, "users", other.user.uid)), /permission/i);
    await assert.rejects(getDoc(doc(mona.db, "users", user.uid, "private", "pii")), /permission/i);
  });

  it("a bad input comes back as invalid-argument with the field, through the SDK", async () => {
    const client = aClient();
    await createUserWithEmailAndPassword(client.auth, uniqueEmail("typo"), PASSWORD);
    const failure = await client.call("users-updateProfile", { locale: "fr" }).then(
      () => assert.fail("the call should have been refused"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof FunctionsError);
    assert.equal(failure.code, "functions/invalid-argument");
    const details = failure.details as { code: string; fields: Record<string, string>; requestId: string };
    assert.equal(details.code, "VALIDATION_FAILED");
    assert.ok(details.fields.locale);
    assert.ok(details.requestId);
  });

  it("a customer cannot promote themselves", async () => {
    const client = aClient();
    const { user } = await createUserWithEmailAndPassword(client.auth, uniqueEmail("sneaky"), PASSWORD);
    await assert.rejects(client.call("users-setRole", { uid: user.uid, role: "admin" }), (error: unknown) => {
      return error instanceof FunctionsError && error.code === "functions/permission-denied";
    });
  });
});
