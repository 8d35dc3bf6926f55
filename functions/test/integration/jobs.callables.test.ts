// jobs-request, jobs-assign, jobs-respond, jobs-start, jobs-complete, jobs-cancel through
// the Functions emulator (SPEC sections 3 and 4), with the serviceJobs trigger's audit
// entries and notifications (SPEC sections 6 and 8).
import assert from "node:assert/strict";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { onJobWritten } from "../../src/jobs/triggers";
import { anActor } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw, eventually } from "../support/emulators";
import {
  aCustomer,
  aJobRequest,
  anAlertedAdmin,
  anEngineer,
  aStoredJob,
  cleanUpDispatchWorld,
  docData,
  notificationOf,
  TRIGGER_DEADLINE_MS,
  TRIGGER_TEST_TIMEOUT_MS,
} from "./jobs.fixtures";

interface Requested {
  jobId: string;
  status: string;
}

async function requestJob(idToken: string, overrides: Record<string, unknown> = {}): Promise<Requested> {
  const { result, error } = await callRaw<Requested>("jobs-request", aJobRequest(overrides), idToken);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.ok(result);
  return result;
}

async function auditOf(jobId: string) {
  const entries = await admin().db.collection("auditLogs").where("target.id", "==", jobId).get();
  return entries.docs.map((d) => d.data());
}

describe("jobs callables", function () {
  this.timeout(TRIGGER_TEST_TIMEOUT_MS);
  afterEach(cleanUpDispatchWorld);

  describe("jobs-request", () => {
    it("a request is dispatched at once to the online engineer: job assigned, engineer on_job, address encrypted", async () => {
      const engineer = await anEngineer({ governorate: "sharqia", skills: ["inspection"] });
      const customer = await aCustomer();
      const started = Date.now();
      const { jobId, status } = await requestJob(customer.idToken, { governorate: "Sharqia", city: "Zagazig" });
      console.log(`      jobs-request with dispatch answered in ${Date.now() - started} ms`);
      assert.equal(status, "assigned");
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.status, "assigned");
      assert.equal(job.engineerId, engineer.uid);
      assert.equal(job.customerId, customer.uid);
      assert.equal(job.governorate, "sharqia");
      assert.match(job.address, /^pii1\./);
      assert.ok(!JSON.stringify(job).includes("Mesaha"), "no plain address anywhere on the job");
      assert.ok(job.acceptBy.toMillis() - job.assignedAt.toMillis() === 15 * 60_000, "15-minute accept window");
      const onJob = await docData(`engineers/${engineer.uid}`);
      assert.equal(onJob.availability, "on_job");
      assert.equal(onJob.activeJobId, jobId);
      assert.equal(onJob.stats.jobsToday, 1);
    });

    it("with nobody eligible the job stays requested and admins are notified", async () => {
      const anAdmin = await anAlertedAdmin();
      await anEngineer({ governorate: "minya", skills: ["repair"] });
      await anEngineer({ governorate: "minya", online: false });
      await anEngineer({ governorate: "minya", availability: "off_duty" });
      const customer = await aCustomer();
      const { jobId, status } = await requestJob(customer.idToken, { governorate: "minya", type: "inspection" });
      assert.equal(status, "requested");
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.engineerId, null);
      const alert = await notificationOf(anAdmin.uid, "job.no_engineer", jobId);
      assert.equal(alert.read, false);
    });

    it("the engineer with fewest jobs today wins, then the higher rating", async () => {
      await anEngineer({ governorate: "faiyum", jobsToday: 2, rating: 5 });
      const topRated = await anEngineer({ governorate: "faiyum", jobsToday: 0, rating: 4.9 });
      await anEngineer({ governorate: "faiyum", jobsToday: 0, rating: 4.1 });
      // Yesterday's three jobs count as none today, but his rating is lower.
      await anEngineer({ governorate: "faiyum", jobsToday: 3, jobsTodayDate: "2000-01-01", rating: 4.5 });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "faiyum" });
      assert.equal((await docData(`serviceJobs/${jobId}`)).engineerId, topRated.uid);
    });

    it("a visit time in the past is refused on its field", async () => {
      const customer = await aCustomer();
      const { error } = await callRaw("jobs-request", aJobRequest({ preferredAt: "2020-01-01T10:00:00+02:00" }), customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(error.details?.fields?.preferredAt);
    });

    it("a request naming a listing that does not exist is refused", async () => {
      const customer = await aCustomer();
      const { error } = await callRaw("jobs-request", aJobRequest({ listingId: "no-such-listing" }), customer.idToken);
      assertCallableError(error, "NOT_FOUND", "NOT_FOUND");
    });

    it("only customers request jobs; a signed-out caller is refused", async () => {
      const engineer = await anEngineer({ governorate: "luxor" });
      const asEngineer = await callRaw("jobs-request", aJobRequest(), engineer.idToken);
      assertCallableError(asEngineer.error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      const signedOut = await callRaw("jobs-request", aJobRequest());
      assertCallableError(signedOut.error, "UNAUTHENTICATED", "AUTH_REQUIRED");
    });
  });

  describe("the engineer's answer and the work", () => {
    it("accept, start, complete: the customer gets the report, the engineer is free again, and every step is audited and notified", async () => {
      const engineer = await anEngineer({ governorate: "qena" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "qena" });

      const accepted = await callRaw<{ status: string; address: string }>("jobs-respond", { jobId, accept: true }, engineer.idToken);
      assert.deepEqual(accepted.result, { status: "accepted", address: "12 Mesaha Square, Dokki" }, JSON.stringify(accepted.error));
      assert.deepEqual((await callRaw("jobs-start", { jobId }, engineer.idToken)).result, { status: "in_progress" });
      const report = { summary: "Sound car; front pads worn.", findings: ["Front brake pads at 20%"], photos: [`serviceJobs/${jobId}/photos/front.jpg`] };
      const done = await callRaw("jobs-complete", { jobId, report, price: 50000 }, engineer.idToken);
      assert.deepEqual(done.result, { status: "completed" }, JSON.stringify(done.error));

      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.status, "completed");
      assert.deepEqual(job.report, report);
      assert.equal(job.price, 50000);
      const free = await docData(`engineers/${engineer.uid}`);
      assert.equal(free.availability, "available");
      assert.equal(free.activeJobId, null);
      assert.equal(free.stats.completedJobs, 1);

      await notificationOf(engineer.uid, "job.assigned", jobId);
      for (const type of ["job.engineer_assigned", "job.accepted", "job.started", "job.completed"]) await notificationOf(customer.uid, type, jobId);
      const trail = await eventually(
        "five audit entries",
        async () => {
          const entries = await auditOf(jobId);
          return entries.length >= 5 ? entries : undefined;
        },
        TRIGGER_DEADLINE_MS,
      );
      const steps = trail.map((e) => `${e.action}:${e.changes.from}->${e.changes.to}`).sort();
      assert.deepEqual(steps, [
        "job.assign:requested->assigned",
        "job.status_change:accepted->in_progress",
        "job.status_change:assigned->accepted",
        "job.status_change:in_progress->completed",
        "job.status_change:null->requested",
      ]);
      const acceptance = trail.find((e) => e.changes.to === "accepted");
      assert.deepEqual(acceptance?.actor, { uid: engineer.uid, role: "engineer" });
      assert.deepEqual(trail.find((e) => e.changes.to === "assigned")?.actor, { system: "jobs.dispatch" });
    });

    it("report photos of another job, outside the photos folder or with a traversal are refused on report.photos.N; the job stays in progress", async () => {
      const customer = await aCustomer();
      const engineer = await anEngineer({ governorate: "qena", availability: "on_job" });
      const jobId = await aStoredJob(customer.uid, { governorate: "qena", status: "in_progress", engineerId: engineer.uid });
      const otherJob = await aStoredJob(customer.uid, { governorate: "qena", status: "completed", engineerId: engineer.uid });
      await admin().db.doc(`engineers/${engineer.uid}`).update({ activeJobId: jobId });
      for (const photo of [`serviceJobs/${otherJob}/photos/front.jpg`, `serviceJobs/${jobId}/photos/../../${otherJob}/photos/a.jpg`, `serviceJobs/${jobId}/front.jpg`, `users/${engineer.uid}/front.jpg`]) {
        const report = { summary: "Sound car.", photos: [`serviceJobs/${jobId}/photos/ok.jpg`, photo] };
        const { error } = await callRaw("jobs-complete", { jobId, report }, engineer.idToken);
        assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
        assert.deepEqual(Object.keys(error.details?.fields ?? {}), ["report.photos.1"], photo);
      }
      assert.equal((await docData(`serviceJobs/${jobId}`)).status, "in_progress");
    });

    it("a decline frees the engineer, remembers him, and dispatches the job to the next engineer", async () => {
      const first = await anEngineer({ governorate: "sohag", rating: 5 });
      const second = await anEngineer({ governorate: "sohag", rating: 3 });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "sohag" });
      assert.equal((await docData(`serviceJobs/${jobId}`)).engineerId, first.uid);
      const declined = await callRaw("jobs-respond", { jobId, accept: false, reason: "My car broke down" }, first.idToken);
      assert.deepEqual(declined.result, { status: "requested" }, JSON.stringify(declined.error));
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.status, "assigned");
      assert.equal(job.engineerId, second.uid);
      assert.deepEqual(job.declinedBy, [first.uid]);
      const freed = await docData(`engineers/${first.uid}`);
      assert.equal(freed.availability, "available");
      assert.equal(freed.activeJobId, null);
      await notificationOf(customer.uid, "job.reassigning", jobId);
    });

    it("another engineer cannot answer, start or complete someone else's job", async () => {
      await anEngineer({ governorate: "aswan" });
      const stranger = await anEngineer({ governorate: "red_sea" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "aswan" });
      const answer = await callRaw("jobs-respond", { jobId, accept: true }, stranger.idToken);
      assertCallableError(answer.error, "PERMISSION_DENIED", "NOT_ASSIGNED_ENGINEER");
      const begin = await callRaw("jobs-start", { jobId }, stranger.idToken);
      assertCallableError(begin.error, "PERMISSION_DENIED", "NOT_ASSIGNED_ENGINEER");
    });

    it("a job cannot be started before it is accepted", async () => {
      const engineer = await anEngineer({ governorate: "damietta" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "damietta" });
      const { error } = await callRaw("jobs-start", { jobId }, engineer.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "INVALID_TRANSITION");
    });

    it("a customer cannot accept a job", async () => {
      const customer = await aCustomer();
      const { error } = await callRaw("jobs-respond", { jobId: "any", accept: true }, customer.idToken);
      assertCallableError(error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    });
  });

  describe("jobs-cancel", () => {
    it("the customer cancels before work starts: the engineer is freed and told", async () => {
      const engineer = await anEngineer({ governorate: "ismailia" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "ismailia" });
      const { result, error } = await callRaw("jobs-cancel", { jobId, reason: "Sold the car already" }, customer.idToken);
      assert.deepEqual(result, { status: "cancelled" }, JSON.stringify(error));
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.cancellation.reason, "Sold the car already");
      assert.deepEqual(job.cancellation.by, { uid: customer.uid, role: "customer" });
      const freed = await docData(`engineers/${engineer.uid}`);
      assert.equal(freed.availability, "available");
      assert.equal(freed.activeJobId, null);
      await notificationOf(engineer.uid, "job.cancelled", jobId);
    });

    it("another customer cannot cancel someone's job; an admin can", async () => {
      const owner = await aCustomer();
      const other = await aCustomer();
      const anAdmin = await anActor({ role: "admin" });
      const jobId = await aStoredJob(owner.uid, { governorate: "suez" });
      const denied = await callRaw("jobs-cancel", { jobId, reason: "Not mine but still" }, other.idToken);
      assertCallableError(denied.error, "PERMISSION_DENIED", "NOT_JOB_OWNER");
      const byAdmin = await callRaw("jobs-cancel", { jobId, reason: "Duplicate request" }, anAdmin.idToken);
      assert.deepEqual(byAdmin.result, { status: "cancelled" }, JSON.stringify(byAdmin.error));
      await notificationOf(owner.uid, "job.cancelled", jobId);
    });

    it("a job in progress cannot be cancelled", async () => {
      const engineer = await anEngineer({ governorate: "matrouh" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "matrouh" });
      await callRaw("jobs-respond", { jobId, accept: true }, engineer.idToken);
      await callRaw("jobs-start", { jobId }, engineer.idToken);
      const { error } = await callRaw("jobs-cancel", { jobId, reason: "Changed my mind" }, customer.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "INVALID_TRANSITION");
    });
  });

  describe("jobs-assign", () => {
    it("an admin assigns a named engineer", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anEngineer({ governorate: "beni_suef" });
      const customer = await aCustomer();
      const jobId = await aStoredJob(customer.uid, { governorate: "beni_suef" });
      const { result, error } = await callRaw("jobs-assign", { jobId, engineerId: engineer.uid }, anAdmin.idToken);
      assert.deepEqual(result, { engineerId: engineer.uid }, JSON.stringify(error));
      assert.equal((await docData(`engineers/${engineer.uid}`)).activeJobId, jobId);
      const assignment = await eventually("job.assign audit", async () => (await auditOf(jobId)).find((e) => e.action === "job.assign"), TRIGGER_DEADLINE_MS);
      assert.deepEqual(assignment.actor, { uid: anAdmin.uid, role: "admin" });
    });

    it("an admin's automatic pick returns the engineer", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anEngineer({ governorate: "new_valley" });
      const customer = await aCustomer();
      const jobId = await aStoredJob(customer.uid, { governorate: "new_valley" });
      const { result } = await callRaw("jobs-assign", { jobId }, anAdmin.idToken);
      assert.deepEqual(result, { engineerId: engineer.uid });
    });

    it("an offline engineer cannot be assigned, even by name", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anEngineer({ governorate: "north_sinai", online: false });
      const customer = await aCustomer();
      const jobId = await aStoredJob(customer.uid, { governorate: "north_sinai" });
      const { error } = await callRaw("jobs-assign", { jobId, engineerId: engineer.uid }, anAdmin.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "ENGINEER_UNAVAILABLE");
      assert.equal((await docData(`serviceJobs/${jobId}`)).status, "requested");
    });

    it("with nobody eligible the automatic pick fails with NO_ENGINEER_AVAILABLE and admins are notified", async () => {
      const anAdmin = await anAlertedAdmin();
      const customer = await aCustomer();
      const jobId = await aStoredJob(customer.uid, { governorate: "south_sinai" });
      const { error } = await callRaw("jobs-assign", { jobId }, anAdmin.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "NO_ENGINEER_AVAILABLE");
      await notificationOf(anAdmin.uid, "job.no_engineer", jobId);
    });

    it("assigning a job that is not requested is an INVALID_TRANSITION", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const customer = await aCustomer();
      const jobId = await aStoredJob(customer.uid, { governorate: "port_said", status: "cancelled" });
      const { error } = await callRaw("jobs-assign", { jobId }, anAdmin.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "INVALID_TRANSITION");
    });

    it("an admin without MFA and a customer are refused", async () => {
      const noMfa = await anActor({ role: "admin", mfa: false });
      const customer = await aCustomer();
      assertCallableError((await callRaw("jobs-assign", { jobId: "x" }, noMfa.idToken)).error, "PERMISSION_DENIED", "MFA_REQUIRED");
      assertCallableError((await callRaw("jobs-assign", { jobId: "x" }, customer.idToken)).error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    });
  });

  describe("the serviceJobs trigger", () => {
    it("redelivering a transition event writes no second audit entry or notification", async () => {
      const engineer = await anEngineer({ governorate: "kafr_el_sheikh" });
      const customer = await aCustomer();
      const { jobId } = await requestJob(customer.idToken, { governorate: "kafr_el_sheikh" });
      const ref = admin().db.doc(`serviceJobs/${jobId}`);
      const before: DocumentSnapshot = await ref.get();
      await callRaw("jobs-respond", { jobId, accept: true }, engineer.idToken);
      const after: DocumentSnapshot = await ref.get();
      // Let the live trigger finish all three transitions (created, assigned, accepted) first.
      await notificationOf(customer.uid, "job.engineer_assigned", jobId);
      await notificationOf(customer.uid, "job.accepted", jobId);
      await eventually("three transitions audited", async () => ((await auditOf(jobId)).length >= 3 ? true : undefined), TRIGGER_DEADLINE_MS);
      const counts = async () => ({
        audit: (await auditOf(jobId)).length,
        inbox: (await admin().db.collection(`users/${customer.uid}/notifications`).get()).size,
      });
      const settled = await counts();
      const event = { id: "evt-redelivered", time: new Date().toISOString(), params: { jobId }, data: { before, after } };
      await (onJobWritten as unknown as { run(e: unknown): Promise<void> }).run(event);
      await (onJobWritten as unknown as { run(e: unknown): Promise<void> }).run(event);
      assert.deepEqual(await counts(), settled);
    });
  });
});
