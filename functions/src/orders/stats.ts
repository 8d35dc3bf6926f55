// What an order write counts (SPEC section 6): the platform's and the Cairo day's
// stats/* counters, each event exactly once, on sharded counters that sustain >= 50
// counted events per second; and the vendor's completed-order count, recounted with
// count() so it is exact however often it runs.
import { AggregateField, Timestamp, type DocumentData } from "firebase-admin/firestore";
import { countOnce, STATS_MARKER_DAYS, type CountedEvent } from "../core/counters";
import { db } from "../core/firebase";
import { cairoDay } from "../core/time";
import { refundedAmountOf, type StoredOrder } from "./notices";
import type { OrderStatus } from "./schema";

export type StatsKind = "created" | "collected" | "cancelled" | "completed" | "refunded";

export interface StatsEvent {
  kind: StatsKind;
  /** Counter increments applied to stats/platform and to the day's stats/daily-YYYY-MM-DD. */
  counters: Record<string, number>;
}

const entered = (prior: StoredOrder | undefined, order: StoredOrder, status: OrderStatus) => order.status === status && prior?.status !== status;

/** Each counted event: when a write makes it happen, and what it adds. */
const COUNTED: { kind: StatsKind; happened: (prior: StoredOrder | undefined, order: StoredOrder) => boolean; counters: (order: StoredOrder) => Record<string, number> }[] = [
  { kind: "created", happened: (prior) => !prior, counters: () => ({ orders: 1 }) },
  {
    // GMV is money really collected (issue 10, finding 2), not orders placed: a card payment
    // the webhook confirmed, or cash the buyer confirmed receiving (payment.collectedBy).
    kind: "collected",
    happened: (prior, order) => Boolean(order.payment?.collectedBy) && !prior?.payment?.collectedBy,
    counters: (order) => ({ gmv: Number(order.total ?? 0) }),
  },
  { kind: "cancelled", happened: (prior, order) => entered(prior, order, "cancelled"), counters: () => ({ cancellations: 1 }) },
  { kind: "completed", happened: (prior, order) => entered(prior, order, "completed"), counters: () => ({ completedOrders: 1 }) },
  {
    // Whatever the order's status: a refunded order, or a cancelled one whose payment went back.
    kind: "refunded",
    happened: (prior, order) => order.payment?.status === "refunded" && prior?.payment?.status !== "refunded",
    counters: (order) => ({ refunds: 1, refundedAmount: refundedAmountOf(order) }),
  },
];

/** The counted events one write of an order makes (pure). Each happens at most once per order. */
export function orderStatsEvents(before: DocumentData | undefined, after: DocumentData | undefined): StatsEvent[] {
  if (!after) return [];
  const prior = before as StoredOrder | undefined;
  const order = after as StoredOrder;
  return COUNTED.filter((c) => c.happened(prior, order)).map((c) => ({ kind: c.kind, counters: c.counters(order) }));
}

export { STATS_MARKER_DAYS };

/** The business day an order change counts on (the calendar day in Cairo). */
export function statsDay(ms: number): string {
  return cairoDay(ms);
}

/** The marker and increments of one counted event of one order. */
function countedEvent(orderId: string, event: StatsEvent, atMs: number): CountedEvent {
  const day = statsDay(atMs);
  return {
    marker: db().collection("statsEvents").doc(`${orderId}-${event.kind}`),
    markerData: { orderId, kind: event.kind, day, at: Timestamp.fromMillis(atMs), expireAt: Timestamp.fromMillis(atMs + STATS_MARKER_DAYS * 24 * 3600 * 1000) },
    counters: [
      { id: "platform", increments: event.counters },
      { id: `daily-${day}`, increments: event.counters, fields: { date: day } },
    ],
  };
}

/**
 * Counts each event not counted before, each in its own atomic batch over a random shard
 * (core/counters.ts): the marker statsEvents/{orderId}-{kind} is created with the
 * increments, so a redelivered event counts nothing. Returns the kinds counted now.
 */
export async function countOrderStats(orderId: string, events: StatsEvent[], atMs: number): Promise<StatsKind[]> {
  const counted = await Promise.all(events.map((event) => countOnce(countedEvent(orderId, event, atMs))));
  return events.filter((_, i) => counted[i]).map((event) => event.kind);
}

/** An order entered or left `completed` (a completed order may still be refunded). */
export function crossedCompleted(before: DocumentData | undefined, after: DocumentData | undefined): boolean {
  return before?.status !== after?.status && (before?.status === "completed" || after?.status === "completed");
}

/**
 * vendors/{vendorId}.stats.completedOrders from a count() query (index: orders vendorId +
 * status), read in a transaction with the vendor so a slower, older count cannot
 * overwrite a newer one. A vendor document that does not exist is left alone.
 */
export async function recountCompletedOrders(vendorId: string): Promise<void> {
  const vendorRef = db().collection("vendors").doc(vendorId);
  const completed = db().collection("orders").where("vendorId", "==", vendorId).where("status", "==", "completed").aggregate({ count: AggregateField.count() });
  await db().runTransaction(async (tx) => {
    const [counted, vendor] = await Promise.all([tx.get(completed), tx.get(vendorRef)]);
    const completedOrders = counted.data().count;
    if (vendor.exists && vendor.get("stats.completedOrders") !== completedOrders) tx.update(vendorRef, { "stats.completedOrders": completedOrders });
  });
}
