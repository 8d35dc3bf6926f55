// What a service-job write counts (SPEC section 3 `stats/*`: jobs): `jobs` when a job is
// requested (created) and `completedJobs` when it enters `completed`, on stats/platform and
// the Cairo day's stats/daily-YYYY-MM-DD. A job is created once and completed at most once,
// so each marker statsEvents/job-{jobId}-{kind} counts its event exactly once, however
// often the trigger is delivered.
import type { DocumentData } from "firebase-admin/firestore";
import { countOnce, platformEvent } from "../core/counters";

export type JobStatsKind = "requested" | "completed";

export interface JobStatsEvent {
  kind: JobStatsKind;
  increments: Record<string, number>;
}

/** The counted events of one job write (pure). */
export function jobStatsEvents(before: DocumentData | undefined, after: DocumentData | undefined): JobStatsEvent[] {
  if (!after) return [];
  const events: JobStatsEvent[] = [];
  if (!before) events.push({ kind: "requested", increments: { jobs: 1 } });
  if (after.status === "completed" && before?.status !== "completed") events.push({ kind: "completed", increments: { completedJobs: 1 } });
  return events;
}

/** Counts each event not counted before; returns the kinds counted now. */
export async function countJobStats(jobId: string, events: JobStatsEvent[], atMs: number): Promise<JobStatsKind[]> {
  const counted = await Promise.all(events.map((event) => countOnce(platformEvent({ markerId: `job-${jobId}-${event.kind}`, kind: `job.${event.kind}`, atMs, increments: event.increments }))));
  return events.filter((_, i) => counted[i]).map((event) => event.kind);
}
