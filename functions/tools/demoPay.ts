// Plays the payment provider for a local order: `npm run demo:pay -- <orderId> [succeed|fail]`.
// Reads the order's open checkout (payments-startCheckout must have run) and sends the
// signed webhook the fake provider would, so a person can walk an order through locally.
import "../test/support/setup";
import { payThroughFakeProvider } from "./fakePayer";
import { admin, FUNCTIONS_HOST, PROJECT_ID, REGION } from "../test/support/emulators";

async function main(): Promise<void> {
  const [orderId, outcome = "succeed"] = process.argv.slice(2);
  if (!orderId || (outcome !== "succeed" && outcome !== "fail")) throw new Error("usage: npm run demo:pay -- <orderId> [succeed|fail]");
  const order = await admin().db.doc(`orders/${orderId}`).get();
  if (!order.exists) throw new Error(`orders/${orderId} does not exist`);
  const paymentId = order.get("payment.providerRef");
  if (typeof paymentId !== "string") throw new Error("this order has no open checkout: call payments-startCheckout first");
  const secret = process.env.PAYMENT_WEBHOOK_SECRET ?? "";
  const webhookUrl = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/payments-webhook`;
  const { event, responses } = await payThroughFakeProvider({ webhookUrl, secret, paymentId, orderId, amount: order.get("total"), currency: order.get("currency"), outcome });
  console.log(`${event.type} ${event.id} -> ${responses.map((r) => `${r.status} ${JSON.stringify(r.body)}`).join("; ")}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[demo:pay] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
