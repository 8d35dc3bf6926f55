// payments-startCheckout (SPEC section 4): opens (or reopens) the provider's checkout for a
// card order awaiting payment. Idempotent: while a checkout is open, the same one is
// returned, so a double tap never creates two payments the buyer could both complete.
import { FieldValue, type DocumentData } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PAYMENT_API_KEY, PAYMENT_WEBHOOK_SECRET } from "../core/config";
import { errors } from "../core/errors";
import { startCheckout as checkoutAllowed } from "../orders/model";
import { StartCheckoutInput } from "../orders/schema";
import { inTransaction, orderRef, orderStateOf } from "../orders/store";
import { paymentProvider } from "../paymentProviders/registry";

interface Checkout {
  paymentId: string;
  checkoutUrl: string;
}

function openCheckout(data: DocumentData | undefined): Checkout | null {
  const payment = data?.payment;
  if (payment?.status === "pending" && typeof payment.providerRef === "string" && typeof payment.checkoutUrl === "string") {
    return { paymentId: payment.providerRef, checkoutUrl: payment.checkoutUrl };
  }
  return null;
}

export const startCheckout = callable({
  name: "payments.startCheckout",
  roles: ["customer"],
  input: StartCheckoutInput,
  rateLimit: { limit: 20, windowSeconds: 3600 },
  secrets: [PAYMENT_API_KEY, PAYMENT_WEBHOOK_SECRET],
  handler: async ({ uid, input }): Promise<Checkout> => {
    const snap = await orderRef(input.orderId).get();
    if (!snap.exists) throw errors.notFound("Order");
    const order = orderStateOf(snap);
    if (order.buyerId !== uid) throw errors.notFound("Order");
    checkoutAllowed(order, Date.now());
    const open = openCheckout(snap.data());
    if (open) return open;
    const created = await paymentProvider().startCheckout({ orderId: order.id, orderNumber: snap.get("number"), amount: order.total, currency: order.currency, buyerId: uid });
    return inTransaction(async (tx) => {
      const current = await tx.get(orderRef(input.orderId));
      checkoutAllowed(orderStateOf(current), Date.now());
      // A concurrent call opened one first: keep it, so only one payment can succeed.
      const concurrent = openCheckout(current.data());
      if (concurrent) return concurrent;
      tx.update(current.ref, {
        "payment.providerRef": created.paymentId,
        "payment.checkoutUrl": created.checkoutUrl,
        "payment.status": "pending",
        updatedAt: FieldValue.serverTimestamp(),
      });
      return { paymentId: created.paymentId, checkoutUrl: created.checkoutUrl };
    });
  },
});
