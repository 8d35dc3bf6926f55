// Builders and helpers for the orders and payments tests (integration and e2e): listings
// for sale owned by a real vendor account, buyers, orders placed through the callable, and
// the fake payment provider pointed at the emulated payments-webhook.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { DocumentData } from "firebase-admin/firestore";
import { deliverFakeWebhook, fakeWebhookEvent, type DeliveryOptions, type DeliveryResponse } from "../../tools/fakePayer";
import type { PaymentEventType } from "../../src/paymentProviders/contract";
import { aPartListing } from "../rules/builders";
import { anActor, type Actor } from "../support/actors";
import { aSettledListingDoc, aVendor } from "../support/catalogue";
import { admin, callRaw, FUNCTIONS_HOST, PROJECT_ID, REGION, type CallableFailure } from "../support/emulators";

export const ORDER_TEST_TIMEOUT_MS = 120_000;
export const WEBHOOK_URL = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/payments-webhook`;

/** The emulator's webhook secret, from the same file the Functions emulator reads. */
export const WEBHOOK_SECRET = (() => {
  const line = readFileSync(path.resolve(__dirname, "../../.secret.local"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("PAYMENT_WEBHOOK_SECRET="));
  assert.ok(line, "functions/.secret.local declares PAYMENT_WEBHOOK_SECRET");
  return line.slice("PAYMENT_WEBHOOK_SECRET=".length).trim();
})();

const VENDOR_SUMMARY = { displayName: "Nile Motors", rating: { avg: 4.5, count: 10 }, type: "dealer" };

export interface ForSale {
  vendor: Actor;
  listingId: string;
  price: number;
}

/** An approved vendor with one active car listing. */
export async function aCarForSale(price = 95_000_000): Promise<ForSale> {
  const vendor = await aVendor();
  const listingId = `car-${randomUUID().slice(0, 8)}`;
  await admin().db.doc(`listings/${listingId}`).set(aSettledListingDoc(vendor.uid, VENDOR_SUMMARY, { price }));
  return { vendor, listingId, price };
}

/** An approved vendor with one active part listing holding `stock` units. */
export async function aPartForSale(stock: number, price = 185_000): Promise<ForSale> {
  const vendor = await aVendor("approved", { type: "parts_shop" });
  const listingId = `part-${randomUUID().slice(0, 8)}`;
  const part = aPartListing({ vendorId: vendor.uid, status: "active", stock, price });
  await admin().db.doc(`listings/${listingId}`).set(aSettledListingDoc(vendor.uid, VENDOR_SUMMARY, part));
  return { vendor, listingId, price };
}

export function aBuyer(): Promise<Actor> {
  return anActor({ role: "customer", label: "buyer" });
}

export interface CreatedOrder {
  orderId: string;
  number: string;
  status: string;
  total: number;
  expiresAt?: string;
}

export function orderRequest(listingId: string, overrides: Record<string, unknown> = {}) {
  return {
    listingId,
    fulfillment: { method: "pickup" },
    paymentMethod: "cod",
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

/** Places an order through the callable and insists it succeeds. */
export async function placeOrder(buyer: Actor, listingId: string, overrides: Record<string, unknown> = {}): Promise<CreatedOrder> {
  const answer = await callRaw<CreatedOrder>("orders-create", orderRequest(listingId, overrides), buyer.idToken);
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  return answer.result as CreatedOrder;
}

/** Calls a callable and insists it succeeds. */
export async function call<T>(name: string, data: unknown, actor: Actor): Promise<T> {
  const answer = await callRaw<T>(name, data, actor.idToken);
  assert.equal(answer.error, undefined, `${name}: ${JSON.stringify(answer.error)}`);
  return answer.result as T;
}

/** Calls a callable expecting a failure. */
export async function callFailing(name: string, data: unknown, actor: Actor): Promise<CallableFailure | undefined> {
  return (await callRaw(name, data, actor.idToken)).error;
}

export async function docData(docPath: string): Promise<DocumentData> {
  const snap = await admin().db.doc(docPath).get();
  assert.ok(snap.exists, `${docPath} exists`);
  return snap.data() as DocumentData;
}

export async function eventsOf(orderId: string): Promise<DocumentData[]> {
  const events = await admin().db.collection(`orders/${orderId}/events`).orderBy("at").get();
  return events.docs.map((d) => ({ id: d.id, ...d.data() }));
}

export async function auditOf(orderId: string, action?: string): Promise<DocumentData[]> {
  let query = admin().db.collection("auditLogs").where("target.id", "==", orderId);
  if (action) query = query.where("action", "==", action);
  return (await query.get()).docs.map((d) => d.data());
}

/** A card order with an open checkout: what the web app has after payments-startCheckout. */
export async function aCardOrderAwaitingPayment(buyer: Actor, listingId: string): Promise<CreatedOrder & { paymentId: string; checkoutUrl: string }> {
  const order = await placeOrder(buyer, listingId, { paymentMethod: "card" });
  const checkout = await call<{ paymentId: string; checkoutUrl: string }>("payments-startCheckout", { orderId: order.orderId }, buyer);
  return { ...order, ...checkout };
}

/** The fake provider tells the webhook about a payment of `order`. */
export function providerSays(
  type: PaymentEventType,
  order: { orderId: string; paymentId: string; total: number },
  options: DeliveryOptions & { amount?: number; eventId?: string } = {},
): Promise<DeliveryResponse[]> {
  const event = fakeWebhookEvent({ type, paymentId: order.paymentId, orderId: order.orderId, amount: options.amount ?? order.total, currency: "EGP", id: options.eventId });
  return deliverFakeWebhook(WEBHOOK_URL, WEBHOOK_SECRET, event, options);
}
