// Backups (SPEC section 11): a Firestore managed export of every collection to
// gs://BACKUP_BUCKET/<timestamp>/, recorded in backups/{id} (started, finished, outcome,
// collections), audited as ops.backup, with an ERROR log event (ops.backup_failed) a
// metric in ops/ alerts on. The export goes through ExportClient: Google's
// FirestoreAdminClient in production (loaded only when a backup runs), a recording fake in
// tests and in the emulator (there is no admin API there).
//
// "finished"/"success" mean the export operation was accepted by Firestore; the export
// itself runs for minutes in Google's service. A failed export shows in the operation
// (`gcloud firestore operations describe <operation>`) and in the staleness check: when
// no backup succeeded for BACKUP_STALE_AFTER_MS, ops.backup_stale is logged at ERROR.
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { db, runningInEmulator } from "../core/firebase";
import { logs } from "../core/log";

/** Backups run every 6 hours: one missed run is tolerated, a second one pages (7 h). */
export const BACKUP_STALE_AFTER_MS = 7 * 60 * 60 * 1000;

export interface ExportRequest {
  /** projects/<id>/databases/(default) */
  database: string;
  /** gs://<bucket>/<timestamp> */
  outputUriPrefix: string;
  /** Empty: every collection (new collections are never forgotten). */
  collectionIds: string[];
}

export interface ExportClient {
  /** Starts a managed export; resolves with the long-running operation's name. */
  exportDocuments(request: ExportRequest): Promise<string>;
}

/** Google's admin client, imported on first use (it pulls in gRPC; no cold start pays for it). */
export const firestoreAdminExport: ExportClient = {
  async exportDocuments(request) {
    const { v1 } = await import("@google-cloud/firestore");
    const client = new v1.FirestoreAdminClient();
    const [operation] = await client.exportDocuments({
      name: request.database,
      outputUriPrefix: request.outputUriPrefix,
      collectionIds: request.collectionIds,
    });
    return operation.name ?? "(unnamed operation)";
  },
};

/** The emulator has no admin API: it records what it would export. */
export const emulatorExport: ExportClient = {
  async exportDocuments(request) {
    logs.backupEmulated(request.outputUriPrefix);
    return `operations/emulated-${Date.now()}`;
  },
};

let injected: ExportClient | undefined;

/** Replaces the export client (tests inject a fake); undefined restores the default. */
export function setExportClient(client: ExportClient | undefined): void {
  injected = client;
}

function exportClient(): ExportClient {
  return injected ?? (runningInEmulator() ? emulatorExport : firestoreAdminExport);
}

/** "2026-12-02T14-00-00Z": sortable, and safe in an object path. */
export function backupFolderOf(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
}

export interface BackupRun {
  bucket: string;
  by: AuditActor;
  now?: Date;
  projectId?: string;
}

export interface BackupResult {
  backupId: string;
  outcome: "success" | "failure";
  operation?: string;
}

/** Starts one export and records it; never throws for an export failure (it is recorded, logged and audited). */
export async function runBackup(run: BackupRun): Promise<BackupResult> {
  const now = run.now ?? new Date();
  const projectId = run.projectId ?? process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT ?? "";
  const folder = backupFolderOf(now);
  const ref = db().collection("backups").doc(folder);
  const collections = (await db().listCollections()).map((c) => c.id).sort();
  const outputUriPrefix = `gs://${run.bucket}/${folder}`;
  await ref.set({ startedAt: Timestamp.fromDate(now), finishedAt: null, outcome: "running", outputUriPrefix, collections, operation: null, error: null, by: run.by });
  let result: BackupResult;
  try {
    if (!run.bucket) throw new Error("BACKUP_BUCKET is not set");
    const operation = await exportClient().exportDocuments({ database: `projects/${projectId}/databases/(default)`, outputUriPrefix, collectionIds: [] });
    await ref.update({ outcome: "success", operation, finishedAt: FieldValue.serverTimestamp() });
    logs.backupStarted(ref.id, operation, collections.length);
    result = { backupId: ref.id, outcome: "success", operation };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ref.update({ outcome: "failure", error: message.slice(0, 1000), finishedAt: FieldValue.serverTimestamp() });
    logs.backupFailed(ref.id, error);
    result = { backupId: ref.id, outcome: "failure" };
  }
  await writeAudit({
    actor: run.by,
    action: "ops.backup",
    target: { type: "backup", id: ref.id },
    outcome: result.outcome,
    changes: { outputUriPrefix, collections: collections.length, operation: result.operation ?? null },
  });
  return result;
}

/** Logs ops.backup_stale at ERROR when no backup succeeded in the last 7 hours before `nowMs`; returns whether it did. */
export async function checkBackupStaleness(nowMs: number = Date.now()): Promise<boolean> {
  const last = await db().collection("backups").where("outcome", "==", "success").orderBy("startedAt", "desc").limit(1).get();
  const lastAt = last.empty ? null : (last.docs[0].get("startedAt") as Timestamp).toMillis();
  if (lastAt !== null && nowMs - lastAt < BACKUP_STALE_AFTER_MS) return false;
  const hours = lastAt === null ? Infinity : Math.floor((nowMs - lastAt) / 3_600_000);
  logs.backupStale(lastAt === null ? null : new Date(lastAt).toISOString(), Number.isFinite(hours) ? hours : -1);
  return true;
}
