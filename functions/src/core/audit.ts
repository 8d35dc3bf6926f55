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
  | "review.hold"
  | "review.moderate"
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
  | "ops.backup"
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

/** Request facts are attacker-chosen headers: stored at a bounded length (issue 10, finding 7). */
export const USER_AGENT_MAX_CHARS = 256;
export const IP_MAX_CHARS = 64;

export function truncated(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/** Keys whose values are text a person typed: kept, but with contact details and ids masked. */
const FREE_TEXT_KEYS = new Set(["reason", "note", "notes", "text", "comment", "message", "summary"]);

// SPEC section 8: the audit log outlives deletion, so what a user typed loses the personal
// data in it. Order matters: e-mails and IBANs first (they contain digit runs), then the
// 14-digit national id, then phone numbers: international (+ or 00 and 8-15 digits) or
// Egyptian national format (0 and 9-10 more digits), spaces, dots or dashes between digits.
// Dates and prices do not start with 0 or +, so they stay readable.
const FREE_TEXT_MASKS: readonly [RegExp, string][] = [
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, "[email]"],
  [/\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b/gi, "[iban]"],
  [/(?<!\d)\d{14}(?!\d)/g, "[national-id]"],
  [/(?<![\w+])(?:\+|00)\d(?:[\s.-]?\d){7,14}(?!\d)/g, "[phone]"],
  [/(?<!\d)0\d(?:[\s.-]?\d){8,9}(?!\d)/g, "[phone]"],
];

/** Masks phone numbers, e-mail addresses, national ids and IBANs in free text (pure). */
export function maskFreeText(text: string): string {
  // Arabic-Indic digits are digits too: fold them before matching.
  const folded = text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  return FREE_TEXT_MASKS.reduce((masked, [pattern, label]) => masked.replace(pattern, label), folded);
}

export function redactPii(value: AuditValue, key?: string): AuditValue {
  if (Array.isArray(value)) return value.map((inner) => redactPii(inner, key));
  if (value !== null && typeof value === "object") {
    const out: Record<string, AuditValue> = {};
    for (const [innerKey, inner] of Object.entries(value)) out[innerKey] = PII_KEYS.has(innerKey) ? REDACTED : redactPii(inner, innerKey);
    return out;
  }
  if (typeof value === "string" && key !== undefined && FREE_TEXT_KEYS.has(key)) return maskFreeText(value);
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
    ip: truncated(entry.ip, IP_MAX_CHARS),
    userAgent: truncated(entry.userAgent, USER_AGENT_MAX_CHARS),
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
