// Deadlines and circuit breakers for calls to other services (SPEC section 8): the payment
// provider, FCM and Secret Manager. One breaker per dependency and per instance (state is
// in memory: each instance learns on its own, which is what we want, since a cold instance
// must not trust another's stale view). Built on opossum, a well-kept breaker library:
// closed -> open after enough failures in the rolling window, open -> half-open after the
// cool-down, where one trial call closes it again (or re-opens it).
//
// A call that fails because of its caller (invalid input, a DomainError) is not the
// dependency's fault and never counts toward opening (isFailure says which errors count).
import CircuitBreaker from "opossum";
import { logs } from "./log";

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerPolicy {
  /** Deadline of one call; the caller stops waiting after it and the call counts as a failure. */
  timeoutMs: number;
  /** Calls in the rolling window before the error rate may open the breaker. */
  volumeThreshold: number;
  /** Error rate (percent) in the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Cool-down while open; then one trial call is let through (half-open). */
  resetTimeoutMs: number;
  /** Width of the rolling window the error rate is computed over. */
  rollingWindowMs: number;
}

/** Why a guarded call did not give an answer. */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    readonly reason: "open" | "timeout",
    message: string,
  ) {
    super(message);
    this.name = "DependencyUnavailable";
  }
}

export interface Guard {
  readonly dependency: string;
  /** Runs `work` under the deadline and the breaker; rejects with DependencyUnavailable when open or late. */
  call<T>(work: () => Promise<T>): Promise<T>;
  state(): BreakerState;
}

export interface GuardOptions {
  /** Errors that say the dependency is unwell; others (the caller's fault) pass through uncounted. */
  isFailure?: (error: unknown) => boolean;
}

type Work = () => Promise<unknown>;

function stateOf(breaker: CircuitBreaker<[Work], unknown>): BreakerState {
  if (breaker.opened) return "open";
  if (breaker.halfOpen) return "half-open";
  return "closed";
}

/** A breaker for `dependency` with `policy`; callers keep one per dependency at module level. */
export function guard(dependency: string, policy: BreakerPolicy, options: GuardOptions = {}): Guard {
  const breaker = new CircuitBreaker<[Work], unknown>((work: Work) => work(), {
    name: dependency,
    timeout: policy.timeoutMs,
    volumeThreshold: policy.volumeThreshold,
    errorThresholdPercentage: policy.errorThresholdPercentage,
    resetTimeout: policy.resetTimeoutMs,
    rollingCountTimeout: policy.rollingWindowMs,
    rollingCountBuckets: 10,
    // opossum's filter returns true for errors that must NOT count as failures.
    errorFilter: (error: unknown) => (options.isFailure ? !options.isFailure(error) : false),
  });
  breaker.on("open", () => logs.breakerOpened(dependency, policy.resetTimeoutMs));
  breaker.on("halfOpen", () => logs.breakerStateChanged(dependency, "half-open"));
  breaker.on("close", () => logs.breakerStateChanged(dependency, "closed"));
  return {
    dependency,
    state: () => stateOf(breaker),
    async call<T>(work: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(work)) as T;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === "EOPENBREAKER") throw new DependencyUnavailable(dependency, "open", `${dependency} is unavailable (circuit open)`);
        if (code === "ETIMEDOUT") throw new DependencyUnavailable(dependency, "timeout", `${dependency}: no answer within ${policy.timeoutMs} ms`);
        throw error;
      }
    },
  };
}
