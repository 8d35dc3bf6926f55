// Stock shards of a part that sells fast (issue 14, SPEC section 10). One document sustains
// about one write per second and serialises its transactions, so a part with a large stock
// keeps it split over `listings/{id}/stockShards/{0..n-1}` ({stock}, n up to one per unit,
// between 10 and 64): a checkout reserves from a random shard that holds units
// (orders/shards.ts) and many buyers proceed in parallel.
//
// The listing's `stock` stays what clients read, and stays exact: every checkout and every
// release changes a shard and the listing's stock in one transaction (the listing by a
// blind increment, which no other checkout reads, so nothing contends on it), hence
// stock == sum of the shards at every commit. A vendor edits `stock` as before (rules);
// the listing trigger then re-splits that total over the shards (splitStock), in one
// transaction with the listing read. Cars (stock 1) and small stocks stay one document.
// Shards are server-only: no rule matches them, so clients can neither read nor write them.
import { FieldValue, type DocumentData } from "firebase-admin/firestore";
import { db } from "../core/firebase";
import { sameData } from "../shared/equal";

/** A part whose stock reaches this is split. */
export const SHARD_FROM = 20;
export const STOCK_SHARDS = 10;
/** A hot part gets up to one shard per unit, so concurrent buyers rarely pick the same one (orders/shards.ts). */
export const MAX_STOCK_SHARDS = 64;

export const stockShardsRef = (listingId: string) => db().collection("listings").doc(listingId).collection("stockShards");
export const stockShardRef = (listingId: string, shard: number) => stockShardsRef(listingId).doc(String(shard));

/** How many shards hold the listing's stock (0: the listing document alone). */
export function shardCountOf(data: DocumentData | undefined): number {
  const shards = (data?.stockSplit as { shards?: unknown } | undefined)?.shards;
  return typeof shards === "number" && Number.isSafeInteger(shards) && shards > 0 ? shards : 0;
}

/** Shards for `total` units: one per unit between STOCK_SHARDS and MAX_STOCK_SHARDS, never fewer than already exist (a re-split rewrites each of them). */
export function shardsFor(total: number, existing: number): number {
  return Math.max(existing, STOCK_SHARDS, Math.min(total, MAX_STOCK_SHARDS));
}

/** `total` over `shards` as evenly as integers allow (the first ones get the remainder). */
export function splitEvenly(total: number, shards: number): number[] {
  const base = Math.floor(total / shards);
  return Array.from({ length: shards }, (_, n) => base + (n < total % shards ? 1 : 0));
}

/**
 * Whether this write of a listing calls for a (re-)split: a part with a large stock not split
 * yet, or a split part whose stock its vendor set (not an order, which names itself in
 * lastOrder, and not the split itself, which rewrites stockSplit).
 */
export function needsSplit(before: DocumentData | undefined, after: DocumentData | undefined): boolean {
  if (!after || after.kind !== "part" || typeof after.stock !== "number") return false;
  if (shardCountOf(after) === 0) return after.stock >= SHARD_FROM;
  return before?.stock !== after.stock && !wroteItself(before, after);
}

/** An order (it names itself in lastOrder) or the split (it rewrites stockSplit) made this write. */
function wroteItself(before: DocumentData | undefined, after: DocumentData): boolean {
  const byOrder = after.lastOrder !== undefined && !sameData(before?.lastOrder ?? null, after.lastOrder);
  return byOrder || !sameData(before?.stockSplit ?? null, after.stockSplit ?? null);
}

/** Splits the listing's stock (the total its vendor set, less what orders took since) over its shards. */
export async function splitStock(listingId: string): Promise<void> {
  const ref = db().collection("listings").doc(listingId);
  await db().runTransaction(async (tx) => {
    const data = (await tx.get(ref)).data();
    if (!data || data.kind !== "part") return;
    const total = Math.max(0, typeof data.stock === "number" ? data.stock : 0);
    const shards = shardsFor(total, shardCountOf(data));
    splitEvenly(total, shards).forEach((stock, n) => tx.set(stockShardRef(listingId, n), { stock }));
    tx.update(ref, { stock: total, stockSplit: { shards, total, at: FieldValue.serverTimestamp() } });
  });
}
