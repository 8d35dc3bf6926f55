// The vendors/{vendorId}/reviews/{orderId} trigger against the Firestore emulator (SPEC
// sections 3 and 6, issue 4): the vendor's rating from all reviews, the vendor told of each
// new review, and the rating reaching the vendor's listings through the vendor trigger.
// Events are handed to the triggers in process, twice, as the platform does when it redelivers.
import assert from "node:assert/strict";
import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { setPushSender, type PushMessage, type PushSender } from "../../src/core/notify";
import { onReviewWritten } from "../../src/vendors/reviews";
import { onVendorWritten } from "../../src/vendors/triggers";
import { aSettledListingDoc, aVendorDoc, newId } from "../support/catalogue";
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
  await db.doc(`vendors/${vendorId}`).set(aVendorDoc({ rating: { avg: 0, count: 0 } }));
  return vendorId;
}

interface Reviewed {
  orderId: string;
  /** Hands the review's creation event to the trigger once more, as a late platform retry would. */
  redeliver(): Promise<unknown>;
}

/** The buyer of a completed order writes a review; the trigger hears of it (twice). */
async function review(vendorId: string, rating: number): Promise<Reviewed> {
  const orderId = newId("order");
  const ref = admin().db.doc(`vendors/${vendorId}/reviews/${orderId}`);
  const before = await ref.get();
  await ref.set({ buyerId: newId("buyer"), rating, text: "Honest seller.", createdAt: Timestamp.now() });
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
});
