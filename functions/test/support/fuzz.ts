// Generated bad input for the fuzz run (test/integration/fuzz.test.ts): wrong types, huge
// strings and arrays, unicode edge cases, prototype keys, hostile ids, numbers at and past
// 2^53. Inputs start from a valid template and break one thing at a time (a field, a
// nested field, the whole body), so most of them reach past the first check they would
// fail; every value is JSON, as the callable protocol and HTTP bodies carry it.
import fc from "fast-check";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Ids that must never reach Firestore as a path (SPEC section 4; issue 10 finding 3). */
export const HOSTILE_IDS: readonly string[] = [
  "/", "a/b", "__x__", "__proto__", "__name__", ".", "..", "o_X/events/placed", "listings/x", "orders", "",
  " ", "a b", "\u0000", "%2F", "..%2F..", "\\", "a".repeat(65), "x".repeat(1500), "é", "🚗", "\u202Eabc", "constructor",
];

/** Numbers at and past what code can hold exactly or a Firestore int64 can store. */
export const EDGE_NUMBERS: readonly number[] = [
  0, -0, -1, 0.5, 1e-7, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63 - 1, 2 ** 64, 1e21, 1e308, -1e308, Number.MIN_VALUE,
];

const UNICODE_EDGES: readonly string[] = [
  "\uD800", "\uDFFF", "\uFEFF", "\u200B", "\u202E", "\u0000", "A\u0301\u0301\u0301", "ـــــ", "٠١٢", "𝕊𝕠𝕦𝕜", "🚗‍💨", "\r\n", "\t", "'\"`${x}", "<script>", "%00", "\\u0000",
];

const PROTOTYPE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

const json = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** JSON.parse keeps "__proto__" as an own key, as a request body does. */
export function withOwnKey(target: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  const copy = JSON.parse(JSON.stringify(target)) as Record<string, Json>;
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return JSON.parse(JSON.stringify(copy)) as Record<string, Json>;
}

const hugeString = fc.constantFrom("x".repeat(10_001), "ش".repeat(100_000), "a/".repeat(5_000));
const hugeArray = fc.constantFrom(
  json(Array.from({ length: 10_000 }, () => "a")),
  json(Array.from({ length: 1_000 }, (_, i) => i)),
  json(Array.from({ length: 100 }, () => ({ a: 1 }))),
);
const prototypeObject = fc.constantFrom(
  JSON.parse('{"__proto__": {"role": "admin", "isAdmin": true}}') as Json,
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as Json,
  JSON.parse('{"__proto__": null}') as Json,
);

/** One bad value: any of the families the issue names, small ones often, huge ones sometimes. */
export const badValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_IDS), weight: 4 },
  { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE_EDGES), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: hugeArray, weight: 1 },
  { arbitrary: prototypeObject, weight: 1 },
  { arbitrary: fc.array(fc.constantFrom(...HOSTILE_IDS), { maxLength: 5 }).map((v) => v as Json), weight: 1 },
);

function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  const nested = Object.keys(value).flatMap((key) => pathsOf(value[key], [...prefix, key]));
  return prefix.length === 0 ? nested : [prefix, ...nested];
}

function setAt(root: Json, path: readonly string[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, configurable: true, writable: true });
  return JSON.parse(JSON.stringify(copy)) as Json;
}

/**
 * Inputs derived from a valid template: one field (at any depth) replaced by a bad value or
 * removed, an extra (often prototype) key added, or the whole body replaced.
 */
export function mutationsOf(template: Record<string, Json>): fc.Arbitrary<Json> {
  const paths = pathsOf(template).filter((p) => p.length > 0);
  const extraKey = fc
    .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })), badValue)
    .map(([key, value]) => withOwnKey(template, key, value));
  const whole = badValue;
  const unchanged = { arbitrary: fc.constant(template as Json), weight: 1 };
  // An empty input ({}) has no field to break or remove: extra keys and whole bad values only.
  if (paths.length === 0) return fc.oneof({ arbitrary: extraKey, weight: 4 }, { arbitrary: whole, weight: 2 }, unchanged);
  const field = fc.tuple(fc.constantFrom(...paths), badValue).map(([path, value]) => setAt(template, path, value));
  const removed = fc.constantFrom(...paths).map((path) => setAt(template, path, undefined));
  return fc.oneof(
    { arbitrary: field, weight: 6 },
    { arbitrary: removed, weight: 1 },
    { arbitrary: extraKey, weight: 2 },
    { arbitrary: whole, weight: 1 },
    unchanged,
  );
}

/** `count` inputs for one target, the same ones every run (fixed seed). */
export function sampleInputs(arbitrary: fc.Arbitrary<Json>, seed: number, count: number): Json[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/** Runs `work` over `items` with at most `width` in flight (the emulator is one process on a shared machine). */
export async function inBatches<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index], index);
    }
  });
  await Promise.all(lanes);
}

/**
 * Drops the structured INFO lines (one per call: "callable.completed", "api.request") while
 * the fuzz runs, so 10,000 calls do not bury the test report; WARNING and ERROR lines, the
 * ones that explain a failure, still print. Returns the function that restores output.
 */
export function quietInfoLogs(): () => void {
  const original = process.stdout.write.bind(process.stdout);
  const quiet = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : "";
    if (text.startsWith("{") && /"severity":"(INFO|DEBUG)"/.test(text)) return true;
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  };
  process.stdout.write = quiet as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

/** What a run of one target saw: answers by code or status, and the first few failures. */
export class FuzzTally {
  readonly counts = new Map<string, number>();
  readonly failures: { input: string; answer: string }[] = [];
  total = 0;

  record(answer: string, bad: boolean, input: unknown): void {
    this.total += 1;
    this.counts.set(answer, (this.counts.get(answer) ?? 0) + 1);
    if (bad && this.failures.length < 5) this.failures.push({ input: JSON.stringify(input)?.slice(0, 300) ?? "undefined", answer });
  }

  summary(target: string): string {
    const answers = [...this.counts.entries()].sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${v}`).join(", ");
    return `fuzz ${target}: ${this.total} inputs (${answers})`;
  }
}
