// stats/* counters under load (SPEC section 6: sharded so they sustain >= 50 counted
// events per second; issue 9): 200 order creations counted in parallel against the
// Firestore emulator, each delivered twice at once as a platform retry would, count
// exactly 200 on the platform and on their day, and no write is refused or retried.
import assert from "node:assert/strict";
import { readCounters, SHARDS } from "../../src/core/counters";
import { countOrderStats, orderStatsEvents, statsDay } from "../../src/orders/stats";
import { newId } from "../support/catalogue";
import { admin, useLiveTriggersOff } from "../support/emulators";

const EVENTS = 200;

describe("order stats counters", () => {
  // The platform counter is shared: live order triggers of earlier tests must not count into it meanwhile.
  useLiveTriggersOff();

  it("200 order events in parallel, each delivered twice, count exactly 200 and nothing fails", async () => {
    admin();
    // A day no other test counts on, so its counter starts at zero.
    const atMs = Date.parse("2031-01-01T00:00:00.000Z") + Math.floor(Math.random() * 3000) * 24 * 3600 * 1000;
    const day = statsDay(atMs);
    const platformBefore = (await readCounters("platform")).orders ?? 0;
    const orderIds = Array.from({ length: EVENTS }, () => newId("order"));
    const events = orderStatsEvents(undefined, { status: "placed", total: 100 });
    assert.deepEqual(events.map((e) => e.kind), ["created"]);

    const started = Date.now();
    const deliveries = orderIds.flatMap((orderId) => [countOrderStats(orderId, events, atMs), countOrderStats(orderId, events, atMs)]);
    const settled = await Promise.allSettled(deliveries);
    const seconds = (Date.now() - started) / 1000;

    const failed = settled.filter((s) => s.status === "rejected");
    assert.equal(failed.length, 0, `refused writes: ${failed.map((f) => String((f as PromiseRejectedResult).reason)).slice(0, 3).join("; ")}`);
    const counted = settled.map((s) => (s as PromiseFulfilledResult<string[]>).value.length);
    for (let i = 0; i < EVENTS; i += 1) {
      assert.equal(counted[2 * i] + counted[2 * i + 1], 1, `order ${orderIds[i]} counted once of its two deliveries`);
    }
    const daily = await readCounters(`daily-${day}`);
    assert.equal(daily.orders, EVENTS);
    assert.equal(daily.gmv ?? 0, 0, "placing an order collects no money: no GMV (issue 10, finding 2)");
    assert.equal(((await readCounters("platform")).orders ?? 0) - platformBefore, EVENTS);

    const shards = await admin().db.collection(`stats/daily-${day}/shards`).get();
    assert.ok(shards.size > 1 && shards.size <= SHARDS, `the load spread over ${shards.size} shards`);
    console.log(`      ${EVENTS} events (${2 * EVENTS} deliveries) in ${seconds.toFixed(2)} s = ${(EVENTS / seconds).toFixed(0)} counted events/s over ${shards.size} shards`);
  });

  it("the fake sale does not count as GMV; the buyer's confirmed cash does, once (issue 10, finding 2)", async () => {
    admin();
    const atMs = Date.parse("2031-01-01T00:00:00.000Z") + Math.floor(Math.random() * 3000) * 24 * 3600 * 1000;
    const day = statsDay(atMs);
    const orderId = newId("order");
    const cash = { method: "cod", status: "pending", amount: 0, collectedBy: null };
    const placed = { status: "placed", total: 15_000_000, payment: cash };
    const delivered = { ...placed, status: "delivered", payment: { ...cash, status: "succeeded", amount: 15_000_000 } };
    const autoCompleted = { ...delivered, status: "completed" };
    // The attack: the vendor's second account orders, the vendor marks it delivered, the clock completes it.
    for (const [before, after] of [[undefined, placed], [placed, delivered], [delivered, autoCompleted]] as const) {
      await countOrderStats(orderId, orderStatsEvents(before, after), atMs);
    }
    assert.equal((await readCounters(`daily-${day}`)).gmv ?? 0, 0);
    const honest = newId("order");
    const confirmed = { ...delivered, status: "completed", payment: { ...delivered.payment, collectedBy: "buyer" } };
    for (const [before, after] of [[undefined, placed], [placed, delivered], [delivered, confirmed], [delivered, confirmed]] as const) {
      await countOrderStats(honest, orderStatsEvents(before, after), atMs);
    }
    assert.equal((await readCounters(`daily-${day}`)).gmv, 15_000_000, "counted once, redelivery included");
  });
});
