// The checkout invariants of SPEC sections 3 and 4 under real races against the emulator:
// one car and many buyers, a part with little stock and many orders, and a client that
// retries the same idempotencyKey at once. Every loser gets a clear error, never a
// half-written order.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { admin, callRaw } from "../support/emulators";
import { aBuyer, aCarForSale, aPartForSale, docData, ORDER_TEST_TIMEOUT_MS, orderRequest } from "./orders.fixtures";

type Answer = Awaited<ReturnType<typeof callRaw<{ orderId: string; number: string; status: string }>>>;

function outcomes(answers: Answer[]): { won: string[]; codes: string[] } {
  const won = answers.filter((a) => a.result).map((a) => a.result?.orderId ?? "");
  const codes = answers.filter((a) => a.error).map((a) => a.error?.details?.code ?? `${a.error?.status}`);
  return { won, codes };
}

/** Every stored order for the listing (the emulator holds few enough to scan). */
async function ordersFor(listingId: string) {
  const all = await admin().db.collection("orders").get();
  return all.docs.filter((d) => d.get("items")?.[0]?.listingId === listingId);
}

describe("orders under concurrency", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);

  it("10 buyers racing for one car: exactly one order, the car reserved for it, nine clear refusals", async () => {
    const { listingId } = await aCarForSale();
    const buyers = await Promise.all(Array.from({ length: 10 }, () => aBuyer()));
    const started = Date.now();
    const answers = await Promise.all(buyers.map((b) => callRaw<{ orderId: string; number: string; status: string }>("orders-create", orderRequest(listingId), b.idToken)));
    console.log(`      10 racing orders-create calls settled in ${Date.now() - started} ms`);
    const { won, codes } = outcomes(answers);
    assert.equal(won.length, 1, JSON.stringify(codes));
    assert.deepEqual(codes, Array(9).fill("LISTING_UNAVAILABLE"));
    const listing = await docData(`listings/${listingId}`);
    assert.equal(listing.status, "reserved");
    assert.equal(listing.lastOrder.orderId, won[0]);
    assert.equal((await ordersFor(listingId)).length, 1);
  });

  it("20 concurrent orders for a part with stock 5: exactly 5 orders, stock 0, fifteen OUT_OF_STOCK", async () => {
    const { listingId } = await aPartForSale(5);
    const buyers = await Promise.all(Array.from({ length: 20 }, () => aBuyer()));
    const started = Date.now();
    const answers = await Promise.all(buyers.map((b) => callRaw<{ orderId: string; number: string; status: string }>("orders-create", orderRequest(listingId), b.idToken)));
    console.log(`      20 racing orders-create calls settled in ${Date.now() - started} ms`);
    const { won, codes } = outcomes(answers);
    assert.equal(won.length, 5, JSON.stringify(codes));
    assert.deepEqual(codes, Array(15).fill("OUT_OF_STOCK"));
    assert.equal((await docData(`listings/${listingId}`)).stock, 0);
    const orders = await ordersFor(listingId);
    assert.equal(orders.length, 5);
    assert.equal(new Set(orders.map((o) => o.get("number"))).size, 5, "order numbers are unique");
  });

  it("the same idempotencyKey sent 5 times at once: one order, one stock decrement, the same answer five times", async () => {
    const { listingId } = await aPartForSale(10);
    const buyer = await aBuyer();
    const request = orderRequest(listingId, { quantity: 2, idempotencyKey: randomUUID() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => callRaw<{ orderId: string; number: string; status: string }>("orders-create", request, buyer.idToken)));
    for (const a of answers) assert.equal(a.error, undefined, JSON.stringify(a.error));
    const results = answers.map((a) => JSON.stringify(a.result));
    assert.equal(new Set(results).size, 1, results.join("\n"));
    assert.equal((await docData(`listings/${listingId}`)).stock, 8);
    assert.equal((await ordersFor(listingId)).length, 1);
  });
});
