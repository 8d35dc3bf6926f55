// Event triggers deployed with retries (SPEC section 6). Every event trigger imports
// onDocumentWritten / onValueWritten from here instead of firebase-functions: the same
// signature, plus
//  - `retry: true`: a handler that throws is redelivered (at least once, for up to 24 h),
//    so a transient failure (contention, a deadline) never loses a count, a notification
//    or a denormalised view. Handlers are idempotent (event-keyed ids, createOnce,
//    recomputed targets) so a redelivery changes nothing;
//  - a maximum event age (the documented Firebase pattern: compare event.time with now):
//    an older event is logged (trigger.event_dropped, alerted on in ops/) and dropped, so
//    a poison event stops retrying after MAX_EVENT_AGE_MS instead of 24 hours.
import type { CloudEvent, CloudFunction } from "firebase-functions/v2";
import type * as database from "firebase-functions/v2/database";
import * as firestore from "firebase-functions/v2/firestore";
import { logs } from "./log";

/**
 * One hour: retries back off up to minutes apart, so an hour covers a regional blip or a
 * contended document many times over; an event still failing after that is a bug (a
 * poison event), and the alert on trigger.event_dropped sends a person to look.
 */
export const MAX_EVENT_AGE_MS = 60 * 60 * 1000;

interface AgeOptions {
  /** Overrides MAX_EVENT_AGE_MS for one trigger. */
  maxEventAgeMs?: number;
}

/** True (and logged) when an event of `trigger` that happened at `time` (ISO) is older than `maxAgeMs` at `nowMs`. */
export function tooOld(trigger: string, eventId: string, time: string, maxAgeMs: number = MAX_EVENT_AGE_MS, nowMs: number = Date.now()): boolean {
  const ageMs = nowMs - Date.parse(time);
  if (ageMs <= maxAgeMs) return false;
  logs.eventDropped(trigger, eventId, ageMs, maxAgeMs);
  return true;
}

/** Runs `handler` unless the event is older than `maxAgeMs` at `nowMs`; then logs and drops it (resolves, so it is not retried). */
export function dropWhenTooOld<E extends CloudEvent<unknown>>(
  trigger: string,
  maxAgeMs: number,
  handler: (event: E) => unknown,
  now: () => number = Date.now,
): (event: E) => Promise<unknown> {
  return async (event) => (tooOld(trigger, event.id, event.time, maxAgeMs, now()) ? undefined : handler(event));
}

type Params = Record<string, string>;
export type DocumentWrittenEvent = firestore.FirestoreEvent<firestore.Change<firestore.DocumentSnapshot> | undefined, Params>;
export type ValueWrittenEvent = database.DatabaseEvent<firestore.Change<database.DataSnapshot>, Params>;

/** firebase-functions' onDocumentWritten, retried and age-limited. */
export function onDocumentWritten(
  options: string | (firestore.DocumentOptions & AgeOptions),
  handler: (event: DocumentWrittenEvent) => unknown,
): CloudFunction<DocumentWrittenEvent> {
  const { maxEventAgeMs, ...rest } = typeof options === "string" ? { document: options } : options;
  const withRetry: firestore.DocumentOptions = { ...rest, retry: true };
  return firestore.onDocumentWritten(withRetry, dropWhenTooOld(String(withRetry.document), maxEventAgeMs ?? MAX_EVENT_AGE_MS, handler));
}

/** firebase-functions' onValueWritten (Realtime Database), retried and age-limited. */
export function onValueWritten(
  options: string | (database.ReferenceOptions & AgeOptions),
  handler: (event: ValueWrittenEvent) => unknown,
): CloudFunction<ValueWrittenEvent> {
  const { maxEventAgeMs, ...rest } = typeof options === "string" ? { ref: options } : options;
  const withRetry: database.ReferenceOptions = { ...rest, retry: true };
  // Required here, not at the top: only the presence group uses the Realtime Database, and
  // its provider costs every other group's cold start about a tenth (issue 14).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { onValueWritten: valueWritten } = require("firebase-functions/v2/database") as typeof database;
  return valueWritten(withRetry, dropWhenTooOld(String(withRetry.ref), maxEventAgeMs ?? MAX_EVENT_AGE_MS, handler));
}
