// Time in Firestore documents and in Egypt, one way everywhere: stored Timestamps read as
// epoch milliseconds (null when absent, never a made-up 0), and the calendar day in Cairo,
// the business day that counts jobs, stats and order numbers.
import { Timestamp } from "firebase-admin/firestore";

export const BUSINESS_TIME_ZONE = "Africa/Cairo";

/** Epoch ms of a stored Timestamp; null when the field is missing or not a Timestamp. */
export function millisOrNull(value: unknown): number | null {
  return value instanceof Timestamp ? value.toMillis() : null;
}

/** Epoch ms of a stored Timestamp, 0 when missing: for ids and durations that must stay defined on a malformed document. */
export function millisOrZero(value: unknown): number {
  return millisOrNull(value) ?? 0;
}

export function timestampOrNull(ms: number | null | undefined): Timestamp | null {
  return typeof ms === "number" ? Timestamp.fromMillis(ms) : null;
}

let dayFormat: Intl.DateTimeFormat | undefined;

/** The calendar day (YYYY-MM-DD) in Cairo at `ms` (Egypt observes summer time: never a fixed offset). */
export function cairoDay(ms: number): string {
  dayFormat ??= new Intl.DateTimeFormat("en-CA", { timeZone: BUSINESS_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });
  return dayFormat.format(new Date(ms));
}
