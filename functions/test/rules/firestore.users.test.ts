// firestore.rules: users/{uid}, users/{uid}/private/{doc}, users/{uid}/consents/{id}
// (SPEC section 3: profile read by owner and admin, PII by nobody, everything server-written).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { aConsent, aProfile } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, seed, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: users", () => {
  const env = useFirestoreRules(() => ({
    "users/alice": aProfile(),
    "users/bob": aProfile({ displayName: "Bob Samir" }),
    "users/alice/private/pii": { phone: "v1:ciphertext", address: "v1:ciphertext" },
    "users/alice/consents/c1": aConsent(),
  }));

  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));

  describe("users/{uid}", () => {
    it("a user can read their own profile", async () => {
      await assertSucceeds(getDoc(doc(alice(), "users/alice")));
    });

    it("a customer cannot read another user's profile", async () => {
      await assertFails(getDoc(doc(bob(), "users/alice")));
    });

    it("a vendor cannot read a customer's profile", async () => {
      await assertFails(getDoc(doc(db(asUser(env(), "vera", "vendor")), "users/alice")));
    });

    it("an admin signed in with a second factor can read any profile", async () => {
      await assertSucceeds(getDoc(doc(db(asAdmin(env())), "users/alice")));
    });

    it("an admin signed in with a second factor can list profiles", async () => {
      await assertSucceeds(getDocs(collection(db(asAdmin(env())), "users")));
    });

    it("an admin without a second factor cannot read another user's profile", async () => {
      await assertFails(getDoc(doc(db(asAdminWithoutMfa(env())), "users/alice")));
    });

    it("a customer cannot list everyone's profiles", async () => {
      await assertFails(getDocs(collection(alice(), "users")));
    });

    it("a guest cannot read a profile", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), "users/alice")));
    });

    it("a new user cannot create their own profile (the server does)", async () => {
      await assertFails(setDoc(doc(db(asUser(env(), "carol")), "users/carol"), aProfile()));
    });

    it("a user cannot change their own role", async () => {
      await assertFails(updateDoc(doc(alice(), "users/alice"), { role: "admin" }));
    });

    it("a user cannot change their own status", async () => {
      await assertFails(updateDoc(doc(alice(), "users/alice"), { status: "active" }));
    });

    it("a user cannot edit their own display name directly (users-updateProfile does)", async () => {
      await assertFails(updateDoc(doc(alice(), "users/alice"), { displayName: "Mona A." }));
    });

    it("a user cannot delete their own profile", async () => {
      await assertFails(deleteDoc(doc(alice(), "users/alice")));
    });

    it("an admin with a second factor cannot write a profile from the client", async () => {
      await assertFails(updateDoc(doc(db(asAdmin(env())), "users/alice"), { role: "vendor" }));
    });
  });

  describe("users/{uid}/private/{doc}", () => {
    it("the owner cannot read their own encrypted PII", async () => {
      await assertFails(getDoc(doc(alice(), "users/alice/private/pii")));
    });

    it("an admin with a second factor cannot read a user's encrypted PII", async () => {
      await assertFails(getDoc(doc(db(asAdmin(env())), "users/alice/private/pii")));
    });

    it("the owner cannot list their private documents", async () => {
      await assertFails(getDocs(collection(alice(), "users/alice/private")));
    });

    it("the owner cannot write their own PII document", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/private/pii"), { phone: "+201000000000" }));
    });

    it("another user cannot read someone's PII", async () => {
      await assertFails(getDoc(doc(bob(), "users/alice/private/pii")));
    });
  });

  describe("users/{uid}/consents/{id}", () => {
    it("the owner can read their consent record", async () => {
      await assertSucceeds(getDoc(doc(alice(), "users/alice/consents/c1")));
    });

    it("the owner can list their consent records", async () => {
      await assertSucceeds(getDocs(collection(alice(), "users/alice/consents")));
    });

    it("an admin signed in with a second factor can read a user's consents", async () => {
      await assertSucceeds(getDocs(collection(db(asAdmin(env())), "users/alice/consents")));
    });

    it("an admin without a second factor cannot read a user's consents", async () => {
      await assertFails(getDoc(doc(db(asAdminWithoutMfa(env())), "users/alice/consents/c1")));
    });

    it("another user cannot read someone's consents", async () => {
      await assertFails(getDocs(collection(bob(), "users/alice/consents")));
    });

    it("the owner cannot record a consent directly (privacy-recordConsent does)", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/consents/c2"), aConsent({ type: "marketing" })));
    });

    it("the owner cannot rewrite a recorded consent", async () => {
      await assertFails(updateDoc(doc(alice(), "users/alice/consents/c1"), { granted: false }));
    });

    it("the owner cannot delete a recorded consent", async () => {
      await assertFails(deleteDoc(doc(alice(), "users/alice/consents/c1")));
    });

    it("an admin with a second factor cannot write a consent", async () => {
      await assertFails(updateDoc(doc(db(asAdmin(env())), "users/alice/consents/c1"), { granted: false }));
    });
  });

  describe("other paths under users/{uid}", () => {
    it("the owner cannot read or write an undeclared subcollection of their profile", async () => {
      await seed(env(), { "users/alice/scratch/x": { note: "hi" } });
      await assertFails(getDoc(doc(alice(), "users/alice/scratch/x")));
      await assertFails(setDoc(doc(alice(), "users/alice/scratch/y"), { note: "hi" }));
    });
  });
});
