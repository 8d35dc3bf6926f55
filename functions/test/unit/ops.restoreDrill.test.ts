// The restore drill's comparison (tools/restoreDrill.ts), offline: what passes and what fails.
import assert from "node:assert/strict";
import { compareCounts } from "../../tools/restoreDrill";

describe("restore drill comparison", () => {
  it("passes when every collection is restored with the same count", () => {
    const { ok, rows } = compareCounts({ listings: 10, orders: 3 }, { listings: 10, orders: 3 });
    assert.equal(ok, true);
    assert.deepEqual(rows.map((r) => r.verdict), ["same", "same"]);
  });

  it("passes, and says so, when the source grew after the backup", () => {
    const { ok, rows } = compareCounts({ orders: 5 }, { orders: 3 });
    assert.equal(ok, true);
    assert.equal(rows[0].verdict, "newer_in_source");
  });

  it("fails when a collection is missing from the restore", () => {
    const { ok, rows } = compareCounts({ listings: 10, auditLogs: 200 }, { listings: 10 });
    assert.equal(ok, false);
    assert.deepEqual(rows.find((r) => r.collection === "auditLogs"), { collection: "auditLogs", source: 200, restored: 0, verdict: "missing" });
  });

  it("fails when a collection restored empty", () => {
    assert.equal(compareCounts({ users: 4 }, { users: 0 }).ok, false);
  });

  it("fails when the restore holds more than the source (wrong backup or wrong database)", () => {
    const { ok, rows } = compareCounts({ users: 4 }, { users: 9, strangers: 1 });
    assert.equal(ok, false);
    assert.deepEqual(rows.map((r) => [r.collection, r.verdict]), [["strangers", "extra"], ["users", "extra"]]);
  });

  it("an empty source and an empty restore pass", () => {
    assert.equal(compareCounts({}, {}).ok, true);
  });
});
