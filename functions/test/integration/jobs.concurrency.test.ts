// The invariants of SPEC section 3 under real races against the emulator, and the
// accept-SLA watchdog of SPEC section 6: two dispatches for the only eligible engineer,
// an engineer accepting while the watchdog withdraws, the watchdog run twice.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { DocumentData } from "firebase-admin/firestore";
import { autoDispatch } from "../../src/jobs/dispatch";
import { runAcceptWatchdog } from "../../src/jobs/schedules";
import { admin, callRaw, type CallableFailure } from "../support/emulators";
import {
  aCustomer,
  aJobRequest,
  anAlertedAdmin,
  anEngineer,
  aDispatchableEngineerDoc,
  anExpiredAssignment,
  aStoredJob,
  cleanUpDispatchWorld,
  docData,
  notificationOf,
  track,
  TRIGGER_TEST_TIMEOUT_MS,
} from "./jobs.fixtures";

describe("jobs under concurrency", function () {
  this.timeout(TRIGGER_TEST_TIMEOUT_MS);
  afterEach(cleanUpDispatchWorld);

  it("two jobs requested at once for the only eligible engineer: exactly one gets him, the other stays requested", async () => {
    const engineer = await anEngineer({ governorate: "gharbia" });
    const [mona, karim] = await Promise.all([aCustomer(), aCustomer()]);
    const started = Date.now();
    const answers = await Promise.all(
      [mona, karim].map((c) => callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: "gharbia" }), c.idToken)),
    );
    console.log(`      two racing jobs-request calls both answered after ${Date.now() - started} ms`);
    const results = answers.map((a) => {
      assert.equal(a.error, undefined, JSON.stringify(a.error));
      return a.result as { jobId: string; status: string };
    });
    assert.deepEqual(results.map((r) => r.status).sort(), ["assigned", "requested"]);
    const winner = results.find((r) => r.status === "assigned");
    const loser = results.find((r) => r.status === "requested");
    const held = await docData(`engineers/${engineer.uid}`);
    assert.equal(held.availability, "on_job");
    assert.equal(held.activeJobId, winner?.jobId);
    assert.equal(held.stats.jobsToday, 1, "assigned once");
    const waiting = await docData(`serviceJobs/${loser?.jobId}`);
    assert.equal(waiting.status, "requested");
    assert.equal(waiting.engineerId, null);
  });

  it("eight dispatches racing in process for one engineer: one assignment, seven jobs left requested", async () => {
    const engineer = await anEngineer({ governorate: "monufia" });
    const customer = await aCustomer();
    const jobIds = await Promise.all(Array.from({ length: 8 }, () => aStoredJob(customer.uid, { governorate: "monufia" })));
    const started = Date.now();
    const outcomes = await Promise.all(jobIds.map((id) => autoDispatch(id, { by: { system: "test" } }, Date.now(), { alertAdmins: false })));
    console.log(`      8 racing dispatches settled in ${Date.now() - started} ms`);
    assert.equal(outcomes.filter((o) => o.dispatched).length, 1);
    const jobs = await Promise.all(jobIds.map((id) => docData(`serviceJobs/${id}`)));
    const assigned = jobs.filter((j) => j.status === "assigned");
    assert.equal(assigned.length, 1);
    assert.equal(assigned[0].engineerId, engineer.uid);
    assert.equal(jobs.filter((j) => j.status === "requested" && j.engineerId === null).length, 7);
    const held = await docData(`engineers/${engineer.uid}`);
    assert.equal(held.activeJobId, jobIds[jobs.indexOf(assigned[0])]);
  });

  describe("accept-SLA watchdog", () => {
    it("an expired assignment is withdrawn, the engineer freed and skipped, and the job redispatched", async () => {
      const { engineer, jobId, customer } = await anExpiredAssignment("qalyubia");
      const next = await anEngineer({ governorate: "qalyubia" });
      const started = Date.now();
      const report = await runAcceptWatchdog(Date.now());
      console.log(`      watchdog run: ${JSON.stringify(report)} in ${Date.now() - started} ms`);
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.status, "assigned");
      assert.equal(job.engineerId, next.uid);
      assert.deepEqual(job.declinedBy, [engineer.uid]);
      assert.equal(job.missedAccepts, 1);
      assert.ok(job.acceptBy.toMillis() > Date.now(), "a fresh accept window");
      const freed = await docData(`engineers/${engineer.uid}`);
      assert.equal(freed.availability, "available");
      assert.equal(freed.activeJobId, null);
      await notificationOf(engineer.uid, "job.withdrawn", jobId);
      await notificationOf(customer.uid, "job.reassigning", jobId);
    });

    it("running the watchdog twice changes nothing the second time", async () => {
      const { engineer, jobId } = await anExpiredAssignment("beheira");
      const next = await anEngineer({ governorate: "beheira" });
      const now = Date.now();
      await runAcceptWatchdog(now);
      const paths = [`serviceJobs/${jobId}`, `engineers/${engineer.uid}`, `engineers/${next.uid}`];
      const afterFirst: DocumentData[] = await Promise.all(paths.map(docData));
      assert.equal(afterFirst[0].engineerId, next.uid);
      await runAcceptWatchdog(now);
      assert.deepEqual(await Promise.all(paths.map(docData)), afterFirst);
    });

    it("the third missed accept window tells the admins", async () => {
      const anAdmin = await anAlertedAdmin();
      const { jobId } = await anExpiredAssignment("asyut", { missedAccepts: 2 });
      await runAcceptWatchdog(Date.now());
      const job = await docData(`serviceJobs/${jobId}`);
      assert.equal(job.missedAccepts, 3);
      assert.equal(job.status, "requested", "nobody else in the governorate");
      await notificationOf(anAdmin.uid, "job.accept_missed", jobId);
    });

    it("an assignment whose window is still open is left alone", async () => {
      const { jobId } = await anExpiredAssignment("alexandria", { agoMs: -5 * 60_000 });
      await runAcceptWatchdog(Date.now());
      assert.equal((await docData(`serviceJobs/${jobId}`)).status, "assigned");
    });

    it("one run over 20 expired assignments: freed engineers take each other's jobs, and nobody ends up with two", async () => {
      const customer = await aCustomer();
      const { db } = admin();
      const pairs = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const uid = `eng-bulk-${randomUUID().slice(0, 8)}-${i}`;
          track("engineer", uid);
          await db.doc(`engineers/${uid}`).set(aDispatchableEngineerDoc({ governorate: "giza", availability: "on_job" }));
          const jobId = await aStoredJob(customer.uid, { governorate: "giza", status: "assigned", engineerId: uid, assignedAt: Date.now() - 20 * 60_000, acceptBy: Date.now() - 60_000 });
          await db.doc(`engineers/${uid}`).update({ activeJobId: jobId });
          return { uid, jobId };
        }),
      );
      const started = Date.now();
      const report = await runAcceptWatchdog(Date.now());
      console.log(`      watchdog over 20 expired assignments: ${JSON.stringify(report)} in ${Date.now() - started} ms`);
      assert.ok(report.withdrawn >= 20);
      const engineers = new Map(await Promise.all(pairs.map(async ({ uid }) => [uid, await docData(`engineers/${uid}`)] as const)));
      const jobs = new Map(await Promise.all(pairs.map(async ({ jobId }) => [jobId, await docData(`serviceJobs/${jobId}`)] as const)));
      for (const [uid, engineer] of engineers) {
        assert.equal(engineer.availability === "on_job", engineer.activeJobId !== null, `${uid} on_job exactly when holding a job`);
        if (engineer.activeJobId) assert.equal(jobs.get(engineer.activeJobId)?.engineerId, uid, `${uid} holds a job assigned to him`);
      }
      for (const [jobId, job] of jobs) {
        assert.ok(["assigned", "requested"].includes(job.status), jobId);
        if (job.status === "assigned") {
          assert.equal(engineers.get(job.engineerId)?.activeJobId, jobId, `${jobId}'s engineer holds it`);
          assert.ok(!job.declinedBy.includes(job.engineerId), `${jobId} is not given back to the engineer who missed it`);
        }
      }
      const holders = [...engineers.values()].map((e) => e.activeJobId).filter(Boolean);
      assert.equal(new Set(holders).size, holders.length, "no job held twice");
      console.log(`      after the run: ${holders.length} of 20 jobs reassigned to another engineer`);
    });

    it("an engineer accepting while the watchdog withdraws: one outcome, consistent documents, every time", async () => {
      // Warm the function up so the race is not decided by a cold start.
      const warm = await anEngineer({ governorate: "dakahlia", online: false });
      await callRaw("jobs-respond", { jobId: "warm-up", accept: true }, warm.idToken);
      const seen: string[] = [];
      for (let round = 0; round < 6; round += 1) {
        const { engineer, jobId } = await anExpiredAssignment("dakahlia", { agoMs: 1 });
        const [answer] = await Promise.all([
          callRaw<{ status: string }>("jobs-respond", { jobId, accept: true }, engineer.idToken),
          runAcceptWatchdog(Date.now()),
        ]);
        const job = await docData(`serviceJobs/${jobId}`);
        const held = await docData(`engineers/${engineer.uid}`);
        if (answer.result) {
          seen.push("accepted");
          assert.equal(job.status, "accepted");
          assert.equal(job.engineerId, engineer.uid);
          assert.equal(held.availability, "on_job");
          assert.equal(held.activeJobId, jobId);
        } else {
          seen.push("withdrawn");
          assert.equal((answer.error as CallableFailure).details?.code, "ASSIGNMENT_WITHDRAWN", JSON.stringify(answer.error));
          assert.equal(job.status, "requested");
          assert.equal(job.engineerId, null);
          assert.deepEqual(job.declinedBy, [engineer.uid]);
          assert.equal(held.availability, "available");
          assert.equal(held.activeJobId, null);
        }
        await cleanUpDispatchWorld();
      }
      console.log(`      race outcomes: ${seen.join(", ")}`);
    });
  });
});
