// The fake payer (SPEC section 5): plays the payment provider's side against a running
// webhook. It builds events and POSTs them, signed, to the webhook URL: once, twice
// (providers redeliver), at once, late or tampered. Test-only code: tests, demo:pay and
// the bench use it; src never imports it (the fake adapter it talks to is
// src/paymentProviders/fakeAdapter.ts).
import type { PaymentCurrency, PaymentEvent, PaymentEventType } from "../src/paymentProviders/contract";
import { randomId } from "../src/paymentProviders/fakeAdapter";
import { SIGNATURE_HEADER, signPayload } from "../src/paymentProviders/signature";

export interface FakeEventInput {
  type: PaymentEventType;
  paymentId: string;
  orderId: string;
  amount: number;
  /** The order's currency, or another ISO code to exercise a currency mismatch. */
  currency: PaymentCurrency | string;
  /** Defaults to a fresh `evt_fake_<random>`; pass one to replay a known event. */
  id?: string;
  /** Unix seconds; defaults to now. */
  created?: number;
}

export function fakeWebhookEvent(input: FakeEventInput): PaymentEvent {
  return {
    id: input.id ?? randomId("evt_fake"),
    type: input.type,
    created: input.created ?? Math.floor(Date.now() / 1000),
    data: { paymentId: input.paymentId, orderId: input.orderId, amount: input.amount, currency: input.currency },
  };
}

/**
 * How to spoil a delivery: "body" adds one byte (a space) after signing, "signature" changes one
 * hex digit of v1, "missing" sends no Souk-Signature header. Each must answer 401.
 */
export type FakeTamper = "body" | "signature" | "missing";

export interface DeliveryOptions {
  /** 2 delivers the identical request twice, one after the other, as providers redeliver. */
  times?: 1 | 2;
  /** Send the deliveries at the same time instead (races the idempotency ledger). */
  concurrent?: boolean;
  /** Signing time in unix seconds; defaults to now (pass an old one to be rejected as expired). */
  timestampSeconds?: number;
  tamper?: FakeTamper;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export interface DeliveryResponse {
  status: number;
  /** Parsed JSON, or the text when the answer is not JSON. */
  body: unknown;
}

function flipHexDigit(hex: string): string {
  const last = hex.at(-1) === "0" ? "1" : "0";
  return hex.slice(0, -1) + last;
}

/** The body and headers of one signed (or deliberately spoiled) delivery. */
export function signedDelivery(secret: string, event: PaymentEvent, options: Pick<DeliveryOptions, "timestampSeconds" | "tamper"> = {}) {
  const body = JSON.stringify(event);
  const signature = signPayload(secret, body, options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.tamper !== "missing") headers[SIGNATURE_HEADER] = options.tamper === "signature" ? flipHexDigit(signature) : signature;
  // One trailing space keeps the JSON valid and the event equal: only the signature can catch it.
  return { body: options.tamper === "body" ? `${body} ` : body, headers };
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryResponse> {
  const response = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** POSTs `event` to `url` signed with `secret`; one answer per delivery, in order. */
export async function deliverFakeWebhook(url: string, secret: string, event: PaymentEvent, options: DeliveryOptions = {}): Promise<DeliveryResponse[]> {
  const { body, headers } = signedDelivery(secret, event, options);
  const times = options.times ?? 1;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (options.concurrent) {
    return Promise.all(Array.from({ length: times }, () => post(url, body, headers, timeoutMs)));
  }
  const responses: DeliveryResponse[] = [];
  for (let i = 0; i < times; i++) responses.push(await post(url, body, headers, timeoutMs));
  return responses;
}

export interface FakePayment {
  webhookUrl: string;
  secret: string;
  paymentId: string;
  orderId: string;
  amount: number;
  currency: PaymentCurrency;
  outcome: "succeed" | "fail";
  deliveries?: 1 | 2;
}

/** The buyer pays (or the card is declined) on the fake provider's page: one call. */
export async function payThroughFakeProvider(payment: FakePayment): Promise<{ event: PaymentEvent; responses: DeliveryResponse[] }> {
  const event = fakeWebhookEvent({
    type: payment.outcome === "succeed" ? "payment.succeeded" : "payment.failed",
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    amount: payment.amount,
    currency: payment.currency,
  });
  const responses = await deliverFakeWebhook(payment.webhookUrl, payment.secret, event, { times: payment.deliveries ?? 1 });
  return { event, responses };
}
