// The transactional dispatch used by jobs-request, jobs-assign, a declined job and the
// accept-SLA watchdog (SPEC sections 3, 4 and 6). Documents are read and written through
// jobs/store.ts, which also audits each assignment in its transaction.
//
// Automatic dispatch, in two steps:
//  1. rank, outside any transaction: one query for `engineers where governorate == G and
//     availability == 'available' and online == true` (composite index in
//     firestore.indexes.json), ordered by model.pickEngineer (needed skill, not declined,
//     fewest jobs today, then highest rating, then uid);
//  2. claim, in ONE transaction: re-read the job and the chosen engineer and apply
//     model.assign, which refuses an engineer who is no longer available, online and free.
//     Two dispatches racing for the same engineer both write his document, so Firestore
//     lets exactly one commit; the other retries, re-reads him `on_job`, and moves on to
//     the next candidate (or leaves its job `requested` when there is none).
// "Jobs today" is counted per calendar day in Africa/Cairo (core/time.cairoDay), the
// business day of an Egyptian engineer: stats.jobsToday only counts when
// stats.jobsTodayDate is today there.
import { JOB_ACCEPT_SLA_MINUTES } from "../core/config";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { notifyAdmins } from "../core/notify";
import { millisOrNull, cairoDay } from "../core/time";
import { ineligibility, pickEngineer, type EngineerState, type JobState, type JobStatus } from "./model";
import { assignJob } from "./transitions";
import { engineerRef, engineerStateOf, jobRef, jobStateOf, writeTransition, type ChangeBy } from "./store";

const DEFAULT_ACCEPT_SLA_MINUTES = 15;
/** Candidates read per dispatch; far above the engineers online in one governorate at once. */
const CANDIDATE_LIMIT = 200;
/** Engineers tried in turn when the best ones are taken by concurrent dispatches. */
const MAX_CLAIM_ATTEMPTS = 3;

export interface DispatchOutcome {
  status: JobStatus;
  engineerId: string | null;
  /** True when this very dispatch assigned the job (not an earlier or concurrent one). */
  dispatched: boolean;
}

/** JOB_ACCEPT_SLA_MINUTES, with the default when the param is unset (0) outside the platform. */
export function acceptSlaMinutes(): number {
  const minutes = JOB_ACCEPT_SLA_MINUTES.value();
  return minutes > 0 ? minutes : DEFAULT_ACCEPT_SLA_MINUTES;
}

/** Dispatchable engineers of the job's governorate; pickEngineer checks the rest. */
async function candidatesFor(job: JobState, today: string): Promise<EngineerState[]> {
  const found = await db()
    .collection("engineers")
    .where("governorate", "==", job.governorate)
    .where("availability", "==", "available")
    .where("online", "==", true)
    .limit(CANDIDATE_LIMIT)
    .get();
  return found.docs.map((doc) => engineerStateOf(doc, today));
}

type Claim = DispatchOutcome | "engineer_taken";

/** Step 2: one transaction re-reads the job and the engineer and assigns, or reports him taken. */
async function claim(jobId: string, engineerId: string, change: ChangeBy, nowMs: number): Promise<Claim> {
  const today = cairoDay(nowMs);
  return db().runTransaction(async (tx): Promise<Claim> => {
    const [jobSnap, engineerSnap] = await tx.getAll(jobRef(jobId), engineerRef(engineerId));
    const job = jobStateOf(jobSnap);
    if (job.status !== "requested") return { status: job.status, engineerId: job.engineerId, dispatched: false };
    if (!engineerSnap.exists) return "engineer_taken";
    const engineer = engineerStateOf(engineerSnap, today);
    if (ineligibility(engineer, job)) return "engineer_taken";
    await writeTransition(tx, assignJob(job, engineer, nowMs, acceptSlaMinutes()), change, today);
    return { status: "assigned", engineerId, dispatched: true };
  });
}

function noEngineerNotice(job: JobState) {
  return {
    type: "job.no_engineer",
    title: { ar: "طلب خدمة ينتظر مهندسًا", en: "A service job is waiting for an engineer" },
    body: {
      ar: `لا يوجد مهندس متاح الآن لطلب ${job.type} في ${job.governorate}. عيّن مهندسًا يدويًا.`,
      en: `No engineer is available for a ${job.type} job in ${job.governorate}. Assign one by hand.`,
    },
    data: { jobId: job.id },
  };
}

/**
 * Tells admins a job is left waiting. Once per state of the job: the id carries its
 * updatedAt, so repeated attempts on an unchanged job (watchdog runs) notify nobody again.
 */
async function alertNoEngineer(jobId: string): Promise<void> {
  const snapshot = await jobRef(jobId).get();
  if (snapshot.get("status") !== "requested") return;
  const version = millisOrNull(snapshot.get("updatedAt")) ?? 0;
  await notifyAdmins(noEngineerNotice(jobStateOf(snapshot)), { id: `${jobId}-no-engineer-${version}` });
}

/**
 * Automatic dispatch of a `requested` job to the best eligible engineer. Returns the job's
 * status afterwards: `assigned` with the engineer, or still `requested` (admins notified
 * unless `alertAdmins` is false), or whatever status another actor moved the job to meanwhile.
 */
export async function autoDispatch(jobId: string, change: ChangeBy, nowMs = Date.now(), options: { alertAdmins?: boolean } = {}): Promise<DispatchOutcome> {
  const job = jobStateOf(await jobRef(jobId).get());
  if (job.status !== "requested") return { status: job.status, engineerId: job.engineerId, dispatched: false };
  let candidates = await candidatesFor(job, cairoDay(nowMs));
  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt += 1) {
    const best = pickEngineer(job, candidates);
    if (!best) break;
    const outcome = await claim(jobId, best.uid, change, nowMs);
    if (outcome !== "engineer_taken") {
      if (outcome.dispatched) logs.jobDispatched(jobId, outcome.engineerId ?? undefined, attempt);
      return outcome;
    }
    candidates = candidates.filter((candidate) => candidate.uid !== best.uid);
  }
  logs.jobNoEngineer(jobId, job.governorate, job.type);
  if (options.alertAdmins !== false) await alertNoEngineer(jobId);
  return { status: "requested", engineerId: null, dispatched: false };
}

/** jobs-assign with an explicit engineer: the same transaction, but refusals are the caller's errors. */
export async function assignTo(jobId: string, engineerId: string, change: ChangeBy, nowMs = Date.now()): Promise<void> {
  const today = cairoDay(nowMs);
  await db().runTransaction(async (tx) => {
    const [jobSnap, engineerSnap] = await tx.getAll(jobRef(jobId), engineerRef(engineerId));
    const job = jobStateOf(jobSnap);
    const engineer = engineerStateOf(engineerSnap, today);
    await writeTransition(tx, assignJob(job, engineer, nowMs, acceptSlaMinutes()), change, today);
  });
}

/** jobs-assign's refusal when automatic dispatch found nobody (admins were notified). */
export const noEngineerAvailable = () =>
  errors.precondition("NO_ENGINEER_AVAILABLE", "No engineer is available for this job right now. Admins have been notified.");
