// GET /v1/health (SPEC section 5). Liveness answers from memory: no I/O, so a load
// balancer probing it never costs a read or fails because Firestore is slow. With
// ?deep=1 the API also reads one Firestore document under a deadline and answers 503
// naming the check that failed. A deep answer is kept for DEEP_CACHE_MS per instance, so
// a caller hammering deep=1 (the route is exempt from the per-IP limit) costs at most one
// read per instance every few seconds.
import { db } from "../core/firebase";
import { withDeadline } from "../core/deadline";
import { API_VERSION, HttpError } from "./http";

/** Well under the API's 30 s timeout and a load balancer's usual 5 s probe timeout. */
export const DEEP_CHECK_DEADLINE_MS = 2000;
const DEEP_CACHE_MS = 5000;

/** One dependency check: resolves when the dependency answered, rejects otherwise. */
export type Probe = () => Promise<void>;

export interface HealthAnswer {
  status: "ok";
  version: string;
  checks?: Record<string, "ok">;
}

/** Reads a document no one writes: a missing document is still an answer from Firestore. */
export const firestoreProbe: Probe = async () => {
  await db().collection("_health").doc("probe").get();
};

export interface HealthOptions {
  probes?: Record<string, Probe>;
  deadlineMs?: number;
  now?: () => number;
}

/** The health route's handler; probes and clock are injected by tests. */
export function healthCheck(options: HealthOptions = {}) {
  const probes = options.probes ?? { firestore: firestoreProbe };
  const deadlineMs = options.deadlineMs ?? DEEP_CHECK_DEADLINE_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; answer: Promise<HealthAnswer> } | undefined;

  const runChecks = async (): Promise<HealthAnswer> => {
    const names = Object.keys(probes);
    const results = await Promise.allSettled(names.map((name) => withDeadline(`${name} health check`, deadlineMs, probes[name])));
    const failed = names
      .map((name, i) => ({ name, result: results[i] }))
      .filter((r): r is { name: string; result: PromiseRejectedResult } => r.result.status === "rejected")
      .map(({ name, result }) => `${name} (${result.reason instanceof Error ? result.reason.message : String(result.reason)})`);
    if (failed.length > 0) throw new HttpError(503, "UNHEALTHY", `Failed checks: ${failed.join("; ")}`, { "Retry-After": "5" });
    return { status: "ok", version: API_VERSION, checks: Object.fromEntries(names.map((name) => [name, "ok" as const])) };
  };

  return async (query: { deep?: string }): Promise<HealthAnswer> => {
    if (query.deep !== "1") return { status: "ok", version: API_VERSION };
    if (!cached || now() - cached.at >= DEEP_CACHE_MS) {
      cached = { at: now(), answer: runChecks() };
    }
    return cached.answer;
  };
}
