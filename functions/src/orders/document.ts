// The layout of an order document (orders/{orderId}, SPEC section 3), in one place: how a
// stored order reads into the model's plain state, what a new order writes, and which
// fields a change or a checkout rewrites. Only orders/store.ts writes what this file
// builds; everything else reads orders through orderStateOf.
import { FieldValue, Timestamp, type DocumentData, type DocumentSnapshot } from "firebase-admin/firestore";
import type { AuditActor } from "../core/audit";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { millisOrNull, timestampOrNull } from "../core/time";
import type { OrderChange, OrderState, RefundAttempt } from "./model";
import type { ListingStock } from "./placement";
import type { OrderItem } from "./schema";

export const orderRef = (orderId: string) => db().collection("orders").doc(orderId);
export const listingRef = (listingId: string) => db().collection("listings").doc(listingId);
export const orderNumberRef = (number: string) => db().collection("orderNumbers").doc(number);
/** The full delivery address, encrypted; the order itself shows it masked. */
export const fulfillmentRef = (orderId: string) => orderRef(orderId).collection("private").doc("fulfillment");

/** The stored refund attempt (requestedAt a Timestamp), or null before any. */
function refundAttemptOf(stored: DocumentData | null | undefined): RefundAttempt | null {
  if (!stored) return null;
  return { state: stored.state, refundId: stored.refundId ?? null, requestedAtMs: millisOrNull(stored.requestedAt) ?? 0, attempts: stored.attempts ?? 0 };
}

function storedRefundAttempt(refund: RefundAttempt | null): DocumentData | null {
  if (!refund) return null;
  return { state: refund.state, refundId: refund.refundId, requestedAt: timestampOrNull(refund.requestedAtMs), attempts: refund.attempts };
}

export function orderStateOf(snap: DocumentSnapshot): OrderState {
  const d = snap.data();
  if (!d) throw errors.notFound("Order");
  const item = (d.items as OrderItem[])[0];
  return {
    id: snap.id,
    buyerId: d.buyerId,
    vendorId: d.vendorId,
    kind: item.kind,
    listingId: item.listingId,
    quantity: item.quantity,
    status: d.status,
    subtotal: d.subtotal,
    deliveryFee: d.deliveryFee,
    total: d.total,
    currency: d.currency,
    fulfillment: d.fulfillment.method,
    paymentMethod: d.payment.method,
    paymentStatus: d.payment.status,
    providerRef: d.payment.providerRef ?? null,
    paidAmount: d.payment.amount ?? 0,
    refundedAmount: d.payment.refundedAmount ?? 0,
    inventory: d.inventory,
    refundDue: d.refundDue ?? null,
    refund: refundAttemptOf(d.refund),
    collectedBy: d.payment.collectedBy ?? null,
    cancelledBy: d.cancellation?.by ?? null,
    expiresAtMs: millisOrNull(d.expiresAt),
    deliveredAtMs: millisOrNull(d.deliveredAt),
    confirmByMs: millisOrNull(d.confirmBy),
    ...(d.stockTaken ? { stockTaken: d.stockTaken as Record<string, number> } : {}),
  };
}

export function listingStockOf(snap: DocumentSnapshot): ListingStock {
  const d = snap.data();
  if (!d) throw errors.notFound("Listing");
  return {
    id: snap.id,
    vendorId: d.vendorId,
    kind: d.kind,
    status: d.status,
    title: d.title,
    price: d.price,
    currency: d.currency,
    stock: typeof d.stock === "number" ? d.stock : 0,
  };
}

/** What orders-create answers, for a new order and for its replay alike. */
export interface CreatedOrder {
  orderId: string;
  number: string;
  status: string;
  total: number;
  expiresAt?: string;
}

export function createdOrderOf(id: string, data: DocumentData): CreatedOrder {
  const expiresAt = data.expiresAt instanceof Timestamp ? data.expiresAt.toDate().toISOString() : undefined;
  return { orderId: id, number: data.number, status: data.status, total: data.total, ...(expiresAt ? { expiresAt } : {}) };
}

/** What only a new order has: its number, the listing's title and price as bought, the masked address. */
export interface NewOrderFacts {
  number: string;
  title: string;
  unitPrice: number;
  maskedAddress: string | null;
  idempotencyKey: string;
  by: AuditActor;
  requestId: string | null;
}

export function newOrderDocument(order: OrderState, facts: NewOrderFacts): DocumentData {
  const now = FieldValue.serverTimestamp();
  return {
    number: facts.number,
    buyerId: order.buyerId,
    vendorId: order.vendorId,
    items: [{ listingId: order.listingId, kind: order.kind, title: facts.title, unitPrice: facts.unitPrice, quantity: order.quantity }],
    subtotal: order.subtotal,
    deliveryFee: order.deliveryFee,
    total: order.total,
    currency: order.currency,
    status: order.status,
    payment: { method: order.paymentMethod, status: order.paymentStatus, providerRef: null, checkoutUrl: null, amount: 0, refundedAmount: 0, paidAt: null, refundedAt: null, collectedBy: null },
    fulfillment: { method: order.fulfillment, address: facts.maskedAddress },
    inventory: order.inventory,
    refundDue: null,
    refund: null,
    cancellation: null,
    idempotencyKey: facts.idempotencyKey,
    expiresAt: timestampOrNull(order.expiresAtMs),
    confirmBy: timestampOrNull(order.confirmByMs),
    deliveredAt: null,
    lastChange: { by: facts.by, requestId: facts.requestId, reason: null },
    createdAt: now,
    updatedAt: now,
  };
}

/** The checkout the order holds, while it can still be paid: a second tap gets the same one. */
export function openCheckoutOf(data: DocumentData | undefined): { paymentId: string; checkoutUrl: string } | null {
  const payment = data?.payment;
  if (payment?.status === "pending" && typeof payment.providerRef === "string" && typeof payment.checkoutUrl === "string") {
    return { paymentId: payment.providerRef, checkoutUrl: payment.checkoutUrl };
  }
  return null;
}

/** Who made a change, stored on the order so triggers can attribute notifications and stats. */
export interface LastChange {
  by: AuditActor;
  requestId?: string;
  reason?: string;
}

/** paidAt when the money arrived with this change, refundedAt when it went back. */
function paymentTimes(change: OrderChange): DocumentData {
  const before = change.before.paymentStatus;
  const after = change.order.paymentStatus;
  if (after === before) return {};
  if (after === "succeeded") return { "payment.paidAt": FieldValue.serverTimestamp() };
  if (after === "refunded") return { "payment.refundedAt": FieldValue.serverTimestamp() };
  return {};
}

/** The order fields a change rewrites (everything else is fixed at creation); `checkoutUrl` only when a checkout opens. */
export function orderChangePatch(change: OrderChange, last: LastChange, checkoutUrl?: string): DocumentData {
  const { order } = change;
  const now = FieldValue.serverTimestamp();
  const patch: DocumentData = {
    status: order.status,
    "payment.status": order.paymentStatus,
    "payment.providerRef": order.providerRef,
    "payment.amount": order.paidAmount,
    "payment.refundedAmount": order.refundedAmount,
    inventory: order.inventory,
    refundDue: order.refundDue,
    refund: storedRefundAttempt(order.refund),
    "payment.collectedBy": order.collectedBy,
    expiresAt: timestampOrNull(order.expiresAtMs),
    deliveredAt: timestampOrNull(order.deliveredAtMs),
    // Cleared once the vendor confirmed, so the confirm-window query only sees waiting orders.
    confirmBy: order.status === "placed" ? timestampOrNull(order.confirmByMs) : null,
    updatedAt: now,
    lastChange: { by: last.by, requestId: last.requestId ?? null, reason: change.note ?? last.reason ?? null },
  };
  if (checkoutUrl !== undefined) patch["payment.checkoutUrl"] = checkoutUrl;
  Object.assign(patch, paymentTimes(change));
  if (change.to === "cancelled" && change.from !== "cancelled") {
    patch.cancellation = { by: order.cancelledBy, reason: last.reason ?? change.note ?? "", at: now };
  }
  return patch;
}

/**
 * The listing fields an order writes when it holds, releases or sells it. `lastOrder`
 * names the order, so the listing trigger attributes the status change to orders rather
 * than to the vendor (and leaves derived fields alone); updatedAt moves here because the
 * trigger does not.
 */
export function listingInventoryPatch(next: ListingStock, orderId: string, effect: "hold" | "release" | "sell"): DocumentData {
  const patch: DocumentData = { lastOrder: { orderId, effect }, updatedAt: FieldValue.serverTimestamp() };
  if (next.kind === "car") patch.status = next.status;
  else patch.stock = next.stock;
  return patch;
}

/** A sharded part's hold: its stock drops by what the shards gave, blindly (no checkout reads it, listings/stock.ts). */
export function shardedHoldPatch(orderId: string, quantity: number): DocumentData {
  return { stock: FieldValue.increment(-quantity), lastOrder: { orderId, effect: "hold" }, updatedAt: FieldValue.serverTimestamp() };
}
