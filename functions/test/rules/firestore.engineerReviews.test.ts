// firestore.rules: engineers/{uid}/reviews/{jobId}
// (SPEC section 3: signed-in users read; the customer of that completed job written by
// that engineer writes it once, with rating 1-5 (int) and text up to 2000 characters;
// immutable). The same shape the jobs-review callable writes.
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, updateDoc, type DocumentData } from "firebase/firestore";
import { aServiceJob, anEngineerDoc } from "./builders";
import { asAdmin, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

/** What the web app writes when carol reviews the job Karim did for her. */
function carolsReview(overrides: DocumentData = {}): DocumentData {
  return { customerId: "carol", rating: 5, text: "On time, clear report.", createdAt: serverTimestamp(), ...overrides };
}

describe("firestore rules: engineers/{uid}/reviews/{jobId}", () => {
  const env = useFirestoreRules(() => ({
    "engineers/karim": anEngineerDoc(),
    "engineers/omar": anEngineerDoc({ displayName: "Eng. Omar" }),
    "serviceJobs/j-done": aServiceJob({ customerId: "carol", engineerId: "karim", status: "completed" }),
    "serviceJobs/j-working": aServiceJob({ customerId: "carol", engineerId: "karim", status: "in_progress" }),
    "serviceJobs/j-cancelled": aServiceJob({ customerId: "carol", engineerId: "karim", status: "cancelled" }),
    "serviceJobs/j-dan": aServiceJob({ customerId: "dan", engineerId: "karim", status: "completed" }),
    "engineers/karim/reviews/j-dan": { customerId: "dan", rating: 3, text: "", createdAt: Timestamp.now() },
  }));

  const carol = () => db(asUser(env(), "carol"));
  const dan = () => db(asUser(env(), "dan"));
  const review = (uid: string, jobId: string) => `engineers/${uid}/reviews/${jobId}`;

  describe("creating", () => {
    it("the customer of a completed job can review its engineer", async () => {
      await assertSucceeds(setDoc(doc(carol(), review("karim", "j-done")), carolsReview()));
    });

    it("the customer can review only once: a second write to the same review is refused", async () => {
      await assertSucceeds(setDoc(doc(carol(), review("karim", "j-done")), carolsReview()));
      await assertFails(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ rating: 1 })));
    });

    it("another customer cannot review the job, not even in their own name", async () => {
      await assertFails(setDoc(doc(dan(), review("karim", "j-done")), carolsReview({ customerId: "dan" })));
      await assertFails(setDoc(doc(dan(), review("karim", "j-done")), carolsReview()));
    });

    it("a job still in progress or cancelled cannot be reviewed", async () => {
      await assertFails(setDoc(doc(carol(), review("karim", "j-working")), carolsReview()));
      await assertFails(setDoc(doc(carol(), review("karim", "j-cancelled")), carolsReview()));
    });

    it("a job that does not exist cannot be reviewed", async () => {
      await assertFails(setDoc(doc(carol(), review("karim", "j-ghost")), carolsReview()));
    });

    it("a job one engineer did cannot be used to review another engineer", async () => {
      await assertFails(setDoc(doc(carol(), review("omar", "j-done")), carolsReview()));
    });

    it("the engineer cannot review himself", async () => {
      const karim = db(asUser(env(), "karim", "engineer"));
      await assertFails(setDoc(doc(karim, review("karim", "j-done")), carolsReview({ customerId: "karim" })));
    });

    for (const rating of [0, 6, 2.5, "5"]) {
      it(`a rating of ${JSON.stringify(rating)} is refused`, async () => {
        await assertFails(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ rating })));
      });
    }

    it("a text of 2000 characters is accepted, 2001 refused", async () => {
      await assertFails(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ text: "x".repeat(2001) })));
      await assertSucceeds(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ text: "ج".repeat(2000) })));
    });

    it("an extra field, a missing text or a client-chosen createdAt is refused", async () => {
      await assertFails(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ verified: true })));
      const { customerId, rating, createdAt } = carolsReview();
      await assertFails(setDoc(doc(carol(), review("karim", "j-done")), { customerId, rating, createdAt }));
      await assertFails(setDoc(doc(carol(), review("karim", "j-done")), carolsReview({ createdAt: Timestamp.fromDate(new Date("2020-01-01")) })));
    });

    it("a guest cannot write a review", async () => {
      await assertFails(setDoc(doc(db(asGuest(env())), review("karim", "j-done")), carolsReview()));
    });
  });

  describe("changing", () => {
    it("the author can neither edit nor delete their review", async () => {
      await assertFails(updateDoc(doc(dan(), review("karim", "j-dan")), { rating: 5 }));
      await assertFails(deleteDoc(doc(dan(), review("karim", "j-dan"))));
    });

    it("the engineer and an admin signed in with a second factor cannot edit or delete a review", async () => {
      const karim = db(asUser(env(), "karim", "engineer"));
      await assertFails(deleteDoc(doc(karim, review("karim", "j-dan"))));
      await assertFails(updateDoc(doc(db(asAdmin(env())), review("karim", "j-dan")), { text: "edited" }));
      await assertFails(deleteDoc(doc(db(asAdmin(env())), review("karim", "j-dan"))));
    });
  });

  describe("reading", () => {
    it("a signed-in user reads and lists an engineer's reviews", async () => {
      await assertSucceeds(getDoc(doc(carol(), review("karim", "j-dan"))));
      await assertSucceeds(getDocs(collection(carol(), "engineers/karim/reviews")));
    });

    it("a guest cannot read them", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), review("karim", "j-dan"))));
    });
  });
});
