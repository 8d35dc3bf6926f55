// Every service-job transition is audited and told to the people it concerns (SPEC
// sections 6 and 8), from one Firestore trigger on serviceJobs/{jobId}: whatever moved the
// job (a callable, dispatch, the watchdog), the trail is the same.
//
// Idempotent: the audit entry and each notification get the id
// `${jobId}-${toStatus}-${millis}` (millis of assignedAt for an assignment, else of
// updatedAt, which every transition sets) and are created with create(); a redelivered
// event finds them, writes nothing and pushes nothing.
import { Timestamp, type DocumentData } from "firebase-admin/firestore";
import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { writeAuditOnce, type AuditActor, type AuditEntry } from "../core/audit";
import { notify } from "../core/notify";
import type { JobStatus } from "./model";
import { jobNotices } from "./notices";

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

function millisOf(value: unknown): number {
  return value instanceof Timestamp ? value.toMillis() : 0;
}

/** The idempotency key of one transition of one job. */
export function transitionId(jobId: string, to: JobStatus, after: DocumentData): string {
  return `${jobId}-${to}-${millisOf(to === "assigned" ? after.assignedAt : after.updatedAt)}`;
}

/** The audit entry of a transition; the actor is whoever the writer named in lastChange. */
export function transitionAudit(jobId: string, t: JobTransitionSeen, before: DocumentData | undefined, after: DocumentData): AuditEntry {
  const last = after.lastChange ?? {};
  const actor: AuditActor = last.by ?? { system: "unknown" };
  return {
    actor,
    action: t.to === "assigned" ? "job.assign" : "job.status_change",
    target: { type: "job", id: jobId },
    outcome: "success",
    changes: { from: t.from, to: t.to, engineerId: after.engineerId ?? before?.engineerId ?? null, reason: last.reason ?? null },
    requestId: last.requestId ?? undefined,
  };
}

/** Audits and notifies one write of a job; a write that did not change the status does nothing. */
export async function recordJobWrite(jobId: string, before: DocumentData | undefined, after: DocumentData | undefined): Promise<void> {
  const t = transitionOf(before, after);
  if (!t || !after) return;
  const id = transitionId(jobId, t.to, after);
  const audit = transitionAudit(jobId, t, before, after);
  await Promise.all([
    writeAuditOnce(id, audit),
    ...jobNotices(jobId, before, after).map((r) => notify(r.uid, r.notice, { id })),
  ]);
}

export const onJobWritten = onDocumentWritten("serviceJobs/{jobId}", async (event) => {
  await recordJobWrite(event.params.jobId, event.data?.before.data(), event.data?.after.data());
});
