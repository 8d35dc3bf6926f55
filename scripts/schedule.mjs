// `npm run schedule -- orders-expireUnpaid`: runs one scheduled function now, in the
// running emulators (`npm start`, or a test session). The Functions emulator deploys
// schedules only while the Pub/Sub emulator runs; publishing to the schedule's topic
// does not run a v2 schedule there, but a POST to the emulator's trigger route does.
// Exits 0 when the run succeeded, 1 otherwise, with the emulator's answer.
import { PROJECT_ID, emulatorHosts } from "./emulators.mjs";

const REGION = process.env.REGION ?? "europe-west1";

/** The emulator's background-trigger route for a v2 schedule (firebase-tools 14). */
function scheduleUrl(name, { host = emulatorHosts().FUNCTIONS_EMULATOR_HOST, region = REGION } = {}) {
  return `http://${host}/functions/projects/${PROJECT_ID}/triggers/${region}-${name}-0`;
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z]+-[A-Za-z]+$/.test(name)) {
    console.error("usage: npm run schedule -- <group>-<name>   (for example: npm run schedule -- orders-expireUnpaid)");
    process.exit(2);
  }
  const url = scheduleUrl(name);
  let response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  } catch (error) {
    console.error(`[schedule] the Functions emulator does not answer at ${url} (${error.cause?.code ?? error.message}): start it with npm start.`);
    process.exit(1);
  }
  const text = await response.text();
  if (response.status === 404) {
    console.error(`[schedule] ${name} is not deployed in the emulator: is the Pub/Sub emulator running (npm start says)? ${text}`);
    process.exit(1);
  }
  console.log(`[schedule] ${name}: HTTP ${response.status}${text ? ` ${text}` : ""}`);
  process.exit(response.ok ? 0 : 1);
}

main();
