// Issue 10: sessions that must not keep acting. Finding 9 (a demoted vendor's or engineer's
// old token; users-updateProfile before the sign-up trigger) and App Check replay protection in process with ENFORCE_APP_CHECK on
// (the emulator has no App Check service, so the SDK's `app.alreadyConsumed` is given as
// the SDK would set it after consuming a token).
import assert from "node:assert/strict";
import { FieldValue } from "firebase-admin/firestore";
import { callableOptions } from "../../src/core/callable";
import { engineers } from "../../src/engineers";
import { orders } from "../../src/orders";
import { users } from "../../src/users";
import { newProfileFields } from "../../src/users/model";
import { vendors } from "../../src/vendors";
import { anActor, PASSWORD, type Actor } from "../support/actors";
import { signInWithPassword } from "../support/authEmulator";
import { admin } from "../support/emulators";
import { invoke, requestAs, type Runnable } from "../support/inProcess";

const STALE = { status: "unauthenticated", code: "TOKEN_STALE" };

/**
 * The profile the sign-up trigger writes (role from the claims at sign-up: customer, since
 * anActor sets the role claim afterwards). Written here when no Functions emulator runs it;
 * a profile the trigger already wrote is kept.
 */
async function profileFor(actor: Actor): Promise<void> {
  const profile = { ...newProfileFields({ email: actor.email }), createdAt: FieldValue.serverTimestamp() };
  await admin().db.doc(`users/${actor.uid}`).create(profile).catch(() => undefined);
}

describe("security: sessions", function () {
  this.timeout(60_000);

  describe("a role change makes older tokens stale (finding 9)", () => {
    it("a demoted vendor's old token is refused with TOKEN_STALE, a fresh one works", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const vendor = await anActor({ role: "vendor" });
      await profileFor(vendor);
      const demoted = await invoke(users.setRole, await requestAs(anAdmin, { uid: vendor.uid, role: "customer" }));
      assert.deepEqual(demoted, { result: { ok: true } });
      // The attack: the token minted while a vendor still says role=vendor for up to an hour.
      assert.deepEqual(await invoke(vendors.updateProfile, await requestAs(vendor, { description: "still selling" })), STALE);
      assert.deepEqual(await invoke(users.updateProfile, await requestAs(vendor, { displayName: "Old token" })), STALE);
      const fresh = await signInWithPassword(vendor.email, PASSWORD);
      const freshActor = { ...vendor, idToken: fresh.idToken ?? "", role: "customer" as const };
      assert.deepEqual(await invoke(users.updateProfile, await requestAs(freshActor, { displayName: "New token" })), { result: { ok: true } });
    });

    it("a demoted engineer's old token cannot set availability", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anActor({ role: "engineer" });
      await profileFor(engineer);
      const demoted = await invoke(users.setRole, await requestAs(anAdmin, { uid: engineer.uid, role: "customer" }));
      assert.deepEqual(demoted, { result: { ok: true } });
      assert.deepEqual(await invoke(engineers.setAvailability, await requestAs(engineer, { availability: "available" })), STALE);
    });

    it("a promoted customer refreshes too: the old token is stale until getIdToken(true)", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const customer = await anActor();
      await profileFor(customer);
      assert.deepEqual(await invoke(users.setRole, await requestAs(anAdmin, { uid: customer.uid, role: "vendor" })), { result: { ok: true } });
      assert.deepEqual(await invoke(users.updateProfile, await requestAs(customer, { displayName: "Promoted" })), STALE);
    });

    it("a role set without an admin role change (no roleChangedAt) never locks anyone out", async () => {
      const vendor = await anActor({ role: "vendor" }); // claim set directly; the profile still says customer
      await profileFor(vendor);
      assert.deepEqual(await invoke(users.updateProfile, await requestAs(vendor, { displayName: "Fine" })), { result: { ok: true } });
    });
  });

  describe("users-updateProfile before the profile trigger (finding 9)", () => {
    it("writes a complete profile: role, status and createdAt as the trigger would", async () => {
      const email = `early.${Date.now()}@souk.test`;
      const created = await admin().auth.createUser({ email, password: PASSWORD, displayName: "Early Bird" });
      const session = await signInWithPassword(email, PASSWORD);
      const actor: Actor = { uid: created.uid, idToken: session.idToken ?? "", refreshToken: session.refreshToken ?? "", email, role: "customer" };
      // "The trigger has not run yet": whatever a running Functions emulator wrote is removed.
      await admin().db.doc(`users/${created.uid}`).delete();
      assert.deepEqual(await invoke(users.updateProfile, await requestAs(actor, { governorate: "Giza" })), { result: { ok: true } });
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

    it("exactly the callables where a replay does harm ask the SDK to consume the App Check token", () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads every group, here only (mocha runs this file under tsx/cjs)
      const exported = require("../../src/index") as unknown as Record<string, Record<string, { onCallOptions?: { consumeAppCheckToken?: boolean } }>>;
      const consuming: string[] = [];
      for (const [group, fns] of Object.entries(exported)) {
        for (const [name, fn] of Object.entries(fns)) if (fn?.onCallOptions?.consumeAppCheckToken === true) consuming.push(`${group}-${name}`);
      }
      assert.deepEqual(consuming.sort(), ["ops-rotatePiiKey", "orders-refund", "privacy-eraseNow", "users-setRole"]);
      assert.equal("consumeAppCheckToken" in callableOptions({}), false);
    });

    it("a replayed users-setRole (token already consumed) is refused and changes nothing", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const target = await anActor();
      const replay = await invoke(users.setRole, await requestAs(anAdmin, { uid: target.uid, role: "vendor" }, { app: { alreadyConsumed: true } }));
      assert.deepEqual(replay, { status: "unauthenticated", code: "APP_CHECK_REPLAYED" });
      const missing = await invoke(users.setRole, await requestAs(anAdmin, { uid: target.uid, role: "vendor" }));
      assert.deepEqual(missing, { status: "unauthenticated", code: "APP_CHECK_REQUIRED" });
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, undefined);
      await (users.setRole as unknown as Runnable).run(await requestAs(anAdmin, { uid: target.uid, role: "vendor" }, { app: { alreadyConsumed: false } }));
      assert.equal((await admin().auth.getUser(target.uid)).customClaims?.role, "vendor");
    });

    it("a replayed orders-refund is refused before anything is read", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const replay = await invoke(orders.refund, await requestAs(anAdmin, { orderId: "o_any", reason: "replay" }, { app: { alreadyConsumed: true } }));
      assert.deepEqual(replay, { status: "unauthenticated", code: "APP_CHECK_REPLAYED" });
    });

    it("a callable without replay protection accepts a consumed-flag-free App Check token", async () => {
      const customer = await anActor();
      const result = await (users.updateProfile as unknown as Runnable).run(await requestAs(customer, { displayName: "Checked" }, { app: {} }));
      assert.deepEqual(result, { ok: true });
    });
  });
});
