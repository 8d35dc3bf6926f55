// Fires a scheduled function deployed in the Functions emulator, as `npm run schedule`
// does: the emulator deploys schedules only while the Pub/Sub emulator runs, and runs a
// v2 schedule on a POST to its background-trigger route (publishing to the schedule's
// topic does not, see shared ENVIRONMENT.md). Resolves when the run has finished.
import type { Context } from "mocha";
import { FUNCTIONS_HOST, PROJECT_ID, REGION } from "./emulators";
import { emulatorRunning, skipLoudly, whyEmulatorMissing } from "./skip";

/** The route firebase-tools 14 serves a v2 schedule on: `<region>-<group>-<name>-0`. */
export function scheduleUrl(name: string): string {
  return `http://${FUNCTIONS_HOST}/functions/projects/${PROJECT_ID}/triggers/${REGION}-${name}-0`;
}

/** In a `before`/`it` of a block that fires schedules: skip it, loudly, when no Pub/Sub emulator runs. */
export function requireSchedulesDeployed(context: Context): void {
  if (!emulatorRunning("pubsub")) {
    skipLoudly(context, `schedules are not deployed in the Functions emulator without the Pub/Sub emulator (${whyEmulatorMissing("pubsub")})`);
  }
}

/**
 * Runs the schedule `name` (e.g. "orders-expireUnpaid") once in the emulator and waits for
 * it to finish; throws with the emulator's answer when it is not deployed or the run failed.
 */
export async function fireSchedule(name: string, timeoutMs = 90_000): Promise<void> {
  const response = await fetch(scheduleUrl(name), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    // The emulator holds the request until the run ends, or forever when its worker fails to load.
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: unknown) => {
    throw new Error(`schedule ${name} did not finish within ${timeoutMs} ms in the Functions emulator: ${String(error)}`);
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`schedule ${name} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
}
