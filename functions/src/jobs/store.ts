// The only writer of service jobs and engineers' dispatch state (STYLE "store.ts"): how
// serviceJobs/{jobId} and engineers/{uid} read into the model's plain states, and every
// write of a transition: the job, the engineer when he changes, and the job.assign /
// job.status_change audit entry, in the caller's transaction (SPEC section 8: a transition
// is audited where it is committed, so no failed trigger can lose the entry). Ranking and
// claiming engineers is jobs/dispatch.ts; the decisions are jobs/model.ts.
import { FieldValue, type DocumentData, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { inTransaction } from "../core/transactions";
import { millisOrNull, timestampOrNull } from "../core/time";
import { reviewedEngineer } from "./transitions";
import { setAvailability, type EngineerState, type JobState, type JobStatus, type JobTransition, type SettableAvailability } from "./model";

/** Who made a change and why: stored on the job (triggers attribute notices by it) and in its audit entry. */
export interface ChangeBy {
  by: AuditActor;
  requestId?: string;
  reason?: string;
  ip?: string;
  userAgent?: string;
}

export const jobRef = (jobId: string) => db().collection("serviceJobs").doc(jobId);
export const engineerRef = (uid: string) => db().collection("engineers").doc(uid);
export const newJobRef = () => db().collection("serviceJobs").doc();

function dataOf(snapshot: DocumentSnapshot, what: string): DocumentData {
  const data = snapshot.data();
  if (!data) throw errors.notFound(what);
  return data;
}

/** The model's view of a stored job. */
export function jobStateOf(snapshot: DocumentSnapshot): JobState {
  const d = dataOf(snapshot, "Job");
  return {
    id: snapshot.id,
    customerId: d.customerId,
    type: d.type,
    governorate: d.governorate,
    status: d.status,
    engineerId: d.engineerId ?? null,
    declinedBy: Array.isArray(d.declinedBy) ? d.declinedBy : [],
    assignedAt: millisOrNull(d.assignedAt),
    acceptBy: millisOrNull(d.acceptBy),
    missedAccepts: typeof d.missedAccepts === "number" ? d.missedAccepts : 0,
  };
}

function jobsTodayOf(stats: DocumentData | undefined, today: string): number {
  return stats?.jobsTodayDate === today && typeof stats.jobsToday === "number" ? stats.jobsToday : 0;
}

/** The model's view of a stored engineer; jobsToday is 0 unless the counter is today's (a Cairo day). */
export function engineerStateOf(snapshot: DocumentSnapshot, today: string): EngineerState {
  const d = dataOf(snapshot, "Engineer");
  return {
    uid: snapshot.id,
    availability: d.availability,
    online: d.online === true,
    activeJobId: d.activeJobId ?? null,
    governorate: d.governorate,
    skills: Array.isArray(d.skills) ? d.skills : [],
    rating: { avg: Number(d.rating?.avg ?? 0), count: Number(d.rating?.count ?? 0) },
    jobsToday: jobsTodayOf(d.stats, today),
  };
}

/** The stored fields a job transition changes (plus who made it). */
export function jobWrite(job: JobState, change: ChangeBy): DocumentData {
  return {
    status: job.status,
    engineerId: job.engineerId,
    declinedBy: [...job.declinedBy],
    assignedAt: timestampOrNull(job.assignedAt),
    acceptBy: timestampOrNull(job.acceptBy),
    missedAccepts: job.missedAccepts,
    updatedAt: FieldValue.serverTimestamp(),
    lastChange: { by: change.by, requestId: change.requestId ?? null, reason: change.reason ?? null },
  };
}

function engineerWrite(engineer: EngineerState, today: string): DocumentData {
  return {
    availability: engineer.availability,
    activeJobId: engineer.activeJobId,
    "stats.jobsToday": engineer.jobsToday,
    "stats.jobsTodayDate": today,
    updatedAt: FieldValue.serverTimestamp(),
  };
}

/** Fields a handler adds to the job's or the engineer's write (report, cancellation, counters). */
export interface ExtraWrites {
  job?: DocumentData;
  engineer?: DocumentData;
}

/** A creation is the transition from nothing (null) to requested. */
interface Moved {
  jobId: string;
  from: JobStatus | null;
  to: JobStatus;
}

function auditTransition(tx: Transaction, t: Moved, change: ChangeBy, engineerId: string | null): Promise<string> {
  return writeAudit(
    {
      actor: change.by,
      action: t.to === "assigned" ? "job.assign" : "job.status_change",
      target: { type: "job", id: t.jobId },
      outcome: "success",
      changes: { from: t.from, to: t.to, engineerId, reason: change.reason ?? null },
      requestId: change.requestId,
      ip: change.ip,
      userAgent: change.userAgent,
    },
    tx,
  );
}

/**
 * Writes a transition in the caller's transaction: the job, the engineer when the model
 * changed him or the handler has more to write (one update per document), and its audit
 * entry. Every read of `tx` must be done.
 */
export async function writeTransition(tx: Transaction, t: JobTransition, change: ChangeBy, today: string, extra: ExtraWrites = {}): Promise<void> {
  tx.update(jobRef(t.job.id), { ...jobWrite(t.job, change), ...extra.job });
  const engineerPatch = { ...(t.engineer ? engineerWrite(t.engineer, today) : {}), ...extra.engineer };
  const engineerUid = t.engineer?.uid ?? t.job.engineerId;
  if (engineerUid && Object.keys(engineerPatch).length > 0) tx.update(engineerRef(engineerUid), engineerPatch);
  await auditTransition(tx, { jobId: t.job.id, from: t.from, to: t.to }, change, t.job.engineerId ?? t.engineer?.uid ?? null);
}

/**
 * Creates a requested job (document and fields only it has) with its audit entry, in one
 * transaction; or, when a job with this id exists (a retried jobs-request: the id comes
 * from the idempotency key), writes nothing and returns that job's data. Concurrent
 * retries contend on the read, so exactly one creates.
 */
export async function createJob(job: JobState, fields: DocumentData, change: ChangeBy): Promise<DocumentData | undefined> {
  return inTransaction(async (tx) => {
    const existing = await tx.get(jobRef(job.id));
    if (existing.exists) return existing.data();
    tx.create(jobRef(job.id), { ...fields, ...jobWrite(job, change), report: null, price: null, cancellation: null, createdAt: FieldValue.serverTimestamp() });
    await auditTransition(tx, { jobId: job.id, from: null, to: job.status }, change, null);
    return undefined;
  });
}

/**
 * The fields only a new engineer gets. He starts off duty (he goes available himself when
 * his shift starts), online as his presence mirror says, and with empty counters.
 */
function newEngineerFields(presence: DocumentSnapshot) {
  return {
    availability: "off_duty",
    online: presence.get("state") === "online",
    activeJobId: null,
    rating: { avg: 0, count: 0 },
    stats: { completedJobs: 0, jobsToday: 0, jobsTodayDate: null },
    createdAt: FieldValue.serverTimestamp(),
  };
}

/**
 * engineers-upsert: the engineer's profile (created off duty, or updated without touching
 * his dispatch state), his encrypted phone and the users/{uid} role mirror, in one
 * transaction. True when the engineer is new.
 */
export async function saveEngineer(uid: string, profile: { displayName: string; skills: readonly string[]; governorate: string }, encryptedPhone: string): Promise<boolean> {
  const ref = engineerRef(uid);
  return inTransaction(async (tx) => {
    const [engineer, presence] = await tx.getAll(ref, db().collection("presence").doc(uid));
    const fields = { ...profile, skills: [...profile.skills], updatedAt: FieldValue.serverTimestamp() };
    if (engineer.exists) tx.update(ref, fields);
    else tx.create(ref, { ...fields, ...newEngineerFields(presence) });
    tx.set(ref.collection("private").doc("pii"), { phone: encryptedPhone, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    tx.set(db().collection("users").doc(uid), { role: "engineer", updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    return !engineer.exists;
  });
}

/** engineers-setAvailability: the engineer's own on/off-duty switch, decided by the model. */
export async function changeAvailability(uid: string, wanted: SettableAvailability, today: string): Promise<void> {
  await inTransaction(async (tx) => {
    const current = engineerStateOf(await tx.get(engineerRef(uid)), today);
    const next = setAvailability(current, wanted);
    if (next.availability !== current.availability) {
      tx.update(engineerRef(uid), { availability: next.availability, updatedAt: FieldValue.serverTimestamp() });
    }
  });
}

/**
 * jobs-review: engineers/{engineerId}/reviews/{jobId} for the customer of that completed
 * job, created once in a transaction with the job read (jobs/transitions.ts decides who
 * may); a second review of the same job is ALREADY_REVIEWED. Reviews are immutable: this
 * never updates one. The engineer's rating is kept by engineers/ratings.ts.
 */
export async function createEngineerReview(jobId: string, customerId: string, review: { rating: number; text: string }): Promise<string> {
  return inTransaction(async (tx) => {
    const engineerId = reviewedEngineer(jobStateOf(await tx.get(jobRef(jobId))), customerId);
    const ref = engineerRef(engineerId).collection("reviews").doc(jobId);
    if ((await tx.get(ref)).exists) throw errors.precondition("ALREADY_REVIEWED", "You have already reviewed this job; a review cannot be changed.");
    tx.create(ref, { customerId, rating: review.rating, text: review.text, createdAt: FieldValue.serverTimestamp() });
    return engineerId;
  });
}
