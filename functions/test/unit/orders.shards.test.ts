// Picking a sharded part's units from shards read outside the transaction (orders/shards.ts,
// issue 14): a pick takes exactly the quantity, never more than a shard held, and refuses
// OUT_OF_STOCK when the shards hold fewer units than asked.
import assert from "node:assert/strict";
import fc from "fast-check";
import { Timestamp } from "firebase-admin/firestore";
import { pickFrom, type ShardRead } from "../../src/orders/shards";
import { DomainError } from "../../src/core/errors";

const readsOf = (stocks: number[]): ShardRead[] => stocks.map((stock, shard) => ({ shard, stock, updateTime: Timestamp.fromMillis(1000 + shard) }));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("orders: picking stock from shards", () => {
  it("takes exactly the quantity, never more than a shard holds, or refuses OUT_OF_STOCK", () => {
    const stocks = fc.array(fc.integer({ min: -2, max: 5 }), { minLength: 1, maxLength: 64 });
    fc.assert(fc.property(stocks, fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (held, quantity, r) => {
      const available = sum(held.map((s) => Math.max(0, s)));
      if (available < quantity) {
        assert.throws(() => pickFrom("l", readsOf(held), quantity, () => r), (e: unknown) => e instanceof DomainError && e.code === "OUT_OF_STOCK");
        return;
      }
      const { taken } = pickFrom("l", readsOf(held), quantity, () => r);
      assert.equal(sum(Object.values(taken)), quantity);
      for (const [shard, units] of Object.entries(taken)) assert.ok(units > 0 && units <= held[Number(shard)], `shard ${shard}: ${units} of ${held[Number(shard)]}`);
    }));
  });

  it("buyers reading the same shards start from different ones", () => {
    const reads = readsOf(Array(10).fill(1));
    const first = new Set([0.05, 0.35, 0.65, 0.95].map((r) => Object.keys(pickFrom("l", reads, 1, () => r).taken)[0]));
    assert.ok(first.size > 1, `always shard ${[...first]}`);
  });
});
