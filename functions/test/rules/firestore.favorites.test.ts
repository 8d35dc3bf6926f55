// firestore.rules: users/{uid}/favorites/{listingId}
// (SPEC section 3: the owner reads, creates and deletes; the listing must exist and be one
// the owner can read: favoriting a draft would reveal that it exists).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
} from "firebase/firestore";
import { aListingDoc } from "./builders";
import { asAdmin, asGuest, asUser, db, seed, useFirestoreRules } from "../support/rulesEnv";

/** What the web app writes when the user taps the heart on a listing. */
function aFavorite(listingId: string, overrides: DocumentData = {}): DocumentData {
  return { listingId, createdAt: serverTimestamp(), ...overrides };
}

describe("firestore rules: users/{uid}/favorites/{listingId}", () => {
  const env = useFirestoreRules(() => ({
    "listings/car-1": aListingDoc(),
    "listings/car-2": aListingDoc({ title: "Kia Cerato 2021" }),
    "listings/draft-1": aListingDoc({ status: "draft", vendorId: "vera" }),
    "listings/pending-1": aListingDoc({ status: "pending_review", vendorId: "vera" }),
    "users/alice/favorites/car-2": { listingId: "car-2", createdAt: Timestamp.now() },
  }));

  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));

  describe("creating", () => {
    it("the owner can favorite an existing listing", async () => {
      await assertSucceeds(setDoc(doc(alice(), "users/alice/favorites/car-1"), aFavorite("car-1")));
    });

    it("the owner cannot favorite a listing that does not exist", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/ghost"), aFavorite("ghost")));
    });

    it("a user cannot favorite a draft or a listing under review they cannot read (its existence stays hidden)", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/draft-1"), aFavorite("draft-1")));
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/pending-1"), aFavorite("pending-1")));
    });

    it("a vendor can favorite their own draft, which they can read", async () => {
      const vera = db(asUser(env(), "vera", "vendor"));
      await assertSucceeds(setDoc(doc(vera, "users/vera/favorites/draft-1"), aFavorite("draft-1")));
    });

    it("a user cannot add a favorite to another user's favorites", async () => {
      await assertFails(setDoc(doc(bob(), "users/alice/favorites/car-1"), aFavorite("car-1")));
    });

    it("a favorite with an extra key is refused", async () => {
      const withNote = aFavorite("car-1", { note: "ask about the price" });
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/car-1"), withNote));
    });

    it("a favorite without createdAt is refused", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/car-1"), { listingId: "car-1" }));
    });

    it("a favorite whose listingId differs from its document id is refused", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/car-1"), aFavorite("car-2")));
    });

    it("a favorite with a non-string listingId is refused", async () => {
      await seed(env(), { "listings/42": aListingDoc() });
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/42"), aFavorite("42", { listingId: 42 })));
    });

    it("a favorite with a client-chosen createdAt is refused", async () => {
      const backdated = aFavorite("car-1", { createdAt: Timestamp.fromDate(new Date("2020-01-01")) });
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/car-1"), backdated));
    });

    it("a guest cannot favorite a listing", async () => {
      await assertFails(setDoc(doc(db(asGuest(env())), "users/alice/favorites/car-1"), aFavorite("car-1")));
    });
  });

  describe("updating and deleting", () => {
    it("the owner cannot update a favorite", async () => {
      await assertFails(updateDoc(doc(alice(), "users/alice/favorites/car-2"), { createdAt: serverTimestamp() }));
    });

    it("the owner cannot overwrite an existing favorite", async () => {
      await assertFails(setDoc(doc(alice(), "users/alice/favorites/car-2"), aFavorite("car-2")));
    });

    it("the owner can remove a favorite", async () => {
      await assertSucceeds(deleteDoc(doc(alice(), "users/alice/favorites/car-2")));
    });

    it("another user cannot remove someone's favorite", async () => {
      await assertFails(deleteDoc(doc(bob(), "users/alice/favorites/car-2")));
    });

    it("an admin, even with a second factor, cannot remove a user's favorite", async () => {
      await assertFails(deleteDoc(doc(db(asAdmin(env())), "users/alice/favorites/car-2")));
    });
  });

  describe("reading", () => {
    it("the owner can read a favorite", async () => {
      await assertSucceeds(getDoc(doc(alice(), "users/alice/favorites/car-2")));
    });

    it("the owner can list their favorites, newest first", async () => {
      const mine = query(collection(alice(), "users/alice/favorites"), orderBy("createdAt", "desc"));
      await assertSucceeds(getDocs(mine));
    });

    it("a list query on another user's favorites is refused", async () => {
      await assertFails(getDocs(collection(bob(), "users/alice/favorites")));
    });

    it("another user cannot read someone's favorite", async () => {
      await assertFails(getDoc(doc(bob(), "users/alice/favorites/car-2")));
    });

    it("a guest cannot list a user's favorites", async () => {
      await assertFails(getDocs(collection(db(asGuest(env())), "users/alice/favorites")));
    });
  });
});
