// Denied calls and forged webhooks in the audit log, aggregated (issue 10, finding 7).
// One entry per subject (a caller's uid, or one shared subject for forged webhooks), action
// and target per window, carrying a `count` and the count per reason, instead of one entry
// per denial: a flood of denials adds to a count, not to the 7-year log. Anonymous denials
// never reach this module (the pipeline logs them only). Concurrent denials of one subject
// in one instance share a write: while a write is in flight, new denials queue and the next
// write adds them all, so the cost stays one write per batch, never a read.
import { createHash } from "node:crypto";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { auditRecord, type AuditAction, type AuditActor } from "./audit";
import { db } from "./firebase";
import { logs } from "./log";

export const DENIAL_WINDOW_SECONDS = 3600;

export interface Denial {
  /** Who the entry aggregates: a uid, or a fixed name such as "forged-webhooks". */
  subject: string;
  actor: AuditActor;
  action: AuditAction;
  target: { type: string; id: string };
  /** Domain code (ROLE_FORBIDDEN, SIGNATURE_INVALID...). */
  reason: string;
  /** Finer reason counted beside the code (a webhook's "expired", "mismatch"...). */
  detail?: string;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export function denialWindowStart(nowMs: number): number {
  const windowMs = DENIAL_WINDOW_SECONDS * 1000;
  return Math.floor(nowMs / windowMs) * windowMs;
}

/** Deterministic per subject, action, target and window; hashed so no uid or hostile id shapes the path. */
export function denialEntryId(denial: Pick<Denial, "subject" | "action" | "target">, windowStart: number): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([denial.subject, denial.action, denial.target.type, denial.target.id]))
    .digest("hex")
    .slice(0, 32);
  return `denied-${digest}-${windowStart}`;
}

interface Batch {
  windowStart: number;
  count: number;
  reasons: Map<string, number>;
  last: Denial;
  written?: Promise<void>;
}

const queued = new Map<string, Batch>();
const inFlight = new Map<string, Promise<void>>();

function reasonKey(denial: Denial): string {
  return (denial.detail ?? denial.reason).replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}

async function write(id: string, batch: Batch): Promise<void> {
  const { last } = batch;
  const base = auditRecord({ ...last, outcome: "denied" }, new Date(batch.windowStart));
  const reasons: Record<string, FieldValue> = {};
  for (const [key, n] of batch.reasons) reasons[key] = FieldValue.increment(n);
  await db()
    .collection("auditLogs")
    .doc(id)
    .set(
      {
        ...base,
        aggregated: true,
        windowSeconds: DENIAL_WINDOW_SECONDS,
        at: Timestamp.fromMillis(batch.windowStart),
        lastAt: FieldValue.serverTimestamp(),
        count: FieldValue.increment(batch.count),
        reasons,
      },
      { merge: true },
    );
}

async function flush(id: string, batch: Batch): Promise<void> {
  const previous = inFlight.get(id);
  if (previous) await previous.catch(() => undefined);
  // From here on the batch is closed: later denials start the next one.
  if (queued.get(id) === batch) queued.delete(id);
  const writing = write(id, batch);
  inFlight.set(id, writing);
  try {
    await writing;
  } finally {
    if (inFlight.get(id) === writing) inFlight.delete(id);
  }
}

/** Adds one denial to its window's entry. Never throws: a failed audit write is logged, the answer stays a denial. */
export async function recordDenial(denial: Denial, nowMs = Date.now()): Promise<void> {
  const windowStart = denialWindowStart(nowMs);
  const id = denialEntryId(denial, windowStart);
  let batch = queued.get(id);
  const opened = !batch;
  batch ??= { windowStart, count: 0, reasons: new Map(), last: denial };
  batch.count += 1;
  batch.reasons.set(reasonKey(denial), (batch.reasons.get(reasonKey(denial)) ?? 0) + 1);
  batch.last = denial;
  if (opened) {
    queued.set(id, batch);
    // Yield once so denials arriving in the same tick join this batch before it closes.
    batch.written = Promise.resolve().then(() => flush(id, batch));
  }
  try {
    await batch.written;
  } catch (error) {
    logs.auditWriteFailed(denial.action, denial.requestId, error);
  }
}
