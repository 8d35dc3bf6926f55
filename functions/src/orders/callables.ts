// orders-create, orders-cancel, orders-updateStatus, orders-confirmReceipt, orders-refund
// (SPEC sections 3 and 4). Each handler lets orders/model.ts decide and orders/store.ts
// write (order, listing, events entry and audit entry in one transaction). Notifications
// and stats follow from the orders trigger.
import { callable, type CallContext } from "../core/callable";
import { DELIVERY_FEE_PIASTRES, MAX_OPEN_CAR_ORDERS, ORDER_CONFIRM_WINDOW_HOURS, ORDER_PAYMENT_WINDOW_MINUTES, PAYMENT_API_KEY, PII_KEY } from "../core/config";
import { writeAudit } from "../core/audit";
import { DomainError, errors } from "../core/errors";
import { piiCipher } from "../core/keys";
import type { RefundResult } from "../paymentProviders/contract";
import { paymentProvider } from "../paymentProviders/registry";
import { fulfillmentRef } from "./document";
import { maskAddress } from "../shared/address";
import { advance, cancelOrder, completeByBuyer, refundOrder, type OrderState } from "./model";
import { orderIdFor } from "./numbers";
import { CancelOrderInput, ConfirmReceiptInput, CreateOrderInput, RefundOrderInput, UpdateOrderStatusInput } from "./schema";
import { beginRefund, refundFailed, refundFailure, refundKeyOf, refundPending, refundSucceeded } from "./refunds";
import { changeOrder, createOrder, settleOrder, type ChangeContext } from "./store";

/** Who the caller is to this order. Someone else's order is "not found": its existence is not disclosed. */
export function relationOf(order: OrderState, uid: string): "buyer" | "vendor" {
  if (order.buyerId === uid) return "buyer";
  if (order.vendorId === uid) return "vendor";
  throw errors.notFound("Order");
}

function contextOf(ctx: CallContext<unknown>, reason?: string): ChangeContext {
  return { by: { uid: ctx.uid, role: ctx.role }, requestId: ctx.requestId, reason, ip: ctx.ip, userAgent: ctx.userAgent };
}

// ---- orders-create -------------------------------------------------------------------------

/** A param left at 0 (unset outside the platform) means its default. */
function positiveOr(value: number, fallback: number): number {
  return value > 0 ? value : fallback;
}

export const create = callable({
  name: "orders.create",
  roles: ["customer"],
  input: CreateOrderInput,
  rateLimit: { limit: 30, windowSeconds: 3600 },
  secrets: [PII_KEY],
  handler: async (ctx) => {
    const { uid, input } = ctx;
    const address = input.fulfillment.address;
    const { created } = await createOrder(
      {
        orderId: orderIdFor(uid, input.idempotencyKey),
        idempotencyKey: input.idempotencyKey,
        listingId: input.listingId,
        place: {
          buyerId: uid,
          quantity: input.quantity,
          fulfillment: input.fulfillment.method,
          paymentMethod: input.paymentMethod,
          deliveryFee: DELIVERY_FEE_PIASTRES.value(),
          paymentWindowMs: ORDER_PAYMENT_WINDOW_MINUTES.value() * 60_000,
          confirmWindowMs: positiveOr(ORDER_CONFIRM_WINDOW_HOURS.value(), 48) * 3_600_000,
        },
        maxOpenCarOrders: positiveOr(MAX_OPEN_CAR_ORDERS.value(), 2),
        maskedAddress: address === undefined ? null : maskAddress(address),
        encryptedAddress: address === undefined ? null : piiCipher().encrypt(JSON.stringify(address)),
      },
      contextOf(ctx),
    );
    return created;
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
  const snap = await fulfillmentRef(orderId).get();
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

/** A refused refund click (in progress, already refunded) is an attempt too: audited, then answered. */
async function auditRefusedRefund(ctx: CallContext<unknown>, orderId: string, error: unknown): Promise<never> {
  if (error instanceof DomainError && error.code !== "NOT_FOUND") {
    const entry = { actor: { uid: ctx.uid, role: ctx.role }, action: "order.refund" as const, target: { type: "order", id: orderId }, outcome: "failure" as const, reason: error.code };
    await writeAudit({ ...entry, requestId: ctx.requestId, ip: ctx.ip, userAgent: ctx.userAgent });
  }
  throw error;
}

/**
 * orders-refund (issue 10, finding 1): one refund pays out once. The attempt is recorded on
 * the order in a transaction first (a concurrent click meets REFUND_IN_PROGRESS), then the
 * provider is asked with the order id as its idempotency key, and its answer is recorded:
 * succeeded (the order is refunded), pending (the refund.succeeded webhook, or calling
 * again, finishes it) or failed (refundable again). Every step has its events entry and its
 * order.refund audit entry. A cash order was refunded by hand: it is recorded in one step.
 */
export const refund = callable({
  name: "orders.refund",
  roles: ["admin"],
  sudo: true,
  input: RefundOrderInput,
  secrets: [PAYMENT_API_KEY],
  consumeAppCheck: true,
  handler: async (ctx) => {
    const { orderId, reason } = ctx.input;
    const context: ChangeContext = { ...contextOf(ctx, reason), auditAction: "order.refund" };
    const claimed = await changeOrder(orderId, context, (order) => (order.paymentMethod === "card" && order.providerRef ? beginRefund(order, Date.now()) : refundOrder(order))).catch((error: unknown) =>
      auditRefusedRefund(ctx, orderId, error),
    );
    const order = claimed.before;
    if (claimed.order.paymentStatus === "refunded" || !order.providerRef) return { status: claimed.to };
    let outcome: RefundResult;
    try {
      const request = { orderId, paymentId: order.providerRef, amount: order.paidAmount, currency: order.currency, reason, idempotencyKey: refundKeyOf(orderId) };
      outcome = await paymentProvider().refund(request);
    } catch (error) {
      const failure = refundFailure(error);
      await settleOrder(orderId, { ...context, auditFailure: failure.code }, refundFailed);
      throw failure;
    }
    const settle = outcome.status === "pending" ? refundPending : refundSucceeded;
    const settled = await settleOrder(orderId, { ...context, auditChanges: { refundId: outcome.refundId, amount: order.paidAmount } }, (current) => settle(current, outcome.refundId));
    const now = settled.change?.order ?? settled.order;
    return now.paymentStatus === "refunded" ? { status: now.status } : { status: now.status, refund: "pending" };
  },
});
