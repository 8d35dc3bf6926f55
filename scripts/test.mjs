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
  {
    name: "integration + e2e",
    command: "node scripts/with-emulators.mjs --only auth,firestore,functions,pubsub,database,storage -- npm run test:emulated",
    mocha: true,
  },
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

function mochaSummary(output) {
  const count = (word) => {
    const matches = [...output.matchAll(new RegExp(`^\\s+(\\d+) ${word}`, "gm"))];
    return matches.length > 0 ? Number(matches[matches.length - 1][1]) : 0;
  };
  return { passing: count("passing"), failing: count("failing"), pending: count("pending") };
}

async function main() {
  const results = [];
  for (const step of STEPS) {
    console.log(`\n=== ${step.name}: ${step.command}\n`);
    const { code, output } = await run(step.command);
    const summary = step.mocha ? mochaSummary(output) : undefined;
    // A layer that ran no test (emulators that never started, a broken glob) has failed.
    const ranNothing = summary !== undefined && summary.passing + summary.failing === 0;
    if (ranNothing) console.error(`\n[test] the ${step.name} layer ran no test`);
    results.push({ ...step, code: ranNothing && code === 0 ? 1 : code, summary });
    // Lint and build failures make the rest meaningless; a failing test layer does not stop the others.
    if (code !== 0 && !step.mocha) break;
  }
  console.log("\n=== summary");
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const { name, code, summary } of results) {
    if (summary) {
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
