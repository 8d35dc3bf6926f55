// When a part's stock is split over shards, and how (listings/stock.ts, issue 14).
import assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_STOCK_SHARDS, SHARD_FROM, STOCK_SHARDS, needsSplit, shardCountOf, shardsFor, splitEvenly } from "../../src/listings/stock";

const part = (fields: Record<string, unknown>) => ({ kind: "part", stock: 5, ...fields });
const split = { shards: 10, total: 50, at: 1 };

describe("listings: stock shards", () => {
  it("shardsFor gives a hot part one shard per unit, between 10 and 64, and never fewer than it has", () => {
    assert.equal(shardsFor(50, 0), 50);
    assert.equal(shardsFor(SHARD_FROM, 0), Math.max(STOCK_SHARDS, SHARD_FROM));
    assert.equal(shardsFor(5, 0), STOCK_SHARDS);
    assert.equal(shardsFor(10_000, 0), MAX_STOCK_SHARDS);
    assert.equal(shardsFor(33, 40), 40, "a re-split to less stock rewrites every existing shard");
  });

  it("splitEvenly keeps every unit and differs by at most one between shards", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 64 }), (total, shards) => {
      const parts = splitEvenly(total, shards);
      assert.equal(parts.length, shards);
      assert.equal(parts.reduce((a, b) => a + b, 0), total);
      assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
    }));
  });

  it("a large part is split; a small part and a car stay one document", () => {
    assert.equal(needsSplit(undefined, part({ stock: SHARD_FROM })), true);
    assert.equal(needsSplit(undefined, part({ stock: SHARD_FROM - 1 })), false);
    assert.equal(needsSplit(undefined, { kind: "car", stock: 100 }), false);
  });

  it("a split part is re-split when its vendor sets the stock, not when an order or the split itself wrote it", () => {
    assert.equal(needsSplit(part({ stock: 50, stockSplit: split }), part({ stock: 60, stockSplit: split })), true, "vendor restock");
    const order = { orderId: "o1", effect: "hold" };
    assert.equal(needsSplit(part({ stock: 50, stockSplit: split }), part({ stock: 49, stockSplit: split, lastOrder: order })), false, "an order");
    assert.equal(needsSplit(part({ stock: 50, stockSplit: split }), part({ stock: 50, stockSplit: { ...split, at: 2 } })), false, "the split");
    assert.equal(needsSplit(part({ stock: 50, stockSplit: split }), part({ stock: 50, stockSplit: split, price: 3 })), false, "a price edit");
  });

  it("shardCountOf reads only a positive integer", () => {
    assert.equal(shardCountOf({ stockSplit: { shards: 10 } }), 10);
    for (const shards of [0, -1, 1.5, "10", null]) assert.equal(shardCountOf({ stockSplit: { shards } }), 0);
    assert.equal(shardCountOf(undefined), 0);
  });
});
