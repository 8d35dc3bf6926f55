// privacy-eraseNow and ops-rotatePiiKey through the one pipeline, in this process (the
// callable's own handler against the emulators): admin with MFA and sudo mode, App Check
// consumed, bad input named; Storage and RTDB are the recording fake.
import assert from "node:assert/strict";
import { setPipelineClock } from "../../src/core/callable";
import { ops } from "../../src/ops";
import { privacy } from "../../src/privacy";
import { setExternalStores } from "../../src/privacy/externalStores";
import { anActor, profileOf } from "../support/actors";
import { admin } from "../support/emulators";
import { FakeStores } from "../support/fakeStores";
import { invoke, requestAs } from "../support/inProcess";
import { assertNothingNames, authUserGone, pseudonym, seedPersonalData } from "./privacy.deletionRun.helpers";

describe("privacy-eraseNow and ops-rotatePiiKey (pipeline)", function () {
  this.timeout(120_000);
  const stores = new FakeStores();
  before(() => setExternalStores(stores));
  after(() => {
    setExternalStores(undefined);
    setPipelineClock(undefined);
  });

  it("an MFA admin in sudo mode erases an active user at once; the entry names the admin and the masked reason", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const user = await anActor({ label: "erased-now" });
    await profileOf(user.uid);
    await seedPersonalData(user.uid, stores);
    const reason = "Court order 12/2026, call +201012345678";
    const answer = await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: user.uid, reason }));
    assert.deepEqual(answer, { result: { status: "erased" } });
    await assertNothingNames(user.uid);
    assert.ok(await authUserGone(user.uid));
    const entry = (await admin().db.collection("auditLogs").where("target.id", "==", pseudonym(user.uid)).where("action", "==", "data.delete_complete").get()).docs[0];
    assert.deepEqual(entry.get("actor"), { uid: anAdmin.uid, role: "admin" });
    assert.equal(entry.get("changes.reason"), "Court order 12/2026, call [phone]");
    const replay = await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: user.uid, reason }));
    assert.deepEqual(replay, { result: { status: "erased" } }, "a second call finds the erasure done");
  });

  it("refuses a customer, an admin without a second factor, a stale sign-in, the admin's own account, bad ids and an unknown user", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const noMfa = await anActor({ role: "admin", mfa: false });
    const customer = await anActor();
    const target = { uid: customer.uid, reason: "Legal request" };
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(customer, target)), { status: "permission-denied", code: "ROLE_FORBIDDEN" });
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(noMfa, target)), { status: "permission-denied", code: "MFA_REQUIRED" });
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: anAdmin.uid, reason: "Myself" })), {
      status: "failed-precondition",
      code: "CANNOT_ERASE_SELF",
    });
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: "a/b", reason: "Hostile" })), { status: "invalid-argument", code: "VALIDATION_FAILED" });
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: "nobody-at-all", reason: "Missing" })), { status: "not-found", code: "NOT_FOUND" });
    setPipelineClock(() => Date.now() + 16 * 60_000);
    assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(anAdmin, target)), { status: "unauthenticated", code: "REAUTH_REQUIRED" });
    assert.deepEqual(await invoke(ops.rotatePiiKey, await requestAs(anAdmin, {})), { status: "unauthenticated", code: "REAUTH_REQUIRED" });
    setPipelineClock(undefined);
    assert.equal(await authUserGone(customer.uid), false, "nothing was erased");
  });

  it("ops-rotatePiiKey answers a rotation id; nothing is stale under the deployed key, so it re-encrypts nothing", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const answer = await invoke(ops.rotatePiiKey, await requestAs(anAdmin, {}));
    const rotationId = (answer.result as { rotationId?: string } | undefined)?.rotationId;
    assert.ok(rotationId, JSON.stringify(answer));
    const record = (await admin().db.doc(`keyRotations/${rotationId}`).get()).data();
    assert.equal(record?.state, "done");
    assert.equal(record?.progress.reencrypted, 0);
    const audit = await admin().db.collection("auditLogs").where("target.id", "==", rotationId).where("action", "==", "config.key_rotation").get();
    assert.equal(audit.size, 1);
    assert.deepEqual(audit.docs[0].get("actor"), { uid: anAdmin.uid, role: "admin" });
  });

  describe("App Check replay protection (ENFORCE_APP_CHECK on)", () => {
    const previous = process.env.ENFORCE_APP_CHECK;
    before(() => (process.env.ENFORCE_APP_CHECK = "true"));
    after(() => (process.env.ENFORCE_APP_CHECK = previous));

    it("a replayed privacy-eraseNow or ops-rotatePiiKey (App Check token already consumed) is refused and erases nothing", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const user = await anActor({ label: "replay-target" });
      const replay = { app: { alreadyConsumed: true } };
      assert.deepEqual(await invoke(privacy.eraseNow, await requestAs(anAdmin, { uid: user.uid, reason: "Replay" }, replay)), {
        status: "unauthenticated",
        code: "APP_CHECK_REPLAYED",
      });
      assert.deepEqual(await invoke(ops.rotatePiiKey, await requestAs(anAdmin, {}, replay)), { status: "unauthenticated", code: "APP_CHECK_REPLAYED" });
      assert.equal(await authUserGone(user.uid), false);
    });
  });
});
