// firestore.rules: users/{uid}/notifications/{id}
// (SPEC section 3: the owner reads; the server creates; the owner may flip `read` only).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
} from "firebase/firestore";
import { aNotification } from "./builders";
import { asAdmin, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: users/{uid}/notifications/{id}", () => {
  const env = useFirestoreRules(() => ({
    "users/alice/notifications/n1": aNotification(),
    "users/alice/notifications/n2": aNotification({ read: true }),
  }));

  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));
  const aliceN1 = () => doc(alice(), "users/alice/notifications/n1");

  describe("reading", () => {
    it("the owner can read a notification", async () => {
      await assertSucceeds(getDoc(aliceN1()));
    });

    it("the owner can list their unread notifications, newest first", async () => {
      const inbox = query(
        collection(alice(), "users/alice/notifications"),
        where("read", "==", false),
        orderBy("createdAt", "desc"),
      );
      await assertSucceeds(getDocs(inbox));
    });

    it("another user cannot read someone's notification", async () => {
      await assertFails(getDoc(doc(bob(), "users/alice/notifications/n1")));
    });

    it("another user cannot list someone's notifications", async () => {
      await assertFails(getDocs(collection(bob(), "users/alice/notifications")));
    });

    it("an admin, even with a second factor, cannot read a user's notifications", async () => {
      await assertFails(getDoc(doc(db(asAdmin(env())), "users/alice/notifications/n1")));
    });

    it("a guest cannot read a notification", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), "users/alice/notifications/n1")));
    });
  });

  describe("updating", () => {
    it("the owner can mark a notification as read", async () => {
      await assertSucceeds(updateDoc(aliceN1(), { read: true }));
    });

    it("the owner can mark a read notification as unread again", async () => {
      await assertSucceeds(updateDoc(doc(alice(), "users/alice/notifications/n2"), { read: false }));
    });

    it("the owner cannot set read to a string", async () => {
      await assertFails(updateDoc(aliceN1(), { read: "yes" }));
    });

    it("the owner cannot change the title", async () => {
      await assertFails(updateDoc(aliceN1(), { read: true, title: "You won a car" }));
    });

    it("the owner cannot change the body", async () => {
      await assertFails(updateDoc(aliceN1(), { body: "edited" }));
    });

    it("the owner cannot change the type", async () => {
      await assertFails(updateDoc(aliceN1(), { type: "admin.broadcast" }));
    });

    it("the owner cannot change the data payload", async () => {
      await assertFails(updateDoc(aliceN1(), { "data.orderId": "order-2" }));
    });

    it("the owner cannot add a key", async () => {
      await assertFails(updateDoc(aliceN1(), { read: true, pinned: true }));
    });

    it("the owner cannot remove a key", async () => {
      await assertFails(updateDoc(aliceN1(), { body: deleteField() }));
    });

    it("the owner cannot replace the whole notification with only a read flag", async () => {
      await assertFails(setDoc(aliceN1(), { read: true }));
    });

    it("another user cannot mark someone's notification as read", async () => {
      await assertFails(updateDoc(doc(bob(), "users/alice/notifications/n1"), { read: true }));
    });
  });

  describe("creating and deleting", () => {
    it("the owner cannot create a notification", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/notifications/n3"), aNotification()));
    });

    it("a user cannot create a notification for someone else", async () => {
      await assertFails(setDoc(doc(bob(), "users/alice/notifications/n3"), aNotification()));
    });

    it("the owner cannot delete a notification", async () => {
      await assertFails(deleteDoc(aliceN1()));
    });
  });
});
