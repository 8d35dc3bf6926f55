// Placing an order, as plain functions over plain data: its money (integer piastres), the
// refusals of a listing that cannot be bought, and what an order does to its listing (hold
// on creation; release or sell when a transition in model.ts says so). No Firebase imports:
// orders/store.ts reads the listing, asks this module, and writes both in one transaction.
import { errors } from "../core/errors";
import { DEFAULT_CONFIRM_WINDOW_MS, type InventoryEffect, type OrderState } from "./model";
import type { FulfillmentMethod, PaymentMethod } from "./schema";

// ---- money --------------------------------------------------------------------------------

export interface Quote {
  subtotal: number;
  deliveryFee: number;
  total: number;
}

export function quote(unitPrice: number, quantity: number, fulfillment: FulfillmentMethod, deliveryFee: number): Quote {
  const subtotal = unitPrice * quantity;
  const fee = fulfillment === "delivery" ? deliveryFee : 0;
  if (!Number.isSafeInteger(subtotal + fee)) throw errors.validation({ quantity: "The order total is too large" });
  return { subtotal, deliveryFee: fee, total: subtotal + fee };
}

// ---- placing an order -------------------------------------------------------------------

/** The listing fields an order reads and changes. */
export interface ListingStock {
  id: string;
  vendorId: string;
  kind: "car" | "part";
  status: string;
  title: string;
  price: number;
  currency: string;
  /** Parts only. */
  stock: number;
}

export interface PlaceOrderRequest {
  id: string;
  buyerId: string;
  quantity?: number;
  fulfillment: FulfillmentMethod;
  paymentMethod: PaymentMethod;
  deliveryFee: number;
  nowMs: number;
  paymentWindowMs: number;
  /** How long the vendor has to confirm a cash-on-delivery order (default ORDER_CONFIRM_WINDOW_HOURS' 48 h). */
  confirmWindowMs?: number;
}

function unavailable(listing: ListingStock) {
  const taken = listing.status === "reserved" || listing.status === "sold";
  return errors.precondition("LISTING_UNAVAILABLE", taken ? "This car has already been reserved by another buyer." : "This listing is not for sale right now.");
}

function quantityProblemOf(listing: ListingStock, quantity: number): string | null {
  if (!Number.isSafeInteger(quantity) || quantity < 1) return "Must be a whole number from 1";
  if (listing.kind === "car" && quantity !== 1) return "A car is bought one at a time";
  return null;
}

/** Refuses a purchase the listing cannot take: the buyer's own, not active, or not enough of it. */
function refuseUnbuyable(listing: ListingStock, buyerId: string, quantity: number): void {
  if (listing.vendorId === buyerId) throw errors.precondition("OWN_LISTING", "You cannot buy your own listing.");
  if (listing.status !== "active" || listing.currency !== "EGP") throw unavailable(listing);
  const quantityProblem = quantityProblemOf(listing, quantity);
  if (quantityProblem) throw errors.validation({ quantity: quantityProblem });
  if (listing.kind === "part" && listing.stock < quantity) {
    throw errors.precondition("OUT_OF_STOCK", listing.stock === 0 ? "This part is out of stock." : `Only ${listing.stock} left in stock.`);
  }
}

/** A new order for `listing`, or a refusal naming why the listing cannot be bought. */
export function placeOrder(listing: ListingStock, request: PlaceOrderRequest): OrderState {
  const quantity = request.quantity ?? 1;
  refuseUnbuyable(listing, request.buyerId, quantity);
  const money = quote(listing.price, quantity, request.fulfillment, request.deliveryFee);
  const card = request.paymentMethod === "card";
  return {
    id: request.id,
    buyerId: request.buyerId,
    vendorId: listing.vendorId,
    kind: listing.kind,
    listingId: listing.id,
    quantity,
    status: card ? "pending_payment" : "placed",
    ...money,
    currency: "EGP",
    fulfillment: request.fulfillment,
    paymentMethod: request.paymentMethod,
    paymentStatus: "pending",
    providerRef: null,
    paidAmount: 0,
    refundedAmount: 0,
    inventory: "held",
    refundDue: null,
    refund: null,
    collectedBy: null,
    cancelledBy: null,
    expiresAtMs: card ? request.nowMs + request.paymentWindowMs : null,
    deliveredAtMs: null,
    confirmByMs: card ? null : request.nowMs + (request.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS),
  };
}

// ---- the listing side ---------------------------------------------------------------------

/** The listing after an order takes it: a car becomes reserved, a part's stock drops. */
export function holdListing(listing: ListingStock, quantity: number): ListingStock {
  if (listing.kind === "car") return { ...listing, status: "reserved" };
  if (listing.stock < quantity) throw errors.precondition("OUT_OF_STOCK", "This part is out of stock.");
  return { ...listing, stock: listing.stock - quantity };
}

/**
 * The listing after `effect` of `order` (release: the car is for sale again, the stock is
 * back; sell: the car is sold). A car that is no longer reserved (an admin acted on it) is
 * left as it is; parts always get their stock back.
 */
export function applyInventory(listing: ListingStock, order: OrderState, effect: InventoryEffect): ListingStock {
  if (effect === null) return listing;
  if (listing.kind === "part") return effect === "release" ? { ...listing, stock: listing.stock + order.quantity } : listing;
  if (listing.status !== "reserved") return listing;
  return { ...listing, status: effect === "release" ? "active" : "sold" };
}

/** SPEC section 3: at most `max` open car orders per buyer, so no account can lock the catalogue. */
export function refuseOverOrderLimit(openCarOrders: number, max: number): void {
  if (openCarOrders >= max) {
    throw errors.precondition("ORDER_LIMIT", `You already have ${openCarOrders} open car orders. Complete or cancel one before ordering another car.`);
  }
}
