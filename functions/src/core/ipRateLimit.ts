// The public API's per-IP limit (SPEC sections 8 and 10) without a Firestore write per
// request. Each instance keeps a token bucket per client (capacity = the limit, refilled at
// the limit per window) in a bounded LRU map, and refuses an empty bucket itself. A client
// reaches Firestore only when it is near its limit: past SHARED_FROM of the limit within one
// window in this instance. From then on its calls go through the shared, exact counter of
// core/rateLimit.ts, which first receives the calls this instance already served in the
// window, so abuse spread over instances is still caught: over a window a client gets at
// most the limit plus, per other instance it touched below the threshold, that threshold.
// Ordinary browsing (under a quarter of the limit per minute) costs no document operation.
import { LRUCache } from "lru-cache";
import { RateLimiter, windowOf, type RateLimitDecision, type RateLimitRule } from "./rateLimit";

/** Fraction of the limit a client may use per window in one instance before the shared counter is consulted. */
export const SHARED_FROM = 0.25;
/** Clients remembered per instance; the least recently seen is forgotten first (a fresh, full bucket if it returns). */
export const MAX_CLIENTS = 10_000;

interface ClientState {
  tokens: number;
  refilledAt: number;
  windowStart: number;
  /** Calls allowed in this window by this instance. */
  inWindow: number;
  /** Whether this window's calls were handed to the shared counter. */
  shared: boolean;
}

export interface IpRateLimiterOptions {
  maxClients?: number;
  sharedFrom?: number;
  /** The shared counter (tests give several instances their own). */
  shared?: RateLimiter;
}

/** Calls a client may make per window in one instance before the shared counter is consulted. */
export function sharedThreshold(rule: RateLimitRule, fraction = SHARED_FROM): number {
  return Math.max(1, Math.floor(rule.limit * fraction));
}

/** One instance's view of the per-IP limits. */
export class IpRateLimiter {
  private readonly clients: LRUCache<string, ClientState>;
  private readonly shared: RateLimiter;
  private readonly sharedFrom: number;

  constructor(options: IpRateLimiterOptions = {}) {
    this.clients = new LRUCache<string, ClientState>({ max: options.maxClients ?? MAX_CLIENTS });
    this.shared = options.shared ?? new RateLimiter();
    this.sharedFrom = options.sharedFrom ?? SHARED_FROM;
  }

  /** Clients currently remembered (bounded by maxClients). */
  get size(): number {
    return this.clients.size;
  }

  async consume(key: string, rule: RateLimitRule, nowMs = Date.now()): Promise<RateLimitDecision> {
    const state = this.stateOf(key, rule, nowMs);
    const perMs = rule.limit / (rule.windowSeconds * 1000);
    state.tokens = Math.min(rule.limit, state.tokens + (nowMs - state.refilledAt) * perMs);
    state.refilledAt = nowMs;
    if (state.tokens < 1) {
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - state.tokens) / perMs / 1000)) };
    }
    state.tokens -= 1;
    state.inWindow += 1;
    const local = { allowed: true, remaining: Math.floor(state.tokens), retryAfterSeconds: 0 };
    if (state.inWindow <= sharedThreshold(rule, this.sharedFrom)) return local;
    if (!state.shared) {
      // Set before the write, so concurrent calls hand the earlier ones over exactly once.
      state.shared = true;
      await this.shared.add(key, rule, state.inWindow - 1, nowMs);
    }
    const decision = await this.shared.consume(key, rule, nowMs);
    if (!decision.allowed) return decision;
    return { ...decision, remaining: Math.min(decision.remaining, local.remaining) };
  }

  private stateOf(key: string, rule: RateLimitRule, nowMs: number): ClientState {
    const { start } = windowOf(rule, nowMs);
    let state = this.clients.get(key);
    if (!state) {
      state = { tokens: rule.limit, refilledAt: nowMs, windowStart: start, inWindow: 0, shared: false };
      this.clients.set(key, state);
    }
    if (state.windowStart !== start) Object.assign(state, { windowStart: start, inWindow: 0, shared: false });
    return state;
  }
}
