// Reading orders and listings into the model's plain state, and writing an OrderChange back:
// the order, its listing, an events entry and the audit entry, all in the caller's
// transaction. Every path that changes an order (callables, webhook, schedules) ends here,
// so the trail is the same whoever acted.
import { FieldValue, Timestamp, type DocumentData, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditAction, type AuditActor } from "../core/audit";
import { errors } from "../core/errors";
import { db, grpcCodeOf } from "../core/firebase";
import { applyInventory, type ListingStock, type OrderChange, type OrderState } from "./model";
import type { OrderItem } from "./schema";

export const orderRef = (orderId: string) => db().collection("orders").doc(orderId);
export const listingRef = (listingId: string) => db().collection("listings").doc(listingId);

/** A transaction retried enough times for a hot listing (many buyers, one car) to settle every contender. */
export const TRANSACTION_ATTEMPTS = 25;
const ABORTED = 10;

/** Runs `work` in a transaction; contention that outlasts every retry is a clear, retryable error. */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db().runTransaction(work, { maxAttempts: TRANSACTION_ATTEMPTS });
  } catch (error) {
    if (grpcCodeOf(error) === ABORTED) throw errors.busy();
    throw error;
  }
}

function millisOrNull(value: unknown): number | null {
  return value instanceof Timestamp ? value.toMillis() : null;
}

function timestampOrNull(ms: number | null): Timestamp | null {
  return ms === null ? null : Timestamp.fromMillis(ms);
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
    cancelledBy: d.cancellation?.by ?? null,
    expiresAtMs: millisOrNull(d.expiresAt),
    deliveredAtMs: millisOrNull(d.deliveredAt),
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

/** Who made a change, for the order's lastChange, its events entry and the audit log. */
export interface ChangeContext {
  by: AuditActor;
  requestId?: string;
  /** Free text a person gave (a cancellation or refund reason). */
  reason?: string;
  /** Extra audit facts (e.g. the webhook event id). */
  auditChanges?: Record<string, string | number | boolean | null>;
  ip?: string;
  userAgent?: string;
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

/** The order fields a change rewrites (everything else is fixed at creation). */
function orderPatch(change: OrderChange, context: ChangeContext): DocumentData {
  const { order } = change;
  const now = FieldValue.serverTimestamp();
  const patch: DocumentData = {
    status: order.status,
    "payment.status": order.paymentStatus,
    "payment.amount": order.paidAmount,
    "payment.refundedAmount": order.refundedAmount,
    inventory: order.inventory,
    refundDue: order.refundDue,
    expiresAt: timestampOrNull(order.expiresAtMs),
    deliveredAt: timestampOrNull(order.deliveredAtMs),
    updatedAt: now,
    lastChange: { by: context.by, requestId: context.requestId ?? null, reason: change.note ?? context.reason ?? null },
  };
  Object.assign(patch, paymentTimes(change));
  if (change.to === "cancelled" && change.from !== "cancelled") {
    patch.cancellation = { by: order.cancelledBy, reason: context.reason ?? change.note ?? "", at: now };
  }
  return patch;
}

/** The events entry id: the status reached (an order reaches each status once), or the payment change. */
function eventId(change: OrderChange): string {
  if (change.from !== change.to) return change.to;
  return `${change.to}-${(change.note ?? "change").toLowerCase()}-${Date.now()}`;
}

function auditActionOf(change: OrderChange): AuditAction {
  return change.to === "refunded" || change.order.paymentStatus === "refunded" ? "order.refund" : "order.status_change";
}

/**
 * Writes `change` of the order (and its listing, when the change releases or sells it) in
 * `tx`. Reads must be done: `listing` is the snapshot read in this transaction.
 */
export async function commitChange(
  tx: Transaction,
  change: OrderChange,
  context: ChangeContext,
  listing?: { snap: DocumentSnapshot; next: ListingStock },
): Promise<void> {
  const ref = orderRef(change.order.id);
  tx.update(ref, orderPatch(change, context));
  tx.set(ref.collection("events").doc(eventId(change)), {
    from: change.from,
    to: change.to,
    by: context.by,
    at: FieldValue.serverTimestamp(),
    note: change.note ?? context.reason ?? null,
  });
  if (listing && change.inventory !== null && listing.snap.exists) {
    tx.update(listing.snap.ref, listingPatch(listing.next, change.order.id, change.inventory));
  }
  await writeAudit(
    {
      actor: context.by,
      action: auditActionOf(change),
      target: { type: "order", id: change.order.id },
      outcome: "success",
      changes: {
        from: change.from,
        to: change.to,
        paymentStatus: change.order.paymentStatus,
        inventory: change.inventory,
        note: change.note,
        reason: context.reason ?? null,
        ...context.auditChanges,
      },
      requestId: context.requestId,
      ip: context.ip,
      userAgent: context.userAgent,
    },
    tx,
  );
}

/**
 * The listing fields an order writes. `lastOrder` names the order, so the listing trigger
 * attributes the status change to orders rather than to the vendor (and leaves derived
 * fields alone); updatedAt moves here because the trigger does not.
 */
export function listingPatch(next: ListingStock, orderId: string, effect: "hold" | "release" | "sell"): DocumentData {
  const patch: DocumentData = { lastOrder: { orderId, effect }, updatedAt: FieldValue.serverTimestamp() };
  if (next.kind === "car") patch.status = next.status;
  else patch.stock = next.stock;
  return patch;
}

/** Reads the order and (when the change may touch it) its listing, both in `tx`. */
export async function readOrderAndListing(tx: Transaction, orderId: string): Promise<{ order: OrderState; listing: DocumentSnapshot }> {
  const snap = await tx.get(orderRef(orderId));
  if (!snap.exists) throw errors.notFound("Order");
  const order = orderStateOf(snap);
  const listing = await tx.get(listingRef(order.listingId));
  return { order, listing };
}

/** The listing write a change needs (none when it neither releases nor sells, or the listing is gone). */
export function listingAfter(listing: DocumentSnapshot, change: OrderChange): { snap: DocumentSnapshot; next: ListingStock } | undefined {
  if (change.inventory === null || !listing.exists) return undefined;
  return { snap: listing, next: applyInventory(listingStockOf(listing), change.order, change.inventory) };
}
