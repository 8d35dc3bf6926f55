// The only writer of orders (STYLE "store.ts"): every path that creates or changes an order
// (callables, checkout, the webhook, schedules) runs here, in one transaction that writes
// the order, its listing, its events entry and its audit entry together, so the trail is
// the same whoever acted and cannot be lost by a trigger that fails later. The document
// layout is orders/document.ts; the decisions are orders/model.ts.
import { FieldValue, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditAction, type AuditValue } from "../core/audit";
import { errors } from "../core/errors";
import { GRPC, db, grpcCodeOf } from "../core/firebase";
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
import { pickStock, returnStock } from "./shards";
import { shardCountOf } from "../listings/stock";

/** A transaction retried enough times for a hot listing (many buyers, one car) to settle every contender. */
export const TRANSACTION_ATTEMPTS = 25;
/** Order numbers are random; a collision (1 in ~900 million per day) picks another. */
const NUMBER_ATTEMPTS = 5;

/**
 * A transaction the backend closed under us: the Firestore emulator answers a transaction
 * another one aborted (two writers racing, e.g. the payment webhook and the expiry
 * schedule on one order) with INVALID_ARGUMENT "Transaction is invalid or closed", which
 * the SDK does not retry. Nothing was committed, so running the work again is safe.
 */
const closedUnderUs = (error: unknown) => grpcCodeOf(error) === GRPC.INVALID_ARGUMENT && /transaction is invalid or closed/i.test(String((error as Error).message));
const CLOSED_ATTEMPTS = 3;

/** Runs `work` in a transaction; contention that outlasts every retry is a clear, retryable error. */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db().runTransaction(work, { maxAttempts: TRANSACTION_ATTEMPTS });
    } catch (error) {
      if (closedUnderUs(error) && attempt < CLOSED_ATTEMPTS) continue;
      if (grpcCodeOf(error) === GRPC.ABORTED || closedUnderUs(error)) throw errors.busy();
      throw error;
    }
  }
}

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
    const existing = await ref.get();
    if (existing.exists) return { created: replayOf(existing, request), replay: true };
    try {
      return { created: await placeNewOrder(request, context), replay: false };
    } catch (error) {
      if (grpcCodeOf(error) !== GRPC.ALREADY_EXISTS) throw error;
    }
  }
  throw errors.busy();
}

/** Attempts at a sharded part's stock: each lost race re-reads the shards (orders/shards.ts), and each round someone wins. */
const STOCK_ATTEMPTS = 60;
const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));

async function placeNewOrder(request: NewOrder, context: ChangeContext): Promise<CreatedOrder> {
  // A sharded part (listings/stock.ts) is read before the transaction and its units picked
  // from shards read outside it too (orders/shards.ts): its checkouts read nothing in the
  // transaction, so they never wait on each other's locks. Its status, price and title are
  // as the buyer saw them a moment ago; a shard that changed since fails the commit with
  // FAILED_PRECONDITION, and the checkout picks again.
  const before = await listingRef(request.listingId).get();
  if (before.get("kind") !== "part" || shardCountOf(before.data()) === 0) return inTransaction((tx) => placeIn(tx, request, context, null));
  for (let attempt = 0; attempt < STOCK_ATTEMPTS; attempt += 1) {
    try {
      return await inTransaction((tx) => placeIn(tx, request, context, before));
    } catch (error) {
      if (grpcCodeOf(error) !== GRPC.FAILED_PRECONDITION) throw error;
      await jitter();
    }
  }
  throw errors.busy();
}

/** The new order's writes in `tx`; `sharded` is the listing as read before, when its stock is in shards. */
async function placeIn(tx: Transaction, request: NewOrder, context: ChangeContext, sharded: DocumentSnapshot | null): Promise<CreatedOrder> {
  const ref = orderRef(request.orderId);
  const listingSnap = sharded ?? (await tx.get(listingRef(request.listingId)));
  if (!listingSnap.exists) throw errors.notFound("Listing");
  const listing = listingStockOf(listingSnap);
  if (listing.kind === "car") refuseOverOrderLimit(await openCarOrders(tx, request.place.buyerId), request.maxOpenCarOrders);
  const nowMs = Date.now();
  const order = placeOrder(listing, { ...request.place, id: request.orderId, nowMs });
  const take = sharded ? await pickStock(listing.id, order.quantity) : undefined;
  take?.write(tx);
  const number = newOrderNumber(nowMs);
  const facts = { number, title: listing.title, unitPrice: listing.price, maskedAddress: request.maskedAddress, idempotencyKey: request.idempotencyKey };
  const document = { ...newOrderDocument(order, { ...facts, by: context.by, requestId: context.requestId ?? null }), ...(take ? { stockTaken: take.taken } : {}) };
  tx.create(ref, document);
  tx.create(orderNumberRef(number), { orderId: order.id, createdAt: FieldValue.serverTimestamp() });
  tx.create(ref.collection("events").doc(order.status), { from: null, to: order.status, by: context.by, at: FieldValue.serverTimestamp(), note: null });
  if (request.encryptedAddress) tx.create(fulfillmentRef(order.id), { address: request.encryptedAddress });
  if (take) tx.update(listingSnap.ref, shardedHoldPatch(order.id, order.quantity));
  else tx.update(listingSnap.ref, listingInventoryPatch(holdListing(listing, order.quantity), order.id, "hold"));
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
