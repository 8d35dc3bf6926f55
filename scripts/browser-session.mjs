// Inside an emulator session (scripts/browser-tests.mjs): waits for the functions, loads
// the demo data (functions/tools/seed.ts, as npm start does) and runs web/test/*.test.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { writeEmulatorServices } from "../web/build.mjs";
import { PROJECT_ID, ROOT } from "./emulators.mjs";

// The console offers image upload only where the Storage emulator runs (SOUK_EMULATORS: with-emulators.mjs).
writeEmulatorServices((process.env.SOUK_EMULATORS ?? "").split(","));

const deadline = Date.now() + 300_000;
async function functionsLoaded() {
  const probe = await fetch(`http://127.0.0.1:5001/${PROJECT_ID}/europe-west1/users-updateProfile`, { method: "POST" }).catch(() => null);
  return probe !== null && probe.status !== 404;
}
while (!(await functionsLoaded())) {
  if (Date.now() > deadline) {
    console.error("[browser] the Functions emulator did not load the functions within 300 s");
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const seedEnv = { SOUK_SEED_TIMEOUT_MS: "180000", ...process.env, FIRESTORE_EMULATOR_HOST: "127.0.0.1:8080", FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099", GCLOUD_PROJECT: PROJECT_ID };
const seeded = spawnSync(process.execPath, ["--require", "tsx/cjs", "tools/seed.ts"], { cwd: path.join(ROOT, "functions"), env: seedEnv, stdio: "inherit" });
if (seeded.status !== 0) process.exit(1);

// Warm the api function through Hosting: on a busy machine its first cold worker can take
// longer than Hosting's proxy waits, and a journey's first page would see a 504.
const warmDeadline = Date.now() + 300_000;
while (!(await fetch("http://127.0.0.1:5000/v1/listings?limit=1").then((r) => r.ok, () => false))) {
  if (Date.now() > warmDeadline) {
    console.error("[browser] the api function did not answer through Hosting within 300 s");
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

const CHROMIUM = process.env.SOUK_CHROMIUM ?? "/usr/bin/chromium";
const wanted = process.argv.slice(2);
const clientTests = wanted.length > 0 ? [] : readdirSync(path.join(ROOT, "client/test/integration")).filter((f) => f.endsWith(".test.ts")).map((f) => path.join("client/test/integration", f));
if (clientTests.length > 0) {
  const client = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-force-exit", "--test-reporter=spec", ...clientTests], { cwd: ROOT, stdio: "inherit", env: process.env });
  if (client.status !== 0) process.exitCode = 1;
}
if (!existsSync(CHROMIUM)) {
  console.log(`\n[browser] SKIPPED: ${CHROMIUM} is missing, so the console's browser tests did not run (apt-get install -y chromium, or set SOUK_CHROMIUM)\n`);
  process.exit(process.exitCode ?? 0);
}
const files = wanted.length > 0 ? wanted : readdirSync(path.join(ROOT, "web/test")).filter((f) => f.endsWith(".test.mjs")).sort().map((f) => path.join("web/test", f));
// One file at a time: the journeys share the seeded data and the 2-core machine.
const tests = spawnSync(process.execPath, ["--test", "--test-force-exit", "--test-concurrency=1", "--test-reporter=spec", ...files], { cwd: ROOT, stdio: "inherit", env: process.env });
process.exit(tests.status === 0 ? (process.exitCode ?? 0) : 1);
