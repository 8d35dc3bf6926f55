// Fires a scheduled function deployed in the Functions emulator, exactly as
// `npm run schedule` does (scripts/fire-schedule.mjs: the current trigger key is looked up,
// since it changes when the emulator reloads its triggers). Resolves when the run has finished.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "mocha";
import { FUNCTIONS_HOST, REGION } from "./emulators";
import { emulatorRunning, skipLoudly, whyEmulatorMissing } from "./skip";

/** In a `before`/`it` of a block that fires schedules: skip it, loudly, when no Pub/Sub emulator runs. */
export function requireSchedulesDeployed(context: Context): void {
  if (!emulatorRunning("pubsub")) {
    skipLoudly(context, `schedules are not deployed in the Functions emulator without the Pub/Sub emulator (${whyEmulatorMissing("pubsub")})`);
  }
}

interface FireScheduleModule {
  fireSchedule(name: string, options: { host: string; region: string; timeoutMs: number }): Promise<{ key: string; status: number }>;
}

const FIRE_SCHEDULE = pathToFileURL(path.resolve(__dirname, "../../../scripts/fire-schedule.mjs")).href;

/** Runs the schedule `name` (e.g. "orders-expireUnpaid") once in the emulator; throws with the emulator's answer when nothing ran. */
export async function fireSchedule(name: string, timeoutMs = 90_000): Promise<void> {
  const { fireSchedule: fire } = (await import(FIRE_SCHEDULE)) as FireScheduleModule;
  await fire(name, { host: FUNCTIONS_HOST, region: REGION, timeoutMs });
}
