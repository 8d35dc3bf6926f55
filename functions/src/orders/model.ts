// Orders as plain functions over plain data: the order state machine of SPEC section 3
// and how payment events change an order (placing an order, its money and what it does to
// its listing are in placement.ts). No Firebase imports: callables, the payments webhook and the schedules
// all read documents, ask this module, and write what it returns in one transaction.
// Refusals throw DomainError (INVALID_TRANSITION for a move SPEC section 3 forbids).
import { errors } from "../core/errors";
import type { FulfillmentMethod, InventoryState, OrderStatus, PaymentMethod, PaymentStatus } from "./schema";

export interface RefundDue {
  reason: string;
  paymentId?: string;
  amount?: number;
  currency?: string;
}

/**
 * An admin refund through the provider (issue 10, finding 1): recorded as `requested` in a
 * transaction BEFORE the provider is asked, then `pending` (the provider confirms later by
 * webhook), `failed` (the order is refundable again) or `succeeded`.
 */
export interface RefundAttempt {
  state: "requested" | "pending" | "failed" | "succeeded";
  refundId: string | null;
  /** Epoch ms of the latest request: a `requested` older than REFUND_CLAIM_MS may be claimed again. */
  requestedAtMs: number;
  attempts: number;
}

/** Who acts on an order, relative to it: its buyer, its vendor, an admin, or the system (webhook, schedules). */
export type OrderActorKind = "buyer" | "vendor" | "admin" | "system";

/**
 * SPEC section 3, order status: for each status, the statuses it may move to and who may
 * move it there. Any move not listed here is INVALID_TRANSITION.
 *  - paid comes only from the payment webhook (system);
 *  - cancelled: buyer before confirmed, vendor before shipped (a pickup order that is
 *    ready but never collected counts as not shipped), system when the payment window
 *    expires (and, outside this table, expireUnconfirmed: a cash-on-delivery order the
 *    vendor left unconfirmed past its window; the system cancels nothing else);
 *  - refunded: admin, from paid onwards (a cash order is only "paid" once delivered, which
 *    refund() checks through the payment status);
 *  - completed: the buyer confirms receipt, or the system 3 days after delivery.
 */
export const allowedOrderTransitions: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, readonly OrderActorKind[]>>>>> = {
  pending_payment: { paid: ["system"], cancelled: ["buyer", "vendor", "system"] },
  placed: { confirmed: ["vendor"], cancelled: ["buyer", "vendor"] },
  paid: { confirmed: ["vendor"], cancelled: ["buyer", "vendor"], refunded: ["admin"] },
  confirmed: { ready_for_pickup: ["vendor"], shipped: ["vendor"], cancelled: ["vendor"], refunded: ["admin"] },
  ready_for_pickup: { delivered: ["vendor"], cancelled: ["vendor"], refunded: ["admin"] },
  shipped: { delivered: ["vendor"], refunded: ["admin"] },
  delivered: { completed: ["buyer", "system"], refunded: ["admin"] },
  completed: { refunded: ["admin"] },
  cancelled: {},
  refunded: {},
};

/** Orders in these statuses still hold their listing (car reserved, stock taken) unless released. */
export const OPEN_STATUSES: readonly OrderStatus[] = ["pending_payment", "placed", "paid", "confirmed", "ready_for_pickup", "shipped", "delivered"];

/** Before these statuses the goods are still with the vendor: a refund gives the listing back. */
const GOODS_WITH_VENDOR: readonly OrderStatus[] = ["pending_payment", "placed", "paid", "confirmed", "ready_for_pickup"];

export const AUTO_COMPLETE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
export const DEFAULT_CONFIRM_WINDOW_MS = 48 * 60 * 60 * 1000;

export function mayTransition(from: OrderStatus, to: OrderStatus, actor: OrderActorKind): boolean {
  return allowedOrderTransitions[from][to]?.includes(actor) ?? false;
}

export interface OrderState {
  id: string;
  buyerId: string;
  vendorId: string;
  kind: "car" | "part";
  listingId: string;
  quantity: number;
  status: OrderStatus;
  subtotal: number;
  deliveryFee: number;
  total: number;
  currency: "EGP";
  fulfillment: FulfillmentMethod;
  paymentMethod: PaymentMethod;
  paymentStatus: PaymentStatus;
  /** The provider's payment id of the current checkout (card), else null. */
  providerRef: string | null;
  /** Piastres taken: 0, or the total once paid. */
  paidAmount: number;
  /** Piastres given back: never more than paidAmount. */
  refundedAmount: number;
  inventory: InventoryState;
  /** Money to give back; `paymentId` and `amount` name a captured payment the order could not take (a mismatch). */
  refundDue: RefundDue | null;
  /** The admin refund under way or last tried (orders/refunds.ts), null before any. */
  refund: RefundAttempt | null;
  /**
   * Who proved the money was really collected (issue 10, finding 2): the provider (card,
   * through the signed webhook) or the buyer (cash: orders-confirmReceipt). Null until then,
   * and for cash the vendor alone marked delivered: reviews and GMV count only collected orders.
   */
  collectedBy: "provider" | "buyer" | null;
  cancelledBy: "buyer" | "vendor" | "system" | null;
  /** Epoch ms; card orders awaiting payment only. */
  expiresAtMs: number | null;
  /** Epoch ms of delivery; starts the auto-complete clock. */
  deliveredAtMs: number | null;
  confirmByMs: number | null; // epoch ms: a cash order not confirmed by then is cancelled
  /** Units taken from each stock shard of a sharded part (orders/shards.ts), given back on release. */
  stockTaken?: Record<string, number>;
}

/** What a change does to the order's listing, applied in the same transaction. */
export type InventoryEffect = "release" | "sell" | null;

export interface OrderChange {
  /** The order as it was read. */
  before: OrderState;
  from: OrderStatus;
  /** Equal to `from` for a change of the payment alone (a late payment, a refund of a cancelled order). */
  to: OrderStatus;
  order: OrderState;
  inventory: InventoryEffect;
  /** Short machine-readable note for the events timeline ("PAYMENT_WINDOW_EXPIRED"). */
  note: string | null;
}

/** The order's inventory state after `effect`; a release or sale happens once, from `held`. */
function inventoryAfter(order: OrderState, effect: InventoryEffect): { inventory: InventoryState; effect: InventoryEffect } {
  if (effect === null || order.inventory !== "held") return { inventory: order.inventory, effect: null };
  return { inventory: effect === "release" ? "released" : "sold", effect };
}

// ---- transitions ----------------------------------------------------------------------------

function requireTransition(order: OrderState, to: OrderStatus, actor: OrderActorKind): void {
  if (!mayTransition(order.status, to, actor)) throw errors.invalidTransition(order.status, to);
}

export function change(order: OrderState, to: OrderStatus, patch: Partial<OrderState>, effect: InventoryEffect, note: string | null): OrderChange {
  const inventory = inventoryAfter(order, effect);
  return {
    before: order,
    from: order.status,
    to,
    order: { ...order, ...patch, status: to, inventory: inventory.inventory },
    inventory: inventory.effect,
    note,
  };
}

/** Paid money that will not be kept needs a refund: flag it (an admin refunds through orders-refund). */
function refundDueAfterCancel(order: OrderState): { reason: string } | null {
  return order.paymentStatus === "succeeded" ? { reason: "CANCELLED_AFTER_PAYMENT" } : order.refundDue;
}

export function cancelOrder(order: OrderState, actor: "buyer" | "vendor" | "system", note: string | null = null): OrderChange {
  requireTransition(order, "cancelled", actor);
  return change(order, "cancelled", { cancelledBy: actor, expiresAtMs: null, refundDue: refundDueAfterCancel(order) }, "release", note);
}

/**
 * Day 28 of an account deletion (SPEC section 8): the system closes what is still open so
 * the erasure lands within 30 days. Goods not yet handed over: cancelled (money taken is
 * flagged for refund). Delivered: completed, as auto-complete would. Shipped goods are in
 * transit and cannot be called back: null, the order stays open and keeps the pseudonym.
 */
export function orderClosedForErasure(order: OrderState): OrderChange | null {
  if (order.status === "delivered") return change(order, "completed", {}, "sell", "ACCOUNT_ERASURE");
  if (!GOODS_WITH_VENDOR.includes(order.status)) return null;
  return change(order, "cancelled", { cancelledBy: "system", expiresAtMs: null, refundDue: refundDueAfterCancel(order) }, "release", "ACCOUNT_ERASURE");
}

/** The vendor's moves: confirmed, ready_for_pickup (pickup orders), shipped (delivery orders), delivered. */
export function advance(order: OrderState, to: "confirmed" | "ready_for_pickup" | "shipped" | "delivered", nowMs: number): OrderChange {
  requireTransition(order, to, "vendor");
  if (to === "ready_for_pickup" && order.fulfillment !== "pickup") {
    throw errors.precondition("INVALID_TRANSITION", "This order is delivered, not picked up: mark it shipped.");
  }
  if (to === "shipped" && order.fulfillment !== "delivery") {
    throw errors.precondition("INVALID_TRANSITION", "This order is picked up, not delivered: mark it ready_for_pickup.");
  }
  if (to !== "delivered") return change(order, to, {}, null, null);
  // Cash on delivery: handing the goods over is when the money is taken.
  const cash = order.paymentMethod === "cod" && order.paymentStatus === "pending";
  const payment: Partial<OrderState> = cash ? { paymentStatus: "succeeded", paidAmount: order.total } : {};
  return change(order, "delivered", { ...payment, deliveredAtMs: nowMs }, null, cash ? "CASH_COLLECTED" : null);
}

export function completeByBuyer(order: OrderState): OrderChange {
  requireTransition(order, "completed", "buyer");
  // Cash: the buyer saying "I received it" is the proof of payment the vendor alone cannot give.
  const collected: Partial<OrderState> = order.paymentMethod === "cod" && order.collectedBy === null ? { collectedBy: "buyer" } : {};
  return change(order, "completed", collected, "sell", null);
}

/** The auto-complete schedule: delivered at least 3 days ago. Null when there is nothing to do. */
export function autoComplete(order: OrderState, nowMs: number): OrderChange | null {
  if (order.status !== "delivered" || order.deliveredAtMs === null || order.deliveredAtMs + AUTO_COMPLETE_AFTER_MS > nowMs) return null;
  return change(order, "completed", {}, "sell", "AUTO_COMPLETED");
}

/** The expiry schedule: a card order still unpaid when its window closed. Null when there is nothing to do. */
export function expire(order: OrderState, nowMs: number): OrderChange | null {
  if (order.status !== "pending_payment" || order.expiresAtMs === null || order.expiresAtMs > nowMs) return null;
  return cancelOrder(order, "system", "PAYMENT_WINDOW_EXPIRED");
}

/** Confirm-window schedule: a cash order still `placed` past confirmBy, else null. */
export function expireUnconfirmed(order: OrderState, nowMs: number): OrderChange | null {
  if (order.status !== "placed" || order.confirmByMs === null || order.confirmByMs > nowMs) return null;
  return change(order, "cancelled", { cancelledBy: "system", refundDue: refundDueAfterCancel(order) }, "release", "CONFIRM_WINDOW_EXPIRED");
}

/** The attempt as finished: the provider's refund id (null for cash refunded by hand). */
function refundSucceededAttempt(previous: RefundAttempt | null, refundId: string | null): RefundAttempt {
  return { state: "succeeded", refundId: refundId ?? previous?.refundId ?? null, requestedAtMs: previous?.requestedAtMs ?? 0, attempts: previous?.attempts ?? 0 };
}

/**
 * An admin refund of everything paid. Orders from paid onwards move to `refunded` (the
 * listing comes back if the goods never left the vendor; a car handed over counts as sold);
 * a cancelled order that was paid keeps its status and has its payment refunded.
 */
export function refundOrder(order: OrderState, refundId: string | null = null): OrderChange {
  if (order.paymentStatus !== "succeeded" || order.paidAmount <= 0) {
    if (order.paymentStatus === "refunded") throw errors.precondition("ALREADY_REFUNDED", "This order has already been refunded.");
    throw errors.invalidTransition(order.status, "refunded");
  }
  const refund = refundSucceededAttempt(order.refund, refundId);
  const paymentPatch: Partial<OrderState> = { paymentStatus: "refunded", refundedAmount: order.paidAmount, refundDue: null, refund };
  if (order.status === "cancelled") return change(order, "cancelled", paymentPatch, null, "PAYMENT_REFUNDED");
  requireTransition(order, "refunded", "admin");
  const effect: InventoryEffect = GOODS_WITH_VENDOR.includes(order.status) ? "release" : "sell";
  return change(order, "refunded", { ...paymentPatch, expiresAtMs: null }, effect, null);
}

// ---- payments -----------------------------------------------------------------------------

/** The events note of a checkout, which changes the payment but not the status. */
export const CHECKOUT_OPENED = "CHECKOUT_OPENED";

export interface PaymentFacts {
  type: "payment.succeeded" | "payment.failed" | "refund.succeeded";
  paymentId: string;
  amount: number;
  currency: string;
}

/** Refuses a checkout unless the order is a card order awaiting payment in time (a failed attempt may be retried). */
export function requireCheckoutAllowed(order: OrderState, nowMs: number): void {
  if (order.paymentMethod !== "card") throw errors.precondition("NOT_A_CARD_ORDER", "This order is paid in cash on delivery.");
  if (order.status !== "pending_payment") throw errors.precondition("NOT_AWAITING_PAYMENT", `This order is ${order.status}; there is nothing to pay.`);
  if (order.expiresAtMs !== null && order.expiresAtMs <= nowMs) {
    throw errors.precondition("PAYMENT_WINDOW_EXPIRED", "The time to pay for this order has run out. Place a new order.");
  }
}

/** The provider opened checkout `paymentId` for the order: it becomes the payment the webhook will name. */
export function openCheckout(order: OrderState, paymentId: string, nowMs: number): OrderChange {
  requireCheckoutAllowed(order, nowMs);
  return change(order, order.status, { providerRef: paymentId, paymentStatus: "pending" }, null, CHECKOUT_OPENED);
}

/** Amount, currency and payment id must be what the order expects, or the event is refused. */
function checkPaymentMatches(order: OrderState, facts: PaymentFacts, expectedAmount: number): void {
  if (facts.paymentId !== order.providerRef) {
    throw errors.precondition("PAYMENT_MISMATCH", "The payment does not belong to this order's checkout.");
  }
  if (facts.currency !== order.currency || facts.amount !== expectedAmount) {
    throw errors.precondition("AMOUNT_MISMATCH", `Expected ${expectedAmount} ${order.currency}, got ${facts.amount} ${facts.currency}.`);
  }
}

/**
 * What a payment event does to the order: a change, or null when it changes nothing (a
 * failure reported after success, a second success of the same payment). Mismatches throw.
 */
export function applyPaymentEvent(order: OrderState, facts: PaymentFacts): OrderChange | null {
  if (order.paymentMethod !== "card") throw errors.precondition("NOT_A_CARD_ORDER", "This order is paid in cash on delivery.");
  if (facts.type === "refund.succeeded") {
    checkPaymentMatches(order, facts, order.paidAmount);
    if (order.paymentStatus === "refunded") return null;
    return refundOrder(order);
  }
  checkPaymentMatches(order, facts, order.total);
  if (facts.type === "payment.failed") {
    if (order.status !== "pending_payment" || order.paymentStatus !== "pending") return null;
    return change(order, order.status, { paymentStatus: "failed" }, null, "PAYMENT_FAILED");
  }
  if (order.paymentStatus === "succeeded" || order.paymentStatus === "refunded") return null;
  if (order.status === "cancelled") {
    // The money arrived after the order was cancelled: keep the record, flag the refund.
    return change(order, "cancelled", { paymentStatus: "succeeded", paidAmount: facts.amount, refundDue: { reason: "PAID_AFTER_CANCELLATION" } }, null, "PAID_AFTER_CANCELLATION");
  }
  requireTransition(order, "paid", "system");
  return change(order, "paid", { paymentStatus: "succeeded", paidAmount: facts.amount, expiresAtMs: null, collectedBy: "provider" }, null, null);
}
