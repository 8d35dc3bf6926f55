// The Souk-Signature scheme of payment webhooks (SPEC section 5):
//   Souk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>
// The HMAC covers the raw bytes as received, never a re-serialised JSON, and the timestamp,
// so a captured delivery cannot be replayed after the tolerance window. Several v1 entries
// may be present while a secret rotates, and one match is enough. Unknown keys (a
// future v2, say) are ignored so the provider can add schemes without breaking us.
//
// Order of checks: missing -> malformed -> mismatch -> expired. "expired" therefore means
// "authentic but outside the window" (a replay or a skewed clock), which is what an
// auditor wants to tell apart from forged junk.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Souk-Signature";
/** SPEC section 5: older than 5 minutes is rejected; so is more than 5 minutes ahead. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureRejection = "missing" | "malformed" | "expired" | "mismatch";

export type SignatureCheck =
  | { ok: true; timestamp: number }
  /** `timestamp` is set when the header parsed (useful to audit an expired replay). */
  | { ok: false; reason: SignatureRejection; timestamp?: number };

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

/** Whole unix seconds; more than 12 digits is no plausible time and would lose precision. */
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

function requireSecret(secret: string): void {
  // An HMAC under an empty key is computable by anyone: refuse to sign or verify with it.
  if (secret.length === 0) throw new Error("The payment webhook secret is not configured.");
}

/** Hex HMAC-SHA256 of `<t>.<rawBody>`; the body is hashed as raw bytes. */
export function computeSignature(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  requireSecret(secret);
  return createHmac("sha256", secret).update(`${timestampSeconds}.`).update(rawBody).digest("hex");
}

/** The Souk-Signature header value for a body signed at `timestampSeconds`. */
export function signPayload(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error("The signature timestamp must be whole unix seconds.");
  }
  return `t=${timestampSeconds},v1=${computeSignature(secret, rawBody, timestampSeconds)}`;
}

/** Splits `key=value` entries; undefined when an entry has no key or no "=". */
function entriesOf(header: string): [string, string][] | undefined {
  const entries: [string, string][] = [];
  for (const rawPart of header.split(",")) {
    const part = rawPart.trim();
    if (part === "") continue;
    const separator = part.indexOf("=");
    if (separator <= 0) return undefined;
    entries.push([part.slice(0, separator).trim(), part.slice(separator + 1).trim()]);
  }
  return entries;
}

/** `t=..,v1=..[,v1=..][,other=..]`; undefined when the header is not in that grammar. */
export function parseSignatureHeader(header: string): ParsedHeader | undefined {
  const entries = entriesOf(header);
  if (!entries) return undefined;
  const times = entries.filter(([key]) => key === "t").map(([, value]) => value);
  const signatures = entries.filter(([key]) => key === "v1").map(([, value]) => value);
  // Exactly one t: two would leave it ambiguous which time the HMAC covers.
  if (times.length !== 1 || !TIMESTAMP_PATTERN.test(times[0])) return undefined;
  if (signatures.length === 0 || signatures.includes("")) return undefined;
  return { timestamp: Number(times[0]), signatures };
}

/** Constant time for equal lengths; a different length is simply not equal. */
function sameSignature(expectedHex: string, candidate: string): boolean {
  const expected = Buffer.from(expectedHex, "utf8");
  const given = Buffer.from(candidate.toLowerCase(), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks a Souk-Signature header against the raw body. Whole seconds: a signature exactly
 * `toleranceSeconds` old (or ahead) passes, one second more fails.
 * Throws only when `secret` is empty (a configuration error, not a bad request).
 */
export function verifySignature(
  secret: string,
  rawBody: Buffer | string,
  header: string | undefined,
  nowMs: number,
  toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  requireSecret(secret);
  if (header === undefined || header.trim() === "") return { ok: false, reason: "missing" };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };
  const { timestamp } = parsed;
  const expected = computeSignature(secret, rawBody, timestamp);
  // Compare against every candidate (no early exit) so timing does not reveal which matched.
  const matched = parsed.signatures.map((candidate) => sameSignature(expected, candidate)).includes(true);
  if (!matched) return { ok: false, reason: "mismatch", timestamp };
  const nowSeconds = Math.floor(nowMs / 1000);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "expired", timestamp };
  return { ok: true, timestamp };
}
