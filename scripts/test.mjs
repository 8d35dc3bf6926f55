// `npm test`: lint, build, then every test layer, each against the emulators it needs,
// started and stopped by scripts/with-emulators.mjs. Output streams as it happens; at the
// end each layer's mocha summary is repeated and one total line closes the run, so the
// last thing a reader (or CI) sees is what passed, failed and was skipped.
import { spawn } from "node:child_process";
import { ROOT } from "./emulators.mjs";

const STEPS = [
  { name: "lint", command: "npm run lint" },
  { name: "build", command: "npm run build" },
  { name: "unit", command: "npm run test:unit", mocha: true },
  { name: "rules", command: "npm run test:rules", mocha: true },
  { name: "client (unit + compile errors)", command: "npm run test:client", mocha: true },
  { name: "functions builds alone", command: "npm run check:functions-alone" },
  {
    name: "integration + e2e",
    command: "node scripts/with-emulators.mjs --only auth,firestore,functions,pubsub,database,storage -- npm run test:emulated",
    mocha: true,
  },
  // Its own emulator session (with Hosting); skips with one loud line when Chromium is missing.
  { name: "browser (console in Chromium)", command: "node scripts/browser-tests.mjs", mocha: true, skippable: /\[browser\] SKIPPED/ },
];

function run(command) {
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, { cwd: ROOT, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => process.stderr.write(chunk));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Sums mocha's "N passing" lines and node:test's "ℹ pass N" lines (client and browser layers). */
function mochaSummary(output) {
  const count = (mochaWord, nodeWord) => {
    const mocha = [...output.matchAll(new RegExp(`^\\s+(\\d+) ${mochaWord}`, "gm"))];
    const node = [...output.matchAll(new RegExp(`^(?:ℹ|#) ${nodeWord} (\\d+)$`, "gm"))];
    return (mocha.length > 0 ? Number(mocha[mocha.length - 1][1]) : 0) + node.reduce((sum, m) => sum + Number(m[1]), 0);
  };
  return { passing: count("passing", "pass"), failing: count("failing", "fail"), pending: count("pending", "skipped") };
}

async function main() {
  const results = [];
  for (const step of STEPS) {
    console.log(`\n=== ${step.name}: ${step.command}\n`);
    const { code, output } = await run(step.command);
    const summary = step.mocha ? mochaSummary(output) : undefined;
    // A layer that ran no test (emulators that never started, a broken glob) has failed.
    const skippedLoudly = step.skippable?.test(output) ?? false;
    const ranNothing = summary !== undefined && summary.passing + summary.failing === 0 && !skippedLoudly;
    if (ranNothing) console.error(`\n[test] the ${step.name} layer ran no test`);
    results.push({ ...step, code: ranNothing && code === 0 ? 1 : code, summary, skippedLoudly });
    // Lint and build failures make the rest meaningless; a failing test layer does not stop the others.
    if (code !== 0 && !step.mocha) break;
  }
  console.log("\n=== summary");
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { name, code, summary, skippedLoudly } of results) {
    if (skippedLoudly) {
      console.log(`  ${name}: SKIPPED (no Chromium on this machine; see the [browser] line above)`);
    } else if (summary) {
      passed += summary.passing;
      failed += summary.failing;
      skipped += summary.pending;
      console.log(`  ${name}: ${summary.passing} passing, ${summary.failing} failing, ${summary.pending} pending${code !== 0 && summary.failing === 0 ? ` (exit code ${code})` : ""}`);
    } else {
      console.log(`  ${name}: ${code === 0 ? "ok" : `FAILED (exit code ${code})`}`);
    }
  }
  const notRun = STEPS.length - results.length;
  if (notRun > 0) console.log(`  ${notRun} later step(s) not run`);
  const ok = results.every((r) => r.code === 0) && notRun === 0;
  console.log(`Total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(ok ? 0 : 1);
}

main();
