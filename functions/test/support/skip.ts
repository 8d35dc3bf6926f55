// Skipping a test is allowed only loudly: the reason goes to the output next to the
// test title, so a green run never hides what it did not check.
import type { Context } from "mocha";

export function skipLoudly(context: Context, reason: string): never {
  const title = context.currentTest?.fullTitle() ?? context.test?.fullTitle() ?? "suite";
  console.warn(`    SKIPPED (${title}): ${reason}`);
  return context.skip();
}

/** The emulators that scripts/with-emulators.mjs could start on this machine. */
export function emulatorRunning(name: string): boolean {
  return (process.env.SOUK_EMULATORS ?? "").split(",").includes(name);
}

export function whyEmulatorMissing(name: string): string {
  const reasons = process.env.SOUK_SKIPPED_EMULATORS ?? "";
  const mine = reasons.split("; ").find((r) => r.startsWith(`${name}:`));
  return mine ?? `${name} emulator is not running in this test run`;
}
