// The callable pipeline end to end through the Functions emulator: validation, roles,
// MFA, revocation, suspension, rate limits and the audit trail (SPEC sections 2, 4, 8).
import assert from "node:assert/strict";
import { anActor, PASSWORD, profileOf } from "../support/actors";
import { refreshIdToken, signInWithPassword } from "../support/authEmulator";
import { assertCallableError } from "../support/callables";
import { inOneWindow, MINUTE_WINDOW_MS, WINDOW_ATTEMPTS } from "../support/windows";
import { admin, callRaw, eventually } from "../support/emulators";

async function auditEntries(action: string, targetId: string) {
  const snapshot = await admin().db.collection("auditLogs").where("action", "==", action).where("target.id", "==", targetId).get();
  return snapshot.docs.map((d) => d.data());
}

describe("callable pipeline", () => {
  describe("validation", () => {
    it("a wrong type fails with invalid-argument and names the field", async () => {
      const customer = await anActor();
      const { error } = await callRaw("users-updateProfile", { displayName: 42 }, customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(error.details?.fields?.displayName, JSON.stringify(error.details));
    });

    it("an unknown key fails with invalid-argument and names the key", async () => {
      const customer = await anActor();
      const { error } = await callRaw("users-updateProfile", { displayName: "Mona", role: "admin" }, customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.deepEqual(Object.keys(error.details?.fields ?? {}), ["role"]);
    });

    it("a missing field fails with invalid-argument and names the field", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const { error } = await callRaw("users-setRole", { uid: anAdmin.uid }, anAdmin.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(error.details?.fields?.role, JSON.stringify(error.details));
    });

    it("a bad nested value names its full path", async () => {
      const customer = await anActor();
      const address = { line1: "12 Tahrir Street", city: "Cairo", governorate: "atlantis" };
      const { error } = await callRaw("users-updateProfile", { address }, customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(Object.keys(error.details?.fields ?? {}).some((path) => path.startsWith("address")), JSON.stringify(error.details));
    });
  });

  describe("roles and MFA", () => {
    it("an unauthenticated call fails with unauthenticated", async () => {
      const { error } = await callRaw("users-updateProfile", { displayName: "Nobody" });
      assertCallableError(error, "UNAUTHENTICATED", "AUTH_REQUIRED");
    });

    it("a customer calling users-setRole is denied and the denial is audited", async () => {
      const customer = await anActor();
      const { error } = await callRaw("users-setRole", { uid: customer.uid, role: "admin" }, customer.idToken);
      assertCallableError(error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      const entries = await auditEntries("user.role_change", "users.setRole");
      assert.ok(entries.some((e) => e.outcome === "denied" && e.actor.uid === customer.uid && e.reason === "ROLE_FORBIDDEN"));
      assert.equal((await admin().auth.getUser(customer.uid)).customClaims?.role, undefined);
    });

    it("an admin without MFA gets MFA_REQUIRED and a denied audit entry", async () => {
      const anAdmin = await anActor({ role: "admin", mfa: false });
      const target = await anActor();
      const { error } = await callRaw("users-setRole", { uid: target.uid, role: "vendor" }, anAdmin.idToken);
      assertCallableError(error, "PERMISSION_DENIED", "MFA_REQUIRED");
      const entries = await auditEntries("user.role_change", "users.setRole");
      const denial = entries.find((e) => e.actor.uid === anAdmin.uid);
      assert.ok(denial, "a denied entry for this admin");
      assert.equal(denial.outcome, "denied");
      assert.equal(denial.reason, "MFA_REQUIRED");
      assert.ok(denial.expireAt.toMillis() > Date.now() + 6.9 * 365 * 24 * 3600 * 1000, "expireAt is about 7 years out");
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, undefined);
    });

    it("an admin with MFA changes a role: claim set, profile mirrored, audited", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const target = await anActor();
      await profileOf(target.uid);
      const { result, error } = await callRaw("users-setRole", { uid: target.uid, role: "vendor" }, anAdmin.idToken);
      assert.equal(error, undefined, JSON.stringify(error));
      assert.deepEqual(result, { ok: true });
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor");
      assert.equal((await profileOf(target.uid)).role, "vendor");
      const [entry] = await auditEntries("user.role_change", target.uid);
      assert.equal(entry.outcome, "success");
      assert.deepEqual(entry.actor, { uid: anAdmin.uid, role: "admin" });
      const { from, to, tokensRevoked } = entry.changes as Record<string, unknown>;
      assert.deepEqual({ from, to, tokensRevoked }, { from: "customer", to: "vendor", tokensRevoked: false });
      // The promotion shows on the client's next token refresh.
      const refreshed = await admin().auth.verifyIdToken(await refreshIdToken(target.refreshToken));
      assert.equal(refreshed.role, "vendor");
    });

    it("a demotion revokes the target's refresh tokens", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const vendor = await anActor({ role: "vendor" });
      const before = (await admin().auth.getUser(vendor.uid)).tokensValidAfterTime;
      await new Promise((resolve) => setTimeout(resolve, 1100)); // tokensValidAfterTime has one-second resolution
      const { error } = await callRaw("users-setRole", { uid: vendor.uid, role: "customer" }, anAdmin.idToken);
      assert.equal(error, undefined, JSON.stringify(error));
      const after = (await admin().auth.getUser(vendor.uid)).tokensValidAfterTime;
      assert.ok(Date.parse(after ?? "") > Date.parse(before ?? ""), `tokensValidAfterTime ${before} -> ${after}`);
      await assert.rejects(admin().auth.verifyIdToken(vendor.idToken, true), /revoked/i);
      assert.equal((await admin().auth.getUser(vendor.uid)).customClaims?.role, undefined);
    });

    it("an admin whose own tokens were revoked is refused even with MFA", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const target = await anActor();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await admin().auth.revokeRefreshTokens(anAdmin.uid);
      const { error } = await callRaw("users-setRole", { uid: target.uid, role: "vendor" }, anAdmin.idToken);
      assertCallableError(error, "UNAUTHENTICATED", "TOKEN_REVOKED");
    });

    it("an admin cannot change their own role", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const { error } = await callRaw("users-setRole", { uid: anAdmin.uid, role: "customer" }, anAdmin.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "SELF_ROLE_CHANGE");
    });

    it("setting the role of an unknown user fails with not-found", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const { error } = await callRaw("users-setRole", { uid: "no-such-user", role: "vendor" }, anAdmin.idToken);
      assertCallableError(error, "NOT_FOUND", "NOT_FOUND");
    });
  });

  describe("account status", () => {
    it("a suspended user's callables fail with permission-denied until reinstated", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const customer = await anActor();
      await profileOf(customer.uid);
      const suspend = await callRaw("users-setStatus", { uid: customer.uid, status: "suspended", reason: "fraud report" }, anAdmin.idToken);
      assert.equal(suspend.error, undefined, JSON.stringify(suspend.error));
      assert.equal((await profileOf(customer.uid)).status, "suspended");
      const { error } = await callRaw("users-updateProfile", { displayName: "Still here" }, customer.idToken);
      assertCallableError(error, "PERMISSION_DENIED", "ACCOUNT_SUSPENDED");
      // Suspension disables the Auth user and revokes its tokens (SPEC 2): every backend
      // check, verifyIdToken(checkRevoked), refuses the old token (disabled is checked first).
      await assert.rejects(admin().auth.verifyIdToken(customer.idToken, true), /disabled|revoked/i);
      const [entry] = await auditEntries("user.status_change", customer.uid);
      assert.equal(entry.outcome, "success");
      assert.equal(entry.changes.to, "suspended");

      await callRaw("users-setStatus", { uid: customer.uid, status: "active", reason: "cleared" }, anAdmin.idToken);
      const again = await signInWithPassword(customer.email, PASSWORD);
      const retry = await callRaw("users-updateProfile", { displayName: "Back again" }, again.idToken);
      assert.deepEqual(retry.result, { ok: true });
    });
  });

  describe("rate limits", () => {
    // users-updateProfile allows 10 calls per user per 60-second window: each attempt runs
    // with a fresh caller, judged only when it ran within one window (support/windows.ts).
    it("the 11th call in the window fails with resource-exhausted", async function () {
      this.timeout(WINDOW_ATTEMPTS * MINUTE_WINDOW_MS + 30_000);
      const outcomes = await inOneWindow(async () => {
        const customer = await anActor();
        const calls = [];
        for (let i = 0; i < 11; i += 1) calls.push(await callRaw("users-updateProfile", { displayName: `Name ${i}` }, customer.idToken));
        return calls;
      });
      outcomes.slice(0, 10).forEach(({ error }, i) => assert.equal(error, undefined, `call ${i + 1}: ${JSON.stringify(error)}`));
      assertCallableError(outcomes[10].error, "RESOURCE_EXHAUSTED", "RATE_LIMITED");
    });

    it("20 concurrent calls never let more than 10 through", async function () {
      this.timeout(WINDOW_ATTEMPTS * MINUTE_WINDOW_MS + 30_000);
      const outcomes = await inOneWindow(async () => {
        const customer = await anActor();
        return Promise.all(Array.from({ length: 20 }, (_, i) => callRaw("users-updateProfile", { displayName: `Racer ${i}` }, customer.idToken)));
      });
      const passed = outcomes.filter((o) => o.error === undefined).length;
      const limited = outcomes.filter((o) => o.error?.details?.code === "RATE_LIMITED").length;
      assert.ok(passed <= 10, `${passed} calls passed`);
      assert.ok(passed >= 1, "at least one call passed");
      assert.equal(passed + limited, 20, `other failures: ${JSON.stringify(outcomes.filter((o) => o.error && o.error.details?.code !== "RATE_LIMITED").map((o) => o.error))}`);
    });
  });

  describe("users-updateProfile", () => {
    it("stores phone and address encrypted, never in the readable profile", async () => {
      const customer = await anActor();
      await profileOf(customer.uid);
      const address = { line1: "12 Tahrir Street", city: "Cairo", governorate: "Cairo" };
      const { error } = await callRaw(
        "users-updateProfile",
        { displayName: "Mona Adel", locale: "en", governorate: "Giza", phone: "010 0123 4567", address },
        customer.idToken,
      );
      assert.equal(error, undefined, JSON.stringify(error));
      const profile = await eventually("updated profile", async () => {
        const data = await profileOf(customer.uid);
        return data.displayName === "Mona Adel" ? data : undefined;
      });
      assert.equal(profile.locale, "en");
      assert.equal(profile.governorate, "giza");
      assert.equal(profile.phone, undefined);
      const pii = (await admin().db.doc(`users/${customer.uid}/private/pii`).get()).data() ?? {};
      assert.match(pii.phone, /^pii1\.1\./);
      assert.ok(!JSON.stringify(pii).includes("0123"), "no plaintext digits in the stored PII");
      assert.ok(!JSON.stringify(pii).includes("Tahrir"), "no plaintext address in the stored PII");
    });

    it("an empty update is refused", async () => {
      const customer = await anActor();
      const { error } = await callRaw("users-updateProfile", {}, customer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    });
  });
});
