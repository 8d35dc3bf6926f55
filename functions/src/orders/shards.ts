// Reserving and returning a sharded part's stock (listings/stock.ts). A checkout reads the
// shards that still hold units, outside its transaction (a query takes no lock), picks
// them in random order until it has enough, and writes each one back in the order's
// transaction on the condition that it has not changed since it was read (its
// lastUpdateTime). A shard another checkout or a release changed meanwhile fails that
// commit with FAILED_PRECONDITION; the checkout then reads and picks again at once
// (store.ts), instead of waiting out the SDK's transaction backoff (about a second) as a
// conflict on a read lock would. So concurrent buyers spread over the shards and a lost
// race costs one round trip; a shard is never written from a stale count, so stock never
// goes below 0. What a checkout took is recorded on the order (`stockTaken: {shard:
// units}`), and a release gives exactly that back, once: releases happen only from
// inventory "held" (orders/model.ts), in the same transaction as the order's change.
import { FieldValue, type Timestamp, type Transaction } from "firebase-admin/firestore";
import { errors } from "../core/errors";
import { stockShardRef, stockShardsRef } from "../listings/stock";

export type StockTaken = Record<string, number>;

/** Units picked from shards as they were read: `write` takes them in a transaction, if no shard changed since. */
export interface StockPick {
  taken: StockTaken;
  write: (tx: Transaction) => void;
}

export interface ShardRead {
  shard: number;
  stock: number;
  updateTime: Timestamp;
}

/** The shards in random order (Fisher-Yates), so buyers reading the same shards pick different ones. */
function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Picks `quantity` units from `shards` (read just now), or refuses OUT_OF_STOCK when they hold fewer. */
export function pickFrom(listingId: string, shards: ShardRead[], quantity: number, random: () => number = Math.random): StockPick {
  const taken: StockTaken = {};
  const writes: ShardRead[] = [];
  let needed = quantity;
  for (const read of shuffled(shards, random)) {
    if (needed === 0) break;
    const take = Math.min(Math.max(0, read.stock), needed);
    if (take === 0) continue;
    taken[String(read.shard)] = take;
    writes.push({ ...read, stock: read.stock - take });
    needed -= take;
  }
  if (needed > 0) throw errors.precondition("OUT_OF_STOCK", "This part is out of stock.");
  const write = (tx: Transaction) => {
    for (const { shard, stock, updateTime } of writes) tx.update(stockShardRef(listingId, shard), { stock }, { lastUpdateTime: updateTime });
  };
  return { taken, write };
}

/** Reads the shards that hold units (one query, no transaction) and picks `quantity` of them. */
export async function pickStock(listingId: string, quantity: number): Promise<StockPick> {
  const snapshot = await stockShardsRef(listingId).where("stock", ">", 0).get();
  const reads = snapshot.docs.map((doc) => ({ shard: Number(doc.id), stock: Number(doc.get("stock")), updateTime: doc.updateTime }));
  return pickFrom(listingId, reads, quantity);
}

/** Gives back what the order took, to the shards it came from. */
export function returnStock(tx: Transaction, listingId: string, taken: StockTaken): void {
  for (const [shard, units] of Object.entries(taken)) {
    tx.set(stockShardRef(listingId, Number(shard)), { stock: FieldValue.increment(units) }, { merge: true });
  }
}
