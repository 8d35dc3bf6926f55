// What an order write means for the people and the numbers around it (SPEC sections 3
// and 6, issue 4): one Firestore trigger on orders/{orderId} tells the buyer and the
// vendor about every status (and the admins about a refund that is due), counts the
// platform's stats, and keeps the vendor's completed-order count. Whatever moved the
// order (a callable, the payment webhook, a schedule), the effects are the same. Audit
// entries and order events are written by the transitions themselves, not here.
//
// Idempotent, because the status machine has no cycles (an order reaches each status at
// most once):
// - each notification has the id `order-${orderId}-${status}-${buyer|vendor}` (payment
//   events and the admins' refund-due notice have fixed ids too), created once: a
//   redelivered event finds it, writes nothing and pushes nothing;
// - each counted event has a marker statsEvents/{orderId}-{kind}, created in the same
//   transaction as the increments: a redelivered event finds the marker and counts nothing;
// - vendors/{vendorId}.stats.completedOrders comes from a count() query, exact however
//   often it runs.
import { AggregateField, FieldValue, Timestamp, type DocumentData } from "firebase-admin/firestore";
import { onDocumentWritten } from "../core/triggers";
import "../core/config"; // global options: region
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { notify, notifyAdmins, type LocalizedText, type Notice } from "../core/notify";
import type { OrderDocumentShape, OrderStatus } from "./schema";

/** The stored order as triggers read it: every field may be missing on a malformed document. */
type StoredOrder = Partial<OrderDocumentShape>;

/** Who hears about an order write: one user, or every active admin. */
export type Recipient =
  | { to: "user"; uid: string; id: string; notice: Notice }
  | { to: "admins"; id: string; notice: Notice };

type Side = "buyer" | "vendor";
const SIDES: readonly Side[] = ["buyer", "vendor"];

interface Wording {
  title: LocalizedText;
  body: LocalizedText;
}

/** The few facts the texts need: the order number and item title, never an address or a name. */
interface OrderFacts {
  number: string;
  /** " for <title>" / " على <title>", empty when the order has no item title. */
  forItem: LocalizedText;
  cancelledBy: "buyer" | "vendor" | "system";
  /** Money was taken and will go back: said in the cancellation notice. */
  refundPending: boolean;
  refundedAmount: number;
}

function itemPhrase(order: StoredOrder): LocalizedText {
  const title = order.items?.[0]?.title;
  return title ? { ar: ` على ${title}`, en: ` for ${title}` } : { ar: "", en: "" };
}

/** Piastres given back, or (before the provider reports it) all that was taken. */
function refundedAmountOf(order: StoredOrder): number {
  return order.payment?.refundedAmount || order.payment?.amount || 0;
}

function factsOf(order: StoredOrder): OrderFacts {
  return {
    number: String(order.number ?? ""),
    forItem: itemPhrase(order),
    cancelledBy: order.cancellation?.by ?? "system",
    refundPending: Boolean(order.refundDue) || order.payment?.status === "succeeded",
    refundedAmount: refundedAmountOf(order),
  };
}

/** Piastres as pounds, "12,500.00". */
function pounds(piastres: number): string {
  return (piastres / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function money(piastres: number): LocalizedText {
  return { ar: `${pounds(piastres)} جنيه`, en: `EGP ${pounds(piastres)}` };
}

// ---- what each status tells the buyer and the vendor ----------------------------------

type StatusWording = (o: OrderFacts) => Record<Side, Wording>;

const CANCELLED_BODIES: Record<OrderFacts["cancelledBy"], (n: string) => Record<Side, LocalizedText>> = {
  buyer: (n) => ({
    buyer: { ar: `ألغيت الطلب ${n}.`, en: `You cancelled order ${n}.` },
    vendor: { ar: `ألغى المشتري الطلب ${n}.`, en: `The buyer cancelled order ${n}.` },
  }),
  vendor: (n) => ({
    buyer: { ar: `ألغى البائع الطلب ${n}.`, en: `The seller cancelled order ${n}.` },
    vendor: { ar: `ألغيت الطلب ${n}.`, en: `You cancelled order ${n}.` },
  }),
  system: (n) => ({
    buyer: { ar: `أُلغي الطلب ${n} لعدم إتمام الدفع في الوقت المحدد.`, en: `Order ${n} was cancelled because the payment was not completed in time.` },
    vendor: { ar: `أُلغي الطلب ${n} لأن المشتري لم يدفع في الوقت المحدد.`, en: `Order ${n} was cancelled: the buyer did not pay in time.` },
  }),
};

function cancelled(o: OrderFacts): Record<Side, Wording> {
  const bodies = CANCELLED_BODIES[o.cancelledBy](o.number);
  const refund = o.refundPending ? { ar: " سيُرد إليك المبلغ المدفوع.", en: " Your payment will be refunded." } : { ar: "", en: "" };
  return {
    buyer: { title: { ar: "أُلغي الطلب", en: "Order cancelled" }, body: { ar: bodies.buyer.ar + refund.ar, en: bodies.buyer.en + refund.en } },
    vendor: { title: { ar: "أُلغي الطلب", en: "Order cancelled" }, body: bodies.vendor },
  };
}

function refunded(o: OrderFacts): Record<Side, Wording> {
  const amount = money(o.refundedAmount);
  const buyerBody =
    o.refundedAmount > 0
      ? { ar: `تم رد ${amount.ar} إليك عن الطلب ${o.number}.`, en: `Order ${o.number} was refunded: ${amount.en} back to you.` }
      : { ar: `تم رد مبلغ الطلب ${o.number}.`, en: `Order ${o.number} was refunded.` };
  return {
    buyer: { title: { ar: "تم رد المبلغ", en: "Order refunded" }, body: buyerBody },
    vendor: { title: { ar: "تم رد مبلغ الطلب", en: "Order refunded" }, body: { ar: `تم رد مبلغ الطلب ${o.number} إلى المشتري.`, en: `Order ${o.number} was refunded to the buyer.` } },
  };
}

const STATUS_WORDING: Record<OrderStatus, StatusWording> = {
  pending_payment: (o) => ({
    buyer: { title: { ar: "أكمل الدفع", en: "Complete your payment" }, body: { ar: `ادفع بالبطاقة لإتمام الطلب ${o.number}.`, en: `Pay by card to complete order ${o.number}.` } },
    vendor: {
      title: { ar: "طلب جديد بانتظار الدفع", en: "New order awaiting payment" },
      body: { ar: `طلب جديد ${o.number}${o.forItem.ar}. سنخبرك عندما يدفع المشتري.`, en: `New order ${o.number}${o.forItem.en}. We will tell you when the buyer pays.` },
    },
  }),
  placed: (o) => ({
    buyer: {
      title: { ar: "تم إرسال طلبك", en: "Order placed" },
      body: { ar: `أُرسل الطلب ${o.number} إلى البائع. الدفع نقداً عند الاستلام.`, en: `Order ${o.number} was sent to the seller. You pay in cash when you receive it.` },
    },
    vendor: {
      title: { ar: "طلب جديد", en: "New order" },
      body: { ar: `طلب جديد ${o.number}${o.forItem.ar} (الدفع عند الاستلام). يرجى تأكيده.`, en: `New order ${o.number}${o.forItem.en} (cash on delivery). Please confirm it.` },
    },
  }),
  paid: (o) => ({
    buyer: {
      title: { ar: "تم استلام الدفع", en: "Payment received" },
      body: { ar: `استلمنا دفعتك للطلب ${o.number}. سيؤكده البائع قريباً.`, en: `We received your payment for order ${o.number}. The seller will confirm it soon.` },
    },
    vendor: { title: { ar: "تم دفع الطلب", en: "Order paid" }, body: { ar: `تم دفع الطلب ${o.number}${o.forItem.ar}. يرجى تأكيده.`, en: `Order ${o.number}${o.forItem.en} is paid. Please confirm it.` } },
  }),
  confirmed: (o) => ({
    buyer: { title: { ar: "تم تأكيد طلبك", en: "Order confirmed" }, body: { ar: `أكد البائع الطلب ${o.number}.`, en: `The seller confirmed order ${o.number}.` } },
    vendor: {
      title: { ar: "تم تأكيد الطلب", en: "Order confirmed" },
      body: { ar: `أكدت الطلب ${o.number}. جهّزه للاستلام أو الشحن.`, en: `You confirmed order ${o.number}. Prepare it for pickup or shipping.` },
    },
  }),
  ready_for_pickup: (o) => ({
    buyer: { title: { ar: "طلبك جاهز للاستلام", en: "Ready for pickup" }, body: { ar: `الطلب ${o.number} جاهز. استلمه من البائع.`, en: `Order ${o.number} is ready. Pick it up from the seller.` } },
    vendor: {
      title: { ar: "جاهز للاستلام", en: "Ready for pickup" },
      body: { ar: `الطلب ${o.number} جاهز للاستلام. حدّده كمُسلَّم عندما يستلمه المشتري.`, en: `Order ${o.number} is ready for pickup. Mark it delivered when the buyer collects it.` },
    },
  }),
  shipped: (o) => ({
    buyer: { title: { ar: "تم شحن طلبك", en: "Order shipped" }, body: { ar: `الطلب ${o.number} في الطريق إليك.`, en: `Order ${o.number} is on its way.` } },
    vendor: { title: { ar: "تم شحن الطلب", en: "Order shipped" }, body: { ar: `الطلب ${o.number} مشحون. حدّده كمُسلَّم عند وصوله.`, en: `Order ${o.number} is shipped. Mark it delivered when it arrives.` } },
  }),
  delivered: (o) => ({
    buyer: {
      title: { ar: "تم تسليم طلبك", en: "Order delivered" },
      body: { ar: `تم تسليم الطلب ${o.number}. أكّد الاستلام، وإلا يكتمل الطلب تلقائياً بعد 3 أيام.`, en: `Order ${o.number} was delivered. Confirm you received it; otherwise it completes by itself after 3 days.` },
    },
    vendor: {
      title: { ar: "تم تسليم الطلب", en: "Order delivered" },
      body: { ar: `تم تسليم الطلب ${o.number}. يكتمل عندما يؤكد المشتري الاستلام أو بعد 3 أيام.`, en: `Order ${o.number} is delivered. It completes when the buyer confirms, or after 3 days.` },
    },
  }),
  completed: (o) => ({
    buyer: { title: { ar: "اكتمل طلبك", en: "Order completed" }, body: { ar: `اكتمل الطلب ${o.number}. كيف كان البائع؟ اترك تقييماً.`, en: `Order ${o.number} is complete. How was the seller? Leave a review.` } },
    vendor: { title: { ar: "اكتمل الطلب", en: "Order completed" }, body: { ar: `اكتمل الطلب ${o.number}.`, en: `Order ${o.number} is complete.` } },
  }),
  cancelled,
  refunded,
};

function orderData(orderId: string, order: StoredOrder): Record<string, string> {
  return { orderId, number: String(order.number ?? ""), status: String(order.status ?? "") };
}

function statusNotices(orderId: string, order: StoredOrder, status: OrderStatus): Recipient[] {
  const wording = STATUS_WORDING[status](factsOf(order));
  return SIDES.map((side) => ({
    to: "user",
    uid: String((side === "buyer" ? order.buyerId : order.vendorId) ?? ""),
    id: `order-${orderId}-${status}-${side}`,
    notice: { type: `order.${status}`, ...wording[side], data: orderData(orderId, order) },
  }));
}

/**
 * Money moving without a status change, told to the buyer: a payment that arrived after
 * the order was cancelled, and the refund of a cancelled order. (A refund that moves the
 * order to `refunded` is told by that status' notice.)
 */
function paymentNotices(orderId: string, before: StoredOrder, after: StoredOrder): Recipient[] {
  const from = before.payment?.status;
  const to = after.payment?.status;
  if (from === to || after.status === "refunded" || !after.buyerId) return [];
  const o = factsOf(after);
  const toBuyer = (event: string, type: string, wording: Wording): Recipient => ({
    to: "user",
    uid: String(after.buyerId),
    id: `order-${orderId}-${event}-buyer`,
    notice: { type, ...wording, data: orderData(orderId, after) },
  });
  if (to === "succeeded" && after.status === "cancelled") {
    return [
      toBuyer("late-payment", "order.payment_after_cancellation", {
        title: { ar: "استلمنا دفعة لطلب ملغى", en: "Payment received for a cancelled order" },
        body: { ar: `الطلب ${o.number} ملغى، لذلك سيُرد إليك المبلغ المدفوع.`, en: `Order ${o.number} was already cancelled, so your payment will be refunded.` },
      }),
    ];
  }
  if (to === "refunded") {
    const amount = money(o.refundedAmount);
    return [
      toBuyer("payment-refunded", "order.refund_issued", {
        title: { ar: "تم رد المبلغ", en: "Refund issued" },
        body: { ar: `تم رد ${amount.ar} إليك عن الطلب ${o.number}.`, en: `${amount.en} for order ${o.number} is on its way back to you.` },
      }),
    ];
  }
  return [];
}

/** Money was taken for an order that will not be fulfilled: admins refund it (once per order). */
function refundDueNotice(orderId: string, after: StoredOrder): Recipient {
  const o = factsOf(after);
  const amount = money(after.payment?.amount ?? 0);
  return {
    to: "admins",
    id: `order-${orderId}-refund-due`,
    notice: {
      type: "order.refund_due",
      title: { ar: `استرداد مستحق: الطلب ${o.number}`, en: `Refund due: order ${o.number}` },
      body: { ar: `دُفع ${amount.ar} عن الطلب ${o.number} ولن يُنفَّذ. رد المبلغ إلى المشتري.`, en: `${amount.en} was paid for order ${o.number}, which will not be fulfilled. Refund the buyer.` },
      data: { ...orderData(orderId, after), reason: String(after.refundDue?.reason ?? "") },
    },
  };
}

/** Creation (before undefined) or a status change: both sides hear about the new status. */
function statusChangeNotices(orderId: string, prior: StoredOrder | undefined, order: StoredOrder): Recipient[] {
  const status = order.status;
  if (!status || prior?.status === status || !STATUS_WORDING[status]) return [];
  return statusNotices(orderId, order, status);
}

/** Who hears about one write of an order, and what (pure, so it is unit-tested). */
export function orderNotices(orderId: string, before: DocumentData | undefined, after: DocumentData | undefined): Recipient[] {
  if (!after) return [];
  const prior = before as StoredOrder | undefined;
  const order = after as StoredOrder;
  const recipients = statusChangeNotices(orderId, prior, order);
  if (prior && prior.status === order.status) recipients.push(...paymentNotices(orderId, prior, order));
  if (!prior?.refundDue && order.refundDue) recipients.push(refundDueNotice(orderId, order));
  return recipients.filter((r) => r.to === "admins" || r.uid.length > 0);
}

async function deliver(recipient: Recipient): Promise<void> {
  if (recipient.to === "admins") await notifyAdmins(recipient.notice, { id: recipient.id });
  else await notify(recipient.uid, recipient.notice, { id: recipient.id });
}

// ---- stats/* counters ------------------------------------------------------------------

export type StatsKind = "created" | "cancelled" | "completed" | "refunded";

export interface StatsEvent {
  kind: StatsKind;
  /** Counter increments applied to stats/platform and to the day's stats/daily-YYYY-MM-DD. */
  counters: Record<string, number>;
}

const entered = (prior: StoredOrder | undefined, order: StoredOrder, status: OrderStatus) => order.status === status && prior?.status !== status;

/** Each counted event: when a write makes it happen, and what it adds. */
const COUNTED: { kind: StatsKind; happened: (prior: StoredOrder | undefined, order: StoredOrder) => boolean; counters: (order: StoredOrder) => Record<string, number> }[] = [
  { kind: "created", happened: (prior) => !prior, counters: (order) => ({ orders: 1, gmv: Number(order.total ?? 0) }) },
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

export const STATS_TIME_ZONE = "Africa/Cairo";
/** How long a stats marker is kept: far longer than any redelivery, then removed by the TTL on expireAt. */
export const STATS_MARKER_DAYS = 90;

let dayFormat: Intl.DateTimeFormat | undefined;

/** The calendar day (YYYY-MM-DD) in Cairo at `ms`: the business day an order change counts on. */
export function statsDay(ms: number): string {
  dayFormat ??= new Intl.DateTimeFormat("en-CA", { timeZone: STATS_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  return dayFormat.format(new Date(ms));
}

function incrementsOf(counters: Record<string, number>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(counters).map(([name, by]) => [name, FieldValue.increment(by)]));
}

/**
 * Counts each event not counted before, in one transaction: the markers that are absent
 * get created together with the increments, so a redelivered event counts nothing.
 */
export async function countOrderStats(orderId: string, events: StatsEvent[], atMs: number): Promise<StatsKind[]> {
  if (events.length === 0) return [];
  const day = statsDay(atMs);
  const markers = events.map((event) => db().collection("statsEvents").doc(`${orderId}-${event.kind}`));
  const platform = db().collection("stats").doc("platform");
  const daily = db().collection("stats").doc(`daily-${day}`);
  return db().runTransaction(async (tx) => {
    const seen = await tx.getAll(...markers);
    const fresh = events.filter((_, i) => !seen[i].exists);
    if (fresh.length === 0) return [];
    const totals: Record<string, number> = {};
    for (const event of fresh) {
      for (const [name, by] of Object.entries(event.counters)) totals[name] = (totals[name] ?? 0) + by;
    }
    tx.set(platform, incrementsOf(totals), { merge: true });
    tx.set(daily, { date: day, ...incrementsOf(totals) }, { merge: true });
    const expireAt = Timestamp.fromMillis(atMs + STATS_MARKER_DAYS * 24 * 3600 * 1000);
    for (const event of fresh) {
      tx.create(markers[events.indexOf(event)], { orderId, kind: event.kind, day, at: Timestamp.fromMillis(atMs), expireAt });
    }
    return fresh.map((event) => event.kind);
  });
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

/** Everything one write of an order sets off; a deletion only corrects the vendor's count. */
export async function recordOrderWrite(orderId: string, before: DocumentData | undefined, after: DocumentData | undefined, atMs: number): Promise<void> {
  const vendorId = String(after?.vendorId ?? before?.vendorId ?? "");
  const counting = countOrderStats(orderId, orderStatsEvents(before, after), atMs);
  await Promise.all([
    counting,
    ...orderNotices(orderId, before, after).map(deliver),
    vendorId && crossedCompleted(before, after) ? recountCompletedOrders(vendorId) : undefined,
  ]);
  const counted = await counting;
  if (counted.length > 0) logs.event("order.stats_counted", { orderId, kinds: counted.join(",") });
}

export const onOrderWritten = onDocumentWritten("orders/{orderId}", async (event) => {
  const atMs = Date.parse(event.time);
  await recordOrderWrite(event.params.orderId, event.data?.before.data(), event.data?.after.data(), Number.isNaN(atMs) ? Date.now() : atMs);
});
