// payments-startCheckout (SPEC section 4): opens (or reopens) the provider's checkout for a
// card order awaiting payment. Idempotent: while a checkout is open, the same one is
// returned, so a double tap never creates two payments the buyer could both complete.
// The provider is asked outside any transaction (it is a network call); orders/store.ts
// then records the checkout with its events entry and audit entry, re-checking the order.
import { callable } from "../core/callable";
import { PAYMENT_API_KEY, PAYMENT_WEBHOOK_SECRET } from "../core/config";
import { errors } from "../core/errors";
import { requireCheckoutAllowed } from "../orders/model";
import { StartCheckoutInput } from "../orders/schema";
import { readOrder, recordCheckout } from "../orders/store";
import { paymentProvider } from "../paymentProviders/registry";

export const startCheckout = callable({
  name: "payments.startCheckout",
  roles: ["customer"],
  input: StartCheckoutInput,
  rateLimit: { limit: 20, windowSeconds: 3600 },
  secrets: [PAYMENT_API_KEY, PAYMENT_WEBHOOK_SECRET],
  handler: async ({ uid, role, input, requestId, ip, userAgent }) => {
    const { order, number, openCheckout } = await readOrder(input.orderId);
    if (order.buyerId !== uid) throw errors.notFound("Order");
    requireCheckoutAllowed(order, Date.now());
    if (openCheckout) return openCheckout;
    const opened = await paymentProvider().startCheckout({ orderId: order.id, orderNumber: number, amount: order.total, currency: order.currency, buyerId: uid });
    return recordCheckout(order.id, uid, opened, { by: { uid, role }, requestId, ip, userAgent });
  },
});
