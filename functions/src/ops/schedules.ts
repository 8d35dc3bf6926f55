// The 6-hourly backup (SPEC sections 6 and 11): start an export, then check that one
// succeeded in the last 7 hours (this run's included), so a failing export pages on the
// ops.backup_failed metric at once and a silently missing schedule on ops.backup_stale.
import { onSchedule } from "firebase-functions/v2/scheduler";
import { BACKUP_BUCKET } from "../core/config";
import { checkBackupStaleness, runBackup } from "./backup";

export const backupFirestore = onSchedule({ schedule: "every 6 hours", timeZone: "Africa/Cairo", timeoutSeconds: 300 }, async () => {
  await runBackup({ bucket: BACKUP_BUCKET.value(), by: { system: "ops.backup" } });
  await checkBackupStaleness(Date.now());
});
