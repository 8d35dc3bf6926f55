// orders-create, orders-cancel, orders-updateStatus, orders-confirmReceipt, orders-refund
// (SPEC sections 3 and 4). Each handler reads in a transaction, lets orders/model.ts decide,
// and writes what it returns through store.commitChange (order, listing, events entry,
// audit entry together). Notifications and stats follow from the orders trigger.
import { FieldValue, Timestamp, type DocumentData, type Transaction } from "firebase-admin/firestore";
import { callable, type CallContext } from "../core/callable";
import { DELIVERY_FEE_PIASTRES, ORDER_PAYMENT_WINDOW_MINUTES, PAYMENT_API_KEY, PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { paymentProvider } from "../paymentProviders/registry";
import { advance, cancel as cancelOrder, confirmReceipt as completeByBuyer, holdListing, maskAddress, placeOrder, refund as refundOrder, type OrderChange, type OrderState } from "./model";
import { newOrderNumber, orderIdFor } from "./numbers";
import {
  CancelOrderInput,
  ConfirmReceiptInput,
  CreateOrderInput,
  RefundOrderInput,
  UpdateOrderStatusInput,
  type CreateOrder,
} from "./schema";
import { commitChange, inTransaction, listingAfter, listingPatch, listingRef, listingStockOf, orderRef, orderStateOf, readOrderAndListing, type ChangeContext } from "./store";

/** Order numbers are random; a collision (1 in ~900 million per day) picks another. */
const NUMBER_ATTEMPTS = 5;

/** Who the caller is to this order. Someone else's order is "not found": its existence is not disclosed. */
export function relationOf(order: OrderState, uid: string): "buyer" | "vendor" {
  if (order.buyerId === uid) return "buyer";
  if (order.vendorId === uid) return "vendor";
  throw errors.notFound("Order");
}

function contextOf(ctx: CallContext<unknown>, reason?: string): ChangeContext {
  return { by: { uid: ctx.uid, role: ctx.role }, requestId: ctx.requestId, reason, ip: ctx.ip, userAgent: ctx.userAgent };
}

/** Applies `decide` to the order in one transaction, with its listing when the change releases or sells it. */
async function changeOrder(orderId: string, context: ChangeContext, decide: (order: OrderState) => OrderChange): Promise<OrderChange> {
  return inTransaction(async (tx) => {
    const { order, listing } = await readOrderAndListing(tx, orderId);
    const change = decide(order);
    await commitChange(tx, change, context, listingAfter(listing, change));
    return change;
  });
}

// ---- orders-create -------------------------------------------------------------------------

interface CreatedOrder {
  orderId: string;
  number: string;
  status: string;
  total: number;
  expiresAt?: string;
}

function createdOrderOf(id: string, data: DocumentData): CreatedOrder {
  const expiresAt = data.expiresAt instanceof Timestamp ? data.expiresAt.toDate().toISOString() : undefined;
  return { orderId: id, number: data.number, status: data.status, total: data.total, ...(expiresAt ? { expiresAt } : {}) };
}

/** A retry returns the order the key already made; the same key for a different purchase is a client bug. */
function replayOf(id: string, existing: DocumentData, input: CreateOrder): CreatedOrder {
  const item = existing.items[0];
  if (item.listingId !== input.listingId || item.quantity !== (input.quantity ?? 1) || existing.payment.method !== input.paymentMethod) {
    throw errors.precondition("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different order. Use a new key for a new checkout.");
  }
  return createdOrderOf(id, existing);
}

async function reserveNumber(tx: Transaction, nowMs: number): Promise<string> {
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt += 1) {
    const number = newOrderNumber(nowMs);
    if (!(await tx.get(db().collection("orderNumbers").doc(number))).exists) return number;
  }
  throw errors.busy();
}

function orderDocument(order: OrderState, number: string, title: string, unitPrice: number, input: CreateOrder, requestContext: ChangeContext): DocumentData {
  const now = FieldValue.serverTimestamp();
  const address = input.fulfillment.address;
  return {
    number,
    buyerId: order.buyerId,
    vendorId: order.vendorId,
    items: [{ listingId: order.listingId, kind: order.kind, title, unitPrice, quantity: order.quantity }],
    subtotal: order.subtotal,
    deliveryFee: order.deliveryFee,
    total: order.total,
    currency: order.currency,
    status: order.status,
    payment: { method: order.paymentMethod, status: order.paymentStatus, providerRef: null, checkoutUrl: null, amount: 0, refundedAmount: 0, paidAt: null, refundedAt: null },
    fulfillment: { method: order.fulfillment, address: address === undefined ? null : maskAddress(address) },
    inventory: order.inventory,
    refundDue: null,
    cancellation: null,
    idempotencyKey: input.idempotencyKey,
    expiresAt: order.expiresAtMs === null ? null : Timestamp.fromMillis(order.expiresAtMs),
    deliveredAt: null,
    lastChange: { by: requestContext.by, requestId: requestContext.requestId ?? null, reason: null },
    createdAt: now,
    updatedAt: now,
  };
}

export const create = callable({
  name: "orders.create",
  roles: ["customer"],
  input: CreateOrderInput,
  audit: "order.create",
  rateLimit: { limit: 30, windowSeconds: 3600 },
  secrets: [PII_KEY],
  handler: async (ctx) => {
    const { uid, input } = ctx;
    const orderId = orderIdFor(uid, input.idempotencyKey);
    const context = contextOf(ctx);
    const encryptedAddress = input.fulfillment.address === undefined ? null : piiCipher().encrypt(JSON.stringify(input.fulfillment.address));
    const paymentWindowMs = ORDER_PAYMENT_WINDOW_MINUTES.value() * 60_000;
    const deliveryFee = DELIVERY_FEE_PIASTRES.value();
    const result = await inTransaction(async (tx) => {
      const ref = orderRef(orderId);
      const existing = await tx.get(ref);
      if (existing.exists) return { created: replayOf(orderId, existing.data() ?? {}, input), replay: true };
      const listingSnap = await tx.get(listingRef(input.listingId));
      if (!listingSnap.exists) throw errors.notFound("Listing");
      const listing = listingStockOf(listingSnap);
      const nowMs = Date.now();
      const order = placeOrder(listing, { id: orderId, buyerId: uid, quantity: input.quantity, fulfillment: input.fulfillment.method, paymentMethod: input.paymentMethod, deliveryFee, nowMs, paymentWindowMs });
      const number = await reserveNumber(tx, nowMs);
      const document = orderDocument(order, number, listing.title, listing.price, input, context);
      tx.create(ref, document);
      tx.create(db().collection("orderNumbers").doc(number), { orderId, createdAt: FieldValue.serverTimestamp() });
      tx.create(ref.collection("events").doc(order.status), { from: null, to: order.status, by: context.by, at: FieldValue.serverTimestamp(), note: null });
      if (encryptedAddress) tx.create(ref.collection("private").doc("fulfillment"), { address: encryptedAddress });
      tx.update(listingSnap.ref, listingPatch(holdListing(listing, order.quantity), orderId, "hold"));
      return { created: createdOrderOf(orderId, document), replay: false };
    });
    ctx.audit({
      target: { type: "order", id: orderId },
      changes: { listingId: input.listingId, quantity: input.quantity ?? 1, total: result.created.total, status: result.created.status, replay: result.replay },
    });
    return result.created;
  },
});

// ---- transitions ------------------------------------------------------------------------------

export const cancel = callable({
  name: "orders.cancel",
  roles: ["customer", "vendor"],
  input: CancelOrderInput,
  rateLimit: { limit: 30, windowSeconds: 3600 },
  handler: async (ctx) => {
    const change = await changeOrder(ctx.input.orderId, contextOf(ctx, ctx.input.reason), (order) => cancelOrder(order, relationOf(order, ctx.uid)));
    return { status: change.to };
  },
});

async function deliveryAddressOf(orderId: string): Promise<unknown> {
  const snap = await orderRef(orderId).collection("private").doc("fulfillment").get();
  const encrypted = snap.get("address");
  return typeof encrypted === "string" ? JSON.parse(await piiCipher().decrypt(encrypted)) : null;
}

export const updateStatus = callable({
  name: "orders.updateStatus",
  roles: ["vendor"],
  input: UpdateOrderStatusInput,
  secrets: [PII_KEY],
  handler: async (ctx) => {
    const { orderId, status } = ctx.input;
    const change = await changeOrder(orderId, contextOf(ctx), (order) => {
      if (relationOf(order, ctx.uid) !== "vendor") throw errors.notFound("Order");
      return advance(order, status, Date.now());
    });
    // The vendor needs the full address to deliver; it is handed over once the order is theirs to fulfil.
    if (change.to === "confirmed" && change.order.fulfillment === "delivery") {
      return { status: change.to, deliveryAddress: await deliveryAddressOf(orderId) };
    }
    return { status: change.to };
  },
});

export const confirmReceipt = callable({
  name: "orders.confirmReceipt",
  roles: ["customer"],
  input: ConfirmReceiptInput,
  handler: async (ctx) => {
    const change = await changeOrder(ctx.input.orderId, contextOf(ctx), (order) => {
      if (relationOf(order, ctx.uid) !== "buyer") throw errors.notFound("Order");
      return completeByBuyer(order);
    });
    return { status: change.to };
  },
});

export const refund = callable({
  name: "orders.refund",
  roles: ["admin"],
  input: RefundOrderInput,
  secrets: [PAYMENT_API_KEY],
  handler: async (ctx) => {
    const { orderId, reason } = ctx.input;
    const snap = await orderRef(orderId).get();
    if (!snap.exists) throw errors.notFound("Order");
    const planned = refundOrder(orderStateOf(snap));
    // Money goes back first (the provider refunds a payment once, keyed by the order); the
    // order records it after. A cash order was refunded by hand: it is only recorded.
    let refundId: string | null = null;
    if (planned.before.paymentMethod === "card" && planned.before.providerRef) {
      const outcome = await paymentProvider().refund({
        orderId,
        paymentId: planned.before.providerRef,
        amount: planned.before.paidAmount,
        currency: planned.before.currency,
        reason,
      });
      refundId = outcome.refundId;
      if (outcome.status === "pending") return { status: planned.before.status, refund: "pending" };
    }
    const context: ChangeContext = { ...contextOf(ctx, reason), auditChanges: { refundId, amount: planned.before.paidAmount } };
    const change = await changeOrder(orderId, context, refundOrder);
    return { status: change.to };
  },
});
