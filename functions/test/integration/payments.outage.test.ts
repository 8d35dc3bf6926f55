// Provider outage end to end (issue 13, SPEC section 8): payments-startCheckout and
// orders-create run in this process (test/support/inProcess.ts) against the Auth and
// Firestore emulators, with a provider that hangs and then fails injected through the
// registry's seam, under a breaker with small test thresholds. The buyer hears
// unavailable / PROVIDER_UNAVAILABLE within the deadline, the breaker opens and refuses
// without reaching the provider, and cash on delivery keeps working all along.
import assert from "node:assert/strict";
import { FieldValue } from "firebase-admin/firestore";
import type { BreakerPolicy } from "../../src/core/breaker";
import { orders } from "../../src/orders";
import type { PaymentProvider } from "../../src/paymentProviders/contract";
import { resetProviderBreaker, setPaymentProvider } from "../../src/paymentProviders/registry";
import { payments } from "../../src/payments";
import { newProfileFields } from "../../src/users/model";
import type { Actor } from "../support/actors";
import { admin } from "../support/emulators";
import { invoke, requestAs } from "../support/inProcess";
import { aBuyer, aCarForSale, docData, orderRequest } from "./orders.fixtures";

/** Small thresholds so an outage is reached in a few calls; the production policy is PROVIDER_BREAKER. */
const OUTAGE: BreakerPolicy = { timeoutMs: 500, volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, rollingWindowMs: 60_000 };
/** The pipeline's own Firestore reads and writes around the provider call, on a busy machine. */
const PIPELINE_SLACK_MS = 5_000;
const UNAVAILABLE = { status: "unavailable", code: "PROVIDER_UNAVAILABLE" };

async function withProfile(actor: Actor): Promise<Actor> {
  await admin().db.doc(`users/${actor.uid}`).create({ ...newProfileFields({ email: actor.email }), role: actor.role, createdAt: FieldValue.serverTimestamp() }).catch(() => undefined);
  return actor;
}

/** A provider that never answers, then (failing = true) one whose network call is refused. */
function brokenProvider() {
  const state = { calls: 0, failing: false };
  const provider: PaymentProvider = {
    name: "broken",
    startCheckout: () => {
      state.calls += 1;
      return state.failing ? Promise.reject(new Error("connect ECONNREFUSED 10.0.0.1:443")) : new Promise<never>(() => undefined);
    },
    refund: () => new Promise<never>(() => undefined),
    verifyWebhook: () => assert.fail("no webhook in this test"),
  };
  return { provider, state };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; answer: T }> {
  const started = Date.now();
  const answer = await work();
  return { ms: Date.now() - started, answer };
}

async function aCardOrder(buyer: Actor): Promise<string> {
  const { listingId } = await aCarForSale();
  const created = await invoke(orders.create, await requestAs(buyer, orderRequest(listingId, { paymentMethod: "card" })));
  assert.equal(created.status, undefined, JSON.stringify(created));
  return (created.result as { orderId: string }).orderId;
}

describe("payment provider outage (in process, emulators)", function () {
  this.timeout(120_000);
  const broken = brokenProvider();
  let buyer: Actor;

  before(() => {
    setPaymentProvider(broken.provider);
    resetProviderBreaker(OUTAGE);
  });

  // A buyer per test: each places a card and a cash order, within the open-order limit.
  beforeEach(async () => {
    buyer = await withProfile(await aBuyer());
  });

  after(() => {
    setPaymentProvider(undefined);
    resetProviderBreaker();
  });

  it("a hanging provider: startCheckout answers PROVIDER_UNAVAILABLE within its deadline while a cash-on-delivery order is placed", async () => {
    const orderId = await aCardOrder(buyer);
    const cod = await aCarForSale();
    const [checkout, cash] = await Promise.all([
      timed(async () => invoke(payments.startCheckout, await requestAs(buyer, { orderId }))),
      timed(async () => invoke(orders.create, await requestAs(buyer, orderRequest(cod.listingId)))),
    ]);
    assert.deepEqual(checkout.answer, UNAVAILABLE);
    assert.ok(checkout.ms >= OUTAGE.timeoutMs - 50 && checkout.ms < OUTAGE.timeoutMs + PIPELINE_SLACK_MS, `${checkout.ms} ms`);
    assert.equal(cash.answer.status, undefined, JSON.stringify(cash.answer));
    const placed = await docData(`orders/${(cash.answer.result as { orderId: string }).orderId}`);
    assert.deepEqual([placed.payment.method, placed.buyerId], ["cod", buyer.uid]);
    const card = await docData(`orders/${orderId}`);
    assert.equal(card.status, "pending_payment", "the card order waits, untouched");
    assert.deepEqual([card.payment.providerRef, card.payment.checkoutUrl], [null, null], "no checkout recorded");
    assert.equal(broken.state.calls, 1);
  });

  it("failing calls open the breaker: the next checkout is refused at once without reaching the provider, and COD still works", async () => {
    broken.state.failing = true;
    const orderId = await aCardOrder(buyer);
    for (let i = 1; i < OUTAGE.volumeThreshold; i += 1) assert.deepEqual(await invoke(payments.startCheckout, await requestAs(buyer, { orderId })), UNAVAILABLE);
    const reached = broken.state.calls;
    assert.equal(reached, OUTAGE.volumeThreshold, "every call so far reached the provider");
    const request = await requestAs(buyer, { orderId });
    const refused = await timed(() => invoke(payments.startCheckout, request));
    assert.deepEqual(refused.answer, UNAVAILABLE);
    assert.ok(refused.ms < OUTAGE.timeoutMs, `failed fast (${refused.ms} ms), not after a deadline`);
    assert.equal(broken.state.calls, reached, "the open breaker did not call the provider");
    const cod = await aCarForSale();
    const cash = await invoke(orders.create, await requestAs(buyer, orderRequest(cod.listingId)));
    assert.equal(cash.status, undefined, JSON.stringify(cash));
  });
});
