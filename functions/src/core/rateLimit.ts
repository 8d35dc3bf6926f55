// Fixed-window rate limiter backed by Firestore (SPEC section 8). One counter document
// per key and window. The increment is a compare-and-set: create() when the window is
// new, else update() with a lastUpdateTime precondition, retried on conflict. Concurrent
// calls therefore never let more than `limit` through, without transaction locks (which
// serialise a hot counter behind seconds of lock waits and back-off). A call that is
// already over the limit costs one read. Counters expire through the TTL on `expireAt`.
import { Timestamp } from "firebase-admin/firestore";
import { GRPC, db, grpcCodeOf } from "./firebase";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export const RATE_LIMIT_COLLECTION = "rateLimits";
const MAX_ATTEMPTS = 50;

export function windowOf(rule: RateLimitRule, nowMs: number) {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(nowMs / windowMs) * windowMs;
  return { start, end: start + windowMs };
}

/** Document ids may not contain "/"; keys are "<scope>:<subject>" such as "users.setRole:uid". */
export function counterId(key: string, windowStart: number): string {
  return `${key.replace(/[/]/g, "_")}@${windowStart}`;
}

function isConflict(error: unknown): boolean {
  const code = grpcCodeOf(error);
  return code === GRPC.ALREADY_EXISTS || code === GRPC.FAILED_PRECONDITION;
}

const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));

export async function consumeRateLimit(key: string, rule: RateLimitRule, nowMs = Date.now()): Promise<RateLimitDecision> {
  const { start, end } = windowOf(rule, nowMs);
  const retryAfterSeconds = Math.max(1, Math.ceil((end - nowMs) / 1000));
  const ref = db().collection(RATE_LIMIT_COLLECTION).doc(counterId(key, start));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const snapshot = await ref.get();
    const count = snapshot.exists ? Number(snapshot.get("count")) : 0;
    if (count >= rule.limit) return { allowed: false, remaining: 0, retryAfterSeconds };
    try {
      if (!snapshot.exists || !snapshot.updateTime) {
        await ref.create({ key, count: 1, windowStart: Timestamp.fromMillis(start), expireAt: Timestamp.fromMillis(end) });
      } else {
        await ref.update({ count: count + 1 }, { lastUpdateTime: snapshot.updateTime });
      }
      return { allowed: true, remaining: rule.limit - count - 1, retryAfterSeconds };
    } catch (error) {
      if (!isConflict(error)) throw error;
      await jitter();
    }
  }
  // Still contended after every attempt: refuse rather than risk exceeding the limit.
  return { allowed: false, remaining: 0, retryAfterSeconds };
}
