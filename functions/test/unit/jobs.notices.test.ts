// Who hears about which service-job transition
// (functions/src/jobs/triggers.ts, pure parts).
import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { jobNotices } from "../../src/jobs/notices";
import { transitionId, transitionOf } from "../../src/jobs/triggers";

const at = (ms: number) => Timestamp.fromMillis(ms);

function aJob(overrides: Record<string, unknown> = {}) {
  return {
    customerId: "cust",
    engineerId: null as string | null,
    type: "inspection",
    city: "Dokki",
    status: "requested",
    missedAccepts: 0,
    assignedAt: null as Timestamp | null,
    acceptBy: null as Timestamp | null,
    updatedAt: at(5_000),
    lastChange: { by: { uid: "cust", role: "customer" }, requestId: "req-1", reason: null },
    ...overrides,
  };
}

const recipients = (before: Record<string, unknown> | undefined, after: Record<string, unknown>) =>
  jobNotices("job-1", before, after).map((r) => `${r.uid}:${r.notice.type}`);

describe("job transition notices", () => {
  const assigned = aJob({ status: "assigned", engineerId: "eng", assignedAt: at(60_000), acceptBy: at(60_000 + 15 * 60_000) });

  it("an assignment tells the engineer (with his accept window) and the customer", () => {
    assert.deepEqual(recipients(aJob(), assigned), ["eng:job.assigned", "cust:job.engineer_assigned"]);
    const toEngineer = jobNotices("job-1", aJob(), assigned)[0].notice;
    assert.match(toEngineer.body.en, /within 15 minutes/);
    assert.match(toEngineer.body.ar, /15 دقيقة/);
    assert.deepEqual(toEngineer.data, { jobId: "job-1" });
  });

  it("accepting, starting and completing tell the customer", () => {
    assert.deepEqual(recipients(assigned, { ...assigned, status: "accepted" }), ["cust:job.accepted"]);
    assert.deepEqual(recipients({ ...assigned, status: "accepted" }, { ...assigned, status: "in_progress" }), ["cust:job.started"]);
    assert.deepEqual(recipients({ ...assigned, status: "in_progress" }, { ...assigned, status: "completed" }), ["cust:job.completed"]);
  });

  it("a decline tells the customer; a withdrawal also tells the engineer who missed it", () => {
    const declined = aJob({ status: "requested", declinedBy: ["eng"] });
    assert.deepEqual(recipients(assigned, declined), ["cust:job.reassigning"]);
    assert.deepEqual(recipients(assigned, { ...declined, missedAccepts: 1 }), ["cust:job.reassigning", "eng:job.withdrawn"]);
  });

  it("a cancellation tells the engineer, and the customer only when someone else cancelled", () => {
    const byCustomer = { ...assigned, status: "cancelled" };
    assert.deepEqual(recipients(assigned, byCustomer), ["eng:job.cancelled"]);
    const byAdmin = { ...byCustomer, lastChange: { by: { uid: "boss", role: "admin" } } };
    assert.deepEqual(recipients(assigned, byAdmin), ["eng:job.cancelled", "cust:job.cancelled"]);
    assert.deepEqual(recipients(aJob(), { ...aJob(), status: "cancelled", lastChange: { by: { uid: "boss", role: "admin" } } }), ["cust:job.cancelled"]);
  });

  it("a new request and a write that keeps the status tell nobody", () => {
    assert.deepEqual(recipients(undefined, aJob()), []);
    assert.equal(transitionOf(assigned, { ...assigned, notes: "edited" }), undefined);
    assert.equal(transitionOf(assigned, undefined), undefined);
    assert.deepEqual(transitionOf(undefined, aJob()), { from: null, to: "requested" });
  });
});

// The audit entry of a transition is written by jobs/store.ts in the transition's own
// transaction (test/integration/jobs.audit.test.ts); the trigger only notifies.
describe("job notice ids", () => {
  it("the idempotency id is the job, the status and the transition's time", () => {
    const after = aJob({ status: "assigned", assignedAt: at(42_000), updatedAt: at(43_000) });
    assert.equal(transitionId("job-1", "assigned", after), "job-1-assigned-42000");
    assert.equal(transitionId("job-1", "accepted", { ...after, status: "accepted" }), "job-1-accepted-43000");
  });
});
