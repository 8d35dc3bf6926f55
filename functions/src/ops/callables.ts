// ops-backupNow (SPEC section 4): the scheduled backup on demand, for admins (MFA, through
// the pipeline). A failed export answers `unavailable` / BACKUP_FAILED after it is
// recorded in backups/{id}, logged and audited.
import { z } from "zod";
import { callable } from "../core/callable";
import { BACKUP_BUCKET } from "../core/config";
import { DomainError } from "../core/errors";
import { runBackup } from "./backup";

export const backupNow = callable({
  name: "ops.backupNow",
  roles: ["admin"],
  input: z.strictObject({}),
  rateLimit: { limit: 6, windowSeconds: 3600 },
  handler: async ({ uid }) => {
    const result = await runBackup({ bucket: BACKUP_BUCKET.value(), by: { uid, role: "admin" } });
    if (result.outcome === "failure" || !result.operation) {
      throw new DomainError("unavailable", "BACKUP_FAILED", `The backup could not be started; see backups/${result.backupId}.`);
    }
    return { operation: result.operation };
  },
});
