// Issue 10, finding 1: one refund pays out once. The attack replayed: three clicks in a row,
// two (and five) admins at the same moment, a provider that answers "pending" and one that
// fails. orders-refund runs in this process (test/support/inProcess.ts) against the Auth and
// Firestore emulators, with the fake provider injected, so its payouts can be counted.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { FieldValue, type DocumentData } from "firebase-admin/firestore";
import { orders } from "../../src/orders";
import { createFakeProvider, type FakePaymentProvider } from "../../src/paymentProviders/fakeAdapter";
import type { PaymentProvider } from "../../src/paymentProviders/contract";
import { resetProviderBreaker, setPaymentProvider } from "../../src/paymentProviders/registry";
import { payments } from "../../src/payments";
import { processPaymentEvent } from "../../src/payments/process";
import { newProfileFields } from "../../src/users/model";
import { anActor, type Actor } from "../support/actors";
import { admin } from "../support/emulators";
import { invoke, requestAs } from "../support/inProcess";
import { aBuyer, aCarForSale, auditOf, docData, eventsOf, orderRequest } from "./orders.fixtures";

const SECRET = "whsec_refund_tests";

async function withProfile(actor: Actor): Promise<Actor> {
  await admin().db.doc(`users/${actor.uid}`).create({ ...newProfileFields({ email: actor.email }), role: actor.role, createdAt: FieldValue.serverTimestamp() }).catch(() => undefined);
  return actor;
}

/** A card order the provider has paid, built through the real callables and webhook processing. */
async function aPaidCardOrder(): Promise<{ orderId: string; total: number; paymentId: string; listingId: string }> {
  const { listingId } = await aCarForSale();
  const buyer = await withProfile(await aBuyer());
  const created = await invoke(orders.create, await requestAs(buyer, orderRequest(listingId, { paymentMethod: "card" })));
  const { orderId, total } = created.result as { orderId: string; total: number };
  const checkout = await invoke(payments.startCheckout, await requestAs(buyer, { orderId }));
  const { paymentId } = checkout.result as { paymentId: string };
  const paid = await processPaymentEvent({ id: `evt_${randomUUID()}`, type: "payment.succeeded", data: { paymentId, orderId, amount: total, currency: "EGP" } });
  assert.equal(paid.kind, "applied");
  return { orderId, total, paymentId, listingId };
}

/** The provider answers after `ms`: long enough for a second click to arrive while the first is in flight. */
function slow(provider: FakePaymentProvider, ms: number): PaymentProvider & { calls: number } {
  const wrapped = {
    ...provider,
    calls: 0,
    async refund(request: Parameters<PaymentProvider["refund"]>[0]) {
      wrapped.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return provider.refund(request);
    },
  };
  return wrapped;
}

async function refundAs(anAdmin: Actor, orderId: string, reason = "vendor cannot deliver") {
  return invoke(orders.refund, await requestAs(anAdmin, { orderId, reason }));
}

const refundTrail = async (orderId: string) =>
  (await auditOf(orderId, "order.refund")).map((a: DocumentData) => [a.outcome, a.reason ?? a.changes?.note ?? a.changes?.to]).sort();

describe("orders-refund pays out once (issue 10, finding 1)", function () {
  this.timeout(90_000);
  let provider: FakePaymentProvider;
  let refunder: Actor;

  before(async () => {
    refunder = await withProfile(await anActor({ role: "admin" }));
  });

  beforeEach(() => {
    provider = createFakeProvider(SECRET);
    setPaymentProvider(provider);
    resetProviderBreaker();
  });

  after(() => setPaymentProvider(undefined));

  it("three clicks in a row: one provider refund with the order id as key, the order refunded once, every attempt audited", async () => {
    const order = await aPaidCardOrder();
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await refundAs(refunder, order.orderId));
    assert.deepEqual(answers, [{ result: { status: "refunded" } }, { status: "failed-precondition", code: "ALREADY_REFUNDED" }, { status: "failed-precondition", code: "ALREADY_REFUNDED" }]);
    assert.equal(provider.refunds.length, 1, "one payout");
    assert.deepEqual([provider.refunds[0].idempotencyKey, provider.refunds[0].amount], [order.orderId, order.total]);
    const stored = await docData(`orders/${order.orderId}`);
    assert.deepEqual([stored.status, stored.payment.status, stored.payment.refundedAmount], ["refunded", "refunded", order.total]);
    assert.deepEqual([stored.refund.state, stored.refund.refundId, stored.refund.attempts], ["succeeded", provider.refunds[0].refundId, 1]);
    assert.deepEqual(await refundTrail(order.orderId), [["failure", "ALREADY_REFUNDED"], ["failure", "ALREADY_REFUNDED"], ["success", "REFUND_REQUESTED"], ["success", "refunded"]]);
    assert.equal((await docData(`listings/${order.listingId}`)).status, "active", "the car is back in the catalogue");
  });

  it("a second admin while the first refund is with the provider gets REFUND_IN_PROGRESS, and nothing more is paid", async () => {
    const second = await withProfile(await anActor({ role: "admin" }));
    const order = await aPaidCardOrder();
    let whileInFlight: Awaited<ReturnType<typeof refundAs>> | undefined;
    setPaymentProvider({
      ...provider,
      async refund(request) {
        // The first call has recorded `requested` and is now with the provider: the second admin clicks.
        whileInFlight ??= await refundAs(second, order.orderId);
        return provider.refund(request);
      },
    });
    assert.deepEqual(await refundAs(refunder, order.orderId), { result: { status: "refunded" } });
    assert.deepEqual(whileInFlight, { status: "failed-precondition", code: "REFUND_IN_PROGRESS" });
    assert.equal(provider.refunds.length, 1);
    assert.deepEqual(await refundTrail(order.orderId), [["failure", "REFUND_IN_PROGRESS"], ["success", "REFUND_REQUESTED"], ["success", "refunded"]]);
  });

  it("two admins, then five, with Promise.all: one payout per order, the others refused", async () => {
    const slowProvider = slow(provider, 400);
    setPaymentProvider(slowProvider);
    const second = await withProfile(await anActor({ role: "admin" }));
    for (const racers of [2, 5]) {
      const order = await aPaidCardOrder();
      const answers = await Promise.all(Array.from({ length: racers }, (_, i) => refundAs(i % 2 ? second : refunder, order.orderId)));
      assert.deepEqual(answers.filter((a) => a.result !== undefined), [{ result: { status: "refunded" } }], JSON.stringify(answers));
      assert.ok(answers.every((a) => a.result !== undefined || a.code === "REFUND_IN_PROGRESS" || a.code === "ALREADY_REFUNDED"), JSON.stringify(answers));
      const refused = (await refundTrail(order.orderId)).filter(([outcome]) => outcome === "failure");
      assert.equal(refused.length, racers - 1, "each refused click is audited");
    }
    assert.equal(slowProvider.calls, 2, "the provider was asked once per order");
    assert.equal(provider.refunds.length, 2, "one payout per order");
  });

  it("a pending answer is recorded on the order and finished by the provider's refund.succeeded webhook", async () => {
    provider = createFakeProvider(SECRET, { refundStatus: "pending" });
    setPaymentProvider(provider);
    const order = await aPaidCardOrder();
    assert.deepEqual(await refundAs(refunder, order.orderId), { result: { status: "paid", refund: "pending" } });
    const pending = await docData(`orders/${order.orderId}`);
    assert.deepEqual([pending.status, pending.payment.status, pending.refund.state], ["paid", "succeeded", "pending"]);
    assert.ok((await eventsOf(order.orderId)).some((e) => e.note === "REFUND_PENDING"), "the timeline shows the refund on its way");
    // A second click while pending asks the provider again under the same key: still one payout.
    assert.deepEqual(await refundAs(refunder, order.orderId), { result: { status: "paid", refund: "pending" } });
    assert.equal(provider.refunds.length, 1);
    const confirmed = await processPaymentEvent({ id: `evt_${randomUUID()}`, type: "refund.succeeded", data: { paymentId: order.paymentId, orderId: order.orderId, amount: order.total, currency: "EGP" } });
    assert.deepEqual(confirmed.kind === "applied" && [confirmed.orderStatus, confirmed.result], ["refunded", "refunded"]);
    const done = await docData(`orders/${order.orderId}`);
    assert.deepEqual([done.status, done.payment.status, done.refund.state, done.refund.refundId], ["refunded", "refunded", "succeeded", provider.refunds[0].refundId]);
    const trail = await refundTrail(order.orderId);
    assert.deepEqual(trail.filter(([, step]) => step === "REFUND_PENDING").length, 2, "each pending answer is audited");
  });

  it("a pending refund is finished by calling again once the provider has paid it", async () => {
    provider = createFakeProvider(SECRET, { refundStatus: "pending" });
    setPaymentProvider(provider);
    const order = await aPaidCardOrder();
    await refundAs(refunder, order.orderId);
    provider.settleRefund(order.orderId);
    assert.deepEqual(await refundAs(refunder, order.orderId), { result: { status: "refunded" } });
    assert.equal(provider.refunds.length, 1);
  });

  it("a provider failure leaves the order refundable again, audited as a failure; the retry pays once", async () => {
    let failing = true;
    setPaymentProvider({
      ...provider,
      async refund(request) {
        if (failing) throw new Error("connection reset by the provider");
        return provider.refund(request);
      },
    });
    const order = await aPaidCardOrder();
    assert.deepEqual(await refundAs(refunder, order.orderId), { status: "unavailable", code: "REFUND_FAILED" });
    const failed = await docData(`orders/${order.orderId}`);
    assert.deepEqual([failed.status, failed.payment.status, failed.refund.state], ["paid", "succeeded", "failed"]);
    assert.ok((await refundTrail(order.orderId)).some(([outcome, reason]) => outcome === "failure" && reason === "REFUND_FAILED"));
    failing = false;
    assert.deepEqual(await refundAs(refunder, order.orderId), { result: { status: "refunded" } });
    assert.equal(provider.refunds.length, 1);
    assert.equal((await docData(`orders/${order.orderId}`)).refund.attempts, 2);
  });
});
