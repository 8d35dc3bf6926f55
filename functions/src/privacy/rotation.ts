// PII key rotation (SPEC sections 4 and 8, ops-rotatePiiKey): every ciphertext made under
// another key version than the current PII_KEY is decrypted (older versions come from
// Secret Manager) and encrypted again with the current key. Where ciphertexts live comes
// from the classification registry (its piiFields), so a new encrypted field is rotated
// as soon as it is classified. Work goes in pages, each document in its own transaction
// that re-reads it; progress (the path reached, the tallies per key version before and
// after) lives in keyRotations/{id}, so an interrupted rotation resumes where it stopped.
import { FieldPath, FieldValue, Timestamp, type DocumentData, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { forEachIsolated } from "../core/batches";
import type { Classification } from "../core/classification";
import { keyVersionOf, type PiiCipher } from "../core/crypto";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { registry } from "./registry";

export type Tally = Record<string, number>;

interface Progress {
  /** Index in encryptedEntries() of the path being rotated, and the last document done there. */
  entry: number;
  lastPath: string | null;
  before: Tally;
  after: Tally;
  reencrypted: number;
  failed: number;
}

export interface RotationOptions {
  cipher: PiiCipher;
  by: AuditActor;
  pageSize?: number;
  /** Called after each page is recorded: tests throw here to interrupt a rotation. */
  afterPage?: (progress: Progress) => void;
}

const rotations = () => db().collection("keyRotations");
const isCipher = (value: unknown): value is string => typeof value === "string" && value.startsWith("pii1.");

export function encryptedEntries(): Classification[] {
  return registry.filter((entry) => entry.store === "firestore" && (entry.piiFields?.length ?? 0) > 0);
}

function pageOf(entry: Classification, lastPath: string | null, size: number): Query {
  const parts = entry.path.split("/");
  const source = parts.length === 2 ? db().collection(parts[0]) : db().collectionGroup(parts[parts.length - 2]);
  const ordered = source.orderBy(FieldPath.documentId()).limit(size);
  return lastPath ? ordered.startAfter(db().doc(lastPath)) : ordered;
}

function tally(into: Tally, data: DocumentData | undefined, fields: readonly string[]): void {
  for (const field of fields) if (isCipher(data?.[field])) into[keyVersionOf(data[field])] = (into[keyVersionOf(data[field])] ?? 0) + 1;
}

/** Re-encrypts the document's stale ciphertexts in a transaction; answers the versions before and after. */
async function rotateOne(doc: QueryDocumentSnapshot, fields: readonly string[], cipher: PiiCipher, progress: Progress): Promise<void> {
  const counted = await db().runTransaction(async (tx) => {
    const fresh = await tx.get(doc.ref);
    const data = fresh.data();
    const patch: DocumentData = {};
    for (const field of fields) if (isCipher(data?.[field]) && cipher.isStale(data[field])) patch[field] = cipher.encrypt(await cipher.decrypt(data[field]));
    if (Object.keys(patch).length > 0) tx.update(doc.ref, patch);
    return { data, next: { ...data, ...patch }, changed: Object.keys(patch).length };
  });
  tally(progress.before, counted.data, fields);
  tally(progress.after, counted.next, fields);
  progress.reencrypted += counted.changed;
}

async function rotateEntries(id: string, progress: Progress, options: RotationOptions): Promise<void> {
  const entries = encryptedEntries();
  const size = options.pageSize ?? 200;
  while (progress.entry < entries.length) {
    const entry = entries[progress.entry];
    const depth = entry.path.split("/").length;
    const page = await pageOf(entry, progress.lastPath, size).get();
    const mine = page.docs.filter((doc) => doc.ref.path.split("/").length === depth);
    progress.failed += await forEachIsolated(mine, 10, (doc) => rotateOne(doc, entry.piiFields ?? [], options.cipher, progress), (doc, error) =>
      logs.keyRotationItemFailed(doc.ref.path, error),
    );
    if (page.size < size) Object.assign(progress, { entry: progress.entry + 1, lastPath: null });
    else progress.lastPath = page.docs[page.docs.length - 1].ref.path;
    await rotations().doc(id).update({ progress, updatedAt: FieldValue.serverTimestamp() });
    logs.keyRotationProgress(id, { entry: entry.path, reencrypted: progress.reencrypted, failed: progress.failed });
    options.afterPage?.(progress);
  }
}

/** Versions seen before that no ciphertext carries any more read 0, so "none left under 1 and 2" is explicit. */
function withZeros(after: Tally, before: Tally): Tally {
  return { ...Object.fromEntries(Object.keys(before).map((v) => [v, 0])), ...after };
}

/**
 * Resumes the rotation still running towards the current version, or starts one, and
 * carries it to the end; answers its id. A rotation when nothing is stale re-encrypts
 * nothing (its tallies show every ciphertext already under the current version).
 */
export async function rotatePiiKey(options: RotationOptions): Promise<{ rotationId: string; reencrypted: number }> {
  const target = options.cipher.currentVersion;
  const running = await rotations().where("state", "==", "running").where("targetVersion", "==", target).limit(1).get();
  const ref = running.empty ? rotations().doc() : running.docs[0].ref;
  let progress: Progress = { entry: 0, lastPath: null, before: {}, after: {}, reencrypted: 0, failed: 0 };
  if (running.empty) await ref.create({ state: "running", targetVersion: target, by: options.by, startedAt: Timestamp.now(), progress });
  else progress = running.docs[0].get("progress") as Progress;
  await rotateEntries(ref.id, progress, options);
  const outcome = progress.failed > 0 ? "failure" : "success";
  const after = withZeros(progress.after, progress.before);
  await db().runTransaction(async (tx) => {
    tx.update(ref, { state: "done", outcome, before: progress.before, after, finishedAt: FieldValue.serverTimestamp() });
    await writeAudit(
      {
        actor: options.by,
        action: "config.key_rotation",
        target: { type: "keyRotation", id: ref.id },
        outcome,
        changes: { targetVersion: target, before: progress.before, after, reencrypted: progress.reencrypted, failed: progress.failed },
      },
      tx,
    );
  });
  return { rotationId: ref.id, reencrypted: progress.reencrypted };
}
