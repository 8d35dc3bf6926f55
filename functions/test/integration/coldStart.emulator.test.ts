// Cold start in the Functions emulator (SPEC section 10, issue 14 item 2): ten first calls of
// one callable at once all succeed. The emulator starts one worker per concurrent request,
// and each worker loads the function's group from nothing, so ten cold loads race on this
// 2-core machine; with every group loading lazily and little at module load they finish
// inside the callable's deadline. privacy-recordConsent is called by no earlier test file
// (files run in name order), so these are its first calls of the session.
import assert from "node:assert/strict";
import { anActor, profileOf } from "../support/actors";
import { callRaw } from "../support/emulators";

const CALLS = 10;

describe("cold start in the Functions emulator", function () {
  this.timeout(180_000);

  it("ten first calls of one callable at once all succeed", async () => {
    const callers = await Promise.all(Array.from({ length: CALLS }, (_, i) => anActor({ label: `cold-${i}` })));
    // Each caller's profile first (made by the Auth trigger), so the burst measures only the consent group.
    await Promise.all(callers.map((caller) => profileOf(caller.uid)));
    const started = Date.now();
    const answers = await Promise.all(
      callers.map((caller) => callRaw<{ id: string }>("privacy-recordConsent", { type: "terms", granted: true, policyVersion: "2026-01" }, caller.idToken)),
    );
    const seconds = (Date.now() - started) / 1000;
    const failed = answers.filter((a) => a.httpStatus !== 200 || !a.result?.id);
    assert.deepEqual(failed.map((a) => [a.httpStatus, a.error?.status, a.error?.details]), [], "every first call answered with its consent id");
    assert.equal(new Set(answers.map((a) => a.result?.id)).size, CALLS, "ten distinct consent records");
    console.log(`      ${CALLS} first calls at once answered in ${seconds.toFixed(1)} s`);
  });
});
