// The suspension and demotion cascade (SPEC section 2), one module for every cause that
// takes an account out of the marketplace: users-setStatus (suspension), users-setRole
// (removing `vendor` or `engineer`) and a pending deletion (privacy) all call
// withdrawFromMarketplace, and restoreToMarketplace when the cause is lifted.
//
// One transaction reads the account's cascade record (users/{uid}/private/cascade), the
// vendor and engineer documents and the job the engineer holds, lets cascadeModel decide,
// and writes all of it together with the caller's profile patch: a suspended vendor is
// `suspended` at once for the rules' approved-vendor check, and the vendor trigger hides
// the active listings exactly as vendors-review suspend does. A withdrawn job is then
// dispatched again (the job trigger tells the customer "finding another engineer").
// Open orders and jobs are listed in the report so the caller's audit entry names them.
import { FieldValue, type DocumentData, type DocumentSnapshot } from "firebase-admin/firestore";
import type { AuditActor } from "../core/audit";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { cairoDay } from "../core/time";
import { autoDispatch } from "../jobs/dispatch";
import { engineerRef, engineerStateOf, jobRef, jobStateOf, writeTransition } from "../jobs/store";
import { withdrawFromEngineer } from "../jobs/transitions";
import {
  WHOLE_ACCOUNT,
  planRestoration,
  planWithdrawal,
  type AccountState,
  type CascadeCause,
  type CascadeRecord,
  type CascadeScope,
} from "./cascadeModel";

export type { CascadeCause, CascadeScope } from "./cascadeModel";

export interface CascadeOptions {
  by: AuditActor;
  requestId?: string;
  /** Which side of the account (default: both). */
  scope?: CascadeScope;
  /** Fields merged into users/{uid} in the same transaction (e.g. the new status). */
  profile?: DocumentData;
}

/** What a withdrawal did and what it left open; goes into the caller's audit entry as is. */
export type WithdrawalReport = {
  cause: CascadeCause;
  vendorSuspended: boolean;
  engineerOffDuty: boolean;
  withdrawnJob: { jobId: string; status: string; engineerId: string | null } | null;
  strandedJobId: string | null;
  openOrders: string[];
  openJobs: string[];
};

export type RestorationReport = {
  cause: CascadeCause;
  vendorReinstated: boolean;
  engineerAvailable: boolean;
};

const OPEN_ORDER_STATUSES = ["pending_payment", "placed", "paid", "confirmed", "ready_for_pickup", "shipped", "delivered"];
const OPEN_JOB_STATUSES = ["requested", "assigned", "accepted", "in_progress"];
/** Obligations listed per query; an account with more is exceptional and the audit says "+". */
const LISTED = 50;
const CASCADE_SYSTEM = "users.cascade";

const recordRef = (uid: string) => db().collection("users").doc(uid).collection("private").doc("cascade");
const vendorRef = (uid: string) => db().collection("vendors").doc(uid);

function recordOf(snapshot: DocumentSnapshot): CascadeRecord {
  const data = snapshot.data() ?? {};
  const record: CascadeRecord = {};
  if (data.vendor) record.vendor = data.vendor as CascadeRecord["vendor"];
  if (data.engineer) record.engineer = data.engineer as CascadeRecord["engineer"];
  return record;
}

function stateOf(vendor: DocumentSnapshot, engineer: DocumentSnapshot, heldJob?: DocumentSnapshot): AccountState {
  return {
    vendorStatus: vendor.get("status") as string | undefined,
    engineer: engineer.exists
      ? { availability: String(engineer.get("availability")), activeJobId: (engineer.get("activeJobId") as string | null) ?? null }
      : undefined,
    heldJobStatus: heldJob?.exists ? String(heldJob.get("status")) : undefined,
  };
}

function writeRecord(tx: FirebaseFirestore.Transaction, uid: string, record: CascadeRecord): void {
  if (record.vendor || record.engineer) tx.set(recordRef(uid), { ...record, updatedAt: FieldValue.serverTimestamp() });
  else tx.delete(recordRef(uid));
}

async function idsOf(query: FirebaseFirestore.Query): Promise<string[]> {
  return (await query.limit(LISTED).get()).docs.map((doc) => doc.id);
}

/** Orders and jobs still open in which the account takes part (buyer, vendor, customer, engineer). */
async function openObligations(uid: string): Promise<{ openOrders: string[]; openJobs: string[] }> {
  const orders = db().collection("orders");
  const jobs = db().collection("serviceJobs");
  const [asBuyer, asVendor, asCustomer, asEngineer] = await Promise.all([
    idsOf(orders.where("buyerId", "==", uid).where("status", "in", OPEN_ORDER_STATUSES)),
    idsOf(orders.where("vendorId", "==", uid).where("status", "in", OPEN_ORDER_STATUSES)),
    idsOf(jobs.where("customerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES)),
    idsOf(jobs.where("engineerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES)),
  ]);
  return { openOrders: [...new Set([...asBuyer, ...asVendor])], openJobs: [...new Set([...asCustomer, ...asEngineer])] };
}

/**
 * Takes the account out of the marketplace for `cause`. Idempotent: a second call for the
 * same cause finds everything already withdrawn and changes nothing.
 */
export async function withdrawFromMarketplace(uid: string, cause: CascadeCause, options: CascadeOptions): Promise<WithdrawalReport> {
  const scope = options.scope ?? WHOLE_ACCOUNT;
  const change = { by: { system: CASCADE_SYSTEM }, requestId: options.requestId, reason: `ACCOUNT_${cause.toUpperCase()}` };
  const today = cairoDay(Date.now());
  const plan = await db().runTransaction(async (tx) => {
    const [record, vendor, engineer] = await tx.getAll(recordRef(uid), vendorRef(uid), engineerRef(uid));
    const activeJobId = engineer.exists ? (engineer.get("activeJobId") as string | null) : null;
    const heldJob = scope.engineer && activeJobId ? await tx.get(jobRef(activeJobId)) : undefined;
    const decided = planWithdrawal(recordOf(record), cause, scope, stateOf(vendor, engineer, heldJob));
    if (options.profile) tx.set(db().collection("users").doc(uid), { ...options.profile, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    writeRecord(tx, uid, decided.record);
    if (decided.suspendVendor) tx.update(vendorRef(uid), { status: "suspended", updatedAt: FieldValue.serverTimestamp() });
    if (decided.withdrawJobId && heldJob) {
      const t = withdrawFromEngineer(jobStateOf(heldJob), engineerStateOf(engineer, today));
      await writeTransition(tx, t, change, today, { engineer: { availability: "off_duty" } });
    } else if (decided.engineerOffDuty) {
      tx.update(engineerRef(uid), { availability: "off_duty", updatedAt: FieldValue.serverTimestamp() });
    }
    return decided;
  });
  let withdrawnJob: WithdrawalReport["withdrawnJob"] = null;
  if (plan.withdrawJobId) {
    const outcome = await autoDispatch(plan.withdrawJobId, change);
    withdrawnJob = { jobId: plan.withdrawJobId, status: outcome.status, engineerId: outcome.engineerId };
  }
  const open = await openObligations(uid);
  logs.accountWithdrawn({ uid, cause, vendorSuspended: plan.suspendVendor, engineerOffDuty: plan.engineerOffDuty, jobWithdrawn: Boolean(plan.withdrawJobId) });
  return {
    cause,
    vendorSuspended: plan.suspendVendor,
    engineerOffDuty: plan.engineerOffDuty,
    withdrawnJob,
    strandedJobId: plan.strandedJobId ?? null,
    ...open,
  };
}

/**
 * Lifts `cause`: what it (and no other active cause) changed comes back, if it is still as
 * the cascade left it. A withdrawn job stays with whoever dispatch gave it to.
 */
export async function restoreToMarketplace(uid: string, cause: CascadeCause, options: CascadeOptions): Promise<RestorationReport> {
  const scope = options.scope ?? WHOLE_ACCOUNT;
  const plan = await db().runTransaction(async (tx) => {
    const [record, vendor, engineer] = await tx.getAll(recordRef(uid), vendorRef(uid), engineerRef(uid));
    const decided = planRestoration(recordOf(record), cause, scope, stateOf(vendor, engineer));
    if (options.profile) tx.set(db().collection("users").doc(uid), { ...options.profile, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    if (record.exists) writeRecord(tx, uid, decided.record);
    if (decided.reinstateVendor) tx.update(vendorRef(uid), { status: "approved", updatedAt: FieldValue.serverTimestamp() });
    if (decided.engineerAvailable) tx.update(engineerRef(uid), { availability: "available", updatedAt: FieldValue.serverTimestamp() });
    return decided;
  });
  logs.accountRestored({ uid, cause, vendorReinstated: plan.reinstateVendor, engineerAvailable: plan.engineerAvailable });
  return { cause, vendorReinstated: plan.reinstateVendor, engineerAvailable: plan.engineerAvailable };
}
