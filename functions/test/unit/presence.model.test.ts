// Presence events as plain data (functions/src/presence/model.ts): which values count, and
// that applying "only strictly newer" in any delivery order, with duplicates, ends at the
// newest status (the property the mirror's transaction relies on).
import assert from "node:assert/strict";
import fc from "fast-check";
import { statusOf, supersedes, type PresenceStatus } from "../../src/presence/model";

describe("presence model", () => {
  it("reads a status the database rules allow, and treats a deleted node as offline now", () => {
    assert.deepEqual(statusOf({ state: "online", lastChanged: 5 }, 9), { state: "online", lastChanged: 5 });
    assert.deepEqual(statusOf(null, 9), { state: "offline", lastChanged: 9 });
    assert.equal(statusOf({ state: "away", lastChanged: 5 }, 9), undefined);
    assert.equal(statusOf({ state: "online" }, 9), undefined);
    assert.equal(statusOf("online", 9), undefined);
  });

  it("only a strictly newer status supersedes the stored one", () => {
    const stored: PresenceStatus = { state: "online", lastChanged: 100 };
    assert.equal(supersedes({ state: "offline", lastChanged: 101 }, stored), true);
    assert.equal(supersedes({ state: "offline", lastChanged: 100 }, stored), false);
    assert.equal(supersedes({ state: "offline", lastChanged: 99 }, stored), false);
    assert.equal(supersedes({ state: "offline", lastChanged: 1 }, undefined), true);
  });

  it("any delivery order with duplicates ends at the newest status", () => {
    const history = fc.uniqueArray(fc.nat(1_000_000), { minLength: 1, maxLength: 20 }).map((times) =>
      times.map((lastChanged, i): PresenceStatus => ({ state: i % 2 === 0 ? "online" : "offline", lastChanged })),
    );
    const deliveries = history.chain((events) =>
      fc.tuple(fc.constant(events), fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2 })),
    );
    fc.assert(
      fc.property(deliveries, ([events, delivered]) => {
        let stored: PresenceStatus | undefined;
        for (const event of delivered) if (supersedes(event, stored)) stored = event;
        const newest = events.reduce((a, b) => (b.lastChanged > a.lastChanged ? b : a));
        assert.deepEqual(stored, newest);
      }),
      { numRuns: 1000 },
    );
  });
});
