// stats/* counters (SPEC section 6): counted events per second, sustained at concurrency 50,
// through core/counters.ts (a marker and a random one of 64 shards per event), against the
// same events on one unsharded counter document; then the count is read back: none lost.
import { randomUUID } from "node:crypto";
import { FieldValue } from "firebase-admin/firestore";
import { countOnce, readCounters } from "../src/core/counters";
import { admin } from "../test/support/emulators";
import { alternate, rowOf, type Row } from "./stats";

const EVENTS = 300;

async function burst(count: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < EVENTS) await count(next++);
  }));
  return EVENTS / ((performance.now() - started) / 1000);
}

export async function statsCounters(pairs: number): Promise<Row[]> {
  const lost: number[] = [];
  const sharded = async () => {
    const id = `bench-${randomUUID().slice(0, 8)}`;
    const run = randomUUID().slice(0, 8);
    const rate = await burst((i) => countOnce({ marker: admin().db.doc(`benchEvents/${run}-${i}`), markerData: { i }, counters: [{ id, increments: { events: 1 } }] }));
    lost.push(EVENTS - ((await readCounters(id)).events ?? 0));
    return rate;
  };
  const single = async () => {
    const ref = admin().db.doc(`benchStats/${randomUUID()}`);
    const run = randomUUID().slice(0, 8);
    return burst(async (i) => {
      const batch = admin().db.batch();
      batch.create(admin().db.doc(`benchEvents/${run}-${i}`), { i });
      batch.set(ref, { events: FieldValue.increment(1) }, { merge: true });
      await batch.commit();
    });
  };
  const runs = await alternate(pairs, sharded, single);
  return [rowOf({ section: "statsCounters", name: "stats counters: counted events/s at concurrency 50", baseline: "one unsharded counter document", unit: "events/s", better: "higher" }, runs.a, runs.b, { lostCounts: lost.reduce((a, b) => a + b, 0) })];
}
