// Retention pruning (SPEC section 8): what the registry gives a retention `by: "prune"`
// (notifications after 180 days, data exports after 7) is deleted here, daily; what it
// gives `by: "ttl"` Firestore deletes itself through the TTL policies declared in
// firestore.indexes.json (test/unit/privacy.retention.test.ts keeps the two in step).
import { Timestamp, type Query } from "firebase-admin/firestore";
import type { Classification } from "../core/classification";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { externalStores, type ExternalStores } from "./externalStores";
import { registry } from "./registry";

const PAGE = 300;
/** Pages per path and run: a backlog is worked off over several nights, never in one endless run. */
const MAX_PAGES = 50;
const DAY_MS = 24 * 3600 * 1000;

export type RetentionReport = Record<string, number>;

function prunedEntries(): Classification[] {
  return registry.filter((entry) => entry.retention?.by === "prune");
}

function sourceOf(entry: Classification): Query {
  const parts = entry.path.split("/");
  return parts.length === 2 ? db().collection(parts[0]) : db().collectionGroup(parts[parts.length - 2]);
}

/** Deletes the entry's documents whose retention field is older than `cutoff`; answers how many. */
async function pruneFirestore(entry: Classification, field: string, cutoff: Date): Promise<number> {
  const depth = entry.path.split("/").length;
  let deleted = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const snapshot = await sourceOf(entry).where(field, "<", Timestamp.fromDate(cutoff)).orderBy(field).limit(PAGE).get();
    // A collection group spans every parent: only documents of this entry's shape go.
    const mine = snapshot.docs.filter((doc) => doc.ref.path.split("/").length === depth);
    if (mine.length === 0) return deleted;
    const batch = db().batch();
    for (const doc of mine) batch.delete(doc.ref);
    await batch.commit();
    deleted += mine.length;
    if (snapshot.size < PAGE) return deleted;
  }
  return deleted;
}

async function pruneStorage(entry: Classification, cutoff: Date, stores: ExternalStores): Promise<number> {
  const parts = entry.path.split("/");
  const open = parts.findIndex((p) => /^\{.+\}$/.test(p) || p === "**");
  return stores.deleteFiles(parts.slice(0, open).join("/") + "/", cutoff);
}

export async function runRetention(now: Date = new Date(), stores: ExternalStores = externalStores()): Promise<RetentionReport> {
  const report: RetentionReport = {};
  for (const entry of prunedEntries()) {
    const retention = entry.retention;
    if (!retention) continue;
    const cutoff = new Date(now.getTime() - retention.days * DAY_MS);
    try {
      report[entry.path] =
        entry.store === "firestore" ? await pruneFirestore(entry, retention.field, cutoff) : entry.store === "storage" ? await pruneStorage(entry, cutoff, stores) : 0;
    } catch (error) {
      logs.retentionFailed(entry.path, error);
      report[entry.path] = -1;
    }
  }
  logs.retentionRun(report);
  return report;
}
