// The suspension and demotion cascade on the engineer side (SPEC section 2, issue 11):
// a suspended or demoted engineer goes off duty, is never picked by dispatch, and the job
// he holds is withdrawn and dispatched to another engineer, the customer told.
import assert from "node:assert/strict";
import { anActor } from "../support/actors";
import { admin, callRaw } from "../support/emulators";
import {
  TRIGGER_TEST_TIMEOUT_MS,
  aCustomer,
  aJobRequest,
  aStoredJob,
  anEngineer,
  cleanUpDispatchWorld,
  docData,
  notificationOf,
} from "./jobs.fixtures";

const GOVERNORATE = "aswan";

async function anEngineerHolding(status: "assigned" | "accepted" | "in_progress") {
  const customer = await aCustomer();
  const held = await anEngineer({ governorate: GOVERNORATE, availability: "on_job", rating: 5 });
  const now = Date.now();
  const jobId = await aStoredJob(customer.uid, { governorate: GOVERNORATE, status, engineerId: held.uid, assignedAt: now, acceptBy: now + 15 * 60_000 });
  await admin().db.doc(`engineers/${held.uid}`).update({ activeJobId: jobId });
  return { customer, held, jobId };
}

describe("suspension and demotion cascade: engineers", function () {
  this.timeout(TRIGGER_TEST_TIMEOUT_MS);
  afterEach(cleanUpDispatchWorld);

  it("a suspended engineer's accepted job goes to another engineer, the customer is told, and he is never picked", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const { customer, held, jobId } = await anEngineerHolding("accepted");
    const other = await anEngineer({ governorate: GOVERNORATE, rating: 3 });

    const { error } = await callRaw("users-setStatus", { uid: held.uid, status: "suspended", reason: "No-show complaints" }, anAdmin.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    const job = await docData(`serviceJobs/${jobId}`);
    assert.equal(job.status, "assigned");
    assert.equal(job.engineerId, other.uid, "redispatched to the other engineer");
    assert.ok(job.declinedBy.includes(held.uid), "never offered back to him");
    const engineer = await docData(`engineers/${held.uid}`);
    assert.equal(engineer.availability, "off_duty");
    assert.equal(engineer.activeJobId, null);
    await notificationOf(customer.uid, "job.reassigning", jobId);

    // He is online and (by rating) the best candidate, yet dispatch never picks him.
    const next = await aCustomer();
    const requested = await callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: GOVERNORATE }), next.idToken);
    assert.equal(requested.error, undefined, JSON.stringify(requested.error));
    assert.notEqual((await docData(`serviceJobs/${requested.result?.jobId}`)).engineerId, held.uid);

    const audit = await admin().db.collection("auditLogs").where("action", "==", "user.status_change").where("target.id", "==", held.uid).get();
    const cascaded = audit.docs.map((d) => d.data()).find((d) => d.outcome === "success")?.changes?.cascaded;
    assert.deepEqual(cascaded?.withdrawnJob, { jobId, status: "assigned", engineerId: other.uid });
    assert.equal(cascaded?.engineerOffDuty, true);

    const back = await callRaw("users-setStatus", { uid: held.uid, status: "active", reason: "Cleared" }, anAdmin.idToken);
    assert.equal(back.error, undefined, JSON.stringify(back.error));
    assert.equal((await docData(`engineers/${held.uid}`)).availability, "available", "reinstated: back to what he was");
    assert.equal((await docData(`serviceJobs/${jobId}`)).engineerId, other.uid, "the job stays with its new engineer");
  });

  it("removing the engineer role withdraws his assigned job the same way; work in progress is listed, not taken", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const { jobId } = await anEngineerHolding("assigned");
    const held = (await docData(`serviceJobs/${jobId}`)).engineerId as string;
    const working = await anEngineerHolding("in_progress");

    const demoted = await callRaw("users-setRole", { uid: held, role: "customer" }, anAdmin.idToken);
    assert.equal(demoted.error, undefined, JSON.stringify(demoted.error));
    const job = await docData(`serviceJobs/${jobId}`);
    assert.notEqual(job.engineerId, held);
    assert.equal((await docData(`engineers/${held}`)).availability, "off_duty");

    const suspended = await callRaw("users-setStatus", { uid: working.held.uid, status: "suspended", reason: "Investigation" }, anAdmin.idToken);
    assert.equal(suspended.error, undefined, JSON.stringify(suspended.error));
    assert.equal((await docData(`serviceJobs/${working.jobId}`)).status, "in_progress");
    const audit = await admin().db.collection("auditLogs").where("action", "==", "user.status_change").where("target.id", "==", working.held.uid).get();
    const cascaded = audit.docs.map((d) => d.data()).find((d) => d.outcome === "success")?.changes?.cascaded;
    assert.equal(cascaded?.strandedJobId, working.jobId);
    assert.ok(cascaded?.openJobs.includes(working.jobId), "the open job is listed in the audit entry");
  });

  it("suspending twice changes nothing more, and a customer account cascades to nothing", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const customer = await aCustomer();
    const first = await callRaw("users-setStatus", { uid: customer.uid, status: "suspended", reason: "Chargebacks" }, anAdmin.idToken);
    const second = await callRaw("users-setStatus", { uid: customer.uid, status: "suspended", reason: "Chargebacks" }, anAdmin.idToken);
    assert.equal(first.error ?? second.error, undefined);
    assert.equal((await admin().db.doc(`users/${customer.uid}/private/cascade`).get()).exists, false);
    const refused = await callRaw("users-updateProfile", { displayName: "Still here" }, customer.idToken);
    assert.equal(refused.error?.details?.code, "ACCOUNT_SUSPENDED");
  });
});
