// Runs a command inside `firebase emulators:exec`, with the emulators this machine can
// start. Usage: node scripts/with-emulators.mjs --only auth,firestore,functions -- <cmd...>
// Exits with the command's exit code; a hard deadline stops a hung run with a message.
import { spawn } from "node:child_process";
import { PROJECT_ID, ROOT, emulatorHosts, firebaseBin, firebaseConfigPath, prepareEmulators, reportSkipped } from "./emulators.mjs";

const DEADLINE_MS = Number(process.env.SOUK_EMULATOR_RUN_TIMEOUT_MS ?? 40 * 60 * 1000);

function parseArgs(argv) {
  const separator = argv.indexOf("--");
  if (separator < 0) throw new Error("usage: with-emulators.mjs --only a,b -- <command>");
  const onlyIndex = argv.indexOf("--only");
  const requested = onlyIndex >= 0 && onlyIndex < separator ? argv[onlyIndex + 1].split(",") : ["auth", "firestore"];
  return { requested, command: argv.slice(separator + 1) };
}

async function main() {
  const { requested, command } = parseArgs(process.argv.slice(2));
  const { env, only, skipped } = await prepareEmulators(requested);
  reportSkipped(skipped);
  const childEnv = {
    ...process.env,
    ...env,
    ...emulatorHosts(),
    // firebase-tools gives function discovery 10 s; on a loaded shared machine loading every
    // group can take longer, and then no function at all is deployed; the same value bounds
    // how long a function worker may take to load (30 s by default). Seconds.
    FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? "120",
    SOUK_EMULATORS: only.join(","),
    SOUK_SKIPPED_EMULATORS: skipped.map((s) => `${s.name}: ${s.reason}`).join("; "),
  };
  const args = ["--config", firebaseConfigPath(), "emulators:exec", "--project", PROJECT_ID, "--only", only.join(","), command.join(" ")];
  // No stdin: a parameter prompt from firebase-tools must fail fast, never wait for a person.
  const child = spawn(firebaseBin(), args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "inherit", "inherit"] });
  const timer = setTimeout(() => {
    console.error(`\n[emulators] gave up after ${DEADLINE_MS / 1000}s: the run did not finish; stopping it.`);
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 15000).unref();
  }, DEADLINE_MS);
  timer.unref();
  child.on("exit", (code, signal) => {
    clearTimeout(timer);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((error) => {
  console.error(`[emulators] ${error.message}`);
  process.exit(1);
});
