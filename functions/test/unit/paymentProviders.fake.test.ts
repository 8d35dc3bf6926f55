// The fake payment provider adapter (paymentProviders/fakeAdapter.ts), the fake payer
// (tools/fakePayer.ts) (SPEC section 5), and the provider choice of paymentProviders/registry.ts. Deliveries go over real HTTP to a local server that verifies them
// with the same scheme as payments-webhook.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DomainError } from "../../src/core/errors";
import { FAKE_CHECKOUT_BASE_URL, createFakeProvider } from "../../src/paymentProviders/fakeAdapter";
import { deliverFakeWebhook, fakeWebhookEvent, payThroughFakeProvider } from "../../tools/fakePayer";
import { InvalidWebhookEvent, PaymentEventSchema, WebhookRejected, type PaymentEvent } from "../../src/paymentProviders/contract";
import { paymentProvider, providerNamed, setPaymentProvider } from "../../src/paymentProviders/registry";
import { signPayload } from "../../src/paymentProviders/signature";
import { handleWebhookRequest } from "../../src/payments/webhookHttp";

const SECRET = "whsec_unit_fake_provider";

const aCheckout = (overrides: Record<string, unknown> = {}) => ({
  orderId: "order-1",
  orderNumber: "SK-000001",
  amount: 150_000,
  currency: "EGP" as const,
  buyerId: "buyer-1",
  ...overrides,
});

const anEvent = (overrides: Partial<Parameters<typeof fakeWebhookEvent>[0]> = {}): PaymentEvent =>
  fakeWebhookEvent({ type: "payment.succeeded", paymentId: "fakepay_1", orderId: "order-1", amount: 150_000, currency: "EGP", ...overrides });

/** What a delivery looked like on arrival. */
interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A local payments-webhook: the real transport with the fake provider's verification. */
const applied = (eventId: string) => ({ received: true, duplicate: false, orderStatus: "paid", result: eventId, flaggedForRefund: false });
const DUPLICATE = { received: true, duplicate: true };

async function webhookServer(secret: string) {
  const received: Received[] = [];
  const processed: PaymentEvent[] = [];
  const provider = createFakeProvider(secret);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      received.push({ body: rawBody.toString("utf8"), headers: req.headers });
      void handleWebhookRequest(
        { method: req.method ?? "GET", rawBody, headers: req.headers },
        {
          verify: (body, headers, nowMs) => provider.verifyWebhook(body, headers, nowMs),
          process: async (event) => {
            const replay = processed.some((seen) => seen.id === event.id);
            processed.push(event);
            // The event id travels as `result`, so each answer shows which event it was.
            return replay ? { kind: "duplicate" as const } : { kind: "applied" as const, orderStatus: "paid", result: event.id, flaggedForRefund: false };
          },
          nowMs: Date.now(),
        },
      ).then((answer) => {
        res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/payments-webhook`,
    received,
    processed,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

describe("fake payment provider", () => {
  // The adapter works only in the emulator; these tests stand in for it.
  const wasEmulator = process.env.FUNCTIONS_EMULATOR;
  before(() => {
    process.env.FUNCTIONS_EMULATOR = "true";
  });
  after(() => {
    if (wasEmulator === undefined) delete process.env.FUNCTIONS_EMULATOR;
    else process.env.FUNCTIONS_EMULATOR = wasEmulator;
  });

  it("refuses checkout, refund and webhooks outside the emulator, even when built directly", async () => {
    const saved = { functions: process.env.FUNCTIONS_EMULATOR, firestore: process.env.FIRESTORE_EMULATOR_HOST };
    delete process.env.FUNCTIONS_EMULATOR;
    delete process.env.FIRESTORE_EMULATOR_HOST;
    try {
      const provider = createFakeProvider(SECRET);
      await assert.rejects(provider.startCheckout(aCheckout()), /only in the emulator/);
      await assert.rejects(provider.refund({ orderId: "o", paymentId: "p", amount: 1, currency: "EGP", reason: "r", idempotencyKey: "o" }), /only in the emulator/);
      assert.throws(() => provider.verifyWebhook(Buffer.from("{}"), {}, Date.now()), /only in the emulator/);
      assert.equal(provider.checkouts.length, 0);
    } finally {
      process.env.FUNCTIONS_EMULATOR = saved.functions ?? "true";
      if (saved.firestore !== undefined) process.env.FIRESTORE_EMULATOR_HOST = saved.firestore;
    }
  });

  describe("checkout and refund", () => {
    it("a checkout gets a fakepay_ id and a checkout URL that cannot take money", async () => {
      const provider = createFakeProvider(SECRET);
      const checkout = await provider.startCheckout(aCheckout());
      assert.match(checkout.paymentId, /^fakepay_[0-9a-f]{24}$/);
      assert.equal(checkout.checkoutUrl, `${FAKE_CHECKOUT_BASE_URL}${checkout.paymentId}`);
      assert.equal(new URL(checkout.checkoutUrl).hostname, "fake-payments.invalid");
      assert.deepEqual(provider.checkouts, [{ ...aCheckout(), ...checkout }]);
    });

    it("every checkout has its own payment id", async () => {
      const provider = createFakeProvider(SECRET);
      const ids = await Promise.all(Array.from({ length: 20 }, () => provider.startCheckout(aCheckout()).then((c) => c.paymentId)));
      assert.equal(new Set(ids).size, 20);
    });

    it("a checkout for a non-integer, zero or foreign-currency amount is a programming error", async () => {
      const provider = createFakeProvider(SECRET);
      for (const bad of [{ amount: 10.5 }, { amount: 0 }, { currency: "USD" }, { returnUrl: "not a url" }]) {
        await assert.rejects(provider.startCheckout(aCheckout(bad) as Parameters<typeof provider.startCheckout>[0]), JSON.stringify(bad));
      }
      assert.deepEqual(provider.checkouts, []);
    });

    it("a refund succeeds at once with a fakerefund_ id, or stays pending when asked to", async () => {
      const refund = { orderId: "order-1", paymentId: "fakepay_1", amount: 150_000, currency: "EGP" as const, reason: "paid after cancel", idempotencyKey: "order-1" };
      const provider = createFakeProvider(SECRET);
      const result = await provider.refund(refund);
      assert.match(result.refundId, /^fakerefund_[0-9a-f]{24}$/);
      assert.equal(result.status, "succeeded");
      assert.deepEqual(provider.refunds, [{ ...refund, ...result }]);
      assert.equal((await createFakeProvider(SECRET, { refundStatus: "pending" }).refund(refund)).status, "pending");
    });

    it("honours the idempotency key: the same key, even five at once, is one refund and one payout", async () => {
      const refund = { orderId: "order-2", paymentId: "fakepay_2", amount: 150_000, currency: "EGP" as const, reason: "twice", idempotencyKey: "order-2" };
      const provider = createFakeProvider(SECRET);
      const answers = await Promise.all(Array.from({ length: 5 }, () => provider.refund(refund)));
      assert.equal(new Set(answers.map((a) => a.refundId)).size, 1);
      assert.equal(provider.refunds.length, 1);
      await assert.rejects(provider.refund({ ...refund, amount: 1 }), /different refund/);
      await provider.refund({ ...refund, orderId: "order-3", idempotencyKey: "order-3" });
      assert.equal(provider.refunds.length, 2, "another key is another refund");
    });

    it("a pending refund answers pending under its key until the provider settles it", async () => {
      const refund = { orderId: "order-4", paymentId: "fakepay_4", amount: 150_000, currency: "EGP" as const, reason: "later", idempotencyKey: "order-4" };
      const provider = createFakeProvider(SECRET, { refundStatus: "pending" });
      const first = await provider.refund(refund);
      assert.equal(first.status, "pending");
      provider.settleRefund("order-4");
      assert.deepEqual(await provider.refund(refund), { refundId: first.refundId, status: "succeeded" });
      assert.equal(provider.refunds.length, 1);
    });
  });

  describe("webhook verification", () => {
    const now = Date.now();
    const nowS = Math.floor(now / 1000);

    it("returns the event of a body signed with its secret (header name in any case)", () => {
      const provider = createFakeProvider(SECRET);
      const event = anEvent();
      const body = JSON.stringify(event);
      for (const name of ["souk-signature", "Souk-Signature", "SOUK-SIGNATURE"]) {
        assert.deepEqual(provider.verifyWebhook(Buffer.from(body), { [name]: signPayload(SECRET, body, nowS) }, now), event);
      }
    });

    it("throws WebhookRejected carrying the reason for a bad signature", () => {
      const provider = createFakeProvider(SECRET);
      const body = Buffer.from(JSON.stringify(anEvent()));
      const reasonOf = (headers: Record<string, string>) => {
        try {
          provider.verifyWebhook(body, headers, now);
        } catch (error) {
          assert.ok(error instanceof WebhookRejected, String(error));
          return error.reason;
        }
        return "accepted";
      };
      assert.equal(reasonOf({}), "missing");
      assert.equal(reasonOf({ "souk-signature": "v1=abc" }), "malformed");
      assert.equal(reasonOf({ "souk-signature": signPayload("whsec_other", body, nowS) }), "mismatch");
      assert.equal(reasonOf({ "souk-signature": signPayload(SECRET, body, nowS - 600) }), "expired");
    });

    it("throws InvalidWebhookEvent with fields for a signed body that is not an event", () => {
      const provider = createFakeProvider(SECRET);
      const body = JSON.stringify({ id: "evt", type: "payment.succeeded", data: { paymentId: "p", orderId: "o", amount: -1, currency: "EGP" } });
      assert.throws(
        () => provider.verifyWebhook(Buffer.from(body), { "souk-signature": signPayload(SECRET, body, nowS) }, now),
        (error: unknown) => error instanceof InvalidWebhookEvent && Object.keys(error.fields).join() === "data.amount",
      );
    });

    it("reads a secret getter only when a webhook arrives", async () => {
      let reads = 0;
      const provider = createFakeProvider(() => {
        reads++;
        return SECRET;
      });
      await provider.startCheckout(aCheckout());
      await provider.refund({ orderId: "o", paymentId: "p", amount: 1, currency: "EGP", reason: "test", idempotencyKey: "o" });
      assert.equal(reads, 0);
      const body = JSON.stringify(anEvent());
      provider.verifyWebhook(Buffer.from(body), { "souk-signature": signPayload(SECRET, body, nowS) }, now);
      assert.equal(reads, 1);
    });
  });

  describe("fake payer", () => {
    it("builds valid events with fresh ids unless one is given", () => {
      const a = anEvent();
      const b = anEvent();
      assert.deepEqual(PaymentEventSchema.parse(a), a);
      assert.notEqual(a.id, b.id);
      assert.match(a.id, /^evt_fake_/);
      assert.equal(anEvent({ id: "evt_known" }).id, "evt_known");
      assert.deepEqual(anEvent({ type: "refund.succeeded" }).data, { paymentId: "fakepay_1", orderId: "order-1", amount: 150_000, currency: "EGP" });
    });

    it("delivers a signed event that the webhook verifies and processes", async () => {
      const server = await webhookServer(SECRET);
      try {
        const event = anEvent();
        const responses = await deliverFakeWebhook(server.url, SECRET, event);
        assert.deepEqual(responses, [{ status: 200, body: applied(event.id) }]);
        assert.deepEqual(server.processed, [event]);
        assert.equal(server.received[0].headers["content-type"], "application/json");
      } finally {
        await server.close();
      }
    });

    it("times: 2 sends the identical body and signature twice, and both verify", async () => {
      const server = await webhookServer(SECRET);
      try {
        const event = anEvent();
        const responses = await deliverFakeWebhook(server.url, SECRET, event, { times: 2 });
        assert.deepEqual(responses, [
          { status: 200, body: applied(event.id) },
          { status: 200, body: DUPLICATE },
        ]);
        assert.equal(server.received.length, 2);
        assert.equal(server.received[0].body, server.received[1].body);
        assert.equal(server.received[0].body, JSON.stringify(event));
        assert.equal(server.received[0].headers["souk-signature"], server.received[1].headers["souk-signature"]);
        assert.deepEqual(server.processed, [event, event]);
      } finally {
        await server.close();
      }
    });

    it("concurrent deliveries arrive together", async () => {
      const server = await webhookServer(SECRET);
      try {
        const responses = await deliverFakeWebhook(server.url, SECRET, anEvent(), { times: 2, concurrent: true });
        assert.deepEqual(responses.map((r) => r.status), [200, 200]);
        assert.equal(server.processed.length, 2);
      } finally {
        await server.close();
      }
    });

    it("tampered, unsigned, late or wrongly keyed deliveries are refused with 401 and never processed", async () => {
      const server = await webhookServer(SECRET);
      try {
        const event = anEvent();
        const expectations: [Promise<{ status: number; body: unknown }[]>, string][] = [
          [deliverFakeWebhook(server.url, SECRET, event, { tamper: "body" }), "mismatch"],
          [deliverFakeWebhook(server.url, SECRET, event, { tamper: "signature" }), "mismatch"],
          [deliverFakeWebhook(server.url, SECRET, event, { tamper: "missing" }), "missing"],
          [deliverFakeWebhook(server.url, "whsec_wrong", event), "mismatch"],
          [deliverFakeWebhook(server.url, SECRET, event, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 }), "expired"],
        ];
        for (const [delivery, reason] of expectations) {
          assert.deepEqual(await delivery, [{ status: 401, body: { error: { code: "SIGNATURE_INVALID", reason } } }]);
        }
        assert.deepEqual(server.processed, []);
      } finally {
        await server.close();
      }
    });

    it("payThroughFakeProvider pays, declines, or pays twice in one call", async () => {
      const server = await webhookServer(SECRET);
      try {
        const payment = { webhookUrl: server.url, secret: SECRET, paymentId: "fakepay_9", orderId: "order-9", amount: 42_000, currency: "EGP" as const };
        const paid = await payThroughFakeProvider({ ...payment, outcome: "succeed" });
        assert.equal(paid.event.type, "payment.succeeded");
        assert.deepEqual(paid.event.data, { paymentId: "fakepay_9", orderId: "order-9", amount: 42_000, currency: "EGP" });
        assert.deepEqual(paid.responses.map((r) => r.status), [200]);

        const declined = await payThroughFakeProvider({ ...payment, outcome: "fail" });
        assert.equal(declined.event.type, "payment.failed");

        const twice = await payThroughFakeProvider({ ...payment, outcome: "succeed", deliveries: 2 });
        assert.deepEqual(twice.responses.map((r) => r.body), [
          applied(twice.event.id),
          DUPLICATE,
        ]);
        assert.deepEqual(server.processed.map((e) => e.type), ["payment.succeeded", "payment.failed", "payment.succeeded", "payment.succeeded"]);
      } finally {
        await server.close();
      }
    });
  });
});

describe("payment provider choice", () => {
  const KEYS = ["FUNCTIONS_EMULATOR", "FIRESTORE_EMULATOR_HOST", "PAYMENT_PROVIDER", "PAYMENT_WEBHOOK_SECRET"] as const;
  let saved: Partial<Record<(typeof KEYS)[number], string>>;

  beforeEach(() => {
    saved = {};
    for (const key of KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  });

  afterEach(() => {
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    setPaymentProvider(undefined);
  });

  const unavailable = (error: unknown) =>
    error instanceof DomainError && error.code === "PAYMENT_PROVIDER_UNAVAILABLE" && error.status === "failed-precondition";

  it("the fake provider runs in the Functions emulator and signs with PAYMENT_WEBHOOK_SECRET", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    process.env.PAYMENT_PROVIDER = "fake";
    process.env.PAYMENT_WEBHOOK_SECRET = SECRET;
    const provider = paymentProvider();
    assert.equal(provider.name, "fake");
    const body = JSON.stringify(anEvent());
    const now = Date.now();
    assert.equal(provider.verifyWebhook(Buffer.from(body), { "souk-signature": signPayload(SECRET, body, Math.floor(now / 1000)) }, now).data.orderId, "order-1");
  });

  it("the fake provider also runs for a process pointed at the Firestore emulator", () => {
    process.env.FIRESTORE_EMULATOR_HOST = "127.0.0.1:8080";
    process.env.PAYMENT_PROVIDER = "fake";
    assert.equal(paymentProvider().name, "fake");
  });

  it("the fake provider is refused outside the emulator", () => {
    process.env.PAYMENT_PROVIDER = "fake";
    assert.throws(() => paymentProvider(), unavailable);
  });

  it("no configured provider (the default 'none', empty or unknown names) is PAYMENT_PROVIDER_UNAVAILABLE", () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    for (const name of [undefined, "none", "", "stripe", "toString", "__proto__"]) {
      if (name === undefined) delete process.env.PAYMENT_PROVIDER;
      else process.env.PAYMENT_PROVIDER = name;
      assert.throws(() => paymentProvider(), unavailable, String(name));
    }
    assert.throws(() => providerNamed("constructor"), unavailable);
  });

  it("an injected provider wins until it is reset", async () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    const injected = createFakeProvider(SECRET);
    setPaymentProvider(injected);
    await paymentProvider().startCheckout({ orderId: "o-1", orderNumber: "S-1", amount: 100, currency: "EGP", buyerId: "b-1" });
    assert.equal(injected.checkouts.length, 1, "calls reach the injected provider (through its breaker)");
    delete process.env.FUNCTIONS_EMULATOR;
    setPaymentProvider(undefined);
    assert.throws(() => paymentProvider(), unavailable);
  });
});
