// The order schedules (SPEC section 6):
//  - payment expiry, every 5 minutes: card orders still `pending_payment` after
//    ORDER_PAYMENT_WINDOW_MINUTES are cancelled by the system and give back their car or stock;
//  - confirm window, every 15 minutes: cash-on-delivery orders still `placed` (the vendor
//    never confirmed) after ORDER_CONFIRM_WINDOW_HOURS are cancelled by the system and give
//    back their car or stock (SPEC section 3: no account can lock the catalogue);
//  - auto-complete, every hour: orders `delivered` 3 days ago or more are completed (a car
//    becomes sold).
// Each order is handled in its own transaction that re-reads it and asks the model again,
// so running twice, or alongside a buyer paying or confirming, gives every order one outcome.
import { onSchedule } from "firebase-functions/v2/scheduler";
import type { AuditActor } from "../core/audit";
import { dueDocs, forEachIsolated } from "../core/batches";
import { logs } from "../core/log";
import { AUTO_COMPLETE_AFTER_MS, autoComplete, expire, expireUnconfirmed, type OrderChange, type OrderState } from "./model";
import { inTransaction } from "../core/transactions";
import { changeOrderIn } from "./store";

/** Orders handled per run; the next run takes the rest. */
const BATCH = 300;
const PARALLEL = 10;

export interface ScheduleReport {
  /** Orders this run changed. */
  changed: number;
  /** Orders that no longer needed it when their transaction read them (a user acted first, or another run did). */
  skipped: number;
  /** Orders whose handling failed (logged; the next run tries again). */
  failed: number;
}

async function applyEach(orderIds: readonly string[], by: AuditActor, decide: (order: OrderState) => OrderChange | null): Promise<ScheduleReport> {
  const report: ScheduleReport = { changed: 0, skipped: 0, failed: 0 };
  const applyOne = async (orderId: string) => {
    const changed = await inTransaction(async (tx) => (await changeOrderIn(tx, orderId, { by }, decide)).change !== null);
    if (changed) report.changed += 1;
    else report.skipped += 1;
  };
  report.failed = await forEachIsolated(orderIds, PARALLEL, applyOne, (orderId, error) => logs.ordersScheduleItemFailed(orderId, error));
  return report;
}

/** Cancels card orders whose payment window closed before `nowMs`; exported so tests run it directly and race it. */
export async function runPaymentExpiry(nowMs: number = Date.now()): Promise<ScheduleReport> {
  const due = await dueDocs({ collection: "orders", status: "pending_payment", deadlineField: "expiresAt", beforeMs: nowMs, limit: BATCH });
  const report = await applyEach(due.map((doc) => doc.id), { system: "orders.expiry" }, (order) => expire(order, nowMs));
  logs.ordersScheduleRun("expiry", { ...report });
  return report;
}

/** Cancels cash-on-delivery orders the vendor left unconfirmed past their confirmBy; the clock is injected for tests. */
export async function runConfirmExpiry(nowMs: number = Date.now()): Promise<ScheduleReport> {
  const due = await dueDocs({ collection: "orders", status: "placed", deadlineField: "confirmBy", beforeMs: nowMs, limit: BATCH });
  const report = await applyEach(due.map((doc) => doc.id), { system: "orders.confirmExpiry" }, (order) => expireUnconfirmed(order, nowMs));
  logs.ordersScheduleRun("confirm_expiry", { ...report });
  return report;
}

/** Completes orders delivered 3 days or more before `nowMs`. */
export async function runAutoComplete(nowMs: number = Date.now()): Promise<ScheduleReport> {
  const due = await dueDocs({ collection: "orders", status: "delivered", deadlineField: "deliveredAt", beforeMs: nowMs - AUTO_COMPLETE_AFTER_MS, limit: BATCH });
  const report = await applyEach(due.map((doc) => doc.id), { system: "orders.autoComplete" }, (order) => autoComplete(order, nowMs));
  logs.ordersScheduleRun("auto_complete", { ...report });
  return report;
}

export const expireUnpaid = onSchedule({ schedule: "every 5 minutes", timeZone: "Africa/Cairo", timeoutSeconds: 300 }, async () => {
  await runPaymentExpiry(Date.now());
});

export const expireUnconfirmedCod = onSchedule({ schedule: "every 15 minutes", timeZone: "Africa/Cairo", timeoutSeconds: 300 }, async () => {
  await runConfirmExpiry(Date.now());
});

export const autoCompleteDelivered = onSchedule({ schedule: "every 60 minutes", timeZone: "Africa/Cairo", timeoutSeconds: 300 }, async () => {
  await runAutoComplete(Date.now());
});
