// Stable pseudonyms (SPEC section 8): records the law makes us keep (orders, jobs, reviews,
// audit entries) lose an erased user's uid to HMAC-SHA256(PSEUDONYM_KEY, uid). The same
// uid always gives the same pseudonym, so an order and its timeline still agree with each
// other, and without the key nobody can go back from the pseudonym to the uid.
import { createHmac } from "node:crypto";

export const PSEUDONYM_PREFIX = "anon_";

export function pseudonymOf(uid: string, key: string): string {
  if (!key) throw new Error("PSEUDONYM_KEY is empty: refusing to make guessable pseudonyms");
  return PSEUDONYM_PREFIX + createHmac("sha256", key).update(uid, "utf8").digest("hex").slice(0, 32);
}

/**
 * `value` with every string equal to `uid` replaced by `pseudonym`, at any depth (fields,
 * nested maps such as lastChange.by.uid, arrays such as declinedBy). Other values are
 * returned as they are, so Timestamps and FieldValues pass through untouched.
 */
export function replaceDeep(value: unknown, uid: string, pseudonym: string): unknown {
  if (value === uid) return pseudonym;
  if (Array.isArray(value)) return value.map((inner) => replaceDeep(inner, uid, pseudonym));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, uid, pseudonym)]));
  }
  return value;
}

/** True when `uid` still appears anywhere in `value`. */
export function mentions(value: unknown, uid: string): boolean {
  if (value === uid) return true;
  if (Array.isArray(value)) return value.some((inner) => mentions(inner, uid));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).some((inner) => mentions(inner, uid));
  }
  return false;
}
