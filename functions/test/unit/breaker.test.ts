// Deadlines and circuit breakers on calls to other services (SPEC section 8), with small
// test thresholds: a hanging provider is PROVIDER_UNAVAILABLE within the deadline; after N
// failures the breaker opens and calls fail at once; after the cool-down one trial call
// closes it. Caller errors never open it.
import assert from "node:assert/strict";
import { DependencyUnavailable, guard, type BreakerPolicy } from "../../src/core/breaker";
import { DomainError } from "../../src/core/errors";
import type { CheckoutRequest, PaymentProvider } from "../../src/paymentProviders/contract";
import { paymentProvider, PROVIDER_BREAKER, resetProviderBreaker, setPaymentProvider } from "../../src/paymentProviders/registry";

const SMALL: BreakerPolicy = { timeoutMs: 100, volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 200, rollingWindowMs: 10_000 };
const never = () => new Promise<never>(() => undefined);
const boom = async (): Promise<never> => {
  throw new Error("ECONNRESET");
};
/**
 * Polls the breaker until it reaches `wanted` (opossum takes no clock: its cool-down is a
 * real timer, kept tiny here) and answers how long that took; fails past `deadlineMs`.
 */
async function untilState(g: { state(): string }, wanted: string, deadlineMs: number): Promise<number> {
  const started = Date.now();
  while (g.state() !== wanted) {
    if (Date.now() - started > deadlineMs) assert.fail(`still ${g.state()} after ${deadlineMs} ms, wanted ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error?: unknown; value?: T }> {
  const started = Date.now();
  try {
    const value = await work();
    return { ms: Date.now() - started, value };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

describe("circuit breaker (core/breaker)", () => {
  it("a call past its deadline fails with DependencyUnavailable timeout, within the deadline", async () => {
    const g = guard("slow", SMALL);
    const { ms, error } = await timed(() => g.call(never));
    assert.ok(error instanceof DependencyUnavailable && error.reason === "timeout", String(error));
    assert.ok(ms >= 90 && ms < 400, `${ms} ms`);
  });

  it("opens after N failures: the next call fails at once without reaching the dependency", async () => {
    const g = guard("flaky", SMALL);
    for (let i = 0; i < SMALL.volumeThreshold; i += 1) await assert.rejects(g.call(boom), /ECONNRESET/);
    assert.equal(g.state(), "open");
    let reached = false;
    const { ms, error } = await timed(() => g.call(async () => void (reached = true)));
    assert.ok(error instanceof DependencyUnavailable && error.reason === "open", String(error));
    assert.ok(ms < 20, `failed at once (${ms} ms)`);
    assert.equal(reached, false);
  });

  it("after the cool-down one trial call goes through and closes it; a failed trial re-opens it", async () => {
    const g = guard("recovering", SMALL);
    for (let i = 0; i < SMALL.volumeThreshold; i += 1) await assert.rejects(g.call(boom));
    assert.equal(g.state(), "open");
    const coolDown = await untilState(g, "half-open", SMALL.resetTimeoutMs + 2000);
    assert.ok(coolDown >= SMALL.resetTimeoutMs - 20, `half-open only after the cool-down (${coolDown} ms)`);
    await assert.rejects(g.call(boom), /ECONNRESET/);
    assert.equal(g.state(), "open", "a failed trial opens it again");
    await assert.rejects(g.call(async () => "too early"), (e) => e instanceof DependencyUnavailable && e.reason === "open");
    const again = await untilState(g, "half-open", SMALL.resetTimeoutMs + 2000);
    assert.ok(again >= SMALL.resetTimeoutMs - 20, `a new cool-down after the failed trial (${again} ms)`);
    assert.equal(await g.call(async () => "answer"), "answer");
    assert.equal(g.state(), "closed");
  });

  it("errors the caller caused (isFailure false) never open it", async () => {
    const g = guard("strict", SMALL, { isFailure: (e) => !(e instanceof DomainError) });
    for (let i = 0; i < 10; i += 1) await assert.rejects(g.call(async () => Promise.reject(new DomainError("invalid-argument", "X", "bad"))), DomainError);
    assert.equal(g.state(), "closed");
  });
});

describe("payment provider behind its breaker", () => {
  const request: CheckoutRequest = { orderId: "o-1", orderNumber: "S-1", amount: 100, currency: "EGP", buyerId: "b-1" };
  let calls = 0;
  const hanging: PaymentProvider = {
    name: "hanging",
    startCheckout: () => {
      calls += 1;
      return never();
    },
    refund: never,
    verifyWebhook: () => assert.fail("not called"),
  };
  beforeEach(() => {
    calls = 0;
    resetProviderBreaker(SMALL);
    setPaymentProvider(hanging);
  });
  after(() => {
    setPaymentProvider(undefined);
    resetProviderBreaker();
  });

  const providerUnavailable = (error: unknown) => error instanceof DomainError && error.status === "unavailable" && error.code === "PROVIDER_UNAVAILABLE";

  it("a hanging provider: startCheckout answers unavailable / PROVIDER_UNAVAILABLE within its deadline", async () => {
    const { ms, error } = await timed(() => paymentProvider().startCheckout(request));
    assert.ok(providerUnavailable(error), String(error));
    assert.ok(ms < SMALL.timeoutMs + 300, `${ms} ms`);
  });

  it("after N timeouts the provider is not called any more until the cool-down", async () => {
    for (let i = 0; i < SMALL.volumeThreshold; i += 1) await assert.rejects(paymentProvider().startCheckout(request), providerUnavailable);
    assert.equal(calls, SMALL.volumeThreshold);
    const { ms, error } = await timed(() => paymentProvider().refund({ orderId: "o-1", paymentId: "p", amount: 1, currency: "EGP", reason: "r", idempotencyKey: "o-1" }));
    assert.ok(providerUnavailable(error));
    assert.ok(ms < 20, `${ms} ms`);
    assert.equal(calls, SMALL.volumeThreshold, "refused before reaching the provider");
  });

  it("a provider that answers with an error: startCheckout is PROVIDER_UNAVAILABLE, a refund keeps the error for orders-refund", async () => {
    const refused = new Error("connect ECONNREFUSED 10.0.0.1:443");
    setPaymentProvider({ ...hanging, startCheckout: async () => Promise.reject(refused), refund: async () => Promise.reject(refused) });
    await assert.rejects(paymentProvider().startCheckout(request), providerUnavailable);
    await assert.rejects(paymentProvider().refund({ orderId: "o-1", paymentId: "p", amount: 1, currency: "EGP", reason: "r", idempotencyKey: "o-1" }), (e) => e === refused);
  });

  it("a provider's domain refusal is not an outage: startCheckout passes it through", async () => {
    const declined = new DomainError("failed-precondition", "CARD_DECLINED", "declined");
    setPaymentProvider({ ...hanging, startCheckout: async () => Promise.reject(declined) });
    await assert.rejects(paymentProvider().startCheckout(request), (e) => e === declined);
  });

  it("the production policy's thresholds are what the README says", () => {
    assert.deepEqual(PROVIDER_BREAKER, { timeoutMs: 8000, volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 30_000, rollingWindowMs: 60_000 });
  });
});
