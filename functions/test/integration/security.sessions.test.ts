// Issue 10: sessions that must not keep acting. Finding 9 (a demoted vendor's or engineer's
// old token; users-updateProfile before the sign-up trigger) over HTTP through the
// Functions emulator, and App Check replay protection in process with ENFORCE_APP_CHECK on
// (the emulator has no App Check service, so the SDK's `app.alreadyConsumed` is given as
// the SDK would set it after consuming a token).
import assert from "node:assert/strict";
import type { CallableRequest } from "firebase-functions/v2/https";
import { callableOptions } from "../../src/core/callable";
import { DomainError } from "../../src/core/errors";
import { orders } from "../../src/orders";
import { users } from "../../src/users";
import { anActor, PASSWORD, profileOf, type Actor } from "../support/actors";
import { signInWithPassword } from "../support/authEmulator";
import { assertCallableError } from "../support/callables";
import { admin, callRaw, useLiveTriggersOff } from "../support/emulators";

type Runnable = { run(request: CallableRequest<unknown>): Promise<unknown> };

async function requestAs(actor: Actor, data: unknown, app?: { alreadyConsumed?: boolean }): Promise<CallableRequest<unknown>> {
  const token = await admin().auth.verifyIdToken(actor.idToken);
  const appCheck = app ? { appId: "1:123:web:souk", token: { app_id: "1:123:web:souk" }, ...app } : undefined;
  return {
    data,
    auth: { uid: actor.uid, token, rawToken: actor.idToken },
    app: appCheck,
    rawRequest: { headers: {}, ip: "127.0.0.1" },
    acceptsStreaming: false,
  } as unknown as CallableRequest<unknown>;
}

async function refusal(promise: Promise<unknown>): Promise<{ status?: string; code?: string }> {
  try {
    await promise;
  } catch (error) {
    const details = (error as { details?: { code?: string }; code?: string }).details;
    return { status: (error as { code?: string }).code, code: details?.code ?? (error instanceof DomainError ? error.code : undefined) };
  }
  return {};
}

describe("security: sessions", function () {
  this.timeout(60_000);

  describe("a role change makes older tokens stale (finding 9)", () => {
    it("a demoted vendor's old token is refused with TOKEN_STALE, a fresh one works", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const vendor = await anActor({ role: "vendor" });
      await profileOf(vendor.uid);
      const demoted = await callRaw("users-setRole", { uid: vendor.uid, role: "customer" }, anAdmin.idToken);
      assert.equal(demoted.error, undefined, JSON.stringify(demoted.error));
      // The attack: the token minted while a vendor still says role=vendor for up to an hour.
      const vendorCall = await callRaw("vendors-updateProfile", { description: "still selling" }, vendor.idToken);
      assertCallableError(vendorCall.error, "UNAUTHENTICATED", "TOKEN_STALE");
      const anyCall = await callRaw("users-updateProfile", { displayName: "Old token" }, vendor.idToken);
      assertCallableError(anyCall.error, "UNAUTHENTICATED", "TOKEN_STALE");
      const fresh = await signInWithPassword(vendor.email, PASSWORD);
      assert.deepEqual((await callRaw("users-updateProfile", { displayName: "New token" }, fresh.idToken)).result, { ok: true });
    });

    it("a demoted engineer's old token cannot set availability", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anActor({ role: "engineer" });
      await profileOf(engineer.uid);
      const demoted = await callRaw("users-setRole", { uid: engineer.uid, role: "customer" }, anAdmin.idToken);
      assert.equal(demoted.error, undefined, JSON.stringify(demoted.error));
      const { error } = await callRaw("engineers-setAvailability", { availability: "available" }, engineer.idToken);
      assertCallableError(error, "UNAUTHENTICATED", "TOKEN_STALE");
    });

    it("a promoted customer refreshes too: the old token is stale until getIdToken(true)", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const customer = await anActor();
      await profileOf(customer.uid);
      await callRaw("users-setRole", { uid: customer.uid, role: "vendor" }, anAdmin.idToken);
      const { error } = await callRaw("users-updateProfile", { displayName: "Promoted" }, customer.idToken);
      assertCallableError(error, "UNAUTHENTICATED", "TOKEN_STALE");
    });

    it("a role set without an admin role change (no roleChangedAt) never locks anyone out", async () => {
      const vendor = await anActor({ role: "vendor" }); // claim set directly; the profile still says customer
      await profileOf(vendor.uid);
      assert.deepEqual((await callRaw("users-updateProfile", { displayName: "Fine" }, vendor.idToken)).result, { ok: true });
    });
  });

  describe("users-updateProfile before the profile trigger (finding 9)", () => {
    useLiveTriggersOff();

    it("writes a complete profile: role, status and createdAt as the trigger would", async () => {
      const email = `early.${Date.now()}@souk.test`;
      const created = await admin().auth.createUser({ email, password: PASSWORD, displayName: "Early Bird" });
      const session = await signInWithPassword(email, PASSWORD);
      const actor: Actor = { uid: created.uid, idToken: session.idToken ?? "", refreshToken: session.refreshToken ?? "", email, role: "customer" };
      assert.equal((await admin().db.doc(`users/${created.uid}`).get()).exists, false, "no profile yet: the trigger has not run");
      await (users.updateProfile as unknown as Runnable).run(await requestAs(actor, { governorate: "Giza" }));
      const profile = (await admin().db.doc(`users/${created.uid}`).get()).data() ?? {};
      assert.equal(profile.role, "customer");
      assert.equal(profile.status, "active");
      assert.equal(profile.displayName, "Early Bird");
      assert.equal(profile.locale, "ar");
      assert.equal(profile.governorate, "giza");
      assert.ok(profile.createdAt?.toMillis() > 0, "createdAt set");
    });
  });

  describe("App Check replay protection (ENFORCE_APP_CHECK on)", () => {
    const previous = process.env.ENFORCE_APP_CHECK;
    before(() => (process.env.ENFORCE_APP_CHECK = "true"));
    after(() => (process.env.ENFORCE_APP_CHECK = previous));

    it("users-setRole and orders-refund ask the SDK to consume the App Check token", () => {
      assert.equal(callableOptions({ consumeAppCheck: true }).consumeAppCheckToken, true);
      assert.equal("consumeAppCheckToken" in callableOptions({}), false);
    });

    it("a replayed users-setRole (token already consumed) is refused and changes nothing", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const target = await anActor();
      const replay = await refusal((users.setRole as unknown as Runnable).run(await requestAs(anAdmin, { uid: target.uid, role: "vendor" }, { alreadyConsumed: true })));
      assert.deepEqual(replay, { status: "unauthenticated", code: "APP_CHECK_REPLAYED" });
      const missing = await refusal((users.setRole as unknown as Runnable).run(await requestAs(anAdmin, { uid: target.uid, role: "vendor" })));
      assert.deepEqual(missing, { status: "unauthenticated", code: "APP_CHECK_REQUIRED" });
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, undefined);
      await (users.setRole as unknown as Runnable).run(await requestAs(anAdmin, { uid: target.uid, role: "vendor" }, { alreadyConsumed: false }));
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor");
    });

    it("a replayed orders-refund is refused before anything is read", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const replay = await refusal((orders.refund as unknown as Runnable).run(await requestAs(anAdmin, { orderId: "o_any", reason: "replay" }, { alreadyConsumed: true })));
      assert.deepEqual(replay, { status: "unauthenticated", code: "APP_CHECK_REPLAYED" });
    });

    it("a callable without replay protection accepts a consumed-flag-free App Check token", async () => {
      const customer = await anActor();
      const result = await (users.updateProfile as unknown as Runnable).run(await requestAs(customer, { displayName: "Checked" }, {}));
      assert.deepEqual(result, { ok: true });
    });
  });
});
