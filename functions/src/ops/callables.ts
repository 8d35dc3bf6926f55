// ops-backupNow (SPEC section 4): the scheduled backup on demand, for admins (MFA, through
// the pipeline). A failed export answers `unavailable` / BACKUP_FAILED after it is
// recorded in backups/{id}, logged and audited.
import { callable } from "../core/callable";
import { BACKUP_BUCKET, PII_KEY } from "../core/config";
import { DomainError } from "../core/errors";
import { piiCipher } from "../core/keys";
import { rotatePiiCiphertexts } from "../privacy/rotation";
import { runBackup } from "./backup";
import { BackupNowInput, RotatePiiKeyInput } from "./schema";

export const backupNow = callable({
  name: "ops.backupNow",
  roles: ["admin"],
  input: BackupNowInput,
  rateLimit: { limit: 6, windowSeconds: 3600 },
  handler: async ({ uid }) => {
    const result = await runBackup({ bucket: BACKUP_BUCKET.value(), by: { uid, role: "admin" } });
    if (result.outcome === "failure" || !result.operation) {
      throw new DomainError("unavailable", "BACKUP_FAILED", `The backup could not be started; see backups/${result.backupId}.`);
    }
    return { operation: result.operation };
  },
});

/**
 * ops-rotatePiiKey (SPEC sections 4 and 8): the last step of a key rotation (README),
 * after the new PII_KEY version is deployed. Sudo mode; resumable, so a timeout is
 * answered by calling again. Audited config.key_rotation by the rotation itself.
 */
export const rotatePiiKey = callable({
  name: "ops.rotatePiiKey",
  roles: ["admin"],
  input: RotatePiiKeyInput,
  sudo: true,
  consumeAppCheck: true,
  rateLimit: { limit: 10, windowSeconds: 3600 },
  secrets: [PII_KEY],
  handler: async ({ uid }) => {
    const { rotationId } = await rotatePiiCiphertexts({ cipher: piiCipher(), by: { uid, role: "admin" } });
    return { rotationId };
  },
});
