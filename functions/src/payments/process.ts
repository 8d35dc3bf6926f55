// What a verified payment event does (SPEC section 5): in one transaction, the event id is
// checked against paymentEvents/{eventId} (a replay answers 200 and changes nothing), the
// order's model decides (orders/model.applyPaymentEvent: amount, currency and payment id must
// match; a success after cancellation is recorded and flagged for refund), and the change,
// the event record and the audit entry are written together. Refusals are audited too.
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { DomainError } from "../core/errors";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { applyPaymentEvent } from "../orders/model";
import { commitChange, inTransaction, listingAfter, readOrderAndListing } from "../orders/store";
import type { PaymentEvent } from "../paymentProviders/contract";

const WEBHOOK: AuditActor = { system: "payments.webhook" };
/** Processed event ids are kept a year: providers retry for days, never for months. */
const EVENT_RECORD_DAYS = 365;

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

/** Refusals answer 4xx (the event can never apply; audited); contention answers 503 so the provider retries. */
const STATUS_OF_CODE: Record<string, number> = { NOT_FOUND: 404, BUSY: 503 };

function auditFacts(event: PaymentEvent) {
  const { paymentId, amount, currency } = event.data;
  return { eventId: event.id, type: event.type, paymentId, amount, currency };
}

type Outcome = { duplicate: true } | { duplicate: false; status: string; result: string; refundDue: boolean };

/** The event's effect, its record and its audit entry, unless the record shows it was applied before. */
async function applyOnce(tx: Transaction, event: PaymentEvent): Promise<Outcome> {
  const eventRef = db().collection("paymentEvents").doc(event.id);
  if ((await tx.get(eventRef)).exists) return { duplicate: true };
  const orderId = event.data.orderId;
  const { order, listing } = await readOrderAndListing(tx, orderId);
  const change = applyPaymentEvent(order, { type: event.type, ...event.data });
  if (change) await commitChange(tx, change, { by: WEBHOOK, auditChanges: { eventId: event.id, eventType: event.type } }, listingAfter(listing, change));
  const result = change ? (change.note ?? change.to) : "NO_CHANGE";
  const expireAt = Timestamp.fromMillis(Date.now() + EVENT_RECORD_DAYS * 86_400_000);
  tx.create(eventRef, { ...auditFacts(event), orderId, result, receivedAt: FieldValue.serverTimestamp(), expireAt });
  await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "success", changes: { ...auditFacts(event), result } }, tx);
  return { duplicate: false, status: change?.order.status ?? order.status, result, refundDue: (change?.order.refundDue ?? null) !== null };
}

export async function processPaymentEvent(event: PaymentEvent): Promise<WebhookReply> {
  const orderId = event.data.orderId;
  try {
    const outcome = await inTransaction((tx) => applyOnce(tx, event));
    if (outcome.duplicate) return { status: 200, body: { received: true, duplicate: true } };
    return { status: 200, body: { received: true, duplicate: false, orderStatus: outcome.status, result: outcome.result, flaggedForRefund: outcome.refundDue } };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "failure", reason: error.code, changes: auditFacts(event) }).catch((auditError: unknown) =>
      logs.auditWriteFailed("payment.webhook", undefined, auditError),
    );
    logs.event("payment.webhook_refused", { eventId: event.id, orderId, code: error.code });
    return { status: STATUS_OF_CODE[error.code] ?? 400, body: { error: { code: error.code, message: error.message } } };
  }
}
