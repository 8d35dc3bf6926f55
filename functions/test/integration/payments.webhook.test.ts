// payments-startCheckout and the signed payments-webhook against the emulators (SPEC
// section 5), with the fake provider signing exactly as a real one must: refused
// signatures change nothing, a duplicate event changes nothing, amounts must match, and a
// payment that lands after cancellation is kept and flagged for refund.
import assert from "node:assert/strict";
import type { DocumentData } from "firebase-admin/firestore";
import { fakeWebhookEvent, deliverFakeWebhook, signedDelivery } from "../../tools/fakePayer";
import { anActor } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, eventually } from "../support/emulators";
import {
  aBuyer,
  aCarForSale,
  aCardOrderAwaitingPayment,
  auditOf,
  call,
  callFailing,
  docData,
  eventsOf,
  ORDER_TEST_TIMEOUT_MS,
  placeOrder,
  providerSays,
  WEBHOOK_SECRET,
  WEBHOOK_URL,
} from "./orders.fixtures";

/** The order as stored minus the fields only a trigger touches, for before/after comparisons. */
async function orderState(orderId: string): Promise<DocumentData> {
  const order = await docData(`orders/${orderId}`);
  return { status: order.status, payment: order.payment, inventory: order.inventory, refundDue: order.refundDue, updatedAt: order.updatedAt.toMillis() };
}

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(WEBHOOK_URL, { method: "POST", body, headers });
  return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
}

describe("payments", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);

  describe("payments-startCheckout", () => {
    it("opens one checkout per order: a second call returns the same payment; only the buyer of a card order awaiting payment may", async () => {
      const { listingId, vendor } = await aCarForSale();
      const buyer = await aBuyer();
      const order = await aCardOrderAwaitingPayment(buyer, listingId);
      assert.match(order.paymentId, /^fakepay_/);
      assert.match(order.checkoutUrl, /^https:\/\/fake-payments\.invalid\/checkout\//);
      const again = await call<{ paymentId: string }>("payments-startCheckout", { orderId: order.orderId }, buyer);
      assert.equal(again.paymentId, order.paymentId);
      assertCallableError(await callFailing("payments-startCheckout", { orderId: order.orderId }, await aBuyer()), "NOT_FOUND", "NOT_FOUND");
      assertCallableError(await callFailing("payments-startCheckout", { orderId: order.orderId }, vendor), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      const cash = await placeOrder(buyer, (await aCarForSale()).listingId);
      assertCallableError(await callFailing("payments-startCheckout", { orderId: cash.orderId }, buyer), "FAILED_PRECONDITION", "NOT_A_CARD_ORDER");
      const stored = await docData(`orders/${order.orderId}`);
      assert.equal(stored.payment.providerRef, order.paymentId);
    });
  });

  describe("payments-webhook", () => {
    it("a signed success pays the order once: a duplicate delivery answers 200 and changes nothing", async () => {
      const { listingId } = await aCarForSale();
      const buyer = await aBuyer();
      const order = await aCardOrderAwaitingPayment(buyer, listingId);
      const [first, second] = await providerSays("payment.succeeded", order, { times: 2 });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body, { received: true, duplicate: false, orderStatus: "paid", result: "paid", flaggedForRefund: false });
      assert.equal(second.status, 200);
      assert.deepEqual(second.body, { received: true, duplicate: true });
      const paid = await docData(`orders/${order.orderId}`);
      assert.equal(paid.status, "paid");
      assert.equal(paid.payment.status, "succeeded");
      assert.equal(paid.payment.amount, order.total);
      assert.ok(paid.payment.paidAt);
      assert.equal(paid.expiresAt, null, "a paid order no longer expires");
      assert.deepEqual((await eventsOf(order.orderId)).map((e) => [e.to, e.note]), [
        ["pending_payment", null],
        ["pending_payment", "CHECKOUT_OPENED"],
        ["paid", null],
      ]);
      // One event, one entry: the webhook's entry is the transition's, written with it.
      const [entry, ...more] = await auditOf(order.orderId, "payment.webhook");
      assert.deepEqual(more, []);
      assert.equal(entry.changes.from, "pending_payment");
      assert.equal(entry.changes.to, "paid");
      assert.equal(entry.changes.eventId, first.body && (await admin().db.collection("paymentEvents").where("orderId", "==", order.orderId).get()).docs[0].id);
      assert.equal((await auditOf(order.orderId, "order.status_change")).length, 0);
      const checkout = await auditOf(order.orderId, "payment.checkout");
      assert.equal(checkout.length, 1, "the checkout is audited once");
      assert.equal(checkout[0].changes.paymentId, order.paymentId);
      assert.deepEqual(checkout[0].actor, { uid: buyer.uid, role: "customer" });
      assert.equal((await docData(`listings/${listingId}`)).status, "reserved");
    });

    it("the same event delivered twice at the same moment is applied once", async () => {
      const { listingId } = await aCarForSale();
      const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
      const answers = await providerSays("payment.succeeded", order, { times: 2, concurrent: true });
      assert.deepEqual(answers.map((a) => a.status), [200, 200]);
      assert.deepEqual(answers.map((a) => (a.body as { duplicate: boolean }).duplicate).sort(), [false, true]);
      assert.equal((await auditOf(order.orderId, "payment.webhook")).length, 1);
    });

    it("missing, wrong, expired and replayed signatures are refused with 401 and change nothing", async () => {
      const { listingId } = await aCarForSale();
      const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
      const before = await orderState(order.orderId);
      const event = fakeWebhookEvent({ type: "payment.succeeded", paymentId: order.paymentId, orderId: order.orderId, amount: order.total, currency: "EGP" });
      const missing = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event, { tamper: "missing" });
      const wrongSignature = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event, { tamper: "signature" });
      const changedBody = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event, { tamper: "body" });
      const wrongSecret = await deliverFakeWebhook(WEBHOOK_URL, "whsec_not_ours", event);
      const expired = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 });
      // A genuine signature of another event, replayed on this event's body.
      const other = signedDelivery(WEBHOOK_SECRET, fakeWebhookEvent({ type: "payment.failed", paymentId: order.paymentId, orderId: order.orderId, amount: order.total, currency: "EGP" }));
      const replayed = await post(JSON.stringify(event), { "content-type": "application/json", "souk-signature": other.headers["Souk-Signature"] });
      for (const [name, answer] of Object.entries({ missing: missing[0], wrongSignature: wrongSignature[0], changedBody: changedBody[0], wrongSecret: wrongSecret[0], expired: expired[0], replayed })) {
        assert.equal(answer.status, 401, `${name}: ${JSON.stringify(answer.body)}`);
        assert.equal((answer.body as { error?: { code?: string } }).error?.code, "SIGNATURE_INVALID", name);
      }
      assert.deepEqual(await orderState(order.orderId), before);
      assert.equal((await admin().db.doc(`paymentEvents/${event.id}`).get()).exists, false);
      const denied = await admin().db.collection("auditLogs").where("action", "==", "payment.webhook").where("outcome", "==", "denied").get();
      // Aggregated (finding 7): one entry per hour whose count grows, not one entry per forgery.
      const counted = denied.docs.reduce((sum, d) => sum + Number(d.get("count") ?? 1), 0);
      assert.ok(counted >= 6, `denied signatures counted (${counted} in ${denied.size} entries)`);
      // The genuine delivery still works afterwards: nothing was consumed by the refusals.
      const [genuine] = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event);
      assert.equal(genuine.status, 200);
    });

    it("an amount or currency mismatch is refused, audited, and leaves the order unpaid", async () => {
      const { listingId } = await aCarForSale();
      const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
      const before = await orderState(order.orderId);
      const [short] = await providerSays("payment.succeeded", order, { amount: order.total - 100 });
      assert.equal(short.status, 400);
      assert.equal((short.body as { error: { code: string } }).error.code, "AMOUNT_MISMATCH");
      const dollars = fakeWebhookEvent({ type: "payment.succeeded", paymentId: order.paymentId, orderId: order.orderId, amount: order.total, currency: "USD" });
      const [wrongCurrency] = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, dollars);
      assert.equal(wrongCurrency.status, 400);
      assert.equal((wrongCurrency.body as { error: { code: string } }).error.code, "AMOUNT_MISMATCH");
      const [otherPayment] = await providerSays("payment.succeeded", { ...order, paymentId: "fakepay_someone_else" });
      assert.equal((otherPayment.body as { error: { code: string } }).error.code, "PAYMENT_MISMATCH");
      const after = await orderState(order.orderId);
      assert.deepEqual([after.status, after.payment, after.inventory], [before.status, before.payment, before.inventory], "the order is not paid by a wrong payment");
      const refused = await auditOf(order.orderId, "payment.webhook");
      assert.deepEqual(refused.map((a) => [a.outcome, a.reason]).sort(), [["failure", "AMOUNT_MISMATCH"], ["failure", "AMOUNT_MISMATCH"], ["failure", "PAYMENT_MISMATCH"]]);
    });

    it("a captured payment the order cannot take is money: ledger entry, refundDue, admins told, on the timeline; a redelivery is a duplicate (issue 11 item 3)", async () => {
      const { listingId } = await aCarForSale();
      const watcher = await anActor({ role: "admin" });
      await admin().db.doc(`users/${watcher.uid}`).set({ role: "admin", status: "active", locale: "en" }, { merge: true });
      const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
      const short = fakeWebhookEvent({ type: "payment.succeeded", paymentId: order.paymentId, orderId: order.orderId, amount: order.total - 100, currency: "EGP" });
      const [first, replay] = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, short, { times: 2 });
      assert.deepEqual([first.status, (first.body as { error: { code: string } }).error.code], [400, "AMOUNT_MISMATCH"]);
      assert.deepEqual([replay.status, replay.body], [200, { received: true, duplicate: true }]);
      const ledger = await docData(`paymentEvents/${short.id}`);
      assert.deepEqual([ledger.result, ledger.refundDue, ledger.amount, ledger.paymentId], ["AMOUNT_MISMATCH", true, order.total - 100, order.paymentId]);
      const flagged = await docData(`orders/${order.orderId}`);
      assert.deepEqual(flagged.refundDue, { reason: "AMOUNT_MISMATCH", paymentId: order.paymentId, amount: order.total - 100, currency: "EGP" });
      assert.deepEqual([flagged.status, flagged.payment.status], ["pending_payment", "pending"]);
      assert.ok((await eventsOf(order.orderId)).some((e) => e.note === "AMOUNT_MISMATCH" && e.to === "pending_payment"), "the timeline shows the payment");
      assert.equal((await auditOf(order.orderId, "payment.webhook")).length, 1, "one event, one entry, however often it is delivered");
      await eventually("the admin's refund-due notification", async () => {
        const n = await admin().db.doc(`users/${watcher.uid}/notifications/order-${order.orderId}-refund-due`).get();
        return n.exists ? n.data() : undefined;
      });
      // The right payment still pays the order; the stray one stays flagged.
      const [paid] = await providerSays("payment.succeeded", order);
      assert.equal((paid.body as { orderStatus: string }).orderStatus, "paid");
      assert.equal((await docData(`orders/${order.orderId}`)).refundDue.amount, order.total - 100);
    });

    it("a captured payment for an order that does not exist is kept in paymentIssues and admins are told; the answer stays 404", async () => {
      const watcher = await anActor({ role: "admin" });
      await admin().db.doc(`users/${watcher.uid}`).set({ role: "admin", status: "active", locale: "en" }, { merge: true });
      const stray = fakeWebhookEvent({ type: "payment.succeeded", paymentId: "fakepay_stray", orderId: "o_never_placed", amount: 12_345, currency: "EGP" });
      const [first, replay] = await deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, stray, { times: 2 });
      assert.deepEqual([first.status, (first.body as { error: { code: string } }).error.code], [404, "NOT_FOUND"]);
      assert.deepEqual([replay.status, replay.body], [200, { received: true, duplicate: true }]);
      const issue = await docData(`paymentIssues/${stray.id}`);
      assert.deepEqual([issue.orderId, issue.paymentId, issue.amount, issue.reason, issue.refundDue], ["o_never_placed", "fakepay_stray", 12_345, "NOT_FOUND", true]);
      assert.equal((await docData(`paymentEvents/${stray.id}`)).refundDue, true);
      const notice = await docData(`users/${watcher.uid}/notifications/payment-issue-${stray.id}`);
      assert.equal(notice.type, "payment.issue");
      assert.equal((await auditOf("o_never_placed", "payment.webhook")).length, 1);
    });

    it("a failed payment leaves the order awaiting payment and a new checkout can be opened", async () => {
      const { listingId } = await aCarForSale();
      const buyer = await aBuyer();
      const order = await aCardOrderAwaitingPayment(buyer, listingId);
      const [failed] = await providerSays("payment.failed", order);
      assert.equal(failed.status, 200);
      const stored = await docData(`orders/${order.orderId}`);
      assert.equal(stored.status, "pending_payment");
      assert.equal(stored.payment.status, "failed");
      const retry = await call<{ paymentId: string }>("payments-startCheckout", { orderId: order.orderId }, buyer);
      assert.notEqual(retry.paymentId, order.paymentId);
      const [paid] = await providerSays("payment.succeeded", { ...order, paymentId: retry.paymentId });
      assert.equal((paid.body as { orderStatus: string }).orderStatus, "paid");
    });

    it("a success after the buyer cancelled is recorded and flagged for refund; the car stays for sale; admins hear of it; an admin refunds it", async () => {
      const { listingId } = await aCarForSale();
      const buyer = await aBuyer();
      const watcher = await anActor({ role: "admin" });
      await admin().db.doc(`users/${watcher.uid}`).set({ role: "admin", status: "active", locale: "en" }, { merge: true });
      const order = await aCardOrderAwaitingPayment(buyer, listingId);
      await call("orders-cancel", { orderId: order.orderId, reason: "bought elsewhere" }, buyer);
      const [late] = await providerSays("payment.succeeded", order);
      assert.equal(late.status, 200);
      assert.deepEqual(late.body, { received: true, duplicate: false, orderStatus: "cancelled", result: "PAID_AFTER_CANCELLATION", flaggedForRefund: true });
      const stored = await docData(`orders/${order.orderId}`);
      assert.equal(stored.status, "cancelled");
      assert.equal(stored.payment.status, "succeeded");
      assert.deepEqual(stored.refundDue, { reason: "PAID_AFTER_CANCELLATION" });
      assert.equal((await docData(`listings/${listingId}`)).status, "active");
      await eventually("the admin's refund-due notification", async () => {
        const n = await admin().db.doc(`users/${watcher.uid}/notifications/order-${order.orderId}-refund-due`).get();
        return n.exists ? n.data() : undefined;
      });
      assert.deepEqual(await call("orders-refund", { orderId: order.orderId, reason: "paid after cancelling" }, watcher), { status: "cancelled" });
      const refunded = await docData(`orders/${order.orderId}`);
      assert.equal(refunded.payment.status, "refunded");
      assert.equal(refunded.payment.refundedAmount, order.total);
      assert.equal(refunded.refundDue, null);
    });

    it("an admin refund of a paid order gives the money back through the provider and the car back to the catalogue", async () => {
      const { listingId } = await aCarForSale();
      const order = await aCardOrderAwaitingPayment(await aBuyer(), listingId);
      await providerSays("payment.succeeded", order);
      const refunder = await anActor({ role: "admin" });
      assert.deepEqual(await call("orders-refund", { orderId: order.orderId, reason: "vendor cannot deliver" }, refunder), { status: "refunded" });
      assert.equal((await docData(`listings/${listingId}`)).status, "active");
      // Each step is audited: the request (before the provider is asked), then the refund it made.
      const audit = await auditOf(order.orderId, "order.refund");
      assert.deepEqual(audit.map((a) => a.changes.note ?? a.changes.to).sort(), ["REFUND_REQUESTED", "refunded"]);
      const made = audit.find((a) => a.changes.to === "refunded");
      assert.match(String(made?.changes.refundId), /^fakerefund_/);
      // The provider confirms later: the confirmation is recorded and changes nothing more.
      const [confirmation] = await providerSays("refund.succeeded", order);
      assert.equal(confirmation.status, 200);
      assert.equal((confirmation.body as { result: string }).result, "NO_CHANGE");
      assertCallableError(await callFailing("orders-refund", { orderId: order.orderId, reason: "again" }, refunder), "FAILED_PRECONDITION", "ALREADY_REFUNDED");
    });

    it("answers 405 to anything but POST and 400 to a signed body that is not an event", async () => {
      const get = await fetch(WEBHOOK_URL);
      assert.equal(get.status, 405);
      const notAnEvent = signedDelivery(WEBHOOK_SECRET, { id: "evt_x", type: "payment.exploded", data: {} } as never);
      const answer = await post(notAnEvent.body, notAnEvent.headers);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error?.code, "INVALID_EVENT");
    });
  });
});
