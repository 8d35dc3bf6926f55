// What a verified payment event does (SPEC section 5): in one transaction, the event id is
// checked against paymentEvents/{eventId} (a replay changes nothing), the order's model
// decides (orders/model.applyPaymentEvent: amount, currency and payment id must match; a
// success after cancellation is recorded and flagged for refund), and orders/store.ts
// writes the change with ONE audit entry, payment.webhook, in the same transaction as the
// event record. A refusal is audited once too (outcome failure). The answer is an outcome;
// the HTTP shell (webhookHttp.ts) maps it to a status.
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { DomainError } from "../core/errors";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { applyPaymentEvent } from "../orders/model";
import { changeOrderIn, inTransaction } from "../orders/store";
import type { PaymentEvent } from "../paymentProviders/contract";

const WEBHOOK: AuditActor = { system: "payments.webhook" };
/** Processed event ids are kept a year: providers retry for days, never for months. */
export const EVENT_RECORD_DAYS = 365;

export type PaymentEventOutcome =
  | { kind: "duplicate" }
  | { kind: "applied"; orderStatus: string; result: string; flaggedForRefund: boolean }
  /** The event can never apply (no such order, a mismatch), or the order was busy: the error says which. */
  | { kind: "refused"; error: DomainError };

function auditFacts(event: PaymentEvent) {
  const { paymentId, amount, currency } = event.data;
  return { eventId: event.id, type: event.type, paymentId, amount, currency };
}

/** The event's effect, its record and its one audit entry, unless the record shows it was applied before. */
async function applyOnce(tx: Transaction, event: PaymentEvent): Promise<PaymentEventOutcome> {
  const eventRef = db().collection("paymentEvents").doc(event.id);
  if ((await tx.get(eventRef)).exists) return { kind: "duplicate" };
  const orderId = event.data.orderId;
  const facts = auditFacts(event);
  const context = { by: WEBHOOK, auditAction: "payment.webhook" as const, auditChanges: facts };
  const { order, change } = await changeOrderIn(tx, orderId, context, (current) => applyPaymentEvent(current, { type: event.type, ...event.data }));
  const result = change ? (change.note ?? change.to) : "NO_CHANGE";
  const expireAt = Timestamp.fromMillis(Date.now() + EVENT_RECORD_DAYS * 86_400_000);
  tx.create(eventRef, { ...facts, orderId, result, receivedAt: FieldValue.serverTimestamp(), expireAt });
  // An event that changes nothing is still one received event: its entry says so.
  if (!change) await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "success", changes: { ...facts, result } }, tx);
  return { kind: "applied", orderStatus: change?.order.status ?? order.status, result, flaggedForRefund: (change?.order.refundDue ?? null) !== null };
}

export async function processPaymentEvent(event: PaymentEvent): Promise<PaymentEventOutcome> {
  const orderId = event.data.orderId;
  try {
    return await inTransaction((tx) => applyOnce(tx, event));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "failure", reason: error.code, changes: auditFacts(event) }).catch((auditError: unknown) =>
      logs.auditWriteFailed("payment.webhook", undefined, auditError),
    );
    logs.paymentWebhookRefused(event.id, orderId, error.code);
    return { kind: "refused", error };
  }
}
