// Wiring of the orders/{orderId} trigger (SPEC sections 3 and 6): whatever moved the
// order (a callable, the payment webhook, a schedule), one write tells the people around
// it (notices.ts), counts the platform's stats (stats.ts) and keeps the vendor's
// completed-order count. Audit entries and order events are written by the transitions
// themselves (store.ts), not here.
//
// Idempotent, because the status machine has no cycles (an order reaches each status at
// most once): notifications have ids made of order, status and side and are created
// once; each counted event has a marker created with its increments; the vendor's count
// comes from a count() query.
import type { DocumentData } from "firebase-admin/firestore";
import { onDocumentWritten } from "../core/triggers";
import { logs } from "../core/log";
import { notify, notifyAdmins } from "../core/notify";
import { orderNotices, type Recipient } from "./notices";
import { countOrderStats, crossedCompleted, orderStatsEvents, recountCompletedOrders } from "./stats";

async function deliver(recipient: Recipient): Promise<void> {
  if (recipient.to === "admins") await notifyAdmins(recipient.notice, { id: recipient.id });
  else await notify(recipient.uid, recipient.notice, { id: recipient.id });
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
  if (counted.length > 0) logs.orderStatsCounted(orderId, counted);
}

export const onOrderWritten = onDocumentWritten("orders/{orderId}", async (event) => {
  const atMs = Date.parse(event.time);
  await recordOrderWrite(event.params.orderId, event.data?.before.data(), event.data?.after.data(), Number.isNaN(atMs) ? Date.now() : atMs);
});
