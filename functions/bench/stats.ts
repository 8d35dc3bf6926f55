// Side-by-side measurement (SPEC section 10): every row runs the measured thing (A) and its
// baseline (B) alternately, A B A B ..., so drift on a shared machine hits both alike, and
// reports the median of the per-pair ratios A/B with their min and max.
export interface Summary {
  median: number;
  min: number;
  max: number;
}

export interface Row {
  section: string;
  name: string;
  baseline: string;
  unit: string;
  /** Which way is better for the measured value. */
  better: "lower" | "higher";
  measured: Summary;
  baselineValue: Summary;
  ratio: Summary;
  pairs: number;
  /** Extra facts of the row (percentiles, correctness checks). */
  details?: Record<string, unknown>;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

export function summary(values: number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Runs A then B `pairs` times; returns both series (and whatever each run reports in full). */
export async function alternate<T>(pairs: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  for (let i = 0; i < pairs; i += 1) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

export function rowOf(fields: Omit<Row, "measured" | "baselineValue" | "ratio" | "pairs">, a: number[], b: number[], details?: Record<string, unknown>): Row {
  const ratios = a.map((value, i) => value / b[i]);
  return { ...fields, measured: summary(a), baselineValue: summary(b), ratio: summary(ratios), pairs: a.length, ...(details ? { details } : {}) };
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function printRows(title: string, rows: Row[]): void {
  const lines = [`\n## ${title}\n`, "| row | measured | baseline | ratio median (min-max) | pairs | details |", "|---|---|---|---|---|---|"];
  for (const r of rows) {
    const details = r.details ? Object.entries(r.details).map(([k, v]) => `${k}=${typeof v === "number" ? fmt(v) : String(v)}`).join(", ") : "";
    lines.push(`| ${r.name} | ${fmt(r.measured.median)} ${r.unit} | ${fmt(r.baselineValue.median)} ${r.unit} (${r.baseline}) | ${fmt(r.ratio.median)}x (${fmt(r.ratio.min)}-${fmt(r.ratio.max)}) | ${r.pairs} | ${details} |`);
  }
  console.log(lines.join("\n"));
}
