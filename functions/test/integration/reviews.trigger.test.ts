// The vendors/{vendorId}/reviews/{orderId} trigger against the Firestore emulator (SPEC
// sections 3 and 6, issue 4): the vendor's rating from all reviews, the vendor told of each
// new review, and the rating reaching the vendor's listings through the vendor trigger.
// Events are handed to the triggers in process, twice, as the platform does when it redelivers.
import assert from "node:assert/strict";
import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { setPushSender, type PushMessage, type PushSender } from "../../src/core/notify";
import { onReviewWritten } from "../../src/vendors/reviews";
import { onVendorWritten } from "../../src/vendors/triggers";
import { aSettledListingDoc, aNewVendorDoc, newId } from "../support/catalogue";
import { admin, useLiveTriggersOff } from "../support/emulators";

type Runnable = { run(event: unknown): Promise<unknown> };

class RecordingSender implements PushSender {
  readonly sent: PushMessage[] = [];
  async send(_tokens: string[], message: PushMessage) {
    this.sent.push(message);
    return { invalidTokens: [] };
  }
}

async function deliverTwice(trigger: Runnable, params: Record<string, string>, before: DocumentSnapshot, after: DocumentSnapshot) {
  const event = { id: newId("evt"), time: new Date().toISOString(), params, data: { before, after } };
  await trigger.run(event);
  await trigger.run(event);
}

/** A vendor with a profile (for the notification's locale and a device) and no reviews yet. */
async function aVendorWithoutReviews(): Promise<string> {
  const vendorId = newId("vendor");
  const { db } = admin();
  await db.doc(`users/${vendorId}`).set({ displayName: "Test", role: "vendor", status: "active", locale: "en" });
  await db.doc(`users/${vendorId}/devices/d1`).set({ token: `token-${vendorId}`, platform: "web" });
  await db.doc(`vendors/${vendorId}`).set(aNewVendorDoc({ rating: { avg: 0, count: 0 } }));
  return vendorId;
}

interface Reviewed {
  orderId: string;
  /** Hands the review's creation event to the trigger once more, as a late platform retry would. */
  redeliver(): Promise<unknown>;
}

interface ReviewOptions {
  buyerId?: string;
  /** Who proved the money was collected (orders' payment.collectedBy); null: the vendor's "delivered" only. */
  collectedBy?: "provider" | "buyer" | null;
}

/** The buyer of a completed order writes a review; the trigger hears of it (twice). */
async function review(vendorId: string, rating: number, options: ReviewOptions = {}): Promise<Reviewed> {
  const orderId = newId("order");
  const buyerId = options.buyerId ?? newId("buyer");
  const payment = { method: "cod", status: "succeeded", amount: 15_000_000, collectedBy: options.collectedBy === undefined ? "buyer" : options.collectedBy };
  await admin().db.doc(`orders/${orderId}`).set({ buyerId, vendorId, status: "completed", total: 15_000_000, payment });
  const ref = admin().db.doc(`vendors/${vendorId}/reviews/${orderId}`);
  const before = await ref.get();
  await ref.set({ buyerId, rating, text: "Honest seller.", createdAt: Timestamp.now() });
  const event = { id: newId("evt"), time: new Date().toISOString(), params: { vendorId, orderId }, data: { before, after: await ref.get() } };
  const trigger = onReviewWritten as unknown as Runnable;
  await trigger.run(event);
  await trigger.run(event);
  return { orderId, redeliver: () => trigger.run(event) };
}

const ratingOf = async (vendorId: string) => (await admin().db.doc(`vendors/${vendorId}`).get()).get("rating");

describe("reviews trigger", () => {
  useLiveTriggersOff();
  let sender: RecordingSender;
  beforeEach(() => {
    sender = new RecordingSender();
    setPushSender(sender);
  });
  after(() => setPushSender(undefined));

  it("three reviews of 5, 4 and 3 stars make a rating of 4 from 3, and tell the vendor of each once", async () => {
    const vendorId = await aVendorWithoutReviews();
    const orders = [(await review(vendorId, 5)).orderId, (await review(vendorId, 4)).orderId, (await review(vendorId, 3)).orderId];
    assert.deepEqual(await ratingOf(vendorId), { avg: 4, count: 3 });

    const inbox = await admin().db.collection(`users/${vendorId}/notifications`).get();
    assert.deepEqual(inbox.docs.map((d) => d.id).sort(), orders.map((orderId) => `review-${orderId}`).sort());
    const first = inbox.docs.find((d) => d.id === `review-${orders[0]}`)?.data();
    assert.equal(first?.type, "review.created");
    assert.equal(first?.body, "A buyer rated you 5 out of 5 stars.");
    assert.equal(sender.sent.length, 3, "one push per review, none for the redeliveries");
  });

  it("the average is rounded to two decimals, and a late redelivery leaves the vendor untouched", async () => {
    const vendorId = await aVendorWithoutReviews();
    const first = await review(vendorId, 5);
    await review(vendorId, 4);
    await review(vendorId, 4);
    assert.deepEqual(await ratingOf(vendorId), { avg: 4.33, count: 3 });

    const vendorBefore = await admin().db.doc(`vendors/${vendorId}`).get();
    await first.redeliver();
    const vendorAfter = await admin().db.doc(`vendors/${vendorId}`).get();
    assert.deepEqual(vendorAfter.data(), vendorBefore.data());
    assert.equal(vendorAfter.updateTime?.toMillis(), vendorBefore.updateTime?.toMillis(), "not even rewritten");
    assert.equal((await admin().db.collection(`users/${vendorId}/notifications`).get()).size, 3);
    assert.equal(sender.sent.length, 3);
  });

  it("a review for a vendor without a vendor document writes no vendor", async () => {
    const vendorId = newId("gone-vendor");
    await review(vendorId, 5);
    assert.equal((await admin().db.doc(`vendors/${vendorId}`).get()).exists, false);
  });

  it("the new rating reaches the vendor summary on the vendor's listings", async () => {
    const vendorId = await aVendorWithoutReviews();
    const vendorRef = admin().db.doc(`vendors/${vendorId}`);
    const vendorDoc = (await vendorRef.get()).data() ?? {};
    const listingId = newId("listing");
    await admin().db.doc(`listings/${listingId}`).set(aSettledListingDoc(vendorId, { displayName: vendorDoc.displayName, type: vendorDoc.type, rating: { avg: 0, count: 0 } }));

    const before = await vendorRef.get();
    await review(vendorId, 5);
    await review(vendorId, 2);
    // No Functions emulator here: the vendor trigger gets the vendor's write in process too.
    await deliverTwice(onVendorWritten as unknown as Runnable, { vendorId }, before, await vendorRef.get());
    const listing = (await admin().db.doc(`listings/${listingId}`).get()).data();
    assert.deepEqual(listing?.vendor.rating, { avg: 3.5, count: 2 });
  });

  describe("fake sales do not forge ratings (issue 10, finding 2)", () => {
    const statusOf = async (vendorId: string, orderId: string) => (await admin().db.doc(`vendors/${vendorId}/reviews/${orderId}`).get()).get("status");
    const holdsOf = async (vendorId: string, orderId: string) =>
      (await admin().db.collection("auditLogs").where("action", "==", "review.hold").where("target.id", "==", `${vendorId}/${orderId}`).get()).docs.map((d) => d.get("changes.reasons"));

    it("the attack: the vendor's second account (same sign-up IP), cash the vendor alone marked delivered, 5 stars, three rounds: held, rating unchanged", async () => {
      const vendorId = await aVendorWithoutReviews();
      await review(vendorId, 3);
      const sockPuppet = newId("buyer");
      await admin().db.doc(`users/${vendorId}/consents/terms`).set({ type: "terms", granted: true, ip: "198.51.100.23" });
      await admin().db.doc(`users/${sockPuppet}/consents/terms`).set({ type: "terms", granted: true, ip: "198.51.100.23" });
      const fakes = [];
      for (let round = 0; round < 3; round += 1) fakes.push(await review(vendorId, 5, { buyerId: sockPuppet, collectedBy: null }));
      assert.deepEqual(await ratingOf(vendorId), { avg: 3, count: 1 }, "only the honest review counts");
      for (const fake of fakes) {
        assert.equal(await statusOf(vendorId, fake.orderId), "held");
        assert.deepEqual(await holdsOf(vendorId, fake.orderId), [["MONEY_NOT_COLLECTED", "SHARED_SIGNUP_IP"]], "one entry, reasons in the audit log only");
      }
      const held = (await admin().db.doc(`vendors/${vendorId}/reviews/${fakes[0].orderId}`).get()).data() ?? {};
      assert.deepEqual(Object.keys(held).sort(), ["buyerId", "createdAt", "rating", "status", "text"], "no reasons on the public review");
      assert.equal(sender.sent.length, 1, "the vendor is not told of held reviews");
    });

    it("even with the buyer's confirmation, a buyer sharing a device token with the vendor is held", async () => {
      const vendorId = await aVendorWithoutReviews();
      const sockPuppet = newId("buyer");
      await admin().db.doc(`users/${sockPuppet}/devices/phone`).set({ token: `token-${vendorId}`, platform: "android" });
      const fake = await review(vendorId, 5, { buyerId: sockPuppet, collectedBy: "buyer" });
      assert.equal(await statusOf(vendorId, fake.orderId), "held");
      assert.deepEqual(await holdsOf(vendorId, fake.orderId), [["SHARED_DEVICE"]]);
      assert.deepEqual(await ratingOf(vendorId), { avg: 0, count: 0 });
    });

    it("a held review an admin publishes is counted by the trigger on that status change, once, and the vendor is not notified late", async () => {
      const vendorId = await aVendorWithoutReviews();
      const fake = await review(vendorId, 5, { collectedBy: null });
      assert.equal(await statusOf(vendorId, fake.orderId), "held");
      const ref = admin().db.doc(`vendors/${vendorId}/reviews/${fake.orderId}`);
      const before = await ref.get();
      await ref.update({ status: "published" });
      await deliverTwice(onReviewWritten as unknown as Runnable, { vendorId, orderId: fake.orderId }, before, await ref.get());
      assert.deepEqual(await ratingOf(vendorId), { avg: 5, count: 1 });
      assert.equal(await statusOf(vendorId, fake.orderId), "published", "the trigger does not decide again");
      assert.equal(sender.sent.length, 0, "only a creation is news");

      const removedBefore = await ref.get();
      await ref.update({ status: "removed" });
      await deliverTwice(onReviewWritten as unknown as Runnable, { vendorId, orderId: fake.orderId }, removedBefore, await ref.get());
      assert.deepEqual(await ratingOf(vendorId), { avg: 0, count: 0 }, "a removed review stops counting");
    });

    it("an honest new buyer's review counts: a first order, card paid through the webhook, nothing shared", async () => {
      const vendorId = await aVendorWithoutReviews();
      await admin().db.doc(`users/${vendorId}/consents/terms`).set({ type: "terms", granted: true, ip: "198.51.100.23" });
      const newcomer = newId("buyer");
      await admin().db.doc(`users/${newcomer}/consents/terms`).set({ type: "terms", granted: true, ip: "203.0.113.99" });
      const honest = await review(vendorId, 4, { buyerId: newcomer, collectedBy: "provider" });
      assert.equal(await statusOf(vendorId, honest.orderId), "published");
      assert.deepEqual(await holdsOf(vendorId, honest.orderId), []);
      assert.deepEqual(await ratingOf(vendorId), { avg: 4, count: 1 });
    });
  });
});
