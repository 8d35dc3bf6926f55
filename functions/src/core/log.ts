// Every log line the functions write, one named function per event (as the Stripe
// extension's logs.ts), so lines stay consistent, carry no PII (only ids, codes, counts
// and timings are passed here) and the alert policies can be checked against this list.
//
// Failures are written at ERROR with the error's own message and stack, in `message`
// (so Error Reporting groups each error by where it was thrown) and in `error`. We build
// the entry ourselves: firebase-functions' logger.error(text, fields) replaces a `message`
// field with `text` plus the stack of the logger's own call, which lost the error's text
// and grouped every failure as one.
import * as logger from "firebase-functions/logger";

type Value = string | number | boolean | null | undefined;
type Fields = Record<string, Value>;

interface ErrorDetail {
  name: string;
  message: string;
  stack?: string;
}

export function errorDetail(error: unknown): ErrorDetail {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "NonError", message: String(error) };
}

function info(event: string, fields: Fields): void {
  logger.write({ ...fields, event, severity: "INFO", message: event });
}

function warning(event: string, fields: Fields): void {
  logger.write({ ...fields, event, severity: "WARNING", message: event });
}

/** ERROR without an Error: the outcome line of a call that failed unexpectedly. */
function error(event: string, fields: Fields): void {
  logger.write({ ...fields, event, severity: "ERROR", message: event });
}

function failure(event: string, fields: Fields, error: unknown): void {
  const detail = errorDetail(error);
  logger.write({ ...fields, event, error: detail, severity: "ERROR", message: `${event}: ${detail.stack ?? `${detail.name}: ${detail.message}`}` });
}

interface CallOutcome {
  fn: string;
  requestId: string;
  uid?: string;
  outcome: "success" | "failure" | "denied" | "error";
  code?: string;
  ms: number;
}

interface ApiRequest {
  requestId: string;
  route: string;
  method: string;
  status: number;
  code?: string;
  ms: number;
}

export const logs = {
  // ---- the callable pipeline and the public API (core/callable.ts, api/) -------------
  callCompleted(line: CallOutcome): void {
    // An unexpected error also has its own entry, with its stack (unexpectedError).
    (line.outcome === "error" ? error : info)("callable.completed", { ...line });
  },
  unexpectedError(fn: string, requestId: string, error: unknown): void {
    failure("callable.unexpected_error", { fn, requestId }, error);
  },
  auditWriteFailed(action: string, requestId: string | undefined, error: unknown): void {
    failure("audit.write_failed", { action, requestId }, error);
  },
  apiRequest(line: ApiRequest): void {
    info("api.request", { ...line });
  },
  /** Stored listings a page left out because a number is past what JavaScript reads exactly. */
  apiListingsSkipped(count: number, sort: string): void {
    warning("api.listings_skipped", { count, sort });
  },

  // ---- users, vendors, presence, notifications ----------------------------------------
  userProfileCreated(uid: string): void {
    info("user.profile_created", { uid });
  },
  vendorListingSyncFailed(vendorId: string, listingId: string, attempts: number, code: string): void {
    warning("vendor.listing_sync_failed", { vendorId, listingId, attempts, code });
  },
  vendorListingsSynced(vendorId: string, scanned: number, updated: number): void {
    info("vendor.listings_synced", { vendorId, scanned, updated });
  },
  presenceInvalidStatus(uid: string): void {
    warning("presence.invalid_status", { uid });
  },
  presenceMirrored(uid: string, state: string, outcome: string): void {
    info("presence.mirrored", { uid, state, outcome });
  },
  notificationCreated(uid: string, type: string, id: string): void {
    info("notification.created", { uid, type, id });
  },
  notificationSkippedNoConsent(uid: string, type: string): void {
    info("notification.skipped_no_consent", { uid, type });
  },
  pushSkippedInEmulator(tokens: number, title: string, dataKeys: string): void {
    info("push.skipped_in_emulator", { tokens, title, dataKeys });
  },
  pushFailed(uid: string, error: unknown): void {
    failure("push.failed", { uid }, error);
  },

  // ---- orders ---------------------------------------------------------------------------
  orderStatsCounted(orderId: string, kinds: string[]): void {
    info("order.stats_counted", { orderId, kinds: kinds.join(",") });
  },
  /** A users, listings or jobs event counted on stats/* (issue 11): listing-…, job-… or the Auth event id. */
  statsCounted(subject: string, kinds: string[]): void {
    info("stats.counted", { subject, kinds: kinds.join(",") });
  },
  ordersScheduleItemFailed(orderId: string, error: unknown): void {
    failure("orders.schedule_item_failed", { orderId }, error);
  },
  ordersScheduleRun(schedule: "expiry" | "auto_complete" | "confirm_expiry", report: Fields): void {
    info(`orders.${schedule}_run`, report);
  },

  // ---- jobs -----------------------------------------------------------------------------
  jobAddressUnreadable(jobId: string, code: string): void {
    warning("job.address_unreadable", { jobId, code });
  },
  jobAcceptSlaPassed(jobId: string, engineerId: string | undefined, missedAccepts: number): void {
    info("job.accept_sla_passed", { jobId, engineerId, missedAccepts });
  },
  jobsWatchdogItemFailed(jobId: string, error: unknown): void {
    failure("jobs.watchdog_item_failed", { jobId }, error);
  },
  jobsWatchdogRun(report: Fields): void {
    info("jobs.watchdog_run", report);
  },
  jobDispatched(jobId: string, engineerId: string | undefined, attempt: number): void {
    info("job.dispatched", { jobId, engineerId, attempt });
  },
  jobNoEngineer(jobId: string, governorate: string, type: string): void {
    warning("job.no_engineer", { jobId, governorate, type });
  },

  // ---- payments -------------------------------------------------------------------------
  paymentWebhookRefused(eventId: string, orderId: string | undefined, code: string): void {
    warning("payment.webhook_refused", { eventId, orderId, code });
  },
  /** A captured payment no order could take: recorded, flagged for refund, admins told (issue 11 item 3). */
  paymentUnapplied(eventId: string, orderId: string, code: string): void {
    warning("payment.unapplied", { eventId, orderId, code });
  },
  paymentWebhookRejected(reason: string, signedAt: number | undefined): void {
    warning("payment.webhook_rejected", { reason, signedAt });
  },
  paymentProviderUnavailable(provider: string, why: string): void {
    failure("payment.provider_unavailable", { provider }, new Error(why));
  },
  /** WARNING: a provider call answered PROVIDER_UNAVAILABLE: breaker open, deadline passed, or (checkout) the provider's error. */
  paymentProviderCallRefused(reason: string, detail?: string): void {
    warning("payment.provider_call_refused", { reason, detail: detail?.slice(0, 500) ?? null });
  },
  // ---- operations (issue 13): the events ops/ metrics and alert policies filter on ----
  /** WARNING: calls to `dependency` now fail at once for `coolDownMs` (metric breaker_opened). */
  breakerOpened(dependency: string, coolDownMs: number): void {
    warning("breaker.opened", { dependency, coolDownMs });
  },
  breakerStateChanged(dependency: string, state: "half-open" | "closed"): void {
    info("breaker.state_changed", { dependency, state });
  },
  /** WARNING: a retried event older than its trigger's maximum age, dropped unprocessed (metric events_dropped_too_old). */
  eventDropped(trigger: string, eventId: string, ageMs: number, maxAgeMs: number): void {
    warning("trigger.event_dropped", { trigger, eventId, ageMs, maxAgeMs });
  },
  // ---- accounts (users/cascade.ts) -------------------------------------------------------
  accountWithdrawn(fields: Fields): void {
    info("account.withdrawn", fields);
  },
  accountRestored(fields: Fields): void {
    info("account.restored", fields);
  },
  backupEmulated(outputUriPrefix: string): void {
    info("ops.backup_emulated", { outputUriPrefix });
  },
  backupStarted(backupId: string, operation: string, collections: number): void {
    info("ops.backup_started", { backupId, operation, collections });
  },
  /** ERROR: a managed export could not be started or failed (metric backup_failed). */
  backupFailed(backupId: string, error: unknown): void {
    failure("ops.backup_failed", { backupId }, error);
  },
  /** ERROR: no backup succeeded for `hours` (metric backup_stale). */
  backupStale(lastSuccessAt: string | null, hours: number): void {
    error("ops.backup_stale", { lastSuccessAt, hours });
  },
  // ---- privacy (deletion run, retention, key rotation) --------------------------------
  /** ERROR: one item of a deletion (a document, a file prefix, an obligation) failed; the next run retries it. */
  deletionItemFailed(item: string, error: unknown): void {
    failure("privacy.deletion_item_failed", { item }, error);
  },
  /** ERROR: one user's erasure stopped; its record keeps the steps done, the next run resumes. */
  deletionUserFailed(pseudonym: string, error: unknown): void {
    failure("privacy.deletion_user_failed", { pseudonym }, error);
  },
  deletionCompleted(pseudonym: string, documents: number): void {
    info("privacy.deletion_completed", { pseudonym, documents });
  },
  /** WARNING: the emulator runs without Storage/RTDB emulators; an erasure or pruning skipped that store. */
  externalStoreAbsent(store: "storage" | "rtdb", path: string): void {
    warning("privacy.external_store_absent", { store, path });
  },
  deletionRun(report: Fields): void {
    info("privacy.deletion_run", report);
  },
  retentionRun(report: Fields): void {
    info("privacy.retention_run", report);
  },
  /** ERROR: a retention path could not be pruned this run. */
  retentionFailed(path: string, error: unknown): void {
    failure("privacy.retention_failed", { path }, error);
  },
  /** ERROR: one ciphertext could not be re-encrypted; the rotation stays resumable. */
  keyRotationItemFailed(path: string, error: unknown): void {
    failure("ops.key_rotation_item_failed", { path }, error);
  },
  keyRotationProgress(rotationId: string, fields: Fields): void {
    info("ops.key_rotation_progress", { rotationId, ...fields });
  },
};
