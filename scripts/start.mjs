// `npm start`: build the functions, the client and the console, start every emulator this
// machine can run (Hosting serves the console at http://127.0.0.1:5000), load the demo
// data, and print how to sign in as each demo user. Ctrl-C stops everything.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { writeEmulatorConfig, writeEmulatorServices } from "../web/build.mjs";
import { PROJECT_ID, ROOT, firebaseBin, prepareEmulators, reportSkipped } from "./emulators.mjs";

// pubsub: with it the Functions emulator deploys the schedules (npm run schedule -- <name> runs one).
const WANTED = ["hosting", "auth", "firestore", "functions", "pubsub", "database", "storage"];
const CONSOLE_URL = "http://127.0.0.1:5000";
const READY_TIMEOUT_MS = 180_000;
const FUNCTIONS_DIR = path.join(ROOT, "functions");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

async function waitUntil(what, probe) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`gave up after ${READY_TIMEOUT_MS / 1000}s waiting for ${what}`);
}

/** A loaded callable answers a call without a body with 400; an unknown one with 404. */
const functionsLoaded = async () =>
  (await fetch(`http://127.0.0.1:5001/${PROJECT_ID}/europe-west1/users-updateProfile`, { method: "POST" })).status !== 404;

function printSignIn(skipped) {
  const lines = [
    "",
    `Souk console: ${CONSOLE_URL}   (public API through Hosting: ${CONSOLE_URL}/v1/health)`,
    "",
    "Souk is running on the emulators (project demo-souk, region europe-west1):",
    "  Auth 127.0.0.1:9099 · Firestore 127.0.0.1:8080 · Functions 127.0.0.1:5001",
    ...skipped.map((s) => `  (not running: ${s.name} — ${s.reason})`),
    "",
    "Demo users (password for all: souk-demo-2026):",
    "  admin@souk.test     admin, MFA by SMS to +201000000001 (code: GET http://127.0.0.1:9099/emulator/v1/projects/demo-souk/verificationCodes)",
    "  customer@souk.test  customer",
    "  vendor@souk.test    approved vendor (vendors/demo-vendor)",
    "  engineer@souk.test  engineer (engineers/demo-engineer)",
    "",
    "An ID token for curl, with the second factor for the admin:  npm run demo:token -- admin",
    "  curl -s -H \"Authorization: Bearer $(npm run -s demo:token -- admin)\" -H 'content-type: application/json' \\",
    "    -d '{\"data\":{\"uid\":\"demo-customer\",\"role\":\"vendor\"}}' http://127.0.0.1:5001/demo-souk/europe-west1/users-setRole",
    "",
    skipped.some((s) => s.name === "pubsub")
      ? "Schedules are not deployed here (no Pub/Sub emulator): they run only in the tests, in process."
      : "Run a schedule now:  npm run schedule -- orders-expireUnpaid   (also orders-autoCompleteDelivered, jobs-acceptWatchdog)",
    "",
    "Press Ctrl-C to stop.",
  ];
  console.log(lines.join("\n"));
}

async function main() {
  console.log(`Souk console: ${CONSOLE_URL} (building and starting; the demo sign-ins are printed when ready)`);
  const { env, only, skipped } = await prepareEmulators(WANTED);
  reportSkipped(skipped);
  run("npm", ["run", "build"]);
  // The console's fake checkout page signs webhooks with the demo secret: emulator builds only.
  writeEmulatorConfig();
  // Image upload in the console only where the Storage emulator runs.
  writeEmulatorServices(only);
  const emulators = spawn(firebaseBin(), ["emulators:start", "--project", PROJECT_ID, "--only", only.join(",")], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: "inherit",
  });
  const stop = () => emulators.kill("SIGINT");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  emulators.on("exit", (code) => process.exit(code ?? 0));

  await waitUntil("the Functions emulator to load the functions", functionsLoaded);
  const seedEnv = { ...process.env, FIRESTORE_EMULATOR_HOST: "127.0.0.1:8080", FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099", GCLOUD_PROJECT: PROJECT_ID };
  run(process.execPath, ["--require", "tsx/cjs", "tools/seed.ts"], { cwd: FUNCTIONS_DIR, env: seedEnv });
  printSignIn(skipped);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
