// Every service-job transition is told to the people it concerns (SPEC section 6), from
// one Firestore trigger on serviceJobs/{jobId}: whatever moved the job (a callable,
// dispatch, the watchdog), the notices are the same. The audit entry is not written here:
// jobs/store.ts writes it in the transition's own transaction.
//
// Idempotent: each notification gets the id
// `${jobId}-${toStatus}-${millis}` (millis of assignedAt for an assignment, else of
// updatedAt, which every transition sets) and are created with create(); a redelivered
// event finds them, writes nothing and pushes nothing. What each one says: notices.ts.
// Requests and completions are counted in stats/* once each (stats.ts).
import type { DocumentData } from "firebase-admin/firestore";
import { onDocumentWritten } from "../core/triggers";
import { notify } from "../core/notify";
import { millisOrZero } from "../core/time";
import type { JobStatus } from "./model";
import { jobNotices } from "./notices";
import { countJobStats, jobStatsEvents } from "./stats";
import { logs } from "../core/log";

export interface JobTransitionSeen {
  from: JobStatus | null;
  to: JobStatus;
}

/** The status change a write made, if any (a creation counts: from null to requested). */
export function transitionOf(before: DocumentData | undefined, after: DocumentData | undefined): JobTransitionSeen | undefined {
  if (!after) return undefined;
  const from = (before?.status as JobStatus | undefined) ?? null;
  return from === after.status ? undefined : { from, to: after.status as JobStatus };
}

/** The idempotency key of one transition of one job. */
export function transitionId(jobId: string, to: JobStatus, after: DocumentData): string {
  return `${jobId}-${to}-${millisOrZero(to === "assigned" ? after.assignedAt : after.updatedAt)}`;
}

/** Notifies one write of a job; a write that did not change the status does nothing. The audit entry was written with the transition (jobs/store.ts). */
export async function recordJobWrite(jobId: string, before: DocumentData | undefined, after: DocumentData | undefined): Promise<void> {
  const t = transitionOf(before, after);
  if (!t || !after) return;
  const id = transitionId(jobId, t.to, after);
  await Promise.all(jobNotices(jobId, before, after).map((r) => notify(r.uid, r.notice, { id })));
}

export const onJobWritten = onDocumentWritten("serviceJobs/{jobId}", async (event) => {
  const before = event.data?.before.data();
  const after = event.data?.after.data();
  const counting = countJobStats(event.params.jobId, jobStatsEvents(before, after), Date.parse(event.time));
  await recordJobWrite(event.params.jobId, before, after);
  const counted = await counting;
  if (counted.length > 0) logs.statsCounted(`job-${event.params.jobId}`, counted);
});
