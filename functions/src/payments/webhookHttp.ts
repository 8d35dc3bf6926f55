// The transport of payments-webhook (SPEC section 5), as the Stripe extension does it:
// verify the signature over the raw body first, then parse, then hand the event to the
// order logic. In order: method (405) -> signature (401, audited) -> event shape (400) ->
// process. Whatever goes wrong unexpectedly answers 500 {code: INTERNAL} and nothing else:
// the provider retries, and no internals leak. Dependencies are passed in, so this file is
// unit-tested without Firebase; the onRequest wiring is webhook.ts.
import { DomainError, httpErrorOf, type FieldErrors } from "../core/errors";
import { logs } from "../core/log";
import { InvalidWebhookEvent, WebhookRejected, type PaymentEvent, type WebhookHeaders } from "../paymentProviders/contract";
import type { SignatureRejection } from "../paymentProviders/signature";
import type { PaymentEventOutcome } from "./process";

export interface WebhookRequest {
  method: string;
  /** The bytes as received (onRequest's req.rawBody); the signature covers exactly these. */
  rawBody: Buffer | undefined;
  headers: WebhookHeaders;
}

export interface WebhookResponse {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

/** What an audited signature rejection records: no body, no PII. */
export interface WebhookRejection {
  reason: SignatureRejection;
  /** The signed time when the header parsed (an expired replay shows how old it was). */
  signedAt?: number;
  bodyBytes: number;
}

export interface WebhookDeps {
  verify: (rawBody: Buffer, headers: WebhookHeaders, nowMs: number) => PaymentEvent;
  process: (event: PaymentEvent) => Promise<PaymentEventOutcome>;
  nowMs: number;
  /** Records a rejected signature (auditLogs, action payment.webhook, outcome denied). */
  audit?: (rejection: WebhookRejection) => Promise<void>;
  /** Logs an unexpected failure; defaults to the structured logger. */
  logError?: (error: unknown) => void;
}

const FUNCTION_NAME = "payments-webhook";

const defaultLogError = (error: unknown) => logs.unexpectedError(FUNCTION_NAME, "-", error);

function internal(deps: WebhookDeps, error: unknown): WebhookResponse {
  (deps.logError ?? defaultLogError)(error);
  return { status: 500, body: { error: { code: "INTERNAL" } } };
}

function invalidEvent(fields: FieldErrors): WebhookResponse {
  return { status: 400, body: { error: { code: "INVALID_EVENT", fields } } };
}

async function rejected(deps: WebhookDeps, error: WebhookRejected, rawBody: Buffer): Promise<WebhookResponse> {
  logs.paymentWebhookRejected(error.reason, error.timestamp);
  if (deps.audit) {
    try {
      await deps.audit({ reason: error.reason, signedAt: error.timestamp, bodyBytes: rawBody.length });
    } catch (auditError) {
      // The answer stays 401: a failed audit write must not turn a forgery into a retry loop.
      logs.auditWriteFailed("payment.webhook", undefined, auditError);
    }
  }
  return { status: 401, body: { error: { code: "SIGNATURE_INVALID", reason: error.reason } } };
}

type Verified = { event: PaymentEvent } | { response: WebhookResponse };

async function verified(rawBody: Buffer, req: WebhookRequest, deps: WebhookDeps): Promise<Verified> {
  try {
    return { event: deps.verify(rawBody, req.headers, deps.nowMs) };
  } catch (error) {
    if (error instanceof WebhookRejected) return { response: await rejected(deps, error, rawBody) };
    if (error instanceof InvalidWebhookEvent) return { response: invalidEvent(error.fields) };
    if (error instanceof DomainError && error.status === "invalid-argument") return { response: invalidEvent(error.fields ?? {}) };
    return { response: internal(deps, error) };
  }
}

/**
 * The answer to a processed event: 200 when applied or a duplicate, else the error's status
 * (core/errors' one mapping). An unapplied captured payment answers like a refusal (SPEC
 * section 5: amounts must match), though it was recorded: its redelivery is a duplicate.
 */
export function replyOf(outcome: PaymentEventOutcome): WebhookResponse {
  if (outcome.kind === "duplicate") return { status: 200, body: { received: true, duplicate: true } };
  if (outcome.kind === "applied") {
    const { orderStatus, result, flaggedForRefund } = outcome;
    return { status: 200, body: { received: true, duplicate: false, orderStatus, result, flaggedForRefund } };
  }
  const { status, code, message } = httpErrorOf(outcome.error);
  return { status, body: { error: { code, message } } };
}

export async function handleWebhookRequest(req: WebhookRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  if (req.method !== "POST") {
    return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } }, headers: { Allow: "POST" } };
  }
  const outcome = await verified(req.rawBody ?? Buffer.alloc(0), req, deps);
  if ("response" in outcome) return outcome.response;
  try {
    return replyOf(await deps.process(outcome.event));
  } catch (error) {
    return internal(deps, error);
  }
}
