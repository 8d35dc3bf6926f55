// An admin refund through the payment provider, as plain functions (issue 10, finding 1:
// three clicks once gave three provider refunds). The order records the attempt BEFORE
// the provider is asked, in a transaction, so a second click or a second admin at the same
// moment meets `requested` and is refused (REFUND_IN_PROGRESS); the provider is asked with
// the order id as its idempotency key, so even a retry after a crash cannot pay twice; what
// the provider answers is recorded (pending, failed, succeeded), each with its own events
// entry and audit entry (orders/store.ts). A pending refund is finished by the provider's
// refund.succeeded webhook (model.applyPaymentEvent) or by the admin calling again.
import { DomainError, errors } from "../core/errors";
import { change, refundOrder, type OrderChange, type OrderState, type PaymentFacts, type RefundAttempt, type RefundDue } from "./model";

/**
 * A `requested` attempt younger than this is in flight (the provider call has a deadline of
 * 8 s and the callable 60 s); an older one was cut short (the instance died) and may be
 * claimed again: the same idempotency key makes the provider answer with the same refund.
 */
export const REFUND_CLAIM_MS = 2 * 60_000;

/** Events notes of the attempt's steps (the timeline shows each). */
export const REFUND_REQUESTED = "REFUND_REQUESTED";
export const REFUND_PENDING = "REFUND_PENDING";
export const REFUND_FAILED = "REFUND_FAILED";

/** The provider's idempotency key of an order's refund: one refund of the whole payment per order. */
export function refundKeyOf(orderId: string): string {
  return orderId;
}

/**
 * Claims the refund of `order` for this call: refuses what refundOrder refuses (nothing
 * paid, ALREADY_REFUNDED) and an attempt still in flight (REFUND_IN_PROGRESS). A `pending`
 * or `failed` attempt may be asked again: the provider sees the same key.
 */
export function beginRefund(order: OrderState, nowMs: number): OrderChange {
  refundOrder(order); // the same refusals as the refund itself, before anything is recorded
  const previous = order.refund;
  if (previous?.state === "requested" && nowMs - previous.requestedAtMs < REFUND_CLAIM_MS) {
    throw errors.precondition("REFUND_IN_PROGRESS", "A refund of this order is already being processed. Wait for it to finish.");
  }
  const refund: RefundAttempt = { state: "requested", refundId: previous?.refundId ?? null, requestedAtMs: nowMs, attempts: (previous?.attempts ?? 0) + 1 };
  return change(order, order.status, { refund }, null, REFUND_REQUESTED);
}

/** Only the attempt this call claimed is settled by it; a webhook that finished it first wins. */
function stillOurs(order: OrderState): order is OrderState & { refund: RefundAttempt } {
  return order.paymentStatus !== "refunded" && order.refund !== null && (order.refund.state === "requested" || order.refund.state === "pending");
}

/** The provider refunded: the order becomes refunded (null when the webhook got there first). */
export function refundSucceeded(order: OrderState, refundId: string): OrderChange | null {
  return stillOurs(order) ? refundOrder(order, refundId) : null;
}

/** The provider accepted the refund but has not paid it out yet: its refund.succeeded webhook finishes it. */
export function refundPending(order: OrderState, refundId: string): OrderChange | null {
  if (!stillOurs(order)) return null;
  return change(order, order.status, { refund: { ...order.refund, state: "pending", refundId } }, null, REFUND_PENDING);
}

/** The provider refused or did not answer: the order is refundable again (the same key is used next time). */
export function refundFailed(order: OrderState): OrderChange | null {
  if (!stillOurs(order)) return null;
  return change(order, order.status, { refund: { ...order.refund, state: "failed" } }, null, REFUND_FAILED);
}

/** What the admin sees when the provider fails: its own domain error, or REFUND_FAILED (never `internal`). */
export function refundFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  return new DomainError("unavailable", "REFUND_FAILED", "The payment provider did not confirm the refund. Nothing was paid out twice; try again.");
}

/**
 * A captured payment the order cannot take (issue 11 item 3: a superseded checkout, an
 * amount or currency mismatch, a cash order): the order is not paid by it, but the money
 * is flagged for refund with the payment named, and the timeline shows it (note: the
 * refusal's code). A flag already set (an earlier refund due) is kept; the ledger keeps each.
 */
export function unappliedPayment(order: OrderState, facts: PaymentFacts, code: string): OrderChange {
  const due: RefundDue = order.refundDue ?? { reason: code, paymentId: facts.paymentId, amount: facts.amount, currency: facts.currency };
  return change(order, order.status, { refundDue: due }, null, code);
}
