// The pure parts of the jobs store: which day "jobs today" counts in (core/time), and how
// stored documents become the model's states (functions/src/jobs/store.ts).
import assert from "node:assert/strict";
import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { cairoDay } from "../../src/core/time";
import { engineerStateOf, jobStateOf, jobWrite } from "../../src/jobs/store";
import { newJob } from "../../src/jobs/model";

function aSnapshot(id: string, data: Record<string, unknown> | undefined): DocumentSnapshot {
  return { id, exists: data !== undefined, data: () => data } as unknown as DocumentSnapshot;
}

const engineerData = (stats: Record<string, unknown>) => ({
  displayName: "Eng",
  skills: ["inspection"],
  governorate: "cairo",
  availability: "available",
  online: true,
  activeJobId: null,
  rating: { avg: 4.5, count: 3 },
  stats,
});

describe("jobs store", () => {
  it("jobs today are counted per calendar day in Cairo, not in UTC", () => {
    // 22:30 UTC on 1 January is 00:30 on 2 January in Cairo (UTC+2 in winter).
    assert.equal(cairoDay(Date.parse("2025-01-01T22:30:00Z")), "2025-01-02");
    assert.equal(cairoDay(Date.parse("2025-01-01T21:30:00Z")), "2025-01-01");
  });

  it("an engineer's counter from another day counts as zero jobs today", () => {
    const today = "2025-03-10";
    assert.equal(engineerStateOf(aSnapshot("e1", engineerData({ jobsToday: 4, jobsTodayDate: today })), today).jobsToday, 4);
    assert.equal(engineerStateOf(aSnapshot("e1", engineerData({ jobsToday: 4, jobsTodayDate: "2025-03-09" })), today).jobsToday, 0);
    assert.equal(engineerStateOf(aSnapshot("e1", engineerData({})), today).jobsToday, 0);
  });

  it("a missing engineer or job is NOT_FOUND", () => {
    assert.throws(() => engineerStateOf(aSnapshot("e1", undefined), "2025-03-10"), /Engineer was not found/);
    assert.throws(() => jobStateOf(aSnapshot("j1", undefined)), /Job was not found/);
  });

  it("a stored job round-trips through the model's state", () => {
    const state = { ...newJob({ id: "j1", customerId: "c1", type: "repair", governorate: "giza" }), status: "assigned" as const, engineerId: "e1", assignedAt: 1_000, acceptBy: 901_000, declinedBy: ["e0"], missedAccepts: 1 };
    const written = jobWrite(state, { by: { system: "jobs.watchdog" } });
    assert.ok(written.acceptBy instanceof Timestamp);
    assert.deepEqual(written.lastChange, { by: { system: "jobs.watchdog" }, requestId: null, reason: null });
    const read = jobStateOf(aSnapshot("j1", { customerId: "c1", type: "repair", governorate: "giza", ...written }));
    assert.deepEqual(read, state);
  });
});
