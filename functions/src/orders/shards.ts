// Reserving and returning a sharded part's stock (listings/stock.ts) inside an order's
// transaction. A checkout starts at a random shard and moves on to the next while it lacks
// units (reading only what it needs), so concurrent buyers spread over the shards; what it
// took is recorded on the order (`stockTaken: {shard: units}`), and a release gives exactly
// that back, once: releases happen only from inventory "held" (orders/model.ts), in the
// same transaction as the order's change.
import { FieldValue, type Transaction } from "firebase-admin/firestore";
import { errors } from "../core/errors";
import { stockShardRef } from "../listings/stock";

export type StockTaken = Record<string, number>;

/**
 * Reads shards (random start, then onwards) until `quantity` units are found, or refuses
 * OUT_OF_STOCK. Returns what it takes and `write`, to call once every read of `tx` is done.
 */
export async function takeStock(
  tx: Transaction,
  listingId: string,
  shards: number,
  quantity: number,
  start = Math.floor(Math.random() * shards),
): Promise<{ taken: StockTaken; write: () => void }> {
  const taken: StockTaken = {};
  const writes: { shard: number; stock: number }[] = [];
  let needed = quantity;
  for (let i = 0; i < shards && needed > 0; i += 1) {
    const shard = (start + i) % shards;
    const have = Number((await tx.get(stockShardRef(listingId, shard))).get("stock") ?? 0);
    const take = Math.min(Math.max(0, have), needed);
    if (take === 0) continue;
    taken[String(shard)] = take;
    writes.push({ shard, stock: have - take });
    needed -= take;
  }
  if (needed > 0) throw errors.precondition("OUT_OF_STOCK", "This part is out of stock.");
  const write = () => {
    for (const { shard, stock } of writes) tx.update(stockShardRef(listingId, shard), { stock });
  };
  return { taken, write };
}

/** Gives back what the order took, to the shards it came from. */
export function returnStock(tx: Transaction, listingId: string, taken: StockTaken): void {
  for (const [shard, units] of Object.entries(taken)) {
    tx.set(stockShardRef(listingId, Number(shard)), { stock: FieldValue.increment(units) }, { merge: true });
  }
}
