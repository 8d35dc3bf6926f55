// Inputs of the orders and payments groups (SPEC section 4) and the stored order document
// (SPEC section 3). Strict objects: unknown keys are errors. Money is integer piastres.
import { z } from "zod";
import { AddressInput } from "../shared/address";
import { documentId } from "../shared/ids";

export const ORDER_STATUSES = [
  "pending_payment",
  "placed",
  "paid",
  "confirmed",
  "ready_for_pickup",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ["card", "cod"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FULFILLMENT_METHODS = ["pickup", "delivery"] as const;
export type FulfillmentMethod = (typeof FULFILLMENT_METHODS)[number];

/** Statuses a vendor sets through orders-updateStatus. */
export const VENDOR_ORDER_STATUSES = ["confirmed", "ready_for_pickup", "shipped", "delivered"] as const;
export type VendorOrderStatus = (typeof VENDOR_ORDER_STATUSES)[number];

/** What the order did to its listing: holds it (car reserved / stock taken), gave it back, or sold it. */
export const INVENTORY_STATES = ["held", "released", "sold"] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];

export const MAX_PART_QUANTITY = 100;

/** Order and listing ids: one path segment each (shared/ids.ts). */
const id = documentId;
const reason = z.string().trim().min(3).max(500);

export const FulfillmentInput = z
  .strictObject({
    method: z.enum(FULFILLMENT_METHODS),
    address: AddressInput.optional(),
  })
  .superRefine((fulfillment, ctx) => {
    if (fulfillment.method === "delivery" && fulfillment.address === undefined) {
      ctx.addIssue({ code: "custom", path: ["address"], message: "A delivery needs an address" });
    }
    if (fulfillment.method === "pickup" && fulfillment.address !== undefined) {
      ctx.addIssue({ code: "custom", path: ["address"], message: "Leave the address out for pickup" });
    }
  });

export const CreateOrderInput = z.strictObject({
  listingId: id,
  quantity: z.number().int().min(1).max(MAX_PART_QUANTITY).optional(),
  fulfillment: FulfillmentInput,
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** Chosen by the client per checkout attempt (a UUID); a retry with the same key returns the same order. */
  idempotencyKey: z.string().trim().min(8).max(100).regex(/^[\w-]+$/, { error: "Use letters, digits, '-' or '_' (a UUID works)" }),
});
export type CreateOrder = z.output<typeof CreateOrderInput>;

export const CancelOrderInput = z.strictObject({ orderId: id, reason });
export const UpdateOrderStatusInput = z.strictObject({ orderId: id, status: z.enum(VENDOR_ORDER_STATUSES) });
export const ConfirmReceiptInput = z.strictObject({ orderId: id });
export const RefundOrderInput = z.strictObject({ orderId: id, reason });
export const StartCheckoutInput = z.strictObject({ orderId: id });

/** Who made a change, as stored in events and audit entries. */
export type ChangeActor = { uid: string; role: string } | { system: string };

/**
 * The stored order (orders/{orderId}); Timestamps are Firestore Timestamps when read with
 * the Admin SDK. Everything here is server-owned; clients only read it.
 */
export interface OrderItem {
  listingId: string;
  kind: "car" | "part";
  title: string;
  unitPrice: number;
  quantity: number;
}

/** When a payment was (or is being) taken, and what came back. */
export interface OrderPayment {
  method: PaymentMethod;
  status: PaymentStatus;
  /** The provider's payment id (card), set by payments-startCheckout; null for cash. */
  providerRef: string | null;
  checkoutUrl: string | null;
  /** Piastres actually taken (card: from the webhook; cash: the total, on delivery); 0 before. */
  amount: number;
  /** Piastres given back; never more than `amount`. */
  refundedAmount: number;
  /** Who proved the money was collected: the provider's webhook (card) or the buyer's receipt (cash); null before. */
  collectedBy: "provider" | "buyer" | null;
}

/**
 * orders/{orderId}, as the server writes it (Timestamps omitted here: createdAt, updatedAt,
 * expiresAt, deliveredAt, payment.paidAt, payment.refundedAt, cancellation.at,
 * refundDue.at). The full delivery address is encrypted in orders/{orderId}/private/fulfillment.
 */
export interface OrderDocumentShape {
  number: string;
  buyerId: string;
  vendorId: string;
  items: OrderItem[];
  subtotal: number;
  deliveryFee: number;
  total: number;
  currency: "EGP";
  status: OrderStatus;
  payment: OrderPayment;
  /** address: masked for display ("12 Tahrir St… Cairo"), null for pickup. */
  fulfillment: { method: FulfillmentMethod; address: string | null };
  inventory: InventoryState;
  /** Set when money was taken for an order that will not be fulfilled (paid after cancellation, or cancelled after payment). */
  refundDue: { reason: string; paymentId?: string; amount?: number; currency?: string } | null;
  /** The admin refund under way or last tried (requestedAt omitted: a Timestamp). */
  refund: { state: "requested" | "pending" | "failed" | "succeeded"; refundId: string | null; attempts: number } | null;
  cancellation: { by: "buyer" | "vendor" | "system"; reason: string } | null;
  idempotencyKey: string;
  /** Who made the latest change: triggers read it to attribute notifications and stats. */
  lastChange: { by: ChangeActor; requestId: string | null; reason: string | null };
}
