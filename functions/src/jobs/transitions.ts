// The job transitions of SPEC section 3 as plain functions over plain data: assign,
// respond, start, complete, cancel, and the accept-SLA withdrawal of SPEC section 6. No
// Firebase imports.
//
// Every transition returns the job's next state together with the engineer's next state
// (or null when the engineer document does not change), so jobs/store.ts reads both
// documents and writes both in one transaction. Refusals throw DomainError.
import { DomainError, errors } from "../core/errors";
import {
  MISSED_ACCEPTS_BEFORE_ALERT,
  canTransition,
  ineligibility,
  type EngineerState,
  type JobActor,
  type JobState,
  type JobStatus,
  type JobTransition,
  type Withdrawal,
} from "./model";

const MINUTE_MS = 60_000;

function moved<J extends JobState>(job: J, to: JobStatus, patch: Partial<JobState> = {}): J {
  if (!canTransition(job.status, to)) throw errors.invalidTransition(job.status, to);
  return { ...job, ...patch, status: to };
}

function result<J extends JobState, E extends EngineerState>(
  before: J,
  job: J,
  engineer: E | null,
): JobTransition<J, E> {
  return { from: before.status, to: job.status, job, engineer };
}

const notAssignedEngineer = () =>
  new DomainError("permission-denied", "NOT_ASSIGNED_ENGINEER", "Only the engineer assigned to this job can do that.");

function requireAssignedEngineer(job: JobState, actorUid: string): void {
  if (job.engineerId === null || job.engineerId !== actorUid) throw notAssignedEngineer();
}

/** Guards the handler's wiring: the engineer document passed in must be the job's engineer. */
function requireJobsEngineer(job: JobState, engineer: EngineerState | null): void {
  if (engineer !== null && engineer.uid !== job.engineerId) {
    throw errors.precondition("ENGINEER_MISMATCH", "That engineer is not the one assigned to this job.");
  }
}

/** The engineer made available again, but only if he still holds this very job. */
function released<E extends EngineerState>(job: JobState, engineer: E | null): E | null {
  if (engineer === null || engineer.activeJobId !== job.id) return null;
  return { ...engineer, availability: "available", activeJobId: null };
}

/** The fields that go back to "nobody assigned"; the engineer joins declinedBy. */
function unassignedPatch(job: JobState): Partial<JobState> {
  const declinedBy =
    job.engineerId === null || job.declinedBy.includes(job.engineerId) ? job.declinedBy : [...job.declinedBy, job.engineerId];
  return { engineerId: null, assignedAt: null, acceptBy: null, declinedBy };
}

/**
 * Dispatch (admin or automatic): the job becomes `assigned` with an accept deadline, the
 * engineer `on_job` holding it (SPEC section 3: both in one transaction).
 */
export function assignJob<J extends JobState, E extends EngineerState>(
  job: J,
  engineer: E,
  nowMs: number,
  slaMinutes: number,
): JobTransition<J, E> {
  const next = moved(job, "assigned", {
    engineerId: engineer.uid,
    assignedAt: nowMs,
    acceptBy: nowMs + slaMinutes * MINUTE_MS,
  });
  const refusal = ineligibility(engineer, job);
  if (refusal) throw refusal;
  const onJob: E = { ...engineer, availability: "on_job", activeJobId: job.id, jobsToday: engineer.jobsToday + 1 };
  return result(job, next, onJob);
}

/** The assigned engineer accepts (job `accepted`) or declines (job back to `requested`, engineer freed). */
export function respondToJob<J extends JobState, E extends EngineerState>(
  job: J,
  engineer: E,
  actorUid: string,
  accept: boolean,
): JobTransition<J, E> {
  requireAssignedEngineer(job, actorUid);
  requireJobsEngineer(job, engineer);
  if (accept) return result<J, E>(job, moved(job, "accepted"), null);
  return result(job, moved(job, "requested", unassignedPatch(job)), released(job, engineer));
}

/** The assigned engineer starts work on an accepted job. The engineer document does not change. */
export function startJob<J extends JobState>(job: J, actorUid: string): JobTransition<J> {
  requireAssignedEngineer(job, actorUid);
  return result(job, moved(job, "in_progress"), null);
}

/** The assigned engineer finishes the job and becomes available again. */
export function completeJob<J extends JobState, E extends EngineerState>(
  job: J,
  engineer: E,
  actorUid: string,
): JobTransition<J, E> {
  requireAssignedEngineer(job, actorUid);
  requireJobsEngineer(job, engineer);
  return result(job, moved(job, "completed"), released(job, engineer));
}

/**
 * The customer who requested the job, or an admin, cancels it before work starts; an
 * assigned engineer is freed. Pass the engineer's document when the job has one (null
 * when it has none or the document is gone).
 */
export function cancelJob<J extends JobState, E extends EngineerState>(
  job: J,
  engineer: E | null,
  actor: JobActor,
): JobTransition<J, E> {
  if (actor.role !== "admin" && actor.uid !== job.customerId) {
    throw new DomainError("permission-denied", "NOT_JOB_OWNER", "Only the customer who requested this job can cancel it.");
  }
  requireJobsEngineer(job, engineer);
  return result(job, moved(job, "cancelled", { acceptBy: null }), released(job, engineer));
}

/** True when the job is still waiting for its engineer and the accept window has passed. */
export function acceptExpired(job: JobState, nowMs: number): boolean {
  return job.status === "assigned" && typeof job.acceptBy === "number" && nowMs > job.acceptBy;
}

/**
 * The accept-SLA watchdog: an assignment left unanswered past `acceptBy` is withdrawn, the
 * engineer freed and skipped by redispatch. A second run finds the job `requested` and is
 * refused with INVALID_TRANSITION (check `acceptExpired` first to skip quietly).
 */
export function withdrawExpired<J extends JobState, E extends EngineerState>(
  job: J,
  engineer: E | null,
  nowMs: number,
): Withdrawal<J, E> {
  if (!canTransition(job.status, "requested")) throw errors.invalidTransition(job.status, "requested");
  if (!acceptExpired(job, nowMs)) {
    throw errors.precondition("ACCEPT_WINDOW_OPEN", "The engineer still has time to accept this job.");
  }
  requireJobsEngineer(job, engineer);
  const missedBy = job.engineerId ?? "";
  const next = moved(job, "requested", { ...unassignedPatch(job), missedAccepts: job.missedAccepts + 1 });
  return {
    ...result<J, E>(job, next, released(job, engineer)),
    missedBy,
    notifyAdmins: next.missedAccepts >= MISSED_ACCEPTS_BEFORE_ALERT,
  };
}

/**
 * The engineer is taken out of the marketplace (suspension, demotion, deletion; SPEC
 * section 2): a job he holds that has not started (`assigned` or `accepted`) goes back to
 * `requested` for dispatch, he joins declinedBy so it never comes back to him, and he is
 * freed and set `off_duty`. Any other status is INVALID_TRANSITION (work in progress stays).
 */
export function withdrawFromEngineer<J extends JobState, E extends EngineerState>(job: J, engineer: E | null): JobTransition<J, E> {
  if (job.status !== "assigned" && job.status !== "accepted") throw errors.invalidTransition(job.status, "requested");
  requireJobsEngineer(job, engineer);
  const next: J = { ...job, ...unassignedPatch(job), status: "requested" };
  const freed = released(job, engineer);
  return result(job, next, freed ? { ...freed, availability: "off_duty" } : null);
}

/**
 * Day 28 of an account deletion (SPEC section 8): the system cancels a job that has not
 * started (its engineer freed). Work in progress cannot be cancelled (SPEC section 3): null,
 * the engineer finishes it and the job keeps the erased party's pseudonym.
 */
export function jobClosedForErasure<J extends JobState, E extends EngineerState>(job: J, engineer: E | null): JobTransition<J, E> | null {
  if (!canTransition(job.status, "cancelled")) return null;
  requireJobsEngineer(job, engineer);
  return result(job, moved(job, "cancelled", { acceptBy: null }), released(job, engineer));
}

/**
 * jobs-review (SPEC sections 3 and 4): the customer who requested a completed job rates
 * the engineer who did it. Returns that engineer's uid; a review already written is
 * refused by the store (ALREADY_REVIEWED), since the review's id is the job's.
 */
export function reviewedEngineer(job: JobState, actorUid: string): string {
  if (actorUid !== job.customerId) {
    throw new DomainError("permission-denied", "NOT_JOB_OWNER", "Only the customer who requested this job can review it.");
  }
  if (job.status !== "completed" || job.engineerId === null) {
    throw errors.precondition("JOB_NOT_COMPLETED", "A job can be reviewed once it is completed.");
  }
  return job.engineerId;
}
