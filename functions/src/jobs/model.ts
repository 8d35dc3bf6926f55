// Service jobs and engineer dispatch, as plain functions over plain data: the job states
// and invariants of SPEC section 3, the dispatch ranking of SPEC section 4 (jobs-request)
// and engineer availability (engineers-setAvailability). The job transitions themselves
// (assign, respond, start, complete, cancel, the accept-SLA withdrawal of SPEC section 6)
// are in transitions.ts. No Firebase imports. Refusals throw DomainError.
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
