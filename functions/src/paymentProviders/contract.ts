// The payment provider adapter (SPEC section 5): checkout, refund and webhook verification
// behind one interface, so orders never know which provider runs. providers.ts picks the
// adapter; fakeProvider.ts is the signed stand-in for the emulator and tests.
//
// A webhook body is trusted only after verifyWebhook: it throws WebhookRejected (-> 401)
// when the signature fails and InvalidWebhookEvent (-> 400) when the signed body is not an
// event we know. Even then the payload only says "go and look": the order is re-read.
import { z } from "zod";
import { fieldErrorsOf, type FieldErrors } from "../core/errors";
import { documentId } from "../shared/ids";
import type { SignatureRejection } from "./signature";

export const PAYMENT_EVENT_TYPES = ["payment.succeeded", "payment.failed", "refund.succeeded"] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** Souk charges in EGP; checkout and refund requests only speak it. */
export const PAYMENT_CURRENCIES = ["EGP"] as const;
export type PaymentCurrency = (typeof PAYMENT_CURRENCIES)[number];

const id = z.string().min(1).max(256);
/**
 * Ids the provider echoes back that name our documents, or become one (paymentEvents/{id}):
 * one path segment each (shared/ids.ts), so a signed event whose orderId is a path is a
 * 400 INVALID_EVENT, never a read of some other document.
 */
const documentIdField = documentId;
/** Integer piastres, like every amount in Souk. */
const amount = z.int().min(0);
const currency = z.enum(PAYMENT_CURRENCIES);
/**
 * An event may report any ISO 4217 code: one that is not the order's currency is a
 * mismatch the order refuses and audits (AMOUNT_MISMATCH), not a malformed event.
 */
const eventCurrency = z.string().regex(/^[A-Z]{3}$/, { error: "Must be an ISO 4217 currency code" });

/**
 * A webhook event. Providers add fields of their own at both levels: unknown keys are
 * accepted and dropped (not rejected), so a provider upgrade never turns deliveries into 400s.
 */
export const PaymentEventSchema = z.object({
  id: documentIdField,
  type: z.enum(PAYMENT_EVENT_TYPES),
  /** Unix seconds the provider created the event (informational; the signature carries the time that counts). */
  created: z.int().min(0).optional(),
  data: z.object({ paymentId: documentIdField, orderId: documentIdField, amount, currency: eventCurrency }),
});
export type PaymentEvent = z.infer<typeof PaymentEventSchema>;

export const CheckoutRequestSchema = z.object({
  orderId: id,
  /** Human order number shown on the provider's page and statement. */
  orderNumber: z.string().min(1).max(64),
  amount: amount.min(1),
  currency,
  buyerId: id,
  returnUrl: z.url().optional(),
});
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;

export interface Checkout {
  /** The provider's id of this payment; webhooks name it in data.paymentId. */
  paymentId: string;
  /** Where the buyer pays. */
  checkoutUrl: string;
}

export const RefundRequestSchema = z.object({
  orderId: id,
  paymentId: id,
  amount: amount.min(1),
  currency,
  reason: z.string().min(1).max(500),
  /**
   * The provider's idempotency key (Souk sends the order id: one refund of the payment per
   * order). The same key must return the same refund, never a second payout, so a retry
   * after a timeout or a crash is safe. Adapters pass it to the provider's own mechanism.
   */
  idempotencyKey: id,
});
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export interface RefundResult {
  refundId: string;
  /** "pending": a refund.succeeded webhook follows. */
  status: "succeeded" | "pending";
}

/** Request headers as Node gives them (lower-case names; set-cookie is the only array). */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  /** Registry name, e.g. "fake"; recorded on payments. */
  readonly name: string;
  startCheckout(request: CheckoutRequest): Promise<Checkout>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /** The event of a signed delivery; throws WebhookRejected or InvalidWebhookEvent. */
  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders, nowMs: number): PaymentEvent;
}

/** The delivery is not signed by our provider (401). */
export class WebhookRejected extends Error {
  constructor(
    readonly reason: SignatureRejection,
    /** The signed time, when the header parsed. */
    readonly timestamp?: number,
  ) {
    super(`Webhook signature rejected: ${reason}.`);
    this.name = "WebhookRejected";
  }
}

/** The signed body is not an event we understand (400); `fields` says what is wrong. */
export class InvalidWebhookEvent extends Error {
  constructor(readonly fields: FieldErrors) {
    super("The webhook body is not a valid payment event.");
    this.name = "InvalidWebhookEvent";
  }
}

/** A header by case-insensitive name; repeated values are joined with ",". */
export function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value.join(",") : value;
  }
  return undefined;
}

/** JSON-parses and validates a (verified) body; throws InvalidWebhookEvent. */
export function parsePaymentEvent(rawBody: Buffer | string): PaymentEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8"));
  } catch {
    throw new InvalidWebhookEvent({ "(root)": "The body is not valid JSON" });
  }
  const parsed = PaymentEventSchema.safeParse(json);
  if (!parsed.success) throw new InvalidWebhookEvent(fieldErrorsOf(parsed.error));
  return parsed.data;
}
