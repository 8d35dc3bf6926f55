// How the bench prepares a hot part (its stock split over shards, as the listing trigger
// does for a large stock: listings/stock.ts) and reads its stock back.
import { splitStock, shardCountOf } from "../src/listings/stock";
import { admin } from "../test/support/emulators";

export async function prepareHotPart(listingId: string, stock: number): Promise<void> {
  await admin().db.doc(`listings/${listingId}`).update({ stock });
  await splitStock(listingId);
}

/** The part's stock on the listing, and the lowest value the listing or any shard shows. */
export async function stockOf(listingId: string): Promise<{ total: number; min: number; shardSum: number }> {
  const listing = await admin().db.doc(`listings/${listingId}`).get();
  const shards = await admin().db.collection(`listings/${listingId}/stockShards`).get();
  const values = shards.docs.map((d) => Number(d.get("stock")));
  const total = Number(listing.get("stock"));
  return { total, min: Math.min(total, ...values), shardSum: shardCountOf(listing.data()) > 0 ? values.reduce((a, b) => a + b, 0) : total };
}
