// The fake payment provider adapter (SPEC section 5): the emulator and tests pay through
// it. It moves no money, but verifies webhooks signed exactly like a real provider's
// (signature.ts), so the webhook path under test is the production one. It refuses to
// work outside the emulator: a production project can never mark orders paid through it.
// The provider's other side (building events and POSTing them signed, tampered or twice)
// is test-only code: functions/tools/fakePayer.ts.
import { randomBytes } from "node:crypto";
import { runningInEmulator } from "../core/firebase";
import {
  CheckoutRequestSchema,
  RefundRequestSchema,
  WebhookRejected,
  headerOf,
  parsePaymentEvent,
  type Checkout,
  type CheckoutRequest,
  type PaymentEvent,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
  type WebhookHeaders,
} from "./contract";
import { SIGNATURE_HEADER, verifySignature } from "./signature";

export const FAKE_PROVIDER_NAME = "fake";
/** `.invalid` never resolves (RFC 2606): the URL says it is fake and cannot take money. */
export const FAKE_CHECKOUT_BASE_URL = "https://fake-payments.invalid/checkout/";

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

/** Every operation checks: a fake adapter built by mistake in production fails loudly, never silently pays. */
function requireEmulator(): void {
  if (!runningInEmulator()) throw new Error("The fake payment provider runs only in the emulator.");
}

export interface FakeProviderOptions {
  /** What refund() answers; "pending" lets tests exercise the refund.succeeded webhook path. */
  refundStatus?: RefundResult["status"];
}

/** A fake provider that also records what it was asked, for tests to assert on. */
export interface FakePaymentProvider extends PaymentProvider {
  readonly checkouts: ReadonlyArray<CheckoutRequest & Checkout>;
  /** One entry per refund the provider made (a payout): a replayed idempotency key adds none. */
  readonly refunds: ReadonlyArray<RefundRequest & RefundResult>;
  /** The provider finishes a pending refund (a real one then sends refund.succeeded). */
  settleRefund(idempotencyKey: string): void;
}

/** Same key, different request: a client bug a real provider refuses too (Stripe: idempotency_error). */
function sameRefund(a: RefundRequest, b: RefundRequest): boolean {
  return a.orderId === b.orderId && a.paymentId === b.paymentId && a.amount === b.amount && a.currency === b.currency;
}

/**
 * `webhookSecret` may be a getter so a secret param is read when a webhook arrives,
 * not when the provider is built (a checkout never needs it).
 */
export function createFakeProvider(webhookSecret: string | (() => string), options: FakeProviderOptions = {}): FakePaymentProvider {
  const secretOf = typeof webhookSecret === "function" ? webhookSecret : () => webhookSecret;
  const checkouts: (CheckoutRequest & Checkout)[] = [];
  const refunds: (RefundRequest & RefundResult)[] = [];
  return {
    name: FAKE_PROVIDER_NAME,
    checkouts,
    refunds,
    async startCheckout(request) {
      requireEmulator();
      const valid = CheckoutRequestSchema.parse(request);
      const paymentId = randomId("fakepay");
      const checkout = { paymentId, checkoutUrl: `${FAKE_CHECKOUT_BASE_URL}${paymentId}` };
      checkouts.push({ ...valid, ...checkout });
      return checkout;
    },
    async refund(request) {
      requireEmulator();
      const valid = RefundRequestSchema.parse(request);
      // Idempotency as real providers keep it: the same key answers the refund it made.
      const made = refunds.find((r) => r.idempotencyKey === valid.idempotencyKey);
      if (made) {
        if (!sameRefund(made, valid)) throw new Error("Idempotency key reused for a different refund.");
        return { refundId: made.refundId, status: made.status };
      }
      const result: RefundResult = { refundId: randomId("fakerefund"), status: options.refundStatus ?? "succeeded" };
      refunds.push({ ...valid, ...result });
      return result;
    },
    settleRefund(idempotencyKey) {
      const index = refunds.findIndex((r) => r.idempotencyKey === idempotencyKey);
      if (index >= 0) refunds[index] = { ...refunds[index], status: "succeeded" };
    },
    verifyWebhook(rawBody: Buffer, headers: WebhookHeaders, nowMs: number): PaymentEvent {
      requireEmulator();
      const check = verifySignature(secretOf(), rawBody, headerOf(headers, SIGNATURE_HEADER), nowMs);
      if (!check.ok) throw new WebhookRejected(check.reason, check.timestamp);
      return parsePaymentEvent(rawBody);
    },
  };
}
