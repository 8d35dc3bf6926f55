// The privacy schedules (SPEC section 6): execute due account deletions, and prune data
// past its retention, each once a day at night in Cairo. Both do their work in functions
// exported for tests (runDeletions, runRetention) that take the clock.
import { onSchedule } from "firebase-functions/v2/scheduler";
import { DELETION_GRACE_DAYS, PSEUDONYM_KEY } from "../core/config";
import { runDeletions } from "./erasure";
import { runRetention } from "./retention";

export const runDueDeletions = onSchedule(
  { schedule: "every day 03:00", timeZone: "Africa/Cairo", timeoutSeconds: 540, secrets: [PSEUDONYM_KEY] },
  async () => {
    await runDeletions({ pseudonymKey: PSEUDONYM_KEY.value(), graceDays: DELETION_GRACE_DAYS.value() });
  },
);

export const pruneRetention = onSchedule({ schedule: "every day 04:00", timeZone: "Africa/Cairo", timeoutSeconds: 540 }, async () => {
  await runRetention();
});
