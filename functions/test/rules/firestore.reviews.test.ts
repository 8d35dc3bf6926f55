// firestore.rules: vendors/{vendorId}/reviews/{orderId}
// (SPEC section 3: anyone reads a review; the buyer of that completed order writes it once,
// with rating 1-5 (int) and text up to 2000 characters; immutable. Issue 10, finding 2: a
// held review stays readable, as SPEC says, but only `status` published counts in the
// rating, and only the server sets `status`).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
} from "firebase/firestore";
import { aReview, aVendorDoc, anOrderDoc } from "./builders";
import { asAdmin, asGuest, asUser, db, seed, useFirestoreRules } from "../support/rulesEnv";

/** What the web app writes when alice reviews an order. */
function alicesReview(overrides: DocumentData = {}): DocumentData {
  return { buyerId: "alice", rating: 4, text: "Good car, honest seller.", createdAt: serverTimestamp(), ...overrides };
}

/** A review as the buyer wrote it, before the trigger gave it a status. */
function unchecked({ status: _status, ...review }: DocumentData): DocumentData {
  return review;
}

describe("firestore rules: vendors/{vendorId}/reviews/{orderId}", () => {
  const env = useFirestoreRules(() => ({
    "vendors/vera": aVendorDoc(),
    "vendors/victor": aVendorDoc({ displayName: "Victor Spares", type: "parts_shop" }),
    "orders/o-done": anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "completed" }),
    "orders/o-delivered": anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "delivered" }),
    "orders/o-cancelled": anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "cancelled" }),
    "orders/o-victor": anOrderDoc({ buyerId: "alice", vendorId: "victor", status: "completed" }),
    "orders/o-bob": anOrderDoc({ buyerId: "bob", vendorId: "vera", status: "completed" }),
    "vendors/vera/reviews/o-bob": aReview({ buyerId: "bob", rating: 3, createdAt: Timestamp.now() }),
    "vendors/vera/reviews/o-held": aReview({ buyerId: "bob", rating: 5, status: "held" }),
    "vendors/vera/reviews/o-removed": aReview({ buyerId: "bob", rating: 5, status: "removed" }),
    "vendors/vera/reviews/o-unchecked": unchecked(aReview({ buyerId: "bob", rating: 5 })),
  }));

  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));
  const review = (vendorId: string, orderId: string) => `vendors/${vendorId}/reviews/${orderId}`;

  describe("creating", () => {
    it("the buyer of a completed order can review the vendor", async () => {
      await assertSucceeds(setDoc(doc(alice(), review("vera", "o-done")), alicesReview()));
    });

    it("the buyer can review only once: a second write to the same review is refused", async () => {
      await assertSucceeds(setDoc(doc(alice(), review("vera", "o-done")), alicesReview()));
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ rating: 1 })));
    });

    it("a user who did not buy the order cannot review it", async () => {
      await assertFails(setDoc(doc(bob(), review("vera", "o-done")), alicesReview({ buyerId: "bob" })));
    });

    it("the buyer cannot review an order that is delivered but not completed", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-delivered")), alicesReview()));
    });

    it("the buyer cannot review a cancelled order", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-cancelled")), alicesReview()));
    });

    it("a review of an order that does not exist is refused", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-ghost")), alicesReview()));
    });

    it("an order with one vendor cannot be used to review another vendor", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-victor")), alicesReview()));
    });

    it("the vendor cannot review themselves", async () => {
      const vera = db(asUser(env(), "vera", "vendor"));
      await assertFails(setDoc(doc(vera, review("vera", "o-done")), alicesReview({ buyerId: "vera" })));
    });

    it("the buyer cannot write the review in someone else's name", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ buyerId: "bob" })));
    });

    for (const rating of [0, 6, 3.5, -1]) {
      it(`a rating of ${rating} is refused`, async () => {
        await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ rating })));
      });
    }

    it("a rating given as a string is refused", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ rating: "5" })));
    });

    it("ratings 1 and 5 are both accepted", async () => {
      await seed(env(), { "orders/o-done-2": anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "completed" }) });
      await assertSucceeds(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ rating: 1 })));
      await assertSucceeds(setDoc(doc(alice(), review("vera", "o-done-2")), alicesReview({ rating: 5 })));
    });

    it("a text of 2000 characters is accepted", async () => {
      await assertSucceeds(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ text: "ج".repeat(2000) })));
    });

    it("a text longer than 2000 characters is refused", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ text: "x".repeat(2001) })));
    });

    it("a text that is not a string is refused", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ text: ["great"] })));
    });

    it("a review without text is refused", async () => {
      const { buyerId, rating, createdAt } = alicesReview();
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), { buyerId, rating, createdAt }));
    });

    it("a review with an extra field is refused", async () => {
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), alicesReview({ verified: true })));
    });

    it("a review with a client-chosen createdAt is refused", async () => {
      const backdated = alicesReview({ createdAt: Timestamp.fromDate(new Date("2020-01-01")) });
      await assertFails(setDoc(doc(alice(), review("vera", "o-done")), backdated));
    });

    it("a guest cannot write a review", async () => {
      await assertFails(setDoc(doc(db(asGuest(env())), review("vera", "o-done")), alicesReview()));
    });
  });

  describe("changing", () => {
    it("the author cannot edit their review", async () => {
      await assertFails(updateDoc(doc(bob(), review("vera", "o-bob")), { rating: 5 }));
    });

    it("the author cannot delete their review", async () => {
      await assertFails(deleteDoc(doc(bob(), review("vera", "o-bob"))));
    });

    it("the reviewed vendor cannot delete a review", async () => {
      await assertFails(deleteDoc(doc(db(asUser(env(), "vera", "vendor")), review("vera", "o-bob"))));
    });

    it("an admin signed in with a second factor cannot edit or delete a review", async () => {
      await assertFails(updateDoc(doc(db(asAdmin(env())), review("vera", "o-bob")), { text: "" }));
      await assertFails(deleteDoc(doc(db(asAdmin(env())), review("vera", "o-bob"))));
    });
  });

  describe("reading", () => {
    const published = (database: ReturnType<typeof db>) => query(collection(database, "vendors/vera/reviews"), where("status", "==", "published"));
    const vera = () => db(asUser(env(), "vera", "vendor"));

    it("a guest can read a published review", async () => {
      await assertSucceeds(getDoc(doc(db(asGuest(env())), review("vera", "o-bob"))));
    });

    it("a guest and a signed-in customer can list a vendor's reviews, and filter the published ones", async () => {
      await assertSucceeds(getDocs(collection(db(asGuest(env())), "vendors/vera/reviews")));
      await assertSucceeds(getDocs(published(db(asGuest(env())))));
      await assertSucceeds(getDocs(published(alice())));
    });

    for (const orderId of ["o-held", "o-removed", "o-unchecked"]) {
      it(`${orderId}: anyone may read it (SPEC section 3), and nobody but the server changes its status`, async () => {
        await assertSucceeds(getDoc(doc(db(asGuest(env())), review("vera", orderId))));
        await assertSucceeds(getDoc(doc(vera(), review("vera", orderId))));
        await assertFails(updateDoc(doc(vera(), review("vera", orderId)), { status: "published" }));
        await assertFails(updateDoc(doc(db(asAdmin(env())), review("vera", orderId)), { status: "published" }));
      });
    }

    it("the buyer cannot publish their own held review", async () => {
      await assertFails(updateDoc(doc(bob(), review("vera", "o-held")), { status: "published" }));
    });
  });
});
