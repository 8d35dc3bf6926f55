// firestore.rules for the records of the deletion run and the key rotation (SPEC sections
// 3 and 8): keyRotations/{id} is read by an MFA admin only and written by nobody from a
// client; deletions/{pseudonym} falls to the closed default (server only, nobody reads it).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: key rotations and deletion records", () => {
  const rotation = "keyRotations/r1";
  const record = "deletions/anon_0123456789abcdef";
  const env = useFirestoreRules(() => ({
    [rotation]: { state: "done", targetVersion: "3", before: { "1": 4, "2": 2 }, after: { "1": 0, "2": 0, "3": 6 } },
    [record]: { state: "done", completed: ["auth"], counts: { auth: 1 } },
  }));
  const admin = () => db(asAdmin(env()));
  const adminWithoutMfa = () => db(asAdminWithoutMfa(env()));

  describe("keyRotations/{id}", () => {
    it("an admin signed in with a second factor can read and list rotation records", async () => {
      await assertSucceeds(getDoc(doc(admin(), rotation)));
      await assertSucceeds(getDocs(collection(admin(), "keyRotations")));
    });

    it("an admin without a second factor cannot read rotation records", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), rotation)));
      await assertFails(getDocs(collection(adminWithoutMfa(), "keyRotations")));
    });

    it("a customer and a guest cannot read rotation records", async () => {
      await assertFails(getDoc(doc(db(asUser(env(), "alice")), rotation)));
      await assertFails(getDoc(doc(db(asGuest(env())), rotation)));
    });

    it("nobody writes a rotation record from a client, not even an MFA admin", async () => {
      await assertFails(setDoc(doc(admin(), "keyRotations/forged"), { state: "done" }));
      await assertFails(updateDoc(doc(admin(), rotation), { state: "running" }));
      await assertFails(deleteDoc(doc(admin(), rotation)));
    });
  });

  describe("deletions/{pseudonym}", () => {
    it("nobody reads a deletion record from a client, not even an MFA admin", async () => {
      await assertFails(getDoc(doc(admin(), record)));
      await assertFails(getDocs(collection(admin(), "deletions")));
      await assertFails(getDoc(doc(db(asUser(env(), "alice")), record)));
    });

    it("nobody writes a deletion record from a client", async () => {
      await assertFails(setDoc(doc(admin(), "deletions/forged"), { state: "done" }));
      await assertFails(updateDoc(doc(admin(), record), { state: "running" }));
      await assertFails(setDoc(doc(db(asUser(env(), "alice")), "deletions/mine"), { state: "done" }));
    });
  });
});
