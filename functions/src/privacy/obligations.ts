// Open obligations of a user (SPEC section 8): orders not yet completed/cancelled as
// buyer or vendor, and service jobs not yet closed as customer or engineer. They hold a
// deletion back until they close, or until the system cancels them at day 28.
import { FieldValue, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import type { AuditActor } from "../core/audit";
import { forEachIsolated } from "../core/batches";
import { db as defaultDb } from "../core/firebase";
import { logs } from "../core/log";
import { cairoDay } from "../core/time";
import { JOB_STATUSES } from "../jobs/model";
import { engineerRef, engineerStateOf, jobRef, jobStateOf, writeTransition } from "../jobs/store";
import { jobClosedForErasure } from "../jobs/transitions";
import { OPEN_STATUSES, orderClosedForErasure } from "../orders/model";
import { inTransaction } from "../core/transactions";
import { changeOrderIn } from "../orders/store";

const OPEN_JOB_STATUSES = JOB_STATUSES.filter((s) => s !== "completed" && s !== "cancelled");

export interface OpenObligations {
  orders: DocumentReference[];
  jobs: DocumentReference[];
}

function queriesOf(db: Firestore, uid: string) {
  return {
    orders: [
      db.collection("orders").where("buyerId", "==", uid).where("status", "in", [...OPEN_STATUSES]),
      db.collection("orders").where("vendorId", "==", uid).where("status", "in", [...OPEN_STATUSES]),
    ],
    jobs: [
      db.collection("serviceJobs").where("customerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES),
      db.collection("serviceJobs").where("engineerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES),
    ],
  };
}

/** Reads inside `tx` when given, so a request and its schedule see one consistent state. */
export async function openObligations(db: Firestore, uid: string, tx?: Transaction): Promise<OpenObligations> {
  const queries = queriesOf(db, uid);
  const run = (q: FirebaseFirestore.Query) => (tx ? tx.get(q) : q.get());
  const [orders, jobs] = await Promise.all([Promise.all(queries.orders.map(run)), Promise.all(queries.jobs.map(run))]);
  const unique = (refs: DocumentReference[]) => [...new Map(refs.map((r) => [r.path, r])).values()];
  return {
    orders: unique(orders.flatMap((s) => s.docs.map((d) => d.ref))),
    jobs: unique(jobs.flatMap((s) => s.docs.map((d) => d.ref))),
  };
}

export function countOf(open: OpenObligations): number {
  return open.orders.length + open.jobs.length;
}

export const ERASURE_NOTE = "ACCOUNT_ERASURE";

export interface ClosedObligations {
  /** Orders and jobs the system closed now. */
  closed: number;
  /** Still open afterwards: shipped orders and jobs in progress cannot be called back (kept, pseudonymised). */
  leftOpen: number;
  failed: number;
}

/**
 * Day 28 (or an admin's erase-now): the system closes the user's open orders and jobs
 * through their stores, each in its own transaction that re-reads it, writes its events
 * entry and its audit entry (actor: the system), so a counterparty sees why it ended.
 */
export async function closeObligations(uid: string, by: AuditActor): Promise<ClosedObligations> {
  const open = await openObligations(defaultDb(), uid);
  const outcome: ClosedObligations = { closed: 0, leftOpen: 0, failed: 0 };
  const count = (changed: boolean): void => {
    if (changed) outcome.closed += 1;
    else outcome.leftOpen += 1;
  };
  const context = { by, reason: ERASURE_NOTE };
  outcome.failed += await forEachIsolated(
    open.orders,
    5,
    async (ref) => count(await inTransaction(async (tx) => (await changeOrderIn(tx, ref.id, context, orderClosedForErasure)).change !== null)),
    (ref, error) => logs.deletionItemFailed(`orders/${ref.id}`, error),
  );
  outcome.failed += await forEachIsolated(
    open.jobs,
    5,
    async (ref) => count(await closeOneJob(ref.id, by)),
    (ref, error) => logs.deletionItemFailed(`serviceJobs/${ref.id}`, error),
  );
  return outcome;
}

async function closeOneJob(jobId: string, by: AuditActor): Promise<boolean> {
  const today = cairoDay(Date.now());
  return defaultDb().runTransaction(async (tx) => {
    const job = jobStateOf(await tx.get(jobRef(jobId)));
    const engineerSnap = job.engineerId ? await tx.get(engineerRef(job.engineerId)) : undefined;
    const engineer = engineerSnap?.exists ? engineerStateOf(engineerSnap, today) : null;
    const t = jobClosedForErasure(job, engineer);
    if (!t) return false;
    const cancellation = { by, reason: ERASURE_NOTE, at: FieldValue.serverTimestamp() };
    await writeTransition(tx, t, { by, reason: ERASURE_NOTE }, today, { job: { cancellation } });
    return true;
  });
}
