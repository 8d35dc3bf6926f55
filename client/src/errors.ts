// SoukError: every failure the client reports, whether found in the browser before a call
// (invalid input: no network) or answered by a callable (HttpsError with details
// {code, requestId, fields}, SPEC section 4).
import type { SoukReason } from "./generated/reasons";
import type { ZodError } from "zod";

export type { SoukReason } from "./generated/reasons";
export { REASONS } from "./generated/reasons";

/** The HttpsError codes of Cloud Functions (FunctionsErrorCode without the "functions/" prefix). */
export type SoukErrorCode =
  | "ok" | "cancelled" | "unknown" | "invalid-argument" | "deadline-exceeded" | "not-found" | "already-exists"
  | "permission-denied" | "resource-exhausted" | "failed-precondition" | "aborted" | "out-of-range"
  | "unimplemented" | "internal" | "unavailable" | "data-loss" | "unauthenticated";

export type FieldErrors = Record<string, string>;

export class SoukError extends Error {
  constructor(
    readonly code: SoukErrorCode,
    readonly reason: SoukReason,
    message: string,
    readonly fields: FieldErrors = {},
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = "SoukError";
  }
}

/**
 * Field paths as functions/src/core/errors.ts fieldErrorsOf writes them ("vehicle.year",
 * unknown keys as "Unknown field"). Kept here because core/errors imports firebase-functions,
 * which must not reach a browser bundle; the unit tests pin the same paths the server sends.
 */
function fieldErrorsOf(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[[...issue.path, key].join(".")] = "Unknown field";
      continue;
    }
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    fields[path] ??= issue.message;
  }
  return fields;
}

/** A zod failure as the server would report it: same field paths ("vehicle.year"), same code. */
export function validationError(error: ZodError): SoukError {
  return new SoukError("invalid-argument", "VALIDATION_FAILED", "Some fields are invalid.", fieldErrorsOf(error));
}

interface WireDetails {
  code?: unknown;
  requestId?: unknown;
  fields?: unknown;
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
}

/** Turns what httpsCallable threw (a FunctionsError, or a transport failure) into a SoukError. */
export function toSoukError(error: unknown): SoukError {
  if (error instanceof SoukError) return error;
  const raw = error as { code?: unknown; message?: unknown; details?: WireDetails } | null;
  const message = typeof raw?.message === "string" ? raw.message : String(error);
  const code = typeof raw?.code === "string" ? (raw.code.replace(/^functions\//, "") as SoukErrorCode) : "unknown";
  const details = raw?.details ?? {};
  const reason = typeof details.code === "string" ? (details.code as SoukReason) : code === "unavailable" || code === "internal" ? "NETWORK_ERROR" : "UNKNOWN";
  const fields = isFieldErrors(details.fields) ? details.fields : {};
  const requestId = typeof details.requestId === "string" ? details.requestId : null;
  return new SoukError(code, reason, message, fields, requestId);
}
