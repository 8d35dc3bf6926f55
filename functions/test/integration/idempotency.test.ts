// Idempotent creates (SPEC section 4, issue 11): jobs-request keyed by idempotencyKey, and
// vendors-apply that never overwrites a pending, approved or suspended vendor.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { anActor } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { aVendor } from "../support/catalogue";
import { admin, callRaw } from "../support/emulators";
import { TRIGGER_TEST_TIMEOUT_MS, aCustomer, aJobRequest, cleanUpDispatchWorld } from "./jobs.fixtures";

const application = { displayName: "Delta Motors", type: "dealer", governorate: "giza", city: "Dokki", phone: "01001234567", nationalId: "29001011234567" };

describe("idempotent creates", function () {
  this.timeout(TRIGGER_TEST_TIMEOUT_MS);
  afterEach(cleanUpDispatchWorld);

  it("jobs-request called five times at once with one idempotencyKey makes one job", async () => {
    const customer = await aCustomer();
    const request = aJobRequest({ governorate: "damietta", idempotencyKey: randomUUID() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => callRaw<{ jobId: string; status: string }>("jobs-request", request, customer.idToken)));
    for (const a of answers) assert.equal(a.error, undefined, JSON.stringify(a.error));
    const ids = new Set(answers.map((a) => a.result?.jobId));
    assert.equal(ids.size, 1, `one job id: ${[...ids].join(", ")}`);
    const jobs = await admin().db.collection("serviceJobs").where("customerId", "==", customer.uid).get();
    assert.equal(jobs.size, 1);

    const retry = await callRaw<{ jobId: string }>("jobs-request", request, customer.idToken);
    assert.equal(retry.result?.jobId, [...ids][0], "a later retry returns the same job");
    const reused = await callRaw("jobs-request", { ...request, type: "repair" }, customer.idToken);
    assertCallableError(reused.error, "FAILED_PRECONDITION", "IDEMPOTENCY_KEY_REUSED");
    const other = await aCustomer();
    const theirs = await callRaw<{ jobId: string }>("jobs-request", request, other.idToken);
    assert.notEqual(theirs.result?.jobId, [...ids][0], "the same key from another customer is another job");
  });

  it("jobs-request without an idempotencyKey is refused naming the field", async () => {
    const customer = await aCustomer();
    const withoutKey: Record<string, unknown> = aJobRequest();
    delete withoutKey.idempotencyKey;
    const { error } = await callRaw("jobs-request", withoutKey, customer.idToken);
    assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(error.details?.fields?.idempotencyKey, JSON.stringify(error.details));
  });

  it("vendors-apply by an approved or suspended vendor is ALREADY_APPLIED and changes nothing", async () => {
    for (const status of ["approved", "suspended"]) {
      const vendor = await aVendor(status);
      const before = (await admin().db.doc(`vendors/${vendor.uid}`).get()).data();
      const { error } = await callRaw("vendors-apply", application, vendor.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "ALREADY_APPLIED");
      const after = (await admin().db.doc(`vendors/${vendor.uid}`).get()).data();
      assert.deepEqual(after, before, `${status} vendor untouched`);
    }
  });

  it("two applications raced by one customer: one pending vendor, the other ALREADY_APPLIED", async () => {
    const customer = await anActor();
    const answers = await Promise.all([callRaw("vendors-apply", application, customer.idToken), callRaw("vendors-apply", application, customer.idToken)]);
    assert.equal(answers.filter((a) => a.result).length, 1, JSON.stringify(answers.map((a) => a.error?.details?.code ?? "ok")));
    assert.equal(answers.find((a) => a.error)?.error?.details?.code, "ALREADY_APPLIED");
  });
});
