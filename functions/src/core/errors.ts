// One error type for every expected failure. Handlers throw DomainError; the callable
// pipeline (and the HTTP API) map it to the wire once. SPEC section 4.
import type { FunctionsErrorCode } from "firebase-functions/v2/https";
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
  tokenRevoked: () =>
    new DomainError("unauthenticated", "TOKEN_REVOKED", "Your session has ended. Sign in again."),
  roleForbidden: () =>
    new DomainError("permission-denied", "ROLE_FORBIDDEN", "Your account cannot perform this action."),
  mfaRequired: () =>
    new DomainError("permission-denied", "MFA_REQUIRED", "Sign in with your second factor to perform admin actions."),
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
