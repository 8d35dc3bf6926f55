// Backups (SPEC section 11) against the Firestore emulator with a fake export client:
// the export's arguments, the backups/{id} record, the ops.backup audit entry, the
// failure path (record says failed, ERROR event, audit failure) and the 7-hour staleness
// check; then ops-backupNow through the Functions emulator for an MFA admin only.
import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { logs } from "../../src/core/log";
import { BACKUP_STALE_AFTER_MS, checkBackupStaleness, runBackup, setExportClient, type ExportRequest } from "../../src/ops/backup";
import { anActor } from "../support/actors";
import { admin, callRaw } from "../support/emulators";

const HOUR = 3_600_000;

async function clearBackups(): Promise<void> {
  const { db } = admin();
  await db.recursiveDelete(db.collection("backups"));
}

async function auditFor(backupId: string) {
  const entries = await admin().db.collection("auditLogs").where("target.id", "==", backupId).get();
  return entries.docs.map((d) => d.data()).filter((e) => e.action === "ops.backup");
}

describe("ops backups", function () {
  this.timeout(60_000);
  const requests: ExportRequest[] = [];
  const errorsLogged: { event: string; args: unknown[] }[] = [];
  const originalFailed = logs.backupFailed;
  const originalStale = logs.backupStale;

  beforeEach(async () => {
    requests.length = 0;
    errorsLogged.length = 0;
    logs.backupFailed = (...args) => void errorsLogged.push({ event: "ops.backup_failed", args });
    logs.backupStale = (...args) => void errorsLogged.push({ event: "ops.backup_stale", args });
    await clearBackups();
    await admin().db.doc("listings/backup-probe").set({ title: "so at least one collection exists" });
  });
  afterEach(() => {
    setExportClient(undefined);
    logs.backupFailed = originalFailed;
    logs.backupStale = originalStale;
  });

  it("exports every collection to gs://BUCKET/<timestamp>/ and records, audits and returns the operation", async () => {
    setExportClient({ exportDocuments: async (request) => (requests.push(request), "operations/export-1") });
    const now = new Date("2026-12-02T12:00:00.000Z");
    const result = await runBackup({ bucket: "souk-backups", by: { system: "ops.backup" }, now, projectId: "souk-prod" });
    assert.deepEqual(result, { backupId: "2026-12-02T12-00-00Z", outcome: "success", operation: "operations/export-1" });
    assert.deepEqual(requests, [{ database: "projects/souk-prod/databases/(default)", outputUriPrefix: "gs://souk-backups/2026-12-02T12-00-00Z", collectionIds: [] }]);
    const record = (await admin().db.doc(`backups/${result.backupId}`).get()).data();
    assert.equal(record?.outcome, "success");
    assert.equal(record?.operation, "operations/export-1");
    assert.ok(record?.finishedAt instanceof Timestamp);
    assert.ok((record?.collections as string[]).includes("listings"));
    const audit = await auditFor(result.backupId);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].outcome, "success");
    assert.deepEqual(audit[0].actor, { system: "ops.backup" });
    assert.equal(errorsLogged.length, 0);
  });

  it("a failing export: the record says failure, ops.backup_failed is logged at ERROR and the audit entry exists", async () => {
    setExportClient({ exportDocuments: async () => Promise.reject(new Error("PERMISSION_DENIED: service account cannot write to bucket")) });
    const result = await runBackup({ bucket: "souk-backups", by: { system: "ops.backup" }, now: new Date("2026-12-02T18:00:00.000Z") });
    assert.equal(result.outcome, "failure");
    const record = (await admin().db.doc(`backups/${result.backupId}`).get()).data();
    assert.equal(record?.outcome, "failure");
    assert.match(record?.error, /PERMISSION_DENIED/);
    assert.deepEqual(errorsLogged.map((e) => e.event), ["ops.backup_failed"]);
    const audit = await auditFor(result.backupId);
    assert.equal(audit.length, 1);
    assert.equal(audit[0].outcome, "failure");
  });

  it("no bucket configured is a recorded failure, not a silent skip", async () => {
    const result = await runBackup({ bucket: "", by: { system: "ops.backup" } });
    assert.equal(result.outcome, "failure");
    assert.match(String(errorsLogged[0]?.args[1]), /BACKUP_BUCKET is not set/);
  });

  it("the staleness check fires when the last success is 7 hours old, not at 6", async () => {
    setExportClient({ exportDocuments: async () => "operations/x" });
    const at = new Date("2026-12-02T00:00:00.000Z");
    await runBackup({ bucket: "b", by: { system: "ops.backup" }, now: at });
    assert.equal(await checkBackupStaleness(at.getTime() + 6 * HOUR), false);
    assert.equal(errorsLogged.length, 0);
    assert.equal(await checkBackupStaleness(at.getTime() + BACKUP_STALE_AFTER_MS), true);
    assert.deepEqual(errorsLogged.map((e) => e.event), ["ops.backup_stale"]);
    assert.deepEqual(errorsLogged[0].args, [at.toISOString(), 7]);
  });

  it("the staleness check fires when there has never been a successful backup", async () => {
    assert.equal(await checkBackupStaleness(Date.now()), true);
  });

  describe("ops-backupNow in the Functions emulator", () => {
    it("an MFA admin starts a backup and gets its operation; a customer and an admin without MFA are refused", async () => {
      const [mfaAdmin, plainAdmin, customer] = await Promise.all([
        anActor({ role: "admin", mfa: true }),
        anActor({ role: "admin", mfa: false }),
        anActor({ role: "customer" }),
      ]);
      const ok = await callRaw<{ operation: string }>("ops-backupNow", {}, mfaAdmin.idToken);
      assert.equal(ok.error, undefined, JSON.stringify(ok.error));
      assert.match(ok.result?.operation ?? "", /^operations\//);
      assert.deepEqual(Object.keys(ok.result ?? {}), ["operation"]);
      assert.equal((await callRaw("ops-backupNow", {}, plainAdmin.idToken)).error?.details?.code, "MFA_REQUIRED");
      assert.equal((await callRaw("ops-backupNow", {}, customer.idToken)).error?.details?.code, "ROLE_FORBIDDEN");
      assert.equal((await callRaw("ops-backupNow", { bucket: "elsewhere" }, mfaAdmin.idToken)).error?.details?.code, "VALIDATION_FAILED");
    });
  });
});
