// `npm run bench` (SPEC section 10, issue 14): every row runs the measured thing and its
// baseline alternately (A B A B ...) and reports the median ratio with min and max; the
// tables are printed and written to reports/bench.json (fields in README "Performance").
import "../test/support/setup";
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiLoad } from "./apiLoad";
import { coldStart } from "./coldStart";
import { statsCounters } from "./counters";
import { documentOps } from "./docOps";
import { hotPart, ordersCreate } from "./orders";
import { printRows, type Row } from "./stats";

const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);

function machine() {
  let nproc = os.cpus().length;
  try {
    nproc = Number(execSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    // os.cpus() is the fallback
  }
  return { nproc, cpuModel: os.cpus()[0]?.model ?? "unknown", memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvg1m: os.loadavg()[0], node: process.version, platform: `${os.type()} ${os.release()}` };
}

async function main(): Promise<void> {
  const started = Date.now();
  const report = { startedAt: new Date().toISOString(), machine: machine(), pairs: PAIRS, rows: [] as Row[], seconds: 0 };
  console.log(`# Souk bench ${report.startedAt}\n\nMachine: ${JSON.stringify(report.machine)}; ${PAIRS} A/B pairs per row; emulators, not production.`);
  const only = process.env.BENCH_ONLY?.split(",");
  const section = async (title: string, run: () => Promise<Row[]>) => {
    if (only && !only.some((word) => title.toLowerCase().includes(word.toLowerCase()))) return;
    const rows = await run();
    printRows(title, rows);
    report.rows.push(...rows);
  };
  await section("Cold start: group load / SDK floor (start-to-loaded ms)", () => coldStart(PAIRS));
  await section("Cold start: group load / SDK floor + zod (what the group adds beyond its validator)", () => coldStart(PAIRS, "SDK floor + zod"));
  await section("Document operations of a listings page: ours / naive", () => documentOps(PAIRS));
  await section("Public API page under load (autocannon)", () => apiLoad(PAIRS));
  await section("orders-create in process, concurrency 10", () => ordersCreate(PAIRS, "paused"));
  await section("One hot part, stock 50, 50 concurrent buyers", () => hotPart(Math.min(PAIRS, 2)));
  await section("stats counters", () => statsCounters(PAIRS));
  // The live-trigger reference row comes last: the trigger backlog it leaves behind would
  // slow whatever is measured next on these two cores.
  await section("orders-create in process, concurrency 10, live triggers (reference)", () => ordersCreate(PAIRS, "live"));
  report.seconds = Math.round((Date.now() - started) / 1000);
  const out = path.resolve(__dirname, `../../reports/${only ? "bench-partial" : "bench"}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWritten ${out} (${report.seconds} s).`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
