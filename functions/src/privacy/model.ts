// Deletion timeline (SPEC section 8), pure so it is unit-tested without Firebase:
// request -> grace period (DELETION_GRACE_DAYS) -> erase once no order or job is open;
// at day 28 the system cancels what is still open, so erasure lands within 30 days.
export const MAX_DELETION_DAYS = 30;
export const OBLIGATION_CUTOFF_DAYS = 28;
const DAY_MS = 24 * 3600 * 1000;

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** The grace period, clamped so that a misconfigured param can never pass day 28. */
export function graceDays(configured: number): number {
  if (!Number.isFinite(configured) || configured < 0) return 0;
  return Math.min(Math.floor(configured), OBLIGATION_CUTOFF_DAYS);
}

/**
 * The date shown to the user: the end of the grace period, or day 28 (the latest the
 * run waits for open orders and jobs) when some are open at request time.
 */
export function scheduledFor(requestedAt: Date, configuredGraceDays: number, openObligations: number): Date {
  return addDays(requestedAt, openObligations > 0 ? OBLIGATION_CUTOFF_DAYS : graceDays(configuredGraceDays));
}

export type DeletionStep = "wait" | "erase" | "close_obligations_then_erase";

/** What the daily run does with one pending user. */
export function nextDeletionStep(now: Date, requestedAt: Date, configuredGraceDays: number, openObligations: number): DeletionStep {
  if (now.getTime() < addDays(requestedAt, graceDays(configuredGraceDays)).getTime()) return "wait";
  if (openObligations === 0) return "erase";
  if (now.getTime() >= addDays(requestedAt, OBLIGATION_CUTOFF_DAYS).getTime()) return "close_obligations_then_erase";
  return "wait";
}

/** What privacy-eraseNow answers (erasure.ts). Here, free of server imports, for the typed client. */
export type ErasureOutcome = "erased" | "waiting" | "not_pending";

/** privacy-exportData's `data`: documents by collection path (export.ts). */
export type Exported = Record<string, { path: string; data: unknown }[]>;
