// Compile-time tests: `npm run test:types --prefix client` runs tsc over this file. Each line
// marked with an expect-error directive MUST be a type error (tsc fails on an unused one),
// and the other lines must compile: wrong inputs are caught by the compiler.
import type { FirebaseApp } from "firebase/app";
import { createSoukClient, type SoukReason } from "../../src/index";

export async function typecheck(app: FirebaseApp): Promise<void> {
  const souk = createSoukClient(app);

  const order = await souk.orders.create({ listingId: "l1", fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: "key-12345678" });
  const orderId: string = order.orderId;
  const total: number = order.total;

  // @ts-expect-error quantity is a number, not a string
  await souk.orders.create({ listingId: "l1", quantity: "2", fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: "key-12345678" });
  // @ts-expect-error paymentMethod is "card" | "cod"
  await souk.orders.create({ listingId: "l1", fulfillment: { method: "pickup" }, paymentMethod: "cash", idempotencyKey: "key-12345678" });
  // @ts-expect-error idempotencyKey is required
  await souk.orders.create({ listingId: "l1", fulfillment: { method: "pickup" }, paymentMethod: "cod" });
  // @ts-expect-error the result has no "price" field
  void order.price;
  // @ts-expect-error there is no orders-delete callable
  await souk.orders.delete({ orderId });
  // @ts-expect-error a job report needs a summary object, not a string
  await souk.jobs.complete({ jobId: "j1", report: "all good" });
  // @ts-expect-error decisions are approve/reject/suspend/reinstate
  await souk.vendors.review({ vendorId: "v1", decision: "ban" });

  const reason: SoukReason = "MFA_REQUIRED";
  // @ts-expect-error not a code the server or the client can produce
  const typo: SoukReason = "MFA_REQUIRE";
  void [total, reason, typo];
}
