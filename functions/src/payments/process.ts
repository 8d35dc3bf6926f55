// What a verified payment event does (SPEC section 5): in one transaction, the event id is
// checked against paymentEvents/{eventId} (a replay changes nothing), the order's model
// decides (orders/model.applyPaymentEvent: amount, currency and payment id must match; a
// success after cancellation is recorded and flagged for refund), and orders/store.ts
// writes the change with ONE audit entry, payment.webhook, in the same transaction as the
// event record. A refusal is audited once too (outcome failure). The answer is an outcome;
// the HTTP shell (webhookHttp.ts) maps it to a status.
//
// Issue 11 item 3, a payment mismatch is money: a `payment.succeeded` the order cannot take
// (a superseded checkout, an amount or currency mismatch, a cash order) was still captured
// by the provider. It is refused as before (same answer), but in the same transaction it
// goes into the ledger (paymentEvents/{eventId}, `refundDue: true`), flags `refundDue` on
// the order naming the payment, and adds an events entry, so the timeline shows it and the
// orders trigger tells admins. A captured payment for no order we know is kept in
// paymentIssues/{eventId} and admins are told here. A redelivery is then a duplicate (200).
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { DomainError, errors } from "../core/errors";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { notifyAdmins } from "../core/notify";
import { orderRef } from "../orders/document";
import { applyPaymentEvent, type OrderChange, type OrderState } from "../orders/model";
import { unappliedPayment } from "../orders/refunds";
import { inTransaction } from "../core/transactions";
import { changeOrderIn, type ChangeContext } from "../orders/store";
import type { PaymentEvent } from "../paymentProviders/contract";
import { paymentIssueNotice } from "./notices";

/** The model's note for money that arrived after the order was cancelled (orders/model.ts). */
const PAID_AFTER_CANCELLATION = "PAID_AFTER_CANCELLATION";
const WEBHOOK: AuditActor = { system: "payments.webhook" };
/** Processed event ids are kept a year: providers retry for days, never for months. */
export const EVENT_RECORD_DAYS = 365;

export type PaymentEventOutcome =
  | { kind: "duplicate" }
  | { kind: "applied"; orderStatus: string; result: string; flaggedForRefund: boolean }
  /** The event can never apply (no such order, a mismatch), or the order was busy: the error says which. */
  | { kind: "refused"; error: DomainError }
  /** Captured money that cannot apply: refused with `error`, but recorded and flagged for refund (a redelivery is a duplicate). */
  | { kind: "unapplied"; error: DomainError; orderStatus: string | null };

function auditFacts(event: PaymentEvent) {
  const { paymentId, amount, currency } = event.data;
  return { eventId: event.id, type: event.type, paymentId, amount, currency };
}

const eventRefOf = (eventId: string) => db().collection("paymentEvents").doc(eventId);

/** The ledger entry of a processed event; `refundDue` when the money it brought must go back. */
function recordEvent(tx: Transaction, event: PaymentEvent, result: string, refundDue: boolean): void {
  const expireAt = Timestamp.fromMillis(Date.now() + EVENT_RECORD_DAYS * 86_400_000);
  tx.create(eventRefOf(event.id), { ...auditFacts(event), orderId: event.data.orderId, result, refundDue, receivedAt: FieldValue.serverTimestamp(), expireAt });
}

/** Money was captured: a refusal of the order's model leaves it to refund, not to ignore. */
const captured = (event: PaymentEvent, error: unknown): error is DomainError =>
  event.type === "payment.succeeded" && error instanceof DomainError && error.status === "failed-precondition";

/**
 * The model's decision for the event; a captured payment the order refuses becomes an
 * unapplied-payment change (refund due, timeline entry), audited as outcome failure with
 * the refusal's code through `context` (one entry, written with the change).
 */
function decideFor(event: PaymentEvent, context: ChangeContext, refusal: { error?: DomainError }) {
  return (current: OrderState): OrderChange | null => {
    const facts = { type: event.type, ...event.data };
    try {
      return applyPaymentEvent(current, facts);
    } catch (error) {
      if (!captured(event, error)) throw error;
      refusal.error = error;
      context.auditFailure = error.code;
      return unappliedPayment(current, facts, error.code);
    }
  };
}

/**
 * A captured payment for an order that does not exist: kept in paymentIssues for an admin
 * to refund at the provider, in the ledger, and audited. Undefined when the order exists
 * (or the event captured nothing: a failure or refund for no order is a plain 404).
 */
async function paymentForNoOrder(tx: Transaction, event: PaymentEvent): Promise<PaymentEventOutcome | undefined> {
  if (event.type !== "payment.succeeded" || (await tx.get(orderRef(event.data.orderId))).exists) return undefined;
  const error = errors.notFound("Order");
  const facts = auditFacts(event);
  tx.create(db().collection("paymentIssues").doc(event.id), { ...facts, orderId: event.data.orderId, reason: error.code, refundDue: true, createdAt: FieldValue.serverTimestamp() });
  recordEvent(tx, event, error.code, true);
  await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: event.data.orderId }, outcome: "failure", reason: error.code, changes: { ...facts, refundDue: true } }, tx);
  return { kind: "unapplied", error, orderStatus: null };
}

/** What the ledger and the webhook's answer say about the model's decision. */
function resultOf(order: OrderState, change: OrderChange | null, refusal: DomainError | undefined): { result: string; refundDue: boolean; outcome: PaymentEventOutcome } {
  if (refusal) return { result: refusal.code, refundDue: true, outcome: { kind: "unapplied", error: refusal, orderStatus: order.status } };
  const result = change ? (change.note ?? change.to) : "NO_CHANGE";
  const flaggedForRefund = change !== null && change.order.refundDue !== null;
  const outcome: PaymentEventOutcome = { kind: "applied", orderStatus: change ? change.order.status : order.status, result, flaggedForRefund };
  return { result, refundDue: result === PAID_AFTER_CANCELLATION, outcome };
}

/** The event's effect, its record and its one audit entry, unless the record shows it was applied before. */
async function applyOnce(tx: Transaction, event: PaymentEvent): Promise<PaymentEventOutcome> {
  if ((await tx.get(eventRefOf(event.id))).exists) return { kind: "duplicate" };
  const noOrder = await paymentForNoOrder(tx, event);
  if (noOrder) return noOrder;
  const orderId = event.data.orderId;
  const facts = auditFacts(event);
  const context: ChangeContext = { by: WEBHOOK, auditAction: "payment.webhook", auditChanges: facts };
  const refusal: { error?: DomainError } = {};
  const { order, change } = await changeOrderIn(tx, orderId, context, decideFor(event, context, refusal));
  const { result, refundDue, outcome } = resultOf(order, change, refusal.error);
  recordEvent(tx, event, result, refundDue);
  // An event that changes nothing is still one received event: its entry says so.
  if (!change) await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "success", changes: { ...facts, result } }, tx);
  return outcome;
}

export async function processPaymentEvent(event: PaymentEvent): Promise<PaymentEventOutcome> {
  const orderId = event.data.orderId;
  try {
    const outcome = await inTransaction((tx) => applyOnce(tx, event));
    if (outcome.kind === "unapplied") {
      logs.paymentUnapplied(event.id, orderId, outcome.error.code);
      // An order's flag reaches admins through the orders trigger (refund due); no order, no trigger.
      // The record is committed: a failed notice is logged, never a 500 the provider would retry into a duplicate.
      if (outcome.orderStatus === null) {
        await notifyAdmins(paymentIssueNotice(event), { id: `payment-issue-${event.id}` }).catch((error: unknown) => logs.unexpectedError("payments-webhook", event.id, error));
      }
    }
    return outcome;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await writeAudit({ actor: WEBHOOK, action: "payment.webhook", target: { type: "order", id: orderId }, outcome: "failure", reason: error.code, changes: auditFacts(event) }).catch((auditError: unknown) =>
      logs.auditWriteFailed("payment.webhook", undefined, auditError),
    );
    logs.paymentWebhookRefused(event.id, orderId, error.code);
    return { kind: "refused", error };
  }
}
