// Audit log writer (SPEC section 8). Entries are immutable, carry no PII and expire
// through the Firestore TTL policy on `expireAt` declared in firestore.indexes.json.
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { createOnce, db } from "./firebase";
import type { Role } from "./roles";

export const AUDIT_RETENTION_YEARS = 7;

export type AuditAction =
  | "user.role_change"
  | "user.status_change"
  | "vendor.apply"
  | "vendor.review"
  | "listing.moderate"
  | "listing.status_change"
  | "order.create"
  | "order.status_change"
  | "order.refund"
  | "payment.checkout"
  | "payment.webhook"
  | "job.assign"
  | "job.status_change"
  | "privacy.consent"
  | "data.export"
  | "data.delete_request"
  | "data.delete_cancel"
  | "data.delete_complete"
  | "config.key_rotation"
  | "admin.call";

export type AuditActor = { uid: string; role: Role } | { system: string };
export type AuditOutcome = "success" | "failure" | "denied";
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  target: { type: string; id: string };
  outcome: AuditOutcome;
  changes?: Record<string, AuditValue>;
  /** Domain error code when outcome is failure or denied. */
  reason?: string;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

/** Keys whose values are personal data and never reach the audit log. */
export const PII_KEYS = new Set(["phone", "address", "nationalId", "commercialRegister", "iban", "email"]);
export const REDACTED = "[redacted]";

export function redactPii(value: AuditValue): AuditValue {
  if (Array.isArray(value)) return value.map(redactPii);
  if (value !== null && typeof value === "object") {
    const out: Record<string, AuditValue> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = PII_KEYS.has(key) ? REDACTED : redactPii(inner);
    return out;
  }
  return value;
}

export function expiryOf(at: Date): Date {
  const expiry = new Date(at.getTime());
  expiry.setUTCFullYear(expiry.getUTCFullYear() + AUDIT_RETENTION_YEARS);
  return expiry;
}

/** The stored document, minus the server timestamp. Pure, so it is unit-tested. */
export function auditRecord(entry: AuditEntry, now: Date) {
  return {
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    changes: entry.changes ? redactPii(entry.changes) : null,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent ?? null,
    expireAt: Timestamp.fromDate(expiryOf(now)),
  };
}

/** Writes one entry, inside `tx` when the audited change must be atomic with it. */
export async function writeAudit(entry: AuditEntry, tx?: Transaction): Promise<string> {
  const ref = db().collection("auditLogs").doc();
  const doc = { ...auditRecord(entry, new Date()), at: FieldValue.serverTimestamp() };
  if (tx) tx.create(ref, doc);
  else await ref.create(doc);
  return ref.id;
}

/** Writes an entry under a deterministic id (derived from a trigger event): once, however often the event comes. */
export async function writeAuditOnce(id: string, entry: AuditEntry): Promise<boolean> {
  return createOnce(db().collection("auditLogs").doc(id), { ...auditRecord(entry, new Date()), at: FieldValue.serverTimestamp() });
}
