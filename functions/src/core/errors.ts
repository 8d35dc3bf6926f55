// One error type for every expected failure, and its one mapping to the wire (SPEC
// sections 4 and 5): handlers throw DomainError; httpsErrorOf turns it into the callable's
// HttpsError, httpErrorOf into an HTTP status and body for the public API and the payment
// webhook. Anything that is not a DomainError is INTERNAL and shows no internals.
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";
import type { ZodError } from "zod";

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    readonly status: FunctionsErrorCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/**
 * Input paths joined with dots ("vehicle.year", "images.3"); the root is "(root)". Built
 * through a Map so a hostile key ("__proto__", "constructor") is named like any other
 * instead of setting or reading the object's prototype.
 */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const fields = new Map<string, string>();
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields.set([...issue.path, key].join("."), "Unknown field");
      continue;
    }
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    if (!fields.has(path)) fields.set(path, issue.message);
  }
  return Object.fromEntries(fields);
}

export const errors = {
  validation: (fields: FieldErrors) =>
    new DomainError("invalid-argument", "VALIDATION_FAILED", "Some fields are invalid.", fields),
  appCheckRequired: () =>
    new DomainError("unauthenticated", "APP_CHECK_REQUIRED", "This app could not be verified. Update the app and try again."),
  unauthenticated: () => new DomainError("unauthenticated", "AUTH_REQUIRED", "Sign in to continue."),
  appCheckReplayed: () =>
    new DomainError("unauthenticated", "APP_CHECK_REPLAYED", "This request was already used once. Try again from the app."),
  tokenStale: () =>
    new DomainError(
      "unauthenticated",
      "TOKEN_STALE",
      "Your account's role changed since this session started. Refresh your session (getIdToken(true)) and try again.",
    ),
  tokenRevoked: () =>
    new DomainError("unauthenticated", "TOKEN_REVOKED", "Your session has ended. Sign in again."),
  roleForbidden: () =>
    new DomainError("permission-denied", "ROLE_FORBIDDEN", "Your account cannot perform this action."),
  mfaRequired: () =>
    new DomainError("permission-denied", "MFA_REQUIRED", "Sign in with your second factor to perform admin actions."),
  reauthRequired: () =>
    new DomainError("unauthenticated", "REAUTH_REQUIRED", "Sign in again to confirm it is you, then retry."),
  deletionPending: () =>
    new DomainError("permission-denied", "DELETION_PENDING", "Your account is scheduled for deletion. Cancel the deletion to use it again."),
  suspended: () =>
    new DomainError("permission-denied", "ACCOUNT_SUSPENDED", "Your account is not active."),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError("resource-exhausted", "RATE_LIMITED", `Too many requests. Try again in ${retryAfterSeconds} s.`),
  notFound: (what: string) => new DomainError("not-found", "NOT_FOUND", `${what} was not found.`),
  precondition: (code: string, message: string) => new DomainError("failed-precondition", code, message),
  busy: () => new DomainError("aborted", "BUSY", "Many people are acting on this at once. Try again in a moment."),
  invalidTransition: (from: string, to: string) =>
    new DomainError("failed-precondition", "INVALID_TRANSITION", `Cannot change status from ${from} to ${to}.`),
};

const INTERNAL_MESSAGE = "Something went wrong on our side. Quote the request id if you contact support.";

/** The callable's answer for `error`: the domain code, the request id and any fields in details. */
export function httpsErrorOf(error: unknown, requestId: string): HttpsError {
  if (error instanceof DomainError) {
    const details = { code: error.code, requestId, ...(error.fields ? { fields: error.fields } : {}) };
    return new HttpsError(error.status, error.message, details);
  }
  return new HttpsError("internal", INTERNAL_MESSAGE, { code: "INTERNAL", requestId });
}

/**
 * HTTP statuses of the callable codes, as the Firebase callable protocol maps them, except
 * `aborted` (contention, BUSY): 503, so an HTTP caller (a payment provider) retries later
 * instead of treating it as a conflict it caused.
 */
export const HTTP_STATUS_OF: Readonly<Record<FunctionsErrorCode, number>> = {
  ok: 200,
  cancelled: 499,
  unknown: 500,
  "invalid-argument": 400,
  "deadline-exceeded": 504,
  "not-found": 404,
  "already-exists": 409,
  "permission-denied": 403,
  "resource-exhausted": 429,
  "failed-precondition": 400,
  aborted: 503,
  "out-of-range": 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  "data-loss": 500,
  unauthenticated: 401,
};

/** An error as an HTTP endpoint answers it. */
export interface HttpErrorReply {
  status: number;
  code: string;
  message: string;
  fields?: FieldErrors;
  /** False for INTERNAL: the caller logs the original error, which never reaches the wire. */
  expected: boolean;
}

export function httpErrorOf(error: unknown): HttpErrorReply {
  if (error instanceof DomainError) {
    return { status: HTTP_STATUS_OF[error.status], code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), expected: true };
  }
  return { status: 500, code: "INTERNAL", message: INTERNAL_MESSAGE, expected: false };
}
