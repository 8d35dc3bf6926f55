// Fixed-window rate limiter backed by Firestore (SPEC section 8): one counter document per
// key and window, expiring through the TTL on `expireAt`.
//
// Exact under concurrency at a bounded cost per call (issue 10, finding 8). A per-call
// compare-and-set made every concurrent call contend for one document, so retries grew
// with the square of the calls and contended calls were refused under the limit. Here an
// instance batches its calls per counter: while one compare-and-set is in flight, new calls
// queue, and the next one adds the whole queue at once and grants min(queued, limit - count)
// in the order the calls came. Hence:
// - the count is exact: every allowed call is part of a committed increment, nothing else is;
// - a call is refused only when the committed count leaves no room for it;
// - the contenders on one counter are instances (at most maxInstances), not calls, and one
//   read and one write serve a whole batch;
// - counts only grow inside a window, so an instance that saw a window full refuses further
//   calls in it locally, with no Firestore operation at all;
// - a compare-and-set costs one round trip, not two (issue 14): the instance remembers the
//   count and update time it last wrote, and a counter it has not seen is assumed new
//   (create). Another writer in between fails the precondition (or the create), and only
//   then is the counter read.
import { FieldValue, Timestamp, type DocumentReference } from "firebase-admin/firestore";
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
/** Conflicts in a row (other instances winning) before the queued calls are refused. */
const MAX_CONFLICTS = 50;
/** Memos (full windows, counters written or stale) held per instance before ended windows are swept. */
const FULL_MEMO_SWEEP_AT = 1000;

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
  // NOT_FOUND: a remembered counter is gone (its TTL deleted it); it is read, and created again.
  return code === GRPC.ALREADY_EXISTS || code === GRPC.FAILED_PRECONDITION || code === GRPC.NOT_FOUND;
}

const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));

interface Waiter {
  resolve: (decision: RateLimitDecision) => void;
  reject: (error: unknown) => void;
}

/** A counter as this instance last wrote it (`updateTime` null: assumed not to exist yet). */
interface KnownCount {
  count: number;
  updateTime: Timestamp | null;
}

interface Counter {
  id: string;
  key: string;
  rule: RateLimitRule;
  start: number;
  end: number;
}

function retryAfterOf(end: number): number {
  return Math.max(1, Math.ceil((end - Date.now()) / 1000));
}

/** One instance's view of the counters. Tests make several to play several instances. */
export class RateLimiter {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly draining = new Set<string>();
  private readonly fullUntil = new Map<string, number>();
  /** Counters this instance wrote last, with their window end (for the sweep). */
  private readonly written = new Map<string, KnownCount & { end: number }>();
  /** Counters another writer changed since: read before the next compare-and-set. */
  private readonly stale = new Map<string, number>();

  consume(key: string, rule: RateLimitRule, nowMs = Date.now()): Promise<RateLimitDecision> {
    const { start, end } = windowOf(rule, nowMs);
    const counter: Counter = { id: counterId(key, start), key, rule, start, end };
    if (this.knownFull(counter.id, nowMs)) return Promise.resolve(this.refusal(counter));
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(counter.id) ?? [];
      queue.push({ resolve, reject });
      this.queues.set(counter.id, queue);
      if (!this.draining.has(counter.id)) void this.drain(counter);
    });
  }

  /**
   * Adds `count` calls already served elsewhere (the API's in-instance bucket, core/ipRateLimit)
   * to the shared counter: one write, no read. A compare-and-set racing it conflicts and retries.
   */
  async add(key: string, rule: RateLimitRule, count: number, nowMs = Date.now()): Promise<void> {
    if (count <= 0) return;
    const { start, end } = windowOf(rule, nowMs);
    await db()
      .collection(RATE_LIMIT_COLLECTION)
      .doc(counterId(key, start))
      .set({ key, count: FieldValue.increment(count), windowStart: Timestamp.fromMillis(start), expireAt: Timestamp.fromMillis(end) }, { merge: true });
  }

  private knownFull(id: string, nowMs: number): boolean {
    return (this.fullUntil.get(id) ?? 0) > nowMs;
  }

  private refusal(counter: Counter): RateLimitDecision {
    return { allowed: false, remaining: 0, retryAfterSeconds: retryAfterOf(counter.end) };
  }

  private markFull(counter: Counter): void {
    this.sweep(this.fullUntil);
    this.fullUntil.set(counter.id, counter.end);
  }

  /** Serves the queue of one counter, one batch per compare-and-set, until it is empty. */
  private async drain(counter: Counter): Promise<void> {
    this.draining.add(counter.id);
    let conflicts = 0;
    try {
      for (let batch = this.takeQueue(counter.id); batch.length > 0; batch = this.takeQueue(counter.id)) {
        if (this.knownFull(counter.id, Date.now())) {
          for (const waiter of batch) waiter.resolve(this.refusal(counter));
          continue;
        }
        try {
          const granted = await this.grant(counter, batch.length);
          this.settle(counter, batch, granted);
          conflicts = 0;
        } catch (error) {
          if (!isConflict(error)) {
            for (const waiter of batch) waiter.reject(error);
            continue;
          }
          conflicts += 1;
          this.forget(counter);
          // Another instance won this round: the batch goes back to the head of the queue
          // and is retried together with whatever arrived meanwhile.
          this.queues.set(counter.id, [...batch, ...(this.queues.get(counter.id) ?? [])]);
          if (conflicts >= MAX_CONFLICTS) {
            // Still contended after every attempt: refuse rather than risk exceeding the limit.
            for (const waiter of this.takeQueue(counter.id)) waiter.resolve(this.refusal(counter));
            conflicts = 0;
          } else await jitter();
        }
      }
    } finally {
      this.draining.delete(counter.id);
    }
  }

  private takeQueue(id: string): Waiter[] {
    const queue = this.queues.get(id) ?? [];
    this.queues.delete(id);
    return queue;
  }

  /** One compare-and-set adding up to `wanted` calls; returns the count before and how many it granted. */
  private async grant(counter: Counter, wanted: number): Promise<{ before: number; granted: number }> {
    const ref = db().collection(RATE_LIMIT_COLLECTION).doc(counter.id);
    const known = await this.knownCount(ref, counter);
    const before = known.count;
    const granted = Math.min(wanted, Math.max(0, counter.rule.limit - before));
    if (granted === 0) return { before, granted };
    const written = known.updateTime
      ? await ref.update({ count: before + granted }, { lastUpdateTime: known.updateTime })
      : await ref.create({ key: counter.key, count: granted, windowStart: Timestamp.fromMillis(counter.start), expireAt: Timestamp.fromMillis(counter.end) });
    this.sweep(this.written);
    this.written.set(counter.id, { count: before + granted, updateTime: written.writeTime, end: counter.end });
    return { before, granted };
  }

  /** The count to add to: as this instance last wrote it, assumed new if never seen, else read. */
  private async knownCount(ref: DocumentReference, counter: Counter): Promise<KnownCount> {
    const written = this.written.get(counter.id);
    if (written) return written;
    if (!this.stale.has(counter.id)) return { count: 0, updateTime: null };
    const snapshot = await ref.get();
    return snapshot.exists && snapshot.updateTime ? { count: Number(snapshot.get("count")), updateTime: snapshot.updateTime } : { count: 0, updateTime: null };
  }

  /** Another writer won: what this instance knew of the counter is no longer true. */
  private forget(counter: Counter): void {
    this.written.delete(counter.id);
    this.sweep(this.stale);
    this.stale.set(counter.id, counter.end);
  }

  /** Drops memos of windows that have ended, once a map has grown large. */
  private sweep(memo: Map<string, number | { end: number }>): void {
    if (memo.size < FULL_MEMO_SWEEP_AT) return;
    const now = Date.now();
    for (const [id, entry] of memo) if ((typeof entry === "number" ? entry : entry.end) <= now) memo.delete(id);
  }

  private settle(counter: Counter, batch: Waiter[], { before, granted }: { before: number; granted: number }): void {
    const retryAfterSeconds = retryAfterOf(counter.end);
    batch.forEach((waiter, index) => {
      if (index < granted) {
        waiter.resolve({ allowed: true, remaining: counter.rule.limit - before - index - 1, retryAfterSeconds });
      } else waiter.resolve(this.refusal(counter));
    });
    if (before + granted >= counter.rule.limit) this.markFull(counter);
  }
}

let instanceLimiter: RateLimiter | undefined;

/** Counts one call against `key` in the current window of `rule`, through this instance's limiter. */
export function consumeRateLimit(key: string, rule: RateLimitRule, nowMs = Date.now()): Promise<RateLimitDecision> {
  instanceLimiter ??= new RateLimiter();
  return instanceLimiter.consume(key, rule, nowMs);
}
