// What each order write tells whom (SPEC section 6): the buyer and the vendor hear about
// every status, the buyer about money that moves without one, the admins about a refund
// that is due. Pure wording, Arabic and English: no Firebase, no I/O. Each notice has an
// id made of order, event and side, so a redelivered event finds it and sends nothing.
import type { DocumentData } from "firebase-admin/firestore";
import type { LocalizedText, Notice } from "../core/notify";
import type { OrderDocumentShape, OrderStatus } from "./schema";

/** The stored order as triggers read it: every field may be missing on a malformed document. */
export type StoredOrder = Partial<OrderDocumentShape>;

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
export function refundedAmountOf(order: StoredOrder): number {
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
