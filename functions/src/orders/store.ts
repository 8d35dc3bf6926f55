// The only writer of orders (STYLE "store.ts"): every path that creates or changes an order
// (callables, checkout, the webhook, schedules) runs here, in one transaction that writes
// the order, its listing, its events entry and its audit entry together, so the trail is
// the same whoever acted and cannot be lost by a trigger that fails later. The document
// layout is orders/document.ts; the decisions are orders/model.ts.
import { FieldValue, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditAction, type AuditValue } from "../core/audit";
import { errors } from "../core/errors";
import { GRPC, db, grpcCodeOf } from "../core/firebase";
import { inTransaction } from "../core/transactions";
import {
  createdOrderOf,
  fulfillmentRef,
  listingInventoryPatch,
  listingRef,
  listingStockOf,
  newOrderDocument,
  openCheckoutOf,
  orderChangePatch,
  orderNumberRef,
  orderRef,
  orderStateOf,
  shardedHoldPatch,
  type CreatedOrder,
  type LastChange,
} from "./document";
import { CHECKOUT_OPENED, OPEN_STATUSES, openCheckout, requireCheckoutAllowed, type OrderChange, type OrderState } from "./model";
import { applyInventory, holdListing, placeOrder, refuseOverOrderLimit, type ListingStock, type PlaceOrderRequest } from "./placement";
import { newOrderNumber } from "./numbers";
import { pickStock, returnStock, type StockPick } from "./shards";
import { shardCountOf } from "../listings/stock";

/** Order numbers are random; a collision (1 in ~900 million per day) picks another. */
const NUMBER_ATTEMPTS = 5;

/** Who made a change, for the order's lastChange, its events entry and the audit log. */
export interface ChangeContext extends LastChange {
  /** The audit action when the caller's event is what gets audited (the webhook's payment.webhook); else derived from the change. */
  auditAction?: AuditAction;
  /** Extra audit facts (e.g. the webhook event id, the refund id). */
  auditChanges?: Record<string, AuditValue>;
  /** A recorded failure (a refund the provider refused) is audited as outcome failure with this code. */
  auditFailure?: string;
  ip?: string;
  userAgent?: string;
}

/** The events entry id: the status reached (an order reaches each status once), or the payment change. */
function eventId(change: OrderChange): string {
  if (change.from !== change.to) return change.to;
  return `${change.to}-${(change.note ?? "change").toLowerCase()}-${Date.now()}`;
}

function auditActionOf(change: OrderChange, context: ChangeContext): AuditAction {
  if (context.auditAction) return context.auditAction;
  if (change.note === CHECKOUT_OPENED) return "payment.checkout";
  return change.to === "refunded" || change.order.paymentStatus === "refunded" ? "order.refund" : "order.status_change";
}

function auditOf(context: ChangeContext) {
  const outcome = context.auditFailure ? { outcome: "failure" as const, reason: context.auditFailure } : { outcome: "success" as const };
  return { actor: context.by, requestId: context.requestId, ip: context.ip, userAgent: context.userAgent, ...outcome };
}

/** The listing write a change needs (none when it neither releases nor sells, or the listing is gone). */
function listingAfter(listing: DocumentSnapshot | null, change: OrderChange): { snap: DocumentSnapshot; next: ListingStock } | undefined {
  if (change.inventory === null || !listing?.exists) return undefined;
  return { snap: listing, next: applyInventory(listingStockOf(listing), change.order, change.inventory) };
}

/** Writes `change` (order, listing, events entry, audit entry) in `tx`; every read of `tx` is done. */
async function commitChange(tx: Transaction, change: OrderChange, context: ChangeContext, listing: DocumentSnapshot | null, checkoutUrl?: string): Promise<void> {
  const ref = orderRef(change.order.id);
  tx.update(ref, orderChangePatch(change, context, checkoutUrl));
  tx.set(ref.collection("events").doc(eventId(change)), {
    from: change.from,
    to: change.to,
    by: context.by,
    at: FieldValue.serverTimestamp(),
    note: change.note ?? context.reason ?? null,
  });
  const listingWrite = listingAfter(listing, change);
  if (listingWrite && change.inventory !== null) tx.update(listingWrite.snap.ref, listingInventoryPatch(listingWrite.next, change.order.id, change.inventory));
  // A sharded part's units go back to the shards they came from (the listing's stock above).
  if (listingWrite && change.inventory === "release" && change.order.stockTaken) returnStock(tx, change.order.listingId, change.order.stockTaken);
  const facts = { from: change.from, to: change.to, paymentStatus: change.order.paymentStatus, inventory: change.inventory, note: change.note, reason: context.reason ?? null };
  await writeAudit({ ...auditOf(context), action: auditActionOf(change, context), target: { type: "order", id: change.order.id }, changes: { ...facts, ...context.auditChanges } }, tx);
}

/** Reads the order and its listing in `tx`. */
async function readOrderAndListing(tx: Transaction, orderId: string): Promise<{ order: OrderState; listing: DocumentSnapshot }> {
  const snap = await tx.get(orderRef(orderId));
  if (!snap.exists) throw errors.notFound("Order");
  const order = orderStateOf(snap);
  return { order, listing: await tx.get(listingRef(order.listingId)) };
}

/**
 * Applies `decide` to the order inside `tx` and commits what it returns; null (nothing to
 * do) writes nothing. Returns the order as read, and the change.
 */
export async function changeOrderIn(
  tx: Transaction,
  orderId: string,
  context: ChangeContext,
  decide: (order: OrderState) => OrderChange | null,
): Promise<{ order: OrderState; change: OrderChange | null }> {
  const { order, listing } = await readOrderAndListing(tx, orderId);
  const change = decide(order);
  if (change) await commitChange(tx, change, context, listing);
  return { order, change };
}

/** Applies `decide` to the order in its own transaction. */
export async function changeOrder(orderId: string, context: ChangeContext, decide: (order: OrderState) => OrderChange): Promise<OrderChange> {
  return inTransaction(async (tx) => {
    const { change } = await changeOrderIn(tx, orderId, context, decide);
    // decide always returns a change here; the type of changeOrderIn allows null for schedules.
    if (!change) throw new Error("changeOrder: the decision returned no change");
    return change;
  });
}

/** Like changeOrder, for decisions that may find nothing left to do (null: nothing written). */
export async function settleOrder(orderId: string, context: ChangeContext, decide: (order: OrderState) => OrderChange | null): Promise<{ order: OrderState; change: OrderChange | null }> {
  return inTransaction((tx) => changeOrderIn(tx, orderId, context, decide));
}

/** The order as it is now (outside a transaction: for decisions that are checked again inside one). */
export async function readOrder(orderId: string): Promise<{ order: OrderState; number: string; openCheckout: { paymentId: string; checkoutUrl: string } | null }> {
  const snap = await orderRef(orderId).get();
  if (!snap.exists) throw errors.notFound("Order");
  return { order: orderStateOf(snap), number: String(snap.get("number")), openCheckout: openCheckoutOf(snap.data()) };
}

// ---- creation ---------------------------------------------------------------------------

export interface NewOrder {
  /** Derived from the buyer and the idempotency key (orders/numbers.orderIdFor). */
  orderId: string;
  idempotencyKey: string;
  place: Omit<PlaceOrderRequest, "id" | "nowMs">;
  /** MAX_OPEN_CAR_ORDERS: open car orders the buyer may already hold before this one is refused. */
  maxOpenCarOrders: number;
  listingId: string;
  maskedAddress: string | null;
  encryptedAddress: string | null;
}

/** A retry returns the order the key already made; the same key for a different purchase is a client bug. */
function replayOf(existing: DocumentSnapshot, request: NewOrder): CreatedOrder {
  const data = existing.data() ?? {};
  const item = data.items[0];
  if (item.listingId !== request.listingId || item.quantity !== (request.place.quantity ?? 1) || data.payment.method !== request.place.paymentMethod) {
    throw errors.precondition("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different order. Use a new key for a new checkout.");
  }
  return createdOrderOf(existing.id, data);
}

/**
 * The buyer's open orders on cars, read in the creating transaction so two concurrent
 * orders cannot both pass the limit (the query's result set is part of what the
 * transaction checks at commit). A buyer has few open orders: the kind is filtered here.
 */
async function openCarOrders(tx: Transaction, buyerId: string): Promise<number> {
  const open = await tx.get(db().collection("orders").where("buyerId", "==", buyerId).where("status", "in", [...OPEN_STATUSES]));
  return open.docs.filter((doc) => (doc.get("items") as { kind?: string }[] | undefined)?.[0]?.kind === "car").length;
}

/**
 * orders-create (SPEC section 4): a replay returns the order the key made; otherwise the
 * model places the order, and the order, its number, its first events entry, its encrypted
 * address, the listing hold and the order.create audit entry are written in one transaction.
 *
 * Issue 14: the transaction reads no document that does not exist yet (the emulator's lock
 * manager makes such reads of one collection wait for each other, and distinct checkouts
 * would queue). The order and its number are created blind: a replay racing this call, or
 * an order number already taken (1 in ~900 million a day), fails the commit with
 * ALREADY_EXISTS, and then the order is read again: a replay, or another number.
 */
export async function createOrder(request: NewOrder, context: ChangeContext): Promise<{ created: CreatedOrder; replay: boolean }> {
  const ref = orderRef(request.orderId);
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt += 1) {
    // The replay check and the listing are read at once: one round trip before the transaction.
    const [existing, listing] = await Promise.all([ref.get(), listingRef(request.listingId).get()]);
    if (existing.exists) return { created: replayOf(existing, request), replay: true };
    try {
      return { created: await placeNewOrder(request, context, listing), replay: false };
    } catch (error) {
      if (grpcCodeOf(error) !== GRPC.ALREADY_EXISTS) throw error;
    }
  }
  throw errors.busy();
}

/** Attempts at a part's stock: each lost race reads again (orders/shards.ts for shards), and each round someone wins. */
const STOCK_ATTEMPTS = 60;
const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));

/**
 * A car is placed in a transaction that reads it, with its buyer's open car orders (the
 * order limit). A part is placed optimistically from the listing read before (issue 14: a
 * checkout then reads nothing in its transaction, so it never waits on locks, and commits in
 * one round trip). An unsharded part's listing is written only if unchanged since that read
 * (`lastUpdateTime`); a sharded part (listings/stock.ts) takes units from shards read outside
 * the transaction and written the same way (orders/shards.ts), its status, price and title as
 * the buyer saw them a moment ago. A lost race fails the commit with FAILED_PRECONDITION, and
 * the checkout reads again.
 */
async function placeNewOrder(request: NewOrder, context: ChangeContext, before: DocumentSnapshot): Promise<CreatedOrder> {
  if (before.get("kind") !== "part") return inTransaction((tx) => placeIn(tx, request, context, null));
  let listing = before;
  for (let attempt = 0; attempt < STOCK_ATTEMPTS; attempt += 1) {
    try {
      return await inTransaction((tx) => placeIn(tx, request, context, listing));
    } catch (error) {
      if (grpcCodeOf(error) !== GRPC.FAILED_PRECONDITION) throw error;
      await jitter();
      if (shardCountOf(listing.data()) === 0) listing = await listingRef(request.listingId).get();
    }
  }
  throw errors.busy();
}

/**
 * The listing's side of a new order: units taken from its shards, or the listing held,
 * written only if unchanged since `snap` was read (always so in a transaction that read it).
 */
async function holdIn(tx: Transaction, snap: DocumentSnapshot, listing: ListingStock, order: OrderState, sharded: boolean): Promise<StockPick | undefined> {
  if (!sharded) {
    tx.update(snap.ref, listingInventoryPatch(holdListing(listing, order.quantity), order.id, "hold"), { lastUpdateTime: snap.updateTime });
    return undefined;
  }
  const take = await pickStock(listing.id, order.quantity);
  take.write(tx);
  tx.update(snap.ref, shardedHoldPatch(order.id, order.quantity));
  return take;
}

/** The new order's writes in `tx`; `readBefore` is a part's listing as read before the transaction. */
async function placeIn(tx: Transaction, request: NewOrder, context: ChangeContext, readBefore: DocumentSnapshot | null): Promise<CreatedOrder> {
  const ref = orderRef(request.orderId);
  const listingSnap = readBefore ?? (await tx.get(listingRef(request.listingId)));
  if (!listingSnap.exists) throw errors.notFound("Listing");
  const listing = listingStockOf(listingSnap);
  if (listing.kind === "car") refuseOverOrderLimit(await openCarOrders(tx, request.place.buyerId), request.maxOpenCarOrders);
  const nowMs = Date.now();
  const order = placeOrder(listing, { ...request.place, id: request.orderId, nowMs });
  const take = await holdIn(tx, listingSnap, listing, order, readBefore !== null && shardCountOf(readBefore.data()) > 0);
  const number = newOrderNumber(nowMs);
  const facts = { number, title: listing.title, unitPrice: listing.price, maskedAddress: request.maskedAddress, idempotencyKey: request.idempotencyKey };
  const document = { ...newOrderDocument(order, { ...facts, by: context.by, requestId: context.requestId ?? null }), ...(take ? { stockTaken: take.taken } : {}) };
  tx.create(ref, document);
  tx.create(orderNumberRef(number), { orderId: order.id, createdAt: FieldValue.serverTimestamp() });
  tx.create(ref.collection("events").doc(order.status), { from: null, to: order.status, by: context.by, at: FieldValue.serverTimestamp(), note: null });
  if (request.encryptedAddress) tx.create(fulfillmentRef(order.id), { address: request.encryptedAddress });
  const changes = { listingId: order.listingId, quantity: order.quantity, total: order.total, status: order.status, number };
  await writeAudit({ ...auditOf(context), action: "order.create", target: { type: "order", id: order.id }, changes }, tx);
  return createdOrderOf(order.id, document);
}

// ---- checkout ---------------------------------------------------------------------------

/**
 * Records the checkout the provider opened for the buyer's order, with its events entry
 * and payment.checkout audit entry. A checkout opened meanwhile by a concurrent call wins
 * (it is returned, and `opened` is not recorded), so only one payment can succeed.
 */
export async function recordCheckout(
  orderId: string,
  buyerId: string,
  opened: { paymentId: string; checkoutUrl: string },
  context: ChangeContext,
): Promise<{ paymentId: string; checkoutUrl: string }> {
  return inTransaction(async (tx) => {
    const snap = await tx.get(orderRef(orderId));
    if (!snap.exists || snap.get("buyerId") !== buyerId) throw errors.notFound("Order");
    const order = orderStateOf(snap);
    requireCheckoutAllowed(order, Date.now());
    const concurrent = openCheckoutOf(snap.data());
    if (concurrent) return concurrent;
    // A checkout never touches the listing: no listing read, no listing write.
    const change = openCheckout(order, opened.paymentId, Date.now());
    await commitChange(tx, change, { ...context, auditChanges: { paymentId: opened.paymentId } }, null, opened.checkoutUrl);
    return opened;
  });
}
