// What a listing shows of its vendor, and what a vendor's profile counts of its listings
// (SPEC section 6). Listings own both: the vendor room (above) calls them when a vendor
// changes, the listing triggers when a listing does. Counts come from count() queries,
// not increments, so they are exact however often they run.
import { db } from "../core/firebase";
import type { VendorType } from "../shared/vendors";

export interface VendorSummarySource {
  displayName: string;
  type: VendorType;
  rating?: { avg?: number; count?: number };
}

export type VendorSummary = ReturnType<typeof vendorSummaryOf>;

/** The vendor summary denormalised onto each listing (so a listing page needs no extra reads). */
export function vendorSummaryOf(vendor: VendorSummarySource) {
  return {
    displayName: vendor.displayName,
    type: vendor.type,
    rating: { avg: vendor.rating?.avg ?? 0, count: vendor.rating?.count ?? 0 },
  };
}

/** vendors/{id}.stats.activeListings, from a count() query: exact however often it runs. */
export async function recountActiveListings(vendorId: string): Promise<void> {
  const vendorRef = db().collection("vendors").doc(vendorId);
  const counted = await db().collection("listings").where("vendorId", "==", vendorId).where("status", "==", "active").count().get();
  const activeListings = counted.data().count;
  const vendor = await vendorRef.get();
  if (vendor.exists && vendor.get("stats.activeListings") !== activeListings) {
    await vendorRef.update({ "stats.activeListings": activeListings });
  }
}

/** listings/{id}.favoriteCount, from a count() query over every user's favorites. */
export async function recountFavorites(listingId: string): Promise<void> {
  const counted = await db().collectionGroup("favorites").where("listingId", "==", listingId).count().get();
  const favoriteCount = counted.data().count;
  const ref = db().collection("listings").doc(listingId);
  await db().runTransaction(async (tx) => {
    const listing = await tx.get(ref);
    if (listing.exists && listing.get("favoriteCount") !== favoriteCount) tx.update(ref, { favoriteCount });
  });
}
