// The transport of payments-webhook (SPEC section 5) with fake requests: method, signature
// (401 + audit), event shape (400), pass-through of the order logic, and 500s that leak
// nothing. Verification is the fake provider's, i.e. the real Souk-Signature scheme.
import assert from "node:assert/strict";
import { errors, type DomainError } from "../../src/core/errors";
import { createFakeProvider } from "../../src/paymentProviders/fakeAdapter";
import { fakeWebhookEvent, signedDelivery } from "../../tools/fakePayer";
import type { PaymentEvent } from "../../src/paymentProviders/contract";
import { signPayload } from "../../src/paymentProviders/signature";
import { handleWebhookRequest, type WebhookDeps, type WebhookRejection, type WebhookRequest, type WebhookResponse } from "../../src/payments/webhookHttp";

const SECRET = "whsec_unit_webhook";
const NOW_S = 1_760_000_000;
const NOW_MS = NOW_S * 1000;

const anEvent = (overrides: Partial<Parameters<typeof fakeWebhookEvent>[0]> = {}): PaymentEvent =>
  fakeWebhookEvent({ type: "payment.succeeded", paymentId: "fakepay_1", orderId: "order-1", amount: 150_000, currency: "EGP", id: "evt_1", created: NOW_S, ...overrides });

/** A POST whose raw body is `body`, signed now unless a header is given. */
function signedRequest(body: string, signature: string | null = signPayload(SECRET, body, NOW_S)): WebhookRequest {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["souk-signature"] = signature;
  return { method: "POST", rawBody: Buffer.from(body), headers };
}

function harness(overrides: Partial<WebhookDeps> = {}) {
  const processed: PaymentEvent[] = [];
  const audited: WebhookRejection[] = [];
  const errorsLogged: unknown[] = [];
  const provider = createFakeProvider(SECRET);
  const deps: WebhookDeps = {
    verify: (rawBody, headers, nowMs) => provider.verifyWebhook(rawBody, headers, nowMs),
    process: async (event) => {
      processed.push(event);
      return { kind: "applied", orderStatus: "paid", result: event.id, flaggedForRefund: false };
    },
    nowMs: NOW_MS,
    audit: async (rejection) => {
      audited.push(rejection);
    },
    logError: (error) => errorsLogged.push(error),
    ...overrides,
  };
  return { deps, processed, audited, errorsLogged, call: (req: WebhookRequest) => handleWebhookRequest(req, deps) };
}

const errorOf = (response: WebhookResponse) => (response.body as { error: { code: string; reason?: string; fields?: Record<string, string> } }).error;

describe("payments webhook transport", () => {
  // The fake adapter verifies only in the emulator; these tests stand in for it.
  const wasEmulator = process.env.FUNCTIONS_EMULATOR;
  before(() => {
    process.env.FUNCTIONS_EMULATOR = "true";
  });
  after(() => {
    if (wasEmulator === undefined) delete process.env.FUNCTIONS_EMULATOR;
    else process.env.FUNCTIONS_EMULATOR = wasEmulator;
  });

  it("a correctly signed event reaches the order logic and its outcome is answered 200", async () => {
    const h = harness();
    const response = await h.call(signedRequest(JSON.stringify(anEvent())));
    assert.deepEqual(response, { status: 200, body: { received: true, duplicate: false, orderStatus: "paid", result: "evt_1", flaggedForRefund: false } });
    assert.deepEqual(h.processed, [anEvent()]);
    assert.deepEqual(h.audited, []);
  });

  it("a duplicate is 200; a refusal answers the status of core/errors' one mapping (404, 400, BUSY 503)", async () => {
    const duplicate = harness({ process: async () => ({ kind: "duplicate" }) });
    assert.deepEqual(await duplicate.call(signedRequest(JSON.stringify(anEvent()))), { status: 200, body: { received: true, duplicate: true } });
    const cases: [DomainError, number][] = [
      [errors.notFound("Order"), 404],
      [errors.precondition("AMOUNT_MISMATCH", "Expected 1 EGP, got 2 EGP."), 400],
      [errors.busy(), 503],
    ];
    for (const [error, status] of cases) {
      const h = harness({ process: async () => ({ kind: "refused", error }) });
      assert.deepEqual(await h.call(signedRequest(JSON.stringify(anEvent()))), { status, body: { error: { code: error.code, message: error.message } } });
    }
  });

  it("other methods are a 405 with Allow: POST and touch nothing", async () => {
    const h = harness();
    for (const method of ["GET", "PUT", "DELETE", "OPTIONS"]) {
      const response = await h.call({ ...signedRequest(JSON.stringify(anEvent())), method });
      assert.equal(response.status, 405);
      assert.equal(errorOf(response).code, "METHOD_NOT_ALLOWED");
      assert.deepEqual(response.headers, { Allow: "POST" });
    }
    assert.deepEqual(h.processed, []);
    assert.deepEqual(h.audited, []);
  });

  describe("signature rejections", () => {
    const body = JSON.stringify(anEvent());
    const cases: Record<string, WebhookRequest> = {
      missing: signedRequest(body, null),
      malformed: signedRequest(body, "t=yesterday,v1=abc"),
      expired: signedRequest(body, signPayload(SECRET, body, NOW_S - 301)),
      mismatch: signedRequest(body, signPayload("whsec_attacker", body, NOW_S)),
    };
    for (const [reason, request] of Object.entries(cases)) {
      it(`a signature that is '${reason}' is a 401 naming the reason, audited, and never processed`, async () => {
        const h = harness();
        const response = await h.call(request);
        assert.deepEqual(response, { status: 401, body: { error: { code: "SIGNATURE_INVALID", reason } } });
        assert.deepEqual(h.processed, []);
        assert.equal(h.audited.length, 1);
        assert.equal(h.audited[0].reason, reason);
        assert.equal(h.audited[0].bodyBytes, Buffer.byteLength(body));
      });
    }

    it("an expired replay is audited with the time it was signed", async () => {
      const h = harness();
      await h.call(cases.expired);
      assert.deepEqual(h.audited, [{ reason: "expired", signedAt: NOW_S - 301, bodyBytes: Buffer.byteLength(body) }]);
    });

    it("a body altered after signing is a 401 mismatch even though it is a valid event", async () => {
      const h = harness();
      const { body: tampered, headers } = signedDelivery(SECRET, anEvent(), { tamper: "body", timestampSeconds: NOW_S });
      const response = await h.call({ method: "POST", rawBody: Buffer.from(tampered), headers });
      assert.equal(errorOf(response).reason, "mismatch");
      assert.deepEqual(h.processed, []);
    });

    it("a request without a raw body is rejected, not crashed on", async () => {
      const h = harness();
      const response = await h.call({ method: "POST", rawBody: undefined, headers: { "souk-signature": signPayload(SECRET, "{}", NOW_S) } });
      assert.deepEqual(response, { status: 401, body: { error: { code: "SIGNATURE_INVALID", reason: "mismatch" } } });
    });

    it("a failing audit write still answers 401", async () => {
      const h = harness({
        audit: async () => {
          throw new Error("firestore unavailable");
        },
      });
      const response = await h.call(cases.mismatch);
      assert.equal(response.status, 401);
    });

    it("works without an audit callback", async () => {
      const h = harness({ audit: undefined });
      assert.equal((await h.call(cases.missing)).status, 401);
    });
  });

  describe("invalid events", () => {
    it("a signed body that is not JSON is a 400 INVALID_EVENT, not processed", async () => {
      const h = harness();
      const response = await h.call(signedRequest("{not json"));
      assert.deepEqual(response, { status: 400, body: { error: { code: "INVALID_EVENT", fields: { "(root)": "The body is not valid JSON" } } } });
      assert.deepEqual(h.processed, []);
      assert.deepEqual(h.audited, []);
    });

    it("a signed event of the wrong shape is a 400 naming each bad field", async () => {
      const h = harness();
      const wrong = { id: "evt_2", type: "payment.teleported", data: { paymentId: "p", orderId: "", amount: 10.5, currency: "egp" } };
      const response = await h.call(signedRequest(JSON.stringify(wrong)));
      assert.equal(response.status, 400);
      const error = errorOf(response);
      assert.equal(error.code, "INVALID_EVENT");
      assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ["data.amount", "data.currency", "data.orderId", "type"]);
      assert.deepEqual(h.processed, []);
    });

    it("a JSON value that is not an object is a 400", async () => {
      const h = harness();
      for (const body of ["null", "[]", "42", '"payment.succeeded"']) {
        const response = await h.call(signedRequest(body));
        assert.equal(response.status, 400, body);
        assert.equal(errorOf(response).code, "INVALID_EVENT");
      }
    });

    it("fields a provider adds are accepted and not passed on", async () => {
      const h = harness();
      const withExtras = { ...anEvent(), livemode: false, data: { ...anEvent().data, card: { last4: "4242" } } };
      assert.equal((await h.call(signedRequest(JSON.stringify(withExtras)))).status, 200);
      assert.deepEqual(h.processed, [anEvent()]);
    });
  });

  describe("unexpected failures", () => {
    it("an error thrown by the order logic is a 500 INTERNAL that reveals nothing, and is logged", async () => {
      const failure = new Error("Firestore deadline exceeded at orders/order-1 (secret internals)");
      const h = harness({
        process: async () => {
          throw failure;
        },
      });
      const response = await h.call(signedRequest(JSON.stringify(anEvent())));
      assert.deepEqual(response, { status: 500, body: { error: { code: "INTERNAL" } } });
      assert.ok(!JSON.stringify(response).includes("Firestore"));
      assert.deepEqual(h.errorsLogged, [failure]);
    });

    it("a verifier that fails for another reason (no secret configured) is a 500 too", async () => {
      const provider = createFakeProvider("");
      const h = harness({ verify: (rawBody, headers, nowMs) => provider.verifyWebhook(rawBody, headers, nowMs) });
      const response = await h.call(signedRequest(JSON.stringify(anEvent())));
      assert.deepEqual(response, { status: 500, body: { error: { code: "INTERNAL" } } });
      assert.deepEqual(h.audited, []);
      assert.equal(h.errorsLogged.length, 1);
    });
  });
});
