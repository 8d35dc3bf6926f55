// Service jobs and engineer dispatch, as plain functions over plain data: the job state
// machine and invariants of SPEC section 3, the dispatch ranking of SPEC section 4
// (jobs-request), engineer availability (engineers-setAvailability) and the accept-SLA
// watchdog (SPEC section 6). No Firebase imports.
//
// Every transition returns the job's next state together with the engineer's next state
// (or null when the engineer document does not change), so a handler reads both documents
// and writes both in one transaction. Refusals throw DomainError.
import { DomainError, errors } from "../core/errors";
import type { Role } from "../core/roles";
import type { Governorate } from "../shared/egypt";

export const JOB_STATUSES = ["requested", "assigned", "accepted", "in_progress", "completed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_TYPES = ["inspection", "maintenance", "repair"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const ENGINEER_AVAILABILITY = ["available", "on_job", "off_duty"] as const;
export type EngineerAvailability = (typeof ENGINEER_AVAILABILITY)[number];

/** What an engineer may choose; `on_job` is set only by dispatch (SPEC section 4). */
export const SETTABLE_AVAILABILITY = ["available", "off_duty"] as const;
export type SettableAvailability = (typeof SETTABLE_AVAILABILITY)[number];

/** A job in one of these statuses occupies its engineer. */
export const ACTIVE_JOB_STATUSES = ["assigned", "accepted", "in_progress"] as const satisfies readonly JobStatus[];

/** After this many unanswered assignments of one job, admins are told (SPEC section 6). */
export const MISSED_ACCEPTS_BEFORE_ALERT = 3;

const MINUTE_MS = 60_000;

/** SPEC section 3, job status. Any move not listed here is INVALID_TRANSITION. */
export const allowedJobTransitions: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  requested: ["assigned", "cancelled"],
  assigned: ["accepted", "requested", "cancelled"],
  accepted: ["in_progress", "cancelled"],
  in_progress: ["completed"],
  completed: [],
  cancelled: [],
};

export interface JobState {
  id: string;
  customerId: string;
  type: JobType;
  governorate: Governorate;
  status: JobStatus;
  engineerId: string | null;
  /** Engineers who declined or let the accept window pass; dispatch skips them. */
  declinedBy: readonly string[];
  /** Epoch milliseconds. */
  assignedAt?: number | null;
  /** Epoch milliseconds; the watchdog withdraws the assignment after this instant. */
  acceptBy?: number | null;
  missedAccepts: number;
}

export interface EngineerState {
  uid: string;
  availability: EngineerAvailability;
  online: boolean;
  activeJobId: string | null;
  governorate: Governorate;
  skills: readonly JobType[];
  rating: { avg: number; count: number };
  /** Jobs assigned to the engineer today (the handler resets it per day). */
  jobsToday: number;
}

export interface JobActor {
  uid: string;
  role: Role;
}

export interface JobTransition<J extends JobState = JobState, E extends EngineerState = EngineerState> {
  from: JobStatus;
  to: JobStatus;
  job: J;
  /** The engineer's next state when it changes (write it in the same transaction), else null. */
  engineer: E | null;
}

export interface Withdrawal<J extends JobState = JobState, E extends EngineerState = EngineerState>
  extends JobTransition<J, E> {
  /** The engineer who let the accept window pass. */
  missedBy: string;
  /** True once the job has missed MISSED_ACCEPTS_BEFORE_ALERT accept windows. */
  notifyAdmins: boolean;
}

export function isActiveJobStatus(status: JobStatus): boolean {
  return (ACTIVE_JOB_STATUSES as readonly JobStatus[]).includes(status);
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return allowedJobTransitions[from].includes(to);
}

/** A freshly requested job: nobody assigned, nobody declined yet. */
export function newJob(fields: Pick<JobState, "id" | "customerId" | "type" | "governorate">): JobState {
  return { ...fields, status: "requested", engineerId: null, declinedBy: [], assignedAt: null, acceptBy: null, missedAccepts: 0 };
}

/** The visit time a customer asks for must lie in the future; returns it in epoch ms. */
export function parsePreferredAt(preferredAt: string, nowMs: number): number {
  const at = Date.parse(preferredAt);
  if (!(at > nowMs)) throw errors.validation({ preferredAt: "Choose a date and time in the future" });
  return at;
}

// ---- dispatch -----------------------------------------------------------------------

interface EligibilityRule {
  fails: (engineer: EngineerState, job: JobState) => boolean;
  code: "ENGINEER_UNAVAILABLE" | "ENGINEER_NOT_ELIGIBLE";
  message: string;
}

// SPEC sections 3 and 4: only an available, online engineer without a job, in the job's
// governorate, with the needed skill, who has not already turned this job down.
const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  { fails: (e) => e.availability !== "available", code: "ENGINEER_UNAVAILABLE", message: "The engineer is not available." },
  { fails: (e) => !e.online, code: "ENGINEER_UNAVAILABLE", message: "The engineer is offline." },
  { fails: (e) => e.activeJobId !== null, code: "ENGINEER_UNAVAILABLE", message: "The engineer is already on a job." },
  {
    fails: (e, j) => e.governorate !== j.governorate,
    code: "ENGINEER_NOT_ELIGIBLE",
    message: "The engineer works in another governorate.",
  },
  {
    fails: (e, j) => !e.skills.includes(j.type),
    code: "ENGINEER_NOT_ELIGIBLE",
    message: "The engineer does not do this type of job.",
  },
  {
    fails: (e, j) => j.declinedBy.includes(e.uid),
    code: "ENGINEER_NOT_ELIGIBLE",
    message: "The engineer already turned this job down.",
  },
];

/** Why the engineer cannot take the job, or undefined when he can. */
export function ineligibility(engineer: EngineerState, job: JobState): DomainError | undefined {
  const rule = ELIGIBILITY_RULES.find((candidate) => candidate.fails(engineer, job));
  return rule && errors.precondition(rule.code, rule.message);
}

export function isEligible(engineer: EngineerState, job: JobState): boolean {
  return ineligibility(engineer, job) === undefined;
}

function compareUid(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Dispatch order: fewest jobs today, then highest rating, then uid (code-unit order, so
 * the pick never depends on the input order or the locale). Negative when `a` goes first.
 */
export function compareCandidates(a: EngineerState, b: EngineerState): number {
  return a.jobsToday - b.jobsToday || b.rating.avg - a.rating.avg || compareUid(a.uid, b.uid);
}

/** The best eligible engineer for the job, or undefined when nobody is eligible. */
export function pickEngineer<E extends EngineerState>(job: JobState, engineers: readonly E[]): E | undefined {
  let best: E | undefined;
  for (const engineer of engineers) {
    if (isEligible(engineer, job) && (best === undefined || compareCandidates(engineer, best) < 0)) best = engineer;
  }
  return best;
}

// ---- transitions --------------------------------------------------------------------

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

const AVAILABILITY_REFUSALS: Record<SettableAvailability, string> = {
  available: "You are on a job; you become available again when it is completed or cancelled.",
  off_duty: "Finish or hand back your current job before going off duty.",
};

function holdsJob(engineer: EngineerState): boolean {
  return engineer.activeJobId !== null || engineer.availability === "on_job";
}

/**
 * engineers-setAvailability: an engineer goes `available` or `off_duty`, never `on_job`
 * (only dispatch does that), and not while holding a job. Asking for the current state
 * changes nothing.
 */
export function setAvailability<E extends EngineerState>(engineer: E, wanted: SettableAvailability): E {
  if (!(SETTABLE_AVAILABILITY as readonly string[]).includes(wanted)) {
    throw errors.invalidTransition(engineer.availability, wanted);
  }
  if (engineer.availability === wanted) return engineer;
  if (holdsJob(engineer)) throw errors.precondition("ENGINEER_HAS_ACTIVE_JOB", AVAILABILITY_REFUSALS[wanted]);
  return { ...engineer, availability: wanted };
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
