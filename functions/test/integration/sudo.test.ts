// Sudo mode (SPEC section 2): sensitive admin callables refuse a sign-in older than
// ADMIN_REAUTH_MINUTES (15 in .env.demo-souk) with unauthenticated / REAUTH_REQUIRED,
// and the refusal is audited as denied.
import assert from "node:assert/strict";
import { setPipelineClock } from "../../src/core/callable";
import { users } from "../../src/users";
import { vendors } from "../../src/vendors";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";
import { invoke, requestAs } from "../support/inProcess";
import { withSignInMinutesAgo } from "../support/oldSignIn";

/**
 * The refusing side goes through the Functions emulator with a re-stamped auth_time. An old
 * sign-in that must be ACCEPTED cannot be made that way (the Auth emulator sets
 * tokensValidAfterTime to the account's creation, so a token signed in before it fails the
 * revocation check), so the accepting side runs the callable's own handler in this process
 * against the emulators with a fresh token and the pipeline's clock moved forward instead:
 * the same sudo check, revocation check and store, minutes later.
 */
const MINUTE = 60_000;

async function deniedEntries(action: string, adminUid: string) {
  const snapshot = await admin().db.collection("auditLogs").where("actor.uid", "==", adminUid).get();
  return snapshot.docs.map((d) => d.data()).filter((e) => e.action === action && e.outcome === "denied");
}

describe("sudo mode", () => {
  it("an MFA admin whose sign-in is 16 minutes old gets REAUTH_REQUIRED on users-setRole, audited denied, role unchanged", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const target = await anActor();
    await profileOf(target.uid);
    const stale = withSignInMinutesAgo(anAdmin.idToken, 16);
    const { error } = await callRaw("users-setRole", { uid: target.uid, role: "vendor" }, stale);
    assertCallableError(error, "UNAUTHENTICATED", "REAUTH_REQUIRED");
    const [denial] = await deniedEntries("user.role_change", anAdmin.uid);
    assert.ok(denial, "a denied audit entry for this admin");
    assert.equal(denial.reason, "REAUTH_REQUIRED");
    assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, undefined);
  });

  describe("in process, the pipeline's clock moved forward", () => {
    afterEach(() => setPipelineClock(undefined));

    it("the same admin signed in 14 minutes ago may change the role; at 16 minutes the same token is refused", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const target = await anActor();
      await profileOf(target.uid);
      const signedIn = Date.now();
      setPipelineClock(() => signedIn + 14 * MINUTE);
      const accepted = await invoke(users.setRole, await requestAs(anAdmin, { uid: target.uid, role: "vendor" }));
      assert.equal(accepted.status, undefined, JSON.stringify(accepted));
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor");
      setPipelineClock(() => signedIn + 16 * MINUTE);
      const refused = await invoke(users.setRole, await requestAs(anAdmin, { uid: target.uid, role: "engineer" }));
      assert.deepEqual(refused, { status: "unauthenticated", code: "REAUTH_REQUIRED" });
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor", "the refused call changed nothing");
    });

    it("vendors-review approves with a 30-minute-old sign-in (no sudo needed) but refuses to suspend", async () => {
      const anAdmin = await anActor({ role: "admin" });
      setPipelineClock(() => Date.now() + 30 * MINUTE);
      const approve = await invoke(vendors.review, await requestAs(anAdmin, { vendorId: "no-such-vendor", decision: "approve" }));
      assert.deepEqual(approve, { status: "not-found", code: "NOT_FOUND" }, "past sudo mode to the lookup");
      const suspend = await invoke(vendors.review, await requestAs(anAdmin, { vendorId: "no-such-vendor", decision: "suspend", reason: "fraud check" }));
      assert.deepEqual(suspend, { status: "unauthenticated", code: "REAUTH_REQUIRED" });
    });
  });

  it("users-setStatus and orders-refund refuse a stale sign-in too", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const stale = withSignInMinutesAgo(anAdmin.idToken, 16);
    const target = await anActor();
    const status = await callRaw("users-setStatus", { uid: target.uid, status: "suspended", reason: "fraud check" }, stale);
    assertCallableError(status.error, "UNAUTHENTICATED", "REAUTH_REQUIRED");
    const refund = await callRaw("orders-refund", { orderId: "no-such-order", reason: "test refund" }, stale);
    assertCallableError(refund.error, "UNAUTHENTICATED", "REAUTH_REQUIRED");
  });

  it("vendors-review needs a recent sign-in to suspend, not to approve", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const stale = withSignInMinutesAgo(anAdmin.idToken, 30);
    const suspend = await callRaw("vendors-review", { vendorId: "no-such-vendor", decision: "suspend", reason: "fraud check" }, stale);
    assertCallableError(suspend.error, "UNAUTHENTICATED", "REAUTH_REQUIRED");
  });
});
