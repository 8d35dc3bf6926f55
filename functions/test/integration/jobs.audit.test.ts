// SPEC section 8, issue 9: a job transition is audited where it is committed. With the
// Functions emulator's background triggers switched off (so no serviceJobs trigger can
// run), every transition still has its job.assign / job.status_change entry, committed in
// the same transaction as the job write: both carry the same commit time, and a
// transaction that fails after the write leaves neither.
import assert from "node:assert/strict";
import type { Timestamp } from "firebase-admin/firestore";
import { db } from "../../src/core/firebase";
import { cairoDay } from "../../src/core/time";
import { jobStateOf, jobRef, writeTransition } from "../../src/jobs/store";
import { cancelJob } from "../../src/jobs/transitions";
import { admin, callRaw, useLiveTriggersOff } from "../support/emulators";
import { aCustomer, aJobRequest, anEngineer, aStoredJob, cleanUpDispatchWorld } from "./jobs.fixtures";

/** The one entry whose transition reached `to`. */
function entryTo(entries: Record<string, unknown>[], to: string): Record<string, unknown> & { at: Timestamp; actor: unknown; changes: Record<string, unknown> } {
  const found = entries.filter((e) => (e.changes as Record<string, unknown>).to === to);
  assert.equal(found.length, 1, `one entry for ${to}`);
  return found[0] as Record<string, unknown> & { at: Timestamp; actor: unknown; changes: Record<string, unknown> };
}

async function auditOf(jobId: string) {
  const entries = await admin().db.collection("auditLogs").where("target.id", "==", jobId).get();
  return entries.docs.map((d) => d.data());
}

describe("job transitions are audited in their own transaction", function () {
  useLiveTriggersOff();
  after(cleanUpDispatchWorld);

  it("with no trigger running, request, dispatch and accept each leave their entry, at the job write's commit time", async () => {
    const engineer = await anEngineer({ governorate: "luxor" });
    const customer = await aCustomer();
    const requested = await callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: "luxor" }), customer.idToken);
    assert.equal(requested.error, undefined, JSON.stringify(requested.error));
    const { jobId, status } = requested.result ?? { jobId: "", status: "" };
    assert.equal(status, "assigned");
    const assignedAt = (await admin().db.doc(`serviceJobs/${jobId}`).get()).get("updatedAt") as Timestamp;

    const accepted = await callRaw<{ status: string }>("jobs-respond", { jobId, accept: true }, engineer.idToken);
    assert.equal(accepted.result?.status, "accepted", JSON.stringify(accepted.error));
    const job = (await admin().db.doc(`serviceJobs/${jobId}`).get()).data() ?? {};

    const entries = await auditOf(jobId);
    const summary = entries.map((e) => [e.action, e.changes.from, e.changes.to]).sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    assert.deepEqual(summary, [
      ["job.status_change", "assigned", "accepted"],
      ["job.assign", "requested", "assigned"],
      ["job.status_change", null, "requested"],
    ]);
    const assign = entryTo(entries, "assigned");
    const accept = entryTo(entries, "accepted");
    assert.deepEqual(assign.actor, { system: "jobs.dispatch" });
    assert.equal(assign.changes.engineerId, engineer.uid);
    assert.deepEqual(accept.actor, { uid: engineer.uid, role: "engineer" });
    // Server timestamps of one commit are that commit's time: the entry was written with the job.
    assert.ok(assign.at.isEqual(assignedAt), "job.assign committed with the assignment");
    assert.ok(accept.at.isEqual(job.updatedAt as Timestamp), "job.status_change committed with the acceptance");
    // And no notification exists: the trigger really did not run.
    assert.equal((await admin().db.collection(`users/${customer.uid}/notifications`).get()).size, 0);
  });

  it("a transaction that fails after the transition is written leaves neither the job change nor its entry", async () => {
    const customer = await aCustomer();
    const jobId = await aStoredJob(customer.uid, { governorate: "aswan" });
    const today = cairoDay(Date.now());
    await assert.rejects(
      db().runTransaction(async (tx) => {
        const job = jobStateOf(await tx.get(jobRef(jobId)));
        await writeTransition(tx, cancelJob(job, null, { uid: customer.uid, role: "customer" }), { by: { uid: customer.uid, role: "customer" } }, today);
        throw new Error("the commit fails after the write");
      }),
      /the commit fails/,
    );
    assert.equal((await admin().db.doc(`serviceJobs/${jobId}`).get()).get("status"), "requested");
    assert.deepEqual(await auditOf(jobId), []);
  });
});
