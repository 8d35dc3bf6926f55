// The deletion run (SPEC section 8): erases users whose grace period is over, daily and on
// an admin's privacy-eraseNow. Progress lives in deletions/{pseudonym}: the steps done, the
// counts per classified path, and (only while it runs) the uid, so a run killed half-way
// is finished by the next one, which skips the completed steps. The record's id is the
// pseudonym, never the uid; once done it names nobody, and data.delete_complete is audited
// with the counts in the same transaction that closes it (once, however often it runs).
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { forEachIsolated } from "../core/batches";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { pseudonymOf } from "../core/pseudonym";
import { erasurePlan } from "./erasurePlan";
import { runStep, type Counts, type Subject } from "./erasureSteps";
import { externalStores, type ExternalStores } from "./externalStores";
import { nextDeletionStep, type ErasureOutcome } from "./model";
import { closeObligations, countOf, openObligations } from "./obligations";
import { registry } from "./registry";

export interface ErasureOptions {
  pseudonymKey: string;
  graceDays: number;
  now?: Date;
  by?: AuditActor;
  /** The admin's reason (privacy-eraseNow): in the audit entry, masked like all free text. */
  reason?: string;
  stores?: ExternalStores;
  /** Called after each step is recorded as done: tests throw here to kill a run half-way. */
  afterStep?: (name: string, index: number) => void;
}

export type { ErasureOutcome };

/** A run holds a user for this long; a killed run's lease lapses and the next run takes over. */
const LEASE_MS = 10 * 60_000;
const USERS_PER_RUN = 100;
const recordRef = (pseudonym: string) => db().collection("deletions").doc(pseudonym);
const profileRef = (uid: string) => db().collection("users").doc(uid);

function requestedAtOf(profile: DocumentSnapshot, now: Date): Date {
  return (profile.get("deletion.requestedAt") as Timestamp | undefined)?.toDate() ?? now;
}

function heldByAnotherRun(record: DocumentSnapshot, runId: string, now: Date): boolean {
  const lease = record.get("lease") as { runId: string; until: Timestamp } | undefined;
  return lease !== undefined && lease.runId !== runId && lease.until.toMillis() > now.getTime();
}

/**
 * Starts or resumes the user's erasure under a lease; answers the steps already done, or
 * null when another run holds the user or the deletion was cancelled meanwhile.
 */
async function claim(uid: string, pseudonym: string, runId: string, now: Date, force: boolean, by: AuditActor): Promise<string[] | null> {
  return db().runTransaction(async (tx) => {
    const [record, profile] = await tx.getAll(recordRef(pseudonym), profileRef(uid));
    if (record.get("state") === "done") return null;
    if (heldByAnotherRun(record, runId, now)) return null;
    if (!record.exists && !force && profile.get("status") !== "deletion_pending") return null;
    const until = Timestamp.fromMillis(now.getTime() + LEASE_MS);
    if (record.exists) {
      tx.update(record.ref, { lease: { runId, until } });
      return (record.get("completed") as string[] | undefined) ?? [];
    }
    tx.create(record.ref, {
      uid,
      state: "running",
      by,
      requestedAt: Timestamp.fromDate(requestedAtOf(profile, now)),
      startedAt: Timestamp.fromDate(now),
      completed: [],
      counts: {},
      lease: { runId, until },
    });
    // From here cancelDeletion answers DELETION_IN_PROGRESS.
    if (profile.exists) tx.set(profile.ref, { status: "deletion_pending", deletion: { startedAt: Timestamp.fromDate(now) } }, { merge: true });
    return [];
  });
}

async function finish(pseudonym: string, by: AuditActor, extra: Record<string, number | string>): Promise<void> {
  await db().runTransaction(async (tx) => {
    const record = await tx.get(recordRef(pseudonym));
    if (record.get("state") === "done") return;
    const counts = (record.get("counts") as Counts | undefined) ?? {};
    tx.update(record.ref, { state: "done", finishedAt: FieldValue.serverTimestamp(), uid: FieldValue.delete(), lease: FieldValue.delete() });
    await writeAudit({ actor: by, action: "data.delete_complete", target: { type: "user", id: pseudonym }, outcome: "success", changes: { counts, ...extra } }, tx);
  });
}

/** Marks a step done with its counts, in one write: a step is either done and counted, or neither. */
async function recordStep(pseudonym: string, name: string, counts: Counts): Promise<void> {
  await db().runTransaction(async (tx) => {
    const record = await tx.get(recordRef(pseudonym));
    const total: Counts = { ...((record.get("counts") as Counts | undefined) ?? {}) };
    for (const [path, n] of Object.entries(counts)) total[path] = (total[path] ?? 0) + n;
    tx.update(record.ref, { completed: FieldValue.arrayUnion(name), counts: total });
  });
}

/** Erases one user now (the grace period and obligations already decided by the caller). */
async function erase(uid: string, options: ErasureOptions, force: boolean, extra: Record<string, number | string>): Promise<ErasureOutcome> {
  const by = options.by ?? { system: "privacy.deletion" };
  const pseudonym = pseudonymOf(uid, options.pseudonymKey);
  const runId = randomUUID();
  const completed = await claim(uid, pseudonym, runId, options.now ?? new Date(), force, by);
  if (completed === null) return "not_pending";
  const subject: Subject = { uid, pseudonym, stores: options.stores ?? externalStores() };
  const steps = erasurePlan(registry);
  for (const [index, step] of steps.entries()) {
    if (completed.includes(step.name)) continue;
    const counts = await runStep(step, subject);
    await recordStep(pseudonym, step.name, counts);
    options.afterStep?.(step.name, index);
  }
  await finish(pseudonym, by, extra);
  logs.deletionCompleted(pseudonym, steps.length);
  return "erased";
}

/** What the daily run does with one pending user: wait, erase, or close obligations at day 28 and erase. */
async function eraseIfDue(uid: string, options: ErasureOptions): Promise<ErasureOutcome> {
  const now = options.now ?? new Date();
  const pseudonym = pseudonymOf(uid, options.pseudonymKey);
  const [record, profile] = await db().getAll(recordRef(pseudonym), profileRef(uid));
  if (record.get("state") === "running") return erase(uid, options, false, {});
  if (profile.get("status") !== "deletion_pending") return "not_pending";
  const open = countOf(await openObligations(db(), uid));
  const step = nextDeletionStep(now, requestedAtOf(profile, now), options.graceDays, open);
  if (step === "wait") return "waiting";
  if (step === "erase") return erase(uid, options, false, { obligationsClosed: 0, obligationsLeftOpen: 0 });
  const closed = await closeObligations(uid, { system: "privacy.deletion" });
  if (closed.failed > 0) throw new Error(`${closed.failed} open obligations could not be closed`);
  return erase(uid, options, false, { obligationsClosed: closed.closed, obligationsLeftOpen: closed.leftOpen });
}

/**
 * privacy-eraseNow: an admin erases a user at once (a legal order, or a due deletion that
 * should not wait for tomorrow's run). Open obligations are closed by the system first.
 */
export async function eraseUser(uid: string, options: ErasureOptions): Promise<ErasureOutcome> {
  const pseudonym = pseudonymOf(uid, options.pseudonymKey);
  const [record, profile] = await db().getAll(recordRef(pseudonym), profileRef(uid));
  if (record.get("state") === "done") return "erased";
  if (!record.exists && !profile.exists) throw errors.notFound("User");
  const closed = await closeObligations(uid, { system: "privacy.deletion" });
  if (closed.failed > 0) throw errors.precondition("OBLIGATIONS_OPEN", "Some open orders or jobs could not be closed; try again.");
  return erase(uid, options, true, { obligationsClosed: closed.closed, obligationsLeftOpen: closed.leftOpen, reason: options.reason ?? "" });
}

export interface DeletionRunReport {
  erased: number;
  waiting: number;
  failed: number;
}

/** The daily run: resumes interrupted erasures, then erases every pending user who is due. */
export async function runDeletions(options: ErasureOptions): Promise<DeletionRunReport> {
  const [running, pending] = await Promise.all([
    db().collection("deletions").where("state", "==", "running").limit(USERS_PER_RUN).get(),
    // Oldest request first: those are due first, so a backlog of users still in their grace
    // period never keeps a due user out of a run's page.
    db().collection("users").where("status", "==", "deletion_pending").orderBy("deletion.requestedAt").limit(USERS_PER_RUN).get(),
  ]);
  const uids = [...new Set([...running.docs.map((d) => d.get("uid") as string), ...pending.docs.map((d) => d.id)])].filter(Boolean);
  const report: DeletionRunReport = { erased: 0, waiting: 0, failed: 0 };
  report.failed = await forEachIsolated(
    uids,
    2,
    async (uid) => {
      const outcome = await eraseIfDue(uid, options);
      if (outcome === "erased") report.erased += 1;
      if (outcome === "waiting") report.waiting += 1;
    },
    (uid, error) => logs.deletionUserFailed(pseudonymOf(uid, options.pseudonymKey), error),
  );
  logs.deletionRun({ ...report });
  return report;
}
