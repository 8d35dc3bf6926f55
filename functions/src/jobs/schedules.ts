// The accept-SLA watchdog (SPEC section 6), every 5 minutes:
//  1. assignments left unanswered past acceptBy (`serviceJobs where status == 'assigned'
//     and acceptBy < now`, indexed) are withdrawn, each in its own transaction that
//     re-reads the job: model.acceptExpired, then model.withdrawExpired (job back to
//     `requested`, the engineer freed and skipped from now on), then the job is
//     redispatched; admins are told once a job has missed MISSED_ACCEPTS_BEFORE_ALERT windows;
//  2. jobs still `requested` a minute or more after their last change (nobody was
//     eligible then) are offered to dispatch again, oldest first, so a job requested at
//     night goes out when engineers come online, without an admin.
// Safe to run twice or alongside an engineer accepting: a job that is no longer expired
// when its transaction reads it is skipped, so every job has one outcome.
import { onSchedule } from "firebase-functions/v2/scheduler";
import type { AuditActor } from "../core/audit";
import { dueDocs, forEachIsolated } from "../core/batches";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { notifyAdmins, type Notice } from "../core/notify";
import { cairoDay } from "../core/time";
import { autoDispatch } from "./dispatch";
import { type JobState, type Withdrawal } from "./model";
import { acceptExpired, withdrawExpired } from "./transitions";
import { engineerRef, engineerStateOf, jobRef, jobStateOf, writeTransition } from "./store";

const WATCHDOG: AuditActor = { system: "jobs.watchdog" };
/** Jobs handled per run and per pass; the next run takes the rest. */
const BATCH = 200;
const PARALLEL = 10;
/** A waiting job is retried once it has been left alone this long. */
const RETRY_AFTER_MS = 60_000;

export interface WatchdogReport {
  /** Assignments withdrawn because their accept window passed. */
  withdrawn: number;
  /** Jobs (withdrawn or waiting) that dispatch gave to an engineer in this run. */
  dispatched: number;
  /** Jobs whose admins were told about a third (or later) missed accept window. */
  alerted: number;
  /** Waiting jobs offered to dispatch again. */
  retried: number;
  /** Jobs whose handling failed (logged; the next run tries again). */
  failed: number;
}

/** Runs `work` on each job, `parallel` at a time; a failure is logged and counted, never fatal. */
function forEachJob<T>(items: readonly T[], jobIdOf: (item: T) => string, work: (item: T) => Promise<void>, parallel = PARALLEL): Promise<number> {
  return forEachIsolated(items, parallel, work, (item, error) => logs.jobsWatchdogItemFailed(jobIdOf(item), error));
}

/** One transaction per job: withdraw only if it is still assigned and still expired when read. */
async function withdrawIfExpired(jobId: string, nowMs: number): Promise<Withdrawal | null> {
  const today = cairoDay(nowMs);
  return db().runTransaction(async (tx) => {
    const job = jobStateOf(await tx.get(jobRef(jobId)));
    if (!acceptExpired(job, nowMs)) return null;
    const engineerSnap = job.engineerId ? await tx.get(engineerRef(job.engineerId)) : undefined;
    const engineer = engineerSnap?.exists ? engineerStateOf(engineerSnap, today) : null;
    const withdrawal = withdrawExpired(job, engineer, nowMs);
    await writeTransition(tx, withdrawal, { by: WATCHDOG, reason: "ACCEPT_SLA_PASSED" }, today);
    return withdrawal;
  });
}

function missedNotice(job: JobState): Notice {
  return {
    type: "job.accept_missed",
    title: { ar: "طلب خدمة لم يقبله أي مهندس", en: "No engineer accepts a service job" },
    body: {
      ar: `مرّت ${job.missedAccepts} مهلات قبول دون رد على طلب ${job.type} في ${job.governorate}.`,
      en: `${job.missedAccepts} engineers let the accept window pass on a ${job.type} job in ${job.governorate}.`,
    },
    data: { jobId: job.id },
  };
}

/**
 * Withdrawals run in parallel (each job has its own engineer, so they never contend);
 * redispatch then goes one job at a time, oldest deadline first: the longest-waiting
 * customer gets first pick of the engineers just freed, and dispatches of one run never
 * race each other for the same engineer.
 */
async function expiredPass(nowMs: number, report: WatchdogReport): Promise<void> {
  const expired = await dueDocs({ collection: "serviceJobs", status: "assigned", deadlineField: "acceptBy", beforeMs: nowMs, strict: true, limit: BATCH });
  const withdrawn: string[] = [];
  report.failed += await forEachJob(expired, (doc) => doc.id, async (doc) => {
    const withdrawal = await withdrawIfExpired(doc.id, nowMs);
    if (!withdrawal) return;
    withdrawn.push(doc.id);
    report.withdrawn += 1;
    logs.jobAcceptSlaPassed(doc.id, withdrawal.missedBy ?? undefined, withdrawal.job.missedAccepts);
    if (withdrawal.notifyAdmins) {
      // One alert per missed window from the third on: the id carries the count.
      await notifyAdmins(missedNotice(withdrawal.job), { id: `${doc.id}-missed-${withdrawal.job.missedAccepts}` });
      report.alerted += 1;
    }
  });
  const oldestFirst = expired.map((doc) => doc.id).filter((id) => withdrawn.includes(id));
  report.failed += await forEachJob(oldestFirst, (id) => id, async (id) => {
    const outcome = await autoDispatch(id, { by: WATCHDOG }, nowMs);
    if (outcome.dispatched) report.dispatched += 1;
  }, 1);
}

async function waitingPass(nowMs: number, report: WatchdogReport): Promise<void> {
  const waiting = await dueDocs({ collection: "serviceJobs", status: "requested", deadlineField: "updatedAt", beforeMs: nowMs - RETRY_AFTER_MS, limit: BATCH });
  report.failed += await forEachJob(waiting, (doc) => doc.id, async (doc) => {
    report.retried += 1;
    // Admins were told when this job first found nobody; a retry does not repeat it.
    const outcome = await autoDispatch(doc.id, { by: WATCHDOG }, nowMs, { alertAdmins: false });
    if (outcome.dispatched) report.dispatched += 1;
  }, 1);
}

/** The watchdog's work at `nowMs`; exported so tests run it directly and race it. */
export async function runAcceptWatchdog(nowMs: number = Date.now()): Promise<WatchdogReport> {
  const started = Date.now();
  const report: WatchdogReport = { withdrawn: 0, dispatched: 0, alerted: 0, retried: 0, failed: 0 };
  await expiredPass(nowMs, report);
  await waitingPass(nowMs, report);
  logs.jobsWatchdogRun({ ...report, ms: Date.now() - started });
  return report;
}

export const acceptWatchdog = onSchedule({ schedule: "every 5 minutes", timeZone: "Africa/Cairo", timeoutSeconds: 300 }, async () => {
  await runAcceptWatchdog(Date.now());
});
