// jobs-review through the Functions emulator (SPEC sections 3 and 4, issue 11): the
// customer of a completed job rates its engineer once; the engineers/{uid}/reviews trigger
// (delivered in process, twice, as a redelivery would) keeps engineers/{uid}.rating, and
// dispatch's tie-break ranks by that rating.
import assert from "node:assert/strict";
import type { DocumentData, DocumentSnapshot } from "firebase-admin/firestore";
import { onEngineerReviewWritten } from "../../src/engineers/ratings";
import { assertCallableError } from "../support/callables";
import { newId } from "../support/catalogue";
import { admin, callRaw, useLiveTriggersOff } from "../support/emulators";
import { aCustomer, aJobRequest, anEngineer, aStoredJob, cleanUpDispatchWorld, docData } from "./jobs.fixtures";

type Runnable = { run(event: unknown): Promise<unknown> };
const trigger = onEngineerReviewWritten as unknown as Runnable;

/** Hands the review's write to the trigger twice, as the platform does when it redelivers. */
async function deliverTwice(uid: string, jobId: string, before: DocumentSnapshot): Promise<void> {
  const after = await admin().db.doc(`engineers/${uid}/reviews/${jobId}`).get();
  const event = { id: newId("evt"), time: new Date().toISOString(), params: { uid, jobId }, data: { before, after } };
  await trigger.run(event);
  await trigger.run(event);
}

/** A completed job of a new customer done by `engineerId`, reviewed through jobs-review and delivered to the trigger. */
async function reviewed(engineerId: string, governorate: string, rating: number): Promise<string> {
  const customer = await aCustomer();
  const jobId = await aStoredJob(customer.uid, { governorate, status: "completed", engineerId });
  const before = await admin().db.doc(`engineers/${engineerId}/reviews/${jobId}`).get();
  const { result, error } = await callRaw("jobs-review", { jobId, rating }, customer.idToken);
  assert.deepEqual(result, { ok: true }, JSON.stringify(error));
  await deliverTwice(engineerId, jobId, before);
  return jobId;
}

const ratingOf = async (uid: string) => (await docData(`engineers/${uid}`)).rating;

describe("jobs-review and the engineer rating", function () {
  this.timeout(120_000);
  useLiveTriggersOff();
  afterEach(cleanUpDispatchWorld);

  it("the customer of a completed job reviews its engineer once: the review as SPEC shapes it, a second call ALREADY_REVIEWED", async () => {
    const engineer = await anEngineer({ governorate: "matrouh" });
    const customer = await aCustomer();
    const jobId = await aStoredJob(customer.uid, { governorate: "matrouh", status: "completed", engineerId: engineer.uid });
    const first = await callRaw("jobs-review", { jobId, rating: 4, text: "  On time, clear report.  " }, customer.idToken);
    assert.deepEqual(first.result, { ok: true }, JSON.stringify(first.error));
    const stored = await docData(`engineers/${engineer.uid}/reviews/${jobId}`);
    assert.deepEqual(Object.keys(stored).sort(), ["createdAt", "customerId", "rating", "text"]);
    assert.equal(stored.customerId, customer.uid);
    assert.equal(stored.rating, 4);
    assert.equal(stored.text, "On time, clear report.");

    const again = await callRaw("jobs-review", { jobId, rating: 1, text: "Changed my mind" }, customer.idToken);
    assertCallableError(again.error, "FAILED_PRECONDITION", "ALREADY_REVIEWED");
    const after = await docData(`engineers/${engineer.uid}/reviews/${jobId}`);
    assert.equal(after.rating, 4, "immutable: the first review stands");
    assert.equal(after.text, "On time, clear report.");
  });

  it("another customer, an unfinished job, a missing job and the engineer himself are refused", async () => {
    const engineer = await anEngineer({ governorate: "matrouh" });
    const customer = await aCustomer();
    const stranger = await aCustomer();
    const done = await aStoredJob(customer.uid, { governorate: "matrouh", status: "completed", engineerId: engineer.uid });
    const working = await aStoredJob(customer.uid, { governorate: "matrouh", status: "in_progress", engineerId: engineer.uid });

    assertCallableError((await callRaw("jobs-review", { jobId: done, rating: 1 }, stranger.idToken)).error, "PERMISSION_DENIED", "NOT_JOB_OWNER");
    assertCallableError((await callRaw("jobs-review", { jobId: working, rating: 5 }, customer.idToken)).error, "FAILED_PRECONDITION", "JOB_NOT_COMPLETED");
    assertCallableError((await callRaw("jobs-review", { jobId: "job-ghost", rating: 5 }, customer.idToken)).error, "NOT_FOUND", "NOT_FOUND");
    assertCallableError((await callRaw("jobs-review", { jobId: done, rating: 5 }, engineer.idToken)).error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    const reviews = await admin().db.collection(`engineers/${engineer.uid}/reviews`).get();
    assert.equal(reviews.size, 0, "nothing written by a refused call");
  });

  it("a rating outside 1-5 or not whole, a text over 2000 characters, an unknown key or a hostile job id is refused on its field", async () => {
    const engineer = await anEngineer({ governorate: "matrouh" });
    const customer = await aCustomer();
    const jobId = await aStoredJob(customer.uid, { governorate: "matrouh", status: "completed", engineerId: engineer.uid });
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ jobId, rating: 0 }, "rating"],
      [{ jobId, rating: 6 }, "rating"],
      [{ jobId, rating: 2.5 }, "rating"],
      [{ jobId, rating: "5" }, "rating"],
      [{ jobId, rating: 5, text: "x".repeat(2001) }, "text"],
      [{ jobId: "../users/x", rating: 5 }, "jobId"],
    ];
    for (const [input, field] of bad) {
      const { error } = await callRaw("jobs-review", input, customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(JSON.stringify(error.details).includes(field), `${JSON.stringify(input).slice(0, 60)} names ${field}`);
    }
    assertCallableError((await callRaw("jobs-review", { jobId, rating: 5, createdAt: 1 }, customer.idToken)).error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.equal((await admin().db.collection(`engineers/${engineer.uid}/reviews`).get()).size, 0);
  });

  it("the trigger keeps the rating from all reviews, rounded, and running it twice gives the same rating without a rewrite", async () => {
    const engineer = await anEngineer({ governorate: "matrouh" });
    await admin().db.doc(`engineers/${engineer.uid}`).update({ rating: { avg: 0, count: 0 } });
    const first = await reviewed(engineer.uid, "matrouh", 5);
    assert.deepEqual(await ratingOf(engineer.uid), { avg: 5, count: 1 });
    await reviewed(engineer.uid, "matrouh", 4);
    await reviewed(engineer.uid, "matrouh", 4);
    assert.deepEqual(await ratingOf(engineer.uid), { avg: 4.33, count: 3 });

    const before = await admin().db.doc(`engineers/${engineer.uid}`).get();
    await deliverTwice(engineer.uid, first, await admin().db.doc(`engineers/${engineer.uid}/reviews/none`).get());
    const after = await admin().db.doc(`engineers/${engineer.uid}`).get();
    assert.deepEqual(after.get("rating"), { avg: 4.33, count: 3 });
    assert.equal(after.updateTime?.toMillis(), before.updateTime?.toMillis(), "not even rewritten");
  });

  it("dispatch picks, of two otherwise equal engineers, the one the trigger rated higher", async () => {
    const governorate = "new_valley";
    const pair = [await anEngineer({ governorate, jobsToday: 0 }), await anEngineer({ governorate, jobsToday: 0 })];
    // The uid is dispatch's last tie-break: the higher rating goes to the one the uid would pass over.
    const [uidFirst, uidSecond] = pair.map((e) => e.uid).sort((a, b) => (a < b ? -1 : 1));
    for (const uid of pair.map((e) => e.uid)) await admin().db.doc(`engineers/${uid}`).update({ rating: { avg: 0, count: 0 } });
    await reviewed(uidFirst, governorate, 3);
    await reviewed(uidSecond, governorate, 5);
    assert.deepEqual(await ratingOf(uidFirst), { avg: 3, count: 1 });
    assert.deepEqual(await ratingOf(uidSecond), { avg: 5, count: 1 });
    const first = await docData(`engineers/${uidFirst}`);
    const second = await docData(`engineers/${uidSecond}`);
    const unrated = (d: DocumentData) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== "rating" && key !== "createdAt"));
    assert.deepEqual(unrated(first), unrated(second), "the engineers differ only by rating");

    const customer = await aCustomer();
    const { result, error } = await callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate }), customer.idToken);
    assert.equal(result?.status, "assigned", JSON.stringify(error));
    assert.equal((await docData(`serviceJobs/${result?.jobId}`)).engineerId, uidSecond);
  });
});
