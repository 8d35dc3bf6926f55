// The order schedules of SPEC section 6, run in process against the emulators at a chosen
// clock: unpaid card orders expire and give back what they held; delivered orders complete
// after 3 days. Each is run twice (the second run changes nothing) and raced against the
// user action it competes with.
import assert from "node:assert/strict";
import { Timestamp, type DocumentData } from "firebase-admin/firestore";
import { AUTO_COMPLETE_AFTER_MS } from "../../src/orders/model";
import { runAutoComplete, runPaymentExpiry } from "../../src/orders/schedules";
import { admin, callRaw } from "../support/emulators";
import {
  aBuyer,
  aCarForSale,
  aCardOrderAwaitingPayment,
  aPartForSale,
  auditOf,
  call,
  docData,
  eventsOf,
  ORDER_TEST_TIMEOUT_MS,
  placeOrder,
  providerSays,
} from "./orders.fixtures";

const WINDOW_MS = 30 * 60_000;

/** Everything a second run could change: the order, its timeline, its audit trail, its listing. */
async function snapshotOf(orderId: string, listingId: string): Promise<DocumentData> {
  const order = await docData(`orders/${orderId}`);
  const listing = await docData(`listings/${listingId}`);
  return {
    status: order.status,
    inventory: order.inventory,
    updatedAt: order.updatedAt.toMillis(),
    events: (await eventsOf(orderId)).map((e) => e.id),
    audits: (await auditOf(orderId)).length,
    listing: { status: listing.status, stock: listing.stock ?? null },
  };
}

/** Moves the order's delivery back in time, as if it had been delivered `ms` ago. */
async function deliveredAgo(orderId: string, ms: number): Promise<void> {
  await admin().db.doc(`orders/${orderId}`).update({ deliveredAt: Timestamp.fromMillis(Date.now() - ms) });
}

describe("order schedules", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);

  describe("payment expiry", () => {
    it("cancels a card order left unpaid past the window and releases its car; a second run changes nothing", async () => {
      const { listingId } = await aCarForSale();
      const order = await placeOrder(await aBuyer(), listingId, { paymentMethod: "card" });
      const early = await runPaymentExpiry(Date.now() + WINDOW_MS - 60_000);
      assert.equal((await docData(`orders/${order.orderId}`)).status, "pending_payment", `too early: ${JSON.stringify(early)}`);

      const later = Date.now() + WINDOW_MS + 60_000;
      const first = await runPaymentExpiry(later);
      assert.ok(first.changed >= 1, JSON.stringify(first));
      const expired = await docData(`orders/${order.orderId}`);
      assert.equal(expired.status, "cancelled");
      assert.equal(expired.cancellation.by, "system");
      assert.equal(expired.cancellation.reason, "PAYMENT_WINDOW_EXPIRED");
      assert.equal(expired.inventory, "released");
      assert.equal((await docData(`listings/${listingId}`)).status, "active");
      const audits = await auditOf(order.orderId, "order.status_change");
      assert.deepEqual(audits.map((a) => a.actor), [{ system: "orders.expiry" }]);

      const settled = await snapshotOf(order.orderId, listingId);
      const second = await runPaymentExpiry(later);
      assert.deepEqual(await snapshotOf(order.orderId, listingId), settled, `second run: ${JSON.stringify(second)}`);
    });

    it("gives back a part's stock exactly once even when two runs race", async () => {
      const { listingId } = await aPartForSale(6);
      const order = await placeOrder(await aBuyer(), listingId, { paymentMethod: "card", quantity: 4 });
      assert.equal((await docData(`listings/${listingId}`)).stock, 2);
      const later = Date.now() + WINDOW_MS + 60_000;
      await Promise.all([runPaymentExpiry(later), runPaymentExpiry(later)]);
      assert.equal((await docData(`listings/${listingId}`)).stock, 6);
      assert.deepEqual((await eventsOf(order.orderId)).map((e) => e.to), ["pending_payment", "cancelled"]);
    });

    it("leaves paid and cash orders alone", async () => {
      const car = await aCarForSale();
      const paid = await aCardOrderAwaitingPayment(await aBuyer(), car.listingId);
      await providerSays("payment.succeeded", paid);
      const cash = await aCarForSale();
      const cod = await placeOrder(await aBuyer(), cash.listingId);
      await runPaymentExpiry(Date.now() + 10 * WINDOW_MS);
      assert.equal((await docData(`orders/${paid.orderId}`)).status, "paid");
      assert.equal((await docData(`orders/${cod.orderId}`)).status, "placed");
    });

    it("racing a payment that arrives at the deadline: one outcome, and money is never lost", async () => {
      for (let round = 0; round < 3; round += 1) {
        const { listingId } = await aCarForSale();
        const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
        const [, [delivery]] = await Promise.all([runPaymentExpiry(Date.now() + WINDOW_MS + 60_000), providerSays("payment.succeeded", order)]);
        assert.equal(delivery.status, 200, JSON.stringify(delivery.body));
        const final = await docData(`orders/${order.orderId}`);
        const listing = await docData(`listings/${listingId}`);
        if (final.status === "paid") {
          assert.equal(listing.status, "reserved");
          assert.equal(final.refundDue, null);
        } else {
          // Expired first: the late payment is kept and flagged, the car is for sale again.
          assert.equal(final.status, "cancelled");
          assert.equal(final.payment.status, "succeeded");
          assert.deepEqual(final.refundDue, { reason: "PAID_AFTER_CANCELLATION" });
          assert.equal(listing.status, "active");
        }
        console.log(`      round ${round + 1}: ${final.status}`);
      }
    });
  });

  describe("auto-complete", () => {
    it("completes an order delivered 3 days ago and sells its car; not sooner; a second run changes nothing", async () => {
      const { listingId, vendor } = await aCarForSale();
      const order = await placeOrder(await aBuyer(), listingId);
      for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId: order.orderId, status }, vendor);
      await deliveredAgo(order.orderId, AUTO_COMPLETE_AFTER_MS - 60_000);
      await runAutoComplete(Date.now());
      assert.equal((await docData(`orders/${order.orderId}`)).status, "delivered", "not before 3 days");

      await deliveredAgo(order.orderId, AUTO_COMPLETE_AFTER_MS + 60_000);
      const first = await runAutoComplete(Date.now());
      assert.ok(first.changed >= 1, JSON.stringify(first));
      const completed = await docData(`orders/${order.orderId}`);
      assert.equal(completed.status, "completed");
      assert.equal(completed.lastChange.reason, "AUTO_COMPLETED");
      assert.equal((await docData(`listings/${listingId}`)).status, "sold");

      const settled = await snapshotOf(order.orderId, listingId);
      await runAutoComplete(Date.now());
      assert.deepEqual(await snapshotOf(order.orderId, listingId), settled);
    });

    it("racing the buyer's own confirmation: completed once, one completed event", async () => {
      const { listingId, vendor } = await aCarForSale();
      const buyer = await aBuyer();
      const order = await placeOrder(buyer, listingId);
      for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId: order.orderId, status }, vendor);
      await deliveredAgo(order.orderId, AUTO_COMPLETE_AFTER_MS + 60_000);
      const [, confirmation] = await Promise.all([runAutoComplete(Date.now()), callRaw("orders-confirmReceipt", { orderId: order.orderId }, buyer.idToken)]);
      const final = await docData(`orders/${order.orderId}`);
      assert.equal(final.status, "completed");
      if (confirmation.error) assert.equal(confirmation.error.details?.code, "INVALID_TRANSITION", "the schedule won; the buyer is told it is already done");
      assert.equal((await eventsOf(order.orderId)).filter((e) => e.to === "completed").length, 1);
      assert.equal((await docData(`listings/${listingId}`)).status, "sold");
    });
  });
});
