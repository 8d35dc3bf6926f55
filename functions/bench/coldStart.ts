// Cold start per function group (SPEC section 10): a fresh Node process loads the compiled
// functions with FUNCTION_TARGET naming one group (as Cloud Functions and the emulator set
// it; index.ts then requires that group alone), against the SDK floor: a process loading
// only firebase-functions/v2/https, firebase-admin/app and firebase-admin/firestore.
// Start-to-loaded is performance.now() in the child once loaded (its clock starts with the process).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { alternate, rowOf, type Row } from "./stats";

const functionsDir = path.resolve(__dirname, "..");
const REPORT = "process.stdout.write(JSON.stringify({ ms: performance.now(), rssMb: process.memoryUsage().rss / 1048576 }))";
const FLOOR = `require("firebase-functions/v2/https"); require("firebase-admin/app"); require("firebase-admin/firestore"); ${REPORT}`;
const GROUP = `require("./lib/index.js"); ${REPORT}`;
// The floor plus zod: SPEC's stack validates every callable's input with zod, so the first
// request of any group needs it; this row shows how much of a group's load is zod itself.
const FLOOR_WITH_ZOD = FLOOR.replace(REPORT, `require("zod"); ${REPORT}`);

interface Load {
  ms: number;
  rssMb: number;
}

function loadOnce(script: string, target: string): Load {
  const env = { ...process.env, FUNCTION_TARGET: target };
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: functionsDir, env, encoding: "utf8" })) as Load;
}

export const GROUPS = ["users", "vendors", "listings", "api", "engineers", "jobs", "presence", "orders", "payments", "ops", "privacy"];

export async function coldStart(pairs: number, baseline: "SDK floor" | "SDK floor + zod" = "SDK floor"): Promise<Row[]> {
  const rows: Row[] = [];
  const floor = baseline === "SDK floor" ? FLOOR : FLOOR_WITH_ZOD;
  for (const group of ["(all: deploy discovery)", ...GROUPS]) {
    const target = group.startsWith("(") ? "" : `${group}.x`;
    const runs = await alternate(pairs, async () => loadOnce(GROUP, target), async () => loadOnce(floor, ""));
    const fields = { section: baseline === "SDK floor" ? "coldStart" : "coldStartVsZod", name: group, baseline, unit: "ms", better: "lower" as const };
    rows.push(rowOf(fields, runs.a.map((r) => r.ms), runs.b.map((r) => r.ms), {
      rssMb: runs.a.map((r) => r.rssMb).sort((x, y) => x - y)[Math.floor(pairs / 2)],
      floorRssMb: runs.b.map((r) => r.rssMb).sort((x, y) => x - y)[Math.floor(pairs / 2)],
    }));
  }
  return rows;
}
