// One-off backfill for data written before issue 11 (README "Upgrading"):
//   - listings get makeKey/modelKey (the API's make/model filters match only those), and
//     lose a legacy moderation.by/moderation.reason (now in listings/{id}/private/moderation);
//   - vendors lose a legacy public `review` field (now in vendors/{id}/private/review).
// The legacy decision is moved to the private document when none exists yet. Pages of 300,
// idempotent: a second run writes nothing. Run against a project with credentials:
//   npm run ops:backfill -- --project <id>
import { initializeApp } from "firebase-admin/app";
import { FieldPath, FieldValue, getFirestore, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { listingFacetKeys } from "../src/listings/search";

function keysPatch(data: DocumentData): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const keys = listingFacetKeys(data);
  for (const field of ["makeKey", "modelKey"] as const) if (data[field] !== keys[field]) patch[field] = keys[field] ?? FieldValue.delete();
  return patch;
}

/** What one stored listing needs (pure): its keys, and the public moderation without admin or reason. */
export function listingBackfill(data: DocumentData): { patch: Record<string, unknown>; legacyDecision?: DocumentData } {
  const patch = keysPatch(data);
  const moderation = data.moderation as DocumentData | null | undefined;
  if (!moderation || !("by" in moderation || "reason" in moderation)) return { patch };
  const at: unknown = moderation.at ?? null;
  const decision: unknown = moderation.decision ?? (data.status === "rejected" ? "reject" : "approve");
  return { patch: { ...patch, moderation: { at, decision } }, legacyDecision: { by: moderation.by ?? null, reason: moderation.reason ?? null, at, decision } };
}

async function backfillCollection(db: Firestore, name: "listings" | "vendors"): Promise<number> {
  let written = 0;
  let last: string | undefined;
  for (;;) {
    let page = db.collection(name).orderBy(FieldPath.documentId()).limit(300);
    if (last) page = page.startAfter(last);
    const docs = (await page.get()).docs;
    if (docs.length === 0) return written;
    const writer = db.bulkWriter();
    for (const doc of docs) {
      const data = doc.data();
      const { patch, legacyDecision } = name === "listings" ? listingBackfill(data) : { patch: data.review ? { review: FieldValue.delete() } : {}, legacyDecision: data.review as DocumentData | undefined };
      if (Object.keys(patch).length === 0) continue;
      if (legacyDecision) void writer.create(doc.ref.collection("private").doc(name === "listings" ? "moderation" : "review"), legacyDecision).catch(() => undefined);
      void writer.update(doc.ref, patch);
      written += 1;
    }
    await writer.close();
    last = docs[docs.length - 1].id;
  }
}

async function main(): Promise<void> {
  const project = process.argv[process.argv.indexOf("--project") + 1];
  if (!process.argv.includes("--project") || !project) throw new Error("Usage: npm run ops:backfill -- --project <id>");
  const db = getFirestore(initializeApp({ projectId: project }));
  for (const name of ["listings", "vendors"] as const) console.log(`${name}: ${await backfillCollection(db, name)} document(s) updated`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
