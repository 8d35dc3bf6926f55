// Fan-out of a vendor's changes to all of their listings (issue 3): the vendor summary
// on each listing, and hiding/restoring listings on suspension/reinstatement. Works for
// thousands of listings: pages of PAGE_SIZE by document id, writes through BulkWriter
// (batched, retried, throttled), and only listings that actually differ are written.
import { FieldPath, type DocumentSnapshot } from "firebase-admin/firestore";
import { GRPC, db } from "../core/firebase";
import { sameData } from "../shared/equal";
import { logs } from "../core/log";
import { statusForVendor, type Suspension } from "../listings/model";
import type { ListingStatus } from "../listings/schema";
import { recountActiveListings, vendorSummaryOf, type VendorSummary, type VendorSummarySource } from "../listings/counts";
import type { VendorStatus } from "./model";

const PAGE_SIZE = 400;

function listingPatch(listing: DocumentSnapshot, summary: VendorSummary, vendorStatus: VendorStatus) {
  const patch: Record<string, unknown> = {};
  if (!sameData(listing.get("vendor"), summary)) patch.vendor = summary;
  const status = statusForVendor(
    { status: listing.get("status") as ListingStatus, suspension: listing.get("suspension") as Suspension | undefined },
    vendorStatus,
  );
  if (status) Object.assign(patch, status);
  return patch;
}

export async function syncVendorListings(vendorId: string): Promise<{ scanned: number; updated: number }> {
  const vendor = await db().collection("vendors").doc(vendorId).get();
  if (!vendor.exists) return { scanned: 0, updated: 0 };
  const summary = vendorSummaryOf(vendor.data() as VendorSummarySource);
  const vendorStatus = vendor.get("status") as VendorStatus;
  const writer = db().bulkWriter();
  writer.onWriteError((error) => {
    logs.vendorListingSyncFailed(vendorId, error.documentRef.id, error.failedAttempts, String(error.code));
    // A listing deleted meanwhile (NOT_FOUND) needs no summary; other errors are retried.
    return error.code !== GRPC.NOT_FOUND && error.failedAttempts < 5;
  });
  let scanned = 0;
  let updated = 0;
  let last: DocumentSnapshot | undefined;
  for (;;) {
    let page = db().collection("listings").where("vendorId", "==", vendorId).orderBy(FieldPath.documentId()).limit(PAGE_SIZE);
    if (last) page = page.startAfter(last);
    const { docs } = await page.get();
    for (const listing of docs) {
      const patch = listingPatch(listing, summary, vendorStatus);
      if (Object.keys(patch).length === 0) continue;
      void writer.update(listing.ref, patch).catch(() => undefined); // failures are logged by onWriteError
      updated += 1;
    }
    scanned += docs.length;
    if (docs.length < PAGE_SIZE) break;
    last = docs[docs.length - 1];
  }
  await writer.close();
  await recountActiveListings(vendorId);
  logs.vendorListingsSynced(vendorId, scanned, updated);
  return { scanned, updated };
}
