// Property tests of the pure order model: random sequences of what buyers, the vendor, the
// payment provider, the schedules and admins do to one listing and its orders, checked after
// every step against SPEC section 3 (order status, who moves it, money, the listing's
// reservation and stock). The SPEC table is written out here again on purpose: the test must
// not trust the model's own table.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../src/core/errors";
import {
  AUTO_COMPLETE_AFTER_MS,
  advance,
  applyPaymentEvent,
  autoComplete,
  cancelOrder,
  completeByBuyer,
  expire,
  refundOrder,
  requireCheckoutAllowed,
  type OrderChange,
  type OrderState,
  type PaymentFacts,
} from "../../src/orders/model";
import { applyInventory, holdListing, placeOrder, quote, type ListingStock } from "../../src/orders/placement";
import { VENDOR_ORDER_STATUSES, type FulfillmentMethod, type InventoryState, type OrderStatus, type PaymentMethod, type VendorOrderStatus } from "../../src/orders/schema";

const RUNS = { numRuns: 1000 };
const VENDOR = "vendor-1";
const BUYERS = ["buyer-0", "buyer-1", "buyer-2"] as const;
const START = Date.parse("2025-06-01T08:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WINDOW_MS = 30 * MINUTE;

// ---- SPEC section 3, order status, as the SPEC words it --------------------------------

type Actor = "buyer" | "vendor" | "admin" | "system";

/**
 * `pending_payment` (card) or `placed` (cash) -> `paid` (webhook) -> `confirmed` (vendor) ->
 * `ready_for_pickup` or `shipped` (vendor) -> `delivered` (vendor) -> `completed` (buyer, or
 * automatically 3 days after delivery); `cancelled` (buyer before `confirmed`, vendor before
 * `shipped`, system when the payment window expires); `refunded` (admin, from `paid` onwards).
 * "System when the payment window expires" means: only from `pending_payment`, and (checked
 * per action below) the expiry schedule only once the window has closed.
 */
const SPEC_MOVES: Record<OrderStatus, Partial<Record<OrderStatus, readonly Actor[]>>> = {
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

const SPEC_EDGES = Object.entries(SPEC_MOVES).flatMap(([from, tos]) => Object.keys(tos).map((to) => `${from}->${to}`));

/** An order's inventory only ever leaves `held`, once. */
const INVENTORY_MOVES: Record<InventoryState, readonly InventoryState[]> = { held: ["released", "sold"], released: [], sold: [] };

/** Statuses the vendor moves on from. */
const VENDOR_QUEUE: readonly OrderStatus[] = ["placed", "paid", "confirmed", "ready_for_pickup", "shipped"];

/** Statuses in which the goods are still promised to the order (the listing stays held). */
const OPEN: readonly OrderStatus[] = ["pending_payment", "placed", "paid", "confirmed", "ready_for_pickup", "shipped", "delivered"];

// ---- actions --------------------------------------------------------------------------

/** Which order an action touches: usually a live one, now and then any (closed ones must refuse or ignore). */
type OrderPick = number;

type Action = { elapsedMs: number } & (
  | { kind: "create"; buyer: string; quantity: number; fulfillment: FulfillmentMethod; paymentMethod: PaymentMethod; deliveryFee: number }
  | { kind: "checkout"; order: OrderPick }
  | { kind: "cancel"; order: OrderPick; by: "buyer" | "vendor" | "system" }
  | { kind: "advance"; order: OrderPick; to: VendorOrderStatus | "next" }
  | { kind: "confirmReceipt"; order: OrderPick }
  | { kind: "autoComplete"; order: OrderPick }
  | { kind: "expire"; order: OrderPick }
  | { kind: "refund"; order: OrderPick }
  | { kind: "payment"; order: OrderPick; type: PaymentFacts["type"]; amount: "right" | "wrong"; paymentId: "right" | "other"; currency: string }
);
type ActionKind = Action["kind"];

const orderPick = fc.nat(99);
const weighted = <T>(...entries: Array<[T, number]>): fc.Arbitrary<T> =>
  fc.oneof(...entries.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

/**
 * Time passes before each action: a few minutes now and then; the schedules run at a random
 * later time (the expiry schedule up to a payment window on, the auto-complete schedule up to
 * 5 days on), and the clock stays there.
 */
const ELAPSED: Partial<Record<ActionKind, fc.Arbitrary<number>>> = {
  expire: fc.integer({ min: 0, max: WINDOW_MS }),
  autoComplete: fc.integer({ min: 0, max: 5 * DAY }),
};
const minutesPass = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 * MINUTE }) });

const createArb = fc.record({
  kind: fc.constant("create" as const),
  // Three buyers, and now and then the vendor trying to buy their own listing.
  buyer: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...BUYERS) }, { weight: 1, arbitrary: fc.constant(VENDOR) }),
  // Mostly 1, so car orders usually go through.
  quantity: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }) }),
  fulfillment: fc.constantFrom("pickup" as const, "delivery" as const),
  // Card orders have more to go through (checkout, payment events), so they come three times as often.
  paymentMethod: weighted<PaymentMethod>(["card", 3], ["cod", 1]),
  deliveryFee: fc.integer({ min: 0, max: 10_000 }),
});

const paymentArb = fc.record({
  kind: fc.constant("payment" as const),
  order: orderPick,
  type: weighted<PaymentFacts["type"]>(["payment.succeeded", 6], ["payment.failed", 2], ["refund.succeeded", 2]),
  amount: weighted<"right" | "wrong">(["right", 8], ["wrong", 1]),
  paymentId: weighted<"right" | "other">(["right", 8], ["other", 1]),
  currency: weighted(["EGP", 20], ["USD", 1]),
});

const withOrder = <K extends ActionKind>(kind: K) => fc.record({ kind: fc.constant(kind), order: orderPick });

const moveArb = fc.oneof(
  { weight: 2, arbitrary: createArb },
  { weight: 3, arbitrary: withOrder("checkout") },
  { weight: 5, arbitrary: paymentArb },
  {
    weight: 3,
    // The vendor may cancel the longest, so it is asked most.
    arbitrary: fc.record({ kind: fc.constant("cancel" as const), order: orderPick, by: weighted<"buyer" | "vendor" | "system">(["buyer", 1], ["vendor", 3], ["system", 1]) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      order: orderPick,
      // Mostly the order's natural next step, so runs reach delivery; sometimes any (which must then refuse).
      to: fc.oneof({ weight: 3, arbitrary: fc.constant("next" as const) }, { weight: 1, arbitrary: fc.constantFrom<VendorOrderStatus>(...VENDOR_ORDER_STATUSES) }),
    }),
  },
  { weight: 2, arbitrary: withOrder("confirmReceipt") },
  { weight: 1, arbitrary: withOrder("autoComplete") },
  { weight: 1, arbitrary: withOrder("expire") },
  { weight: 3, arbitrary: withOrder("refund") },
);

const actionArb: fc.Arbitrary<Action> = moveArb.chain((move) => (ELAPSED[move.kind] ?? minutesPass).map((elapsedMs) => ({ ...move, elapsedMs })));

/**
 * The natural way forward for the first order: checkout, payment, then the vendor's next
 * steps. A run starts with a prefix of it so that its random actions often find an order deep
 * in its life (ready, shipped, delivered, completed), where refunds and late cancellations
 * happen. Aimed by pick 1: the first live order an action would choose.
 */
const WAY_FORWARD: Action[] = [
  { kind: "checkout", order: 1, elapsedMs: 0 },
  { kind: "payment", order: 1, type: "payment.succeeded", amount: "right", paymentId: "right", currency: "EGP", elapsedMs: 0 },
  ...Array.from({ length: 4 }, (): Action => ({ kind: "advance", order: 1, to: "next", elapsedMs: 0 })),
];

/** Up to 25 actions: an attempt to buy, some of the way forward, then anything. */
const sequenceArb: fc.Arbitrary<Action[]> = fc
  .tuple(createArb, fc.nat(WAY_FORWARD.length), fc.array(actionArb, { minLength: 10, maxLength: 24 - WAY_FORWARD.length, size: "max" }))
  .map(([first, forward, rest]) => [{ ...first, elapsedMs: 0 }, ...WAY_FORWARD.slice(0, forward), ...rest]);

const listingArb: fc.Arbitrary<ListingStock> = fc.oneof(
  fc.record({ kind: fc.constant("car" as const), price: fc.integer({ min: 1, max: 100_000_000 }), stock: fc.constant(0) }),
  fc.record({ kind: fc.constant("part" as const), price: fc.integer({ min: 1, max: 5_000_000 }), stock: fc.integer({ min: 0, max: 10 }) }),
).map((fields) => ({ id: "listing-1", vendorId: VENDOR, status: "active", title: "A listing", currency: "EGP", ...fields }));

// ---- the simulated world ----------------------------------------------------------------

/** Everything the model decides about: the listing, its orders, the clock and the checkouts opened. */
interface World {
  listing: ListingStock;
  orders: OrderState[];
  now: number;
  checkouts: number;
}

/** What an action amounts to once the model has agreed: a new order, a field update of one, or a change. */
type Outcome =
  | { kind: "created"; order: OrderState; listing: ListingStock }
  | { kind: "checkout"; order: OrderState }
  | { kind: "changed"; change: OrderChange; actor: Actor };

function isTerminal(status: OrderStatus): boolean {
  return Object.keys(SPEC_MOVES[status]).length === 0;
}

/**
 * Where an action is usually aimed, as the people and schedules behind it would: checkouts at
 * card orders awaiting payment, payment events at orders with a checkout (the provider knows
 * no others), the vendor at orders in their queue, the buyer's receipt and the auto-complete
 * schedule at delivered orders, the expiry schedule at orders awaiting payment, refunds at
 * orders whose payment went through. Cancellations go at any live order.
 */
const AIMS: Partial<Record<ActionKind, (order: OrderState) => boolean>> = {
  checkout: (order) => order.paymentMethod === "card" && order.status === "pending_payment",
  payment: (order) => order.providerRef !== null,
  advance: (order) => VENDOR_QUEUE.includes(order.status),
  confirmReceipt: (order) => order.status === "delivered",
  autoComplete: (order) => order.status === "delivered",
  expire: (order) => order.status === "pending_payment",
  refund: (order) => order.paymentStatus === "succeeded",
};

function pickOrder(world: World, action: Exclude<Action, { kind: "create" }>): OrderState | undefined {
  if (world.orders.length === 0) return undefined;
  const aim = AIMS[action.kind] ?? (() => true);
  const live = world.orders.filter((order) => !isTerminal(order.status) && aim(order));
  const pool = action.order % 4 === 0 || live.length === 0 ? world.orders : live;
  return pool[Math.floor(action.order / 4) % pool.length];
}

function changed(change: OrderChange | null, actor: Actor): Outcome | null {
  return change && { kind: "changed", change, actor };
}

/** The payment event the provider would send: right or wrong amount, this checkout's id or another's. */
function factsFor(order: OrderState, action: Extract<Action, { kind: "payment" }>): PaymentFacts {
  const expected = action.type === "refund.succeeded" ? order.paidAmount : order.total;
  return {
    type: action.type,
    paymentId: action.paymentId === "right" ? (order.providerRef ?? "pay-none") : "pay-other",
    amount: action.amount === "right" ? expected : expected + 1,
    currency: action.currency,
  };
}

/** As payments-startCheckout: refused unless awaiting payment in time; an open checkout is kept; else a new one. */
function checkout(world: World, order: OrderState): Outcome | null {
  requireCheckoutAllowed(order, world.now);
  if (order.paymentStatus === "pending" && order.providerRef !== null) return null;
  return { kind: "checkout", order: { ...order, providerRef: `pay-${world.checkouts + 1}`, paymentStatus: "pending" } };
}

/** What the vendor would do next with the order (for orders they cannot move, any guess: the model refuses). */
function nextVendorOrderStatus(order: OrderState): VendorOrderStatus {
  const next: Partial<Record<OrderStatus, VendorOrderStatus>> = {
    placed: "confirmed",
    paid: "confirmed",
    confirmed: order.fulfillment === "pickup" ? "ready_for_pickup" : "shipped",
    ready_for_pickup: "delivered",
    shipped: "delivered",
  };
  return next[order.status] ?? "confirmed";
}

type StepFn<K extends ActionKind> = (world: World, action: Extract<Action, { kind: K }>, order: OrderState) => Outcome | null;

// One entry per action: what the handler, webhook or schedule would ask the model. Pure: they
// only read the world.
const STEPS: { [K in Exclude<ActionKind, "create">]: StepFn<K> } = {
  checkout: (w, _a, order) => checkout(w, order),
  cancel: (_w, a, order) => changed(cancelOrder(order, a.by), a.by),
  advance: (w, a, order) => changed(advance(order, a.to === "next" ? nextVendorOrderStatus(order) : a.to, w.now), "vendor"),
  confirmReceipt: (_w, _a, order) => changed(completeByBuyer(order), "buyer"),
  autoComplete: (w, _a, order) => changed(autoComplete(order, w.now), "system"),
  expire: (w, _a, order) => changed(expire(order, w.now), "system"),
  refund: (_w, _a, order) => changed(refundOrder(order), "admin"),
  // A refund.succeeded reports the outcome of a refund an admin asked for (orders-refund).
  payment: (_w, a, order) => changed(applyPaymentEvent(order, factsFor(order, a)), a.type === "refund.succeeded" ? "admin" : "system"),
};

function create(world: World, action: Extract<Action, { kind: "create" }>): Outcome {
  const order = placeOrder(world.listing, {
    id: `order-${world.orders.length}`,
    buyerId: action.buyer,
    quantity: action.quantity,
    fulfillment: action.fulfillment,
    paymentMethod: action.paymentMethod,
    deliveryFee: action.deliveryFee,
    nowMs: world.now,
    paymentWindowMs: WINDOW_MS,
  });
  return { kind: "created", order, listing: holdListing(world.listing, order.quantity) };
}

function decide(world: World, action: Action): Outcome | null {
  if (action.kind === "create") return create(world, action);
  const order = pickOrder(world, action);
  return order ? (STEPS[action.kind] as StepFn<typeof action.kind>)(world, action as never, order) : null;
}

// ---- checking and applying one step ------------------------------------------------------

/** Per order, what the test has seen: the statuses it went through. */
interface History {
  statuses: Set<OrderStatus>;
}

interface Observed {
  edges: Set<string>;
  notes: Set<string>;
  refusals: Set<string>;
}

function replaceOrder(world: World, order: OrderState): void {
  const index = world.orders.findIndex((o) => o.id === order.id);
  assert.ok(index >= 0, `an outcome for an unknown order ${order.id}`);
  world.orders[index] = order;
}

/** The fields a change of status or payment never touches. */
function fixedFields(order: OrderState) {
  const { id, buyerId, vendorId, kind, listingId, quantity, subtotal, deliveryFee, total, currency, fulfillment, paymentMethod } = order;
  return { id, buyerId, vendorId, kind, listingId, quantity, subtotal, deliveryFee, total, currency, fulfillment, paymentMethod };
}

/** Invariant 1: who may move an order where, with the conditions SPEC section 3 attaches. */
function assertMoveAllowed(change: OrderChange, actor: Actor, action: Action, now: number): void {
  const { from, to, before } = change;
  assert.ok(SPEC_MOVES[from][to]?.includes(actor), `${actor} moved an order ${from} -> ${to}, which SPEC section 3 does not allow`);
  if (to === "shipped") assert.equal(before.fulfillment, "delivery", "only a delivery order is shipped");
  if (to === "ready_for_pickup") assert.equal(before.fulfillment, "pickup", "only a pickup order is made ready for pickup");
  if (action.kind === "expire") assert.ok(before.expiresAtMs !== null && before.expiresAtMs <= now, "expired before the payment window closed");
  if (action.kind === "autoComplete") assert.ok(before.deliveredAtMs !== null && before.deliveredAtMs + AUTO_COMPLETE_AFTER_MS <= now, "completed before 3 days");
  if (to === "paid") assert.equal(change.order.paidAmount, before.total, "paid in full");
}

function applyChange(world: World, change: OrderChange, actor: Actor, action: Action, histories: Map<string, History>, observed: Observed): void {
  const stored = world.orders.find((order) => order.id === change.order.id);
  assert.ok(stored, `a change of an unknown order ${change.order.id}`);
  assert.deepEqual(change.before, stored, "a change starts from the stored order");
  assert.equal(change.from, stored.status);
  assert.equal(change.to, change.order.status);
  assert.deepEqual(fixedFields(change.order), fixedFields(stored), "a change keeps the order's identity and price");
  // Invariant 4: inventory leaves `held` once, to released or sold, and the listing effect says so.
  if (change.order.inventory !== stored.inventory) {
    assert.ok(INVENTORY_MOVES[stored.inventory].includes(change.order.inventory), `inventory ${stored.inventory} -> ${change.order.inventory}`);
  }
  const expectedEffect = change.order.inventory === stored.inventory ? null : change.order.inventory === "released" ? "release" : "sell";
  assert.equal(change.inventory, expectedEffect, "the listing effect matches the inventory change");
  if (change.from !== change.to) {
    assertMoveAllowed(change, actor, action, world.now);
    observed.edges.add(`${change.from}->${change.to}`);
    // Invariant 5: statuses only move forward.
    const history = histories.get(stored.id);
    assert.ok(history && !history.statuses.has(change.to), `${stored.id} reached ${change.to} a second time`);
    history.statuses.add(change.to);
  }
  if (change.note) observed.notes.add(change.note);
  world.listing = applyInventory(world.listing, change.order, change.inventory);
  replaceOrder(world, change.order);
}

function apply(world: World, outcome: Outcome, action: Action, histories: Map<string, History>, observed: Observed): void {
  if (outcome.kind === "created") {
    assert.equal(outcome.order.status, outcome.order.paymentMethod === "card" ? "pending_payment" : "placed");
    assert.equal(outcome.order.inventory, "held");
    world.orders.push(outcome.order);
    world.listing = outcome.listing;
    histories.set(outcome.order.id, { statuses: new Set([outcome.order.status]) });
    return;
  }
  if (outcome.kind === "checkout") {
    world.checkouts += 1;
    replaceOrder(world, outcome.order);
    return;
  }
  applyChange(world, outcome.change, outcome.actor, action, histories, observed);
}

/** A payment event with another amount, currency or payment id than the checkout's: it must be refused. */
function isForeignEvent(action: Action): boolean {
  return action.kind === "payment" && (action.amount === "wrong" || action.paymentId === "other" || action.currency !== "EGP");
}

/** Runs one action; a DomainError is a refusal that leaves the world as it was, anything else a bug. */
function perform(world: World, action: Action, histories: Map<string, History>, observed: Observed): void {
  world.now += action.elapsedMs;
  const before = structuredClone(world);
  let outcome: Outcome | null;
  try {
    outcome = decide(world, action);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    observed.refusals.add(error.code);
    assert.deepEqual(world, before, `a refusal (${error.code}) changed the world`);
    return;
  }
  assert.deepEqual(world, before, "the model changed its inputs");
  if (outcome && isForeignEvent(action)) assert.fail(`a payment event that does not match the checkout changed an order: ${JSON.stringify(outcome)}`);
  if (outcome) apply(world, outcome, action, histories, observed);
}

// ---- invariants over the whole world -------------------------------------------------------

/** Invariant 2: money is integer piastres, totals add up, nothing is paid but the total, nothing refunded but what was paid. */
function assertMoney(order: OrderState): void {
  for (const amount of [order.subtotal, order.deliveryFee, order.total, order.paidAmount, order.refundedAmount]) {
    assert.ok(Number.isSafeInteger(amount) && amount >= 0, `${order.id}: amount ${amount} is not a non-negative integer`);
  }
  assert.equal(order.total, order.subtotal + order.deliveryFee, `${order.id}: total`);
  if (order.fulfillment === "pickup") assert.equal(order.deliveryFee, 0, `${order.id}: pickup pays no delivery`);
  assert.ok(order.paidAmount === 0 || order.paidAmount === order.total, `${order.id}: paid ${order.paidAmount} of ${order.total}`);
  assert.ok(order.refundedAmount <= order.paidAmount, `${order.id}: refunded ${order.refundedAmount} of ${order.paidAmount}`);
  const moneyTaken = order.paymentStatus === "succeeded" || order.paymentStatus === "refunded";
  assert.equal(order.paidAmount > 0, moneyTaken, `${order.id}: paidAmount ${order.paidAmount} with payment ${order.paymentStatus}`);
  assert.equal(order.refundedAmount > 0, order.paymentStatus === "refunded", `${order.id}: refundedAmount with payment ${order.paymentStatus}`);
  // Money that will not be kept is flagged until an admin refunds it.
  assert.equal(order.refundDue !== null, order.status === "cancelled" && order.paymentStatus === "succeeded", `${order.id}: refundDue ${JSON.stringify(order.refundDue)}`);
}

/** An open order holds the listing; a closed one has given it back or sold it. */
function assertOrderInventory(order: OrderState): void {
  if (OPEN.includes(order.status)) assert.equal(order.inventory, "held", `${order.id} is ${order.status}`);
  if (order.status === "completed") assert.equal(order.inventory, "sold", `${order.id} is completed`);
  if (order.status === "cancelled") assert.equal(order.inventory, "released", `${order.id} is cancelled`);
}

/** Invariant 3: the stock balances for a part; a car is reserved or sold by at most one order. */
function assertListing(world: World, initial: ListingStock): void {
  const taking = world.orders.filter((order) => order.inventory === "held" || order.inventory === "sold");
  if (world.listing.kind === "part") {
    assert.ok(world.listing.stock >= 0, `stock ${world.listing.stock}`);
    const taken = taking.reduce((sum, order) => sum + order.quantity, 0);
    assert.equal(world.listing.stock + taken, initial.stock, "stock + held + sold = initial stock");
    assert.equal(world.listing.status, "active");
    return;
  }
  assert.ok(taking.length <= 1, `${taking.length} orders hold or bought the car`);
  const expected = taking.length === 0 ? "active" : taking[0].inventory === "held" ? "reserved" : "sold";
  assert.equal(world.listing.status, expected, `the car is ${world.listing.status}`);
}

function assertInvariants(world: World, initial: ListingStock, action: Action): void {
  try {
    for (const order of world.orders) {
      assertMoney(order);
      assertOrderInventory(order);
      assert.equal(order.kind, world.listing.kind);
    }
    assertListing(world, initial);
  } catch (error) {
    if (error instanceof assert.AssertionError) error.message += `\n  after ${JSON.stringify(action)}`;
    throw error;
  }
}

describe("order state machine properties", () => {
  it("no sequence of actions breaks SPEC section 3: moves, actors, money, reservation and stock", function () {
    this.timeout(60_000);
    const observed: Observed = { edges: new Set(), notes: new Set(), refusals: new Set() };
    fc.assert(
      fc.property(listingArb, sequenceArb, (listing, actions) => {
        const world: World = { listing, orders: [], now: START, checkouts: 0 };
        const histories = new Map<string, History>();
        for (const action of actions) {
          perform(world, action, histories, observed);
          assertInvariants(world, listing, action);
        }
      }),
      RUNS,
    );
    // The generator must drive orders through every move of the table and into every refusal.
    assert.deepEqual(SPEC_EDGES.filter((edge) => !observed.edges.has(edge)), [], "every move SPEC section 3 allows was exercised");
    const refusals = ["INVALID_TRANSITION", "OWN_LISTING", "LISTING_UNAVAILABLE", "OUT_OF_STOCK", "VALIDATION_FAILED", "AMOUNT_MISMATCH", "PAYMENT_MISMATCH", "ALREADY_REFUNDED", "NOT_A_CARD_ORDER", "NOT_AWAITING_PAYMENT", "PAYMENT_WINDOW_EXPIRED"];
    assert.deepEqual(refusals.filter((code) => !observed.refusals.has(code)), [], "every refusal was exercised");
    const notes = ["PAYMENT_WINDOW_EXPIRED", "AUTO_COMPLETED", "CASH_COLLECTED", "PAYMENT_FAILED", "PAID_AFTER_CANCELLATION", "PAYMENT_REFUNDED"];
    assert.deepEqual(notes.filter((note) => !observed.notes.has(note)), [], "every side path was exercised");
  });
});

// ---- placing an order and its price ----------------------------------------------------------

describe("order placement properties", () => {
  it("the total is the unit price times the quantity, plus the delivery fee for delivery only", () => {
    const fulfillment = fc.constantFrom<FulfillmentMethod>("pickup", "delivery");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 100 }), fulfillment, fc.integer({ min: 0, max: 1_000_000 }), (price, quantity, method, fee) => {
        const money = quote(price, quantity, method, fee);
        assert.equal(money.subtotal, price * quantity);
        assert.equal(money.deliveryFee, method === "delivery" ? fee : 0);
        assert.equal(money.total, money.subtotal + money.deliveryFee);
        assert.ok(Number.isSafeInteger(money.total));
      }),
      RUNS,
    );
  });

  it("an order is placed exactly when the buyer is not the vendor, the listing is active and has enough", () => {
    const listing = fc
      .record({ base: listingArb, status: weighted(["active", 4], ["reserved", 1], ["sold", 1], ["archived", 1], ["pending_review", 1]) })
      .map(({ base, status }) => ({ ...base, status }));
    fc.assert(
      fc.property(listing, createArb, (subject, action) => {
        const buyable =
          action.buyer !== subject.vendorId && subject.status === "active" && (subject.kind === "car" ? action.quantity === 1 : action.quantity <= subject.stock);
        let placed: OrderState | undefined;
        try {
          placed = placeOrder(subject, { id: "order-0", buyerId: action.buyer, quantity: action.quantity, fulfillment: action.fulfillment, paymentMethod: action.paymentMethod, deliveryFee: action.deliveryFee, nowMs: START, paymentWindowMs: WINDOW_MS });
        } catch (error) {
          assert.ok(error instanceof DomainError, String(error));
        }
        assert.equal(placed !== undefined, buyable, `${JSON.stringify(action)} on ${JSON.stringify(subject)}`);
        if (!placed) return;
        const held = holdListing(subject, placed.quantity);
        if (subject.kind === "car") assert.equal(held.status, "reserved");
        else assert.equal(held.stock, subject.stock - placed.quantity);
      }),
      RUNS,
    );
  });
});
