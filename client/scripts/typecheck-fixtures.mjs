// The compile-error test: tsc over test/types/*.typecheck.ts must pass (every
// @ts-expect-error there is a real error), and the same file with its @ts-expect-error
// comments stripped must FAIL with one error per stripped line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeReasons } from "./gen-reasons.mjs";

const CLIENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TSC = path.join(CLIENT, "../node_modules/typescript/bin/tsc");
const FIXTURE = path.join(CLIENT, "test/types/inputs.typecheck.ts");

function tsc(project) {
  return spawnSync(process.execPath, [TSC, "-p", project], { cwd: CLIENT, encoding: "utf8" });
}

writeReasons();
const expected = readFileSync(FIXTURE, "utf8").split("\n").filter((line) => /^\s*\/\/ @ts-expect-error/.test(line)).length;
const ok = tsc(path.join(CLIENT, "tsconfig.types.json"));
if (ok.status !== 0) {
  console.error(ok.stdout);
  console.error("not ok - the typecheck fixture has an unused @ts-expect-error or a wrong valid line");
  process.exit(1);
}
console.log(`ok - tsc accepts the fixture: its ${expected} @ts-expect-error lines are all real type errors`);

const stripped = path.join(CLIENT, "test/types/.stripped");
mkdirSync(stripped, { recursive: true });
try {
  writeFileSync(path.join(stripped, "inputs.ts"), readFileSync(FIXTURE, "utf8").replaceAll("// @ts-expect-error", "// (expected error)").replaceAll("../../src/", "../../../src/"));
  writeFileSync(path.join(stripped, "tsconfig.json"), JSON.stringify({ extends: "../../../tsconfig.types.json", include: ["../../../src", "inputs.ts"] }));
  const bad = tsc(path.join(stripped, "tsconfig.json"));
  const errors = (bad.stdout.match(/inputs\.ts\(\d+,\d+\): error TS/g) ?? []).length;
  if (bad.status === 0 || errors < expected) {
    console.error(bad.stdout);
    console.error(`not ok - without @ts-expect-error tsc reported ${errors} errors, expected ${expected}`);
    process.exit(1);
  }
  console.log(`ok - without the comments tsc fails with ${errors} errors in the fixture (wrong inputs do not compile)`);
} finally {
  rmSync(stripped, { recursive: true, force: true });
}
