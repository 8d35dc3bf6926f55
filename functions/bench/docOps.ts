// Document operations of a public listings page (SPEC section 10): ours (one cursor query of
// limit + 1 documents, the vendor summary denormalised, no write) against the naive design
// the original Souk had, implemented here: offset pagination (Firestore bills every skipped
// document as a read) and a per-item read of the vendor. Counted through the Admin SDK
// (tools/opCounter.ts); the offset's skipped documents are added as billed.
import { FieldPath } from "firebase-admin/firestore";
import { hotQueries } from "../src/api/cache";
import { admin } from "../test/support/emulators";
import { aSettledListingDoc, aVendor } from "../test/support/catalogue";
import { countOps, installOpCounter } from "../tools/opCounter";
import { callApi } from "./apiCall";
import { alternate, rowOf, type Row } from "./stats";

const PAGE = 20;
/** The most writes any of our page reads made (the goal is none). */
let oursWrites = 0;

async function seed(make: string, count: number): Promise<void> {
  const vendor = await aVendor("approved");
  const writer = admin().db.bulkWriter();
  for (let i = 0; i < count; i += 1) {
    void writer.set(admin().db.doc(`listings/bench-${make}-${i}`), aSettledListingDoc(vendor.uid, { displayName: "Bench", type: "dealer", rating: { avg: 4, count: 1 } }, { make }));
  }
  await writer.close();
}

/** Cursors of pages 1..n (page 1 has none), walked through the API itself. */
async function cursorsUpTo(make: string, pages: number): Promise<(string | undefined)[]> {
  const cursors: (string | undefined)[] = [undefined];
  for (let page = 1; page < pages; page += 1) {
    const cursor = cursors[page - 1];
    const answer = await callApi(`/v1/listings?make=${make}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`);
    cursors.push(answer.json.nextCursor ?? undefined);
  }
  return cursors;
}

async function oursPage(make: string, cursor: string | undefined): Promise<number> {
  hotQueries.clear();
  const ops = await countOps(() => callApi(`/v1/listings?make=${make}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`));
  oursWrites = Math.max(oursWrites, ops.writes);
  return ops.reads + ops.writes;
}

/** The original design: offset pagination and one vendor read per item. */
async function naivePage(make: string, page: number): Promise<number> {
  const skipped = (page - 1) * PAGE;
  const ops = await countOps(async () => {
    const snapshot = await admin().db.collection("listings").where("status", "==", "active").where("make", "==", make)
      .orderBy("publishedAt", "desc").orderBy(FieldPath.documentId(), "desc").offset(skipped).limit(PAGE).get();
    for (const doc of snapshot.docs) await admin().db.doc(`vendors/${String(doc.get("vendorId"))}`).get();
  });
  return ops.reads + ops.writes + skipped;
}

export async function documentOps(pairs: number): Promise<Row[]> {
  installOpCounter();
  const make = `BenchOps${Date.now().toString(36)}`;
  await seed(make, 20 * PAGE + 5);
  const cursors = await cursorsUpTo(make, 20);
  const rows: Row[] = [];
  for (const page of [1, 5, 20]) {
    const runs = await alternate(pairs, () => oursPage(make, cursors[page - 1]), () => naivePage(make, page));
    rows.push(rowOf({ section: "documentOps", name: `listings page ${page} (20 items)`, baseline: "offset + per-item vendor read", unit: "ops", better: "lower" }, runs.a, runs.b, { oursWrites }));
  }
  return rows;
}
