// What admins are told about captured money no order fits (issue 11 item 3), pure wording.
import type { Notice } from "../core/notify";
import type { PaymentEvent } from "../paymentProviders/contract";

/** Amount in EGP with two decimals (piastres in the event). */
const egp = (piastres: number) => (piastres / 100).toFixed(2);

export function paymentIssueNotice(event: PaymentEvent): Notice {
  const { paymentId, orderId, amount, currency } = event.data;
  const money = `${egp(amount)} ${currency}`;
  return {
    type: "payment.issue",
    title: { ar: "دفعة بلا طلب", en: "Payment without an order" },
    body: {
      ar: `استلم مزود الدفع ${money} (الدفعة ${paymentId}) لطلب غير موجود. يجب رد المبلغ.`,
      en: `The payment provider captured ${money} (payment ${paymentId}) for an order that does not exist. It must be refunded.`,
    },
    data: { eventId: event.id, paymentId, orderId },
  };
}
