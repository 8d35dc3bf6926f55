// Runs one scheduled function now in the Functions emulator (firebase-tools 14), for
// `npm run schedule` and the tests' fireSchedule. The emulator deploys a v2 schedule only
// while the Pub/Sub emulator runs, and runs it on a POST to its background-trigger route
// (publishing to the schedule's topic does not, see shared ENVIRONMENT.md). That route's key
// is `<region>-<group>-<name>-<generation>`, and the generation grows each time the emulator
// reloads its triggers (enableBackgroundTriggers, used by tests that pause triggers, reloads
// them); the old key still answers, with 204 "Background triggers are currently disabled",
// and runs nothing. So the current key is looked up first: the emulator answers a POST to an
// unknown key with 404 and the list of valid keys.
import { PROJECT_ID, emulatorHosts } from "./emulators.mjs";

export const DEFAULT_REGION = process.env.REGION ?? "europe-west1";

function triggersBase(host) {
  return `http://${host}/functions/projects/${PROJECT_ID}/triggers`;
}

/** The schedule's key of the emulator's current trigger generation, or undefined when it is not deployed. */
export async function currentScheduleKey(name, { host = emulatorHosts().FUNCTIONS_EMULATOR_HOST, region = DEFAULT_REGION } = {}) {
  const probe = await fetch(`${triggersBase(host)}/${region}-${name}-none`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const text = await probe.text();
  const pattern = new RegExp(`^${region}-${name}-(\\d+)$`);
  const generations = (text.split("valid functions are:")[1] ?? "")
    .split(",")
    .map((key) => pattern.exec(key.trim()))
    .filter(Boolean)
    .map((match) => Number(match[1]));
  return generations.length > 0 ? `${region}-${name}-${Math.max(...generations)}` : undefined;
}

/**
 * Runs the schedule `name` (e.g. "orders-expireUnpaid") once and resolves when the run has
 * finished (the emulator holds the request until then); rejects with the emulator's answer
 * when it is not deployed, triggers are paused, or the run failed.
 */
export async function fireSchedule(name, { host = emulatorHosts().FUNCTIONS_EMULATOR_HOST, region = DEFAULT_REGION, timeoutMs = 90_000 } = {}) {
  const key = await currentScheduleKey(name, { host, region });
  if (!key) throw new Error(`${name} is not deployed in the Functions emulator at ${host}: is the Pub/Sub emulator running?`);
  const response = await fetch(`${triggersBase(host)}/${key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  // 204 is the emulator's "background triggers are currently disabled": nothing ran.
  if (response.status !== 200) throw new Error(`schedule ${name} (${key}) answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  return { key, status: response.status };
}
