// Sudo mode (SPEC section 2): sensitive admin callables refuse a sign-in older than
// ADMIN_REAUTH_MINUTES (15 in .env.demo-souk) with unauthenticated / REAUTH_REQUIRED,
// and the refusal is audited as denied.
import assert from "node:assert/strict";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";
import { withSignInMinutesAgo } from "../support/oldSignIn";

/**
 * An old sign-in that must be ACCEPTED cannot be made in the Auth emulator: it sets
 * tokensValidAfterTime to the account's creation, so a re-stamped token whose auth_time
 * predates the account fails verifyIdToken(checkRevoked) as revoked. The accepting side of
 * the window (14 minutes, approve without sudo) is proven offline in test/unit/sudo.test.ts.
 */
function skipLoudly(test: Mocha.Context): void {
  console.warn(`[sudo] SKIPPED "${test.test?.title}": the Auth emulator cannot hold a token signed in before the account existed (see test/unit/sudo.test.ts)`);
  test.skip();
}

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

  it("the same admin signed in 14 minutes ago may change the role", async function () {
    skipLoudly(this);
    const anAdmin = await anActor({ role: "admin" });
    const target = await anActor();
    await profileOf(target.uid);
    const { error } = await callRaw("users-setRole", { uid: target.uid, role: "vendor" }, withSignInMinutesAgo(anAdmin.idToken, 14));
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor");
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

  it("vendors-review approves with an older sign-in (no sudo needed)", async function () {
    skipLoudly(this);
    const anAdmin = await anActor({ role: "admin" });
    const stale = withSignInMinutesAgo(anAdmin.idToken, 30);
    const approve = await callRaw("vendors-review", { vendorId: "no-such-vendor", decision: "approve" }, stale);
    assertCallableError(approve.error, "NOT_FOUND", "NOT_FOUND");
  });
});
