// One named function per log event keeps lines consistent and free of PII:
// only ids, codes and timings are ever passed here.
import { logger } from "firebase-functions/v2";

interface CallOutcome {
  fn: string;
  requestId: string;
  uid?: string;
  outcome: "success" | "failure" | "denied" | "error";
  code?: string;
  ms: number;
}

export const logs = {
  callCompleted(line: CallOutcome): void {
    const write = line.outcome === "error" ? logger.error : logger.info;
    write("callable.completed", line);
  },
  unexpectedError(fn: string, requestId: string, error: unknown): void {
    const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { error: String(error) };
    logger.error("callable.unexpected_error", { fn, requestId, ...detail });
  },
  auditWriteFailed(action: string, requestId: string | undefined, error: unknown): void {
    logger.error("audit.write_failed", { action, requestId, message: error instanceof Error ? error.message : String(error) });
  },
  // ---- operations (issue 13): the events ops/ metrics and alert policies filter on ----
  /** WARNING: calls to `dependency` now fail at once for `coolDownMs` (metric breaker_opened). */
  breakerOpened(dependency: string, coolDownMs: number): void {
    logger.warn("breaker.opened", { dependency, coolDownMs });
  },
  breakerStateChanged(dependency: string, state: "half-open" | "closed"): void {
    logger.info("breaker.state_changed", { dependency, state });
  },
  /** WARNING: a retried event older than its trigger's maximum age, dropped unprocessed (metric events_dropped_too_old). */
  eventDropped(trigger: string, eventId: string, ageMs: number, maxAgeMs: number): void {
    logger.warn("trigger.event_dropped", { trigger, eventId, ageMs, maxAgeMs });
  },
  backupStarted(backupId: string, operation: string, collections: number): void {
    logger.info("ops.backup_started", { backupId, operation, collections });
  },
  /** ERROR: a managed export could not be started or failed (metric backup_failed). */
  backupFailed(backupId: string, error: unknown): void {
    const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
    logger.error("ops.backup_failed", { backupId, ...detail });
  },
  /** ERROR: no backup succeeded for `hours` (metric backup_stale). */
  backupStale(lastSuccessAt: string | null, hours: number): void {
    logger.error("ops.backup_stale", { lastSuccessAt, hours });
  },
  event(name: string, fields: Record<string, string | number | boolean | undefined>): void {
    logger.info(name, fields);
  },
};
