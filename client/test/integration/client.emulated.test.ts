// @souk/client against the emulators (Auth, Firestore, Functions with the demo data seeded):
// run inside the browser-test session by scripts/browser-session.mjs, or alone with
// `node --import tsx --test client/test/integration/*.test.ts` while `npm start` runs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { deleteApp, getApps, initializeApp } from "firebase/app";
import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from "firebase/auth";
import { doc, getDoc } from "firebase/firestore";
import { REASONS, SoukError, createSoukClient } from "../../src/index";

const PASSWORD = "souk-demo-2026";
let apps = 0;
const client = () => createSoukClient(initializeApp({ projectId: "demo-souk", apiKey: "demo-key", appId: "it" }, `it-${apps++}`), { emulators: true, apiBaseUrl: "http://127.0.0.1:5000" });

describe("@souk/client on the emulators", () => {
  // Open Firestore and Auth connections would keep the test process alive.
  after(() => Promise.all(getApps().map((app) => deleteApp(app))));

  it("waits for a new user's profile with a snapshot listener", async () => {
    const souk = client();
    const { user } = await createUserWithEmailAndPassword(souk.auth, `it-${Date.now()}@souk.test`, PASSWORD);
    const profile = await souk.waitForProfile(user.uid, { timeoutMs: 120_000 });
    assert.equal(profile.role, "customer");
    assert.equal(profile.status, "active");
  });

  it("creates an order and maps a server refusal to a SoukError with a requestId", async () => {
    const souk = client();
    await signInWithEmailAndPassword(souk.auth, "customer@souk.test", PASSWORD);
    const order = await souk.orders.create({ listingId: "demo-oil-filter", quantity: 2, fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: `it-${Date.now()}` });
    assert.equal(order.status, "placed");
    assert.equal(order.total, 50_000);
    assert.match(order.number, /\S/);

    const error = await souk.orders.create({ listingId: "no-such-listing", fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: `it-missing-${Date.now()}` }).catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.ok((REASONS as readonly string[]).includes(error.reason), error.reason);
    assert.notEqual(error.reason, "UNKNOWN");
    assert.match(error.requestId ?? "", /^[\w-]{8,}$/);

    const denied = await souk.listings.moderate({ listingId: "demo-oil-filter", decision: "approve" }).catch((e: unknown) => e);
    assert.ok(denied instanceof SoukError);
    assert.equal(denied.code, "permission-denied");
    assert.equal(denied.reason, "ROLE_FORBIDDEN");
  });

  it("writes a listing typed as display values as the contract's values, through the rules", async () => {
    const souk = client();
    await signInWithEmailAndPassword(souk.auth, "vendor@souk.test", PASSWORD);
    const id = await souk.createListing({ kind: "part", title: "Air filter Corolla", priceEgp: "1,250", condition: "new", governorate: "القاهرة", city: "Nasr City", partNumber: "17801-0T020", stock: "7" });
    const stored = (await getDoc(doc(souk.db, "listings", id))).data();
    assert.equal(stored?.price, 125_000);
    assert.equal(stored?.governorate, "cairo");
    assert.equal(stored?.stock, 7);
    assert.equal(stored?.status, "draft");
    await souk.submitListing(id);
    assert.equal((await getDoc(doc(souk.db, "listings", id))).get("status"), "pending_review");
  });

  it("reads the public API through Hosting, typed", async () => {
    const souk = client();
    const page = await souk.api.listings({ kind: "part", limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.items.every((item) => item.kind === "part"));
    assert.equal(typeof page.nextCursor, "string");
    const missing = await souk.api.listing("no-such-listing").catch((e: unknown) => e);
    assert.ok(missing instanceof SoukError);
    assert.equal(missing.code, "not-found");
  });

  const devicesRules = /match \/devices\/\{deviceId\}/.test(readFileSync(new URL("../../../firestore.rules", import.meta.url), "utf8"));
  it("registers a device token once per token", { skip: devicesRules ? false : "SKIPPED: firestore.rules has no users/{uid}/devices block yet (issue 11 adds it)" }, async () => {
    const souk = client();
    await signInWithEmailAndPassword(souk.auth, "customer@souk.test", PASSWORD);
    const token = `fcm-token-${Date.now()}-abcdefghijklmnopqrstuvwxyz`;
    const id = await souk.registerDevice(token);
    assert.equal(await souk.registerDevice(token), id);
    const stored = (await getDoc(doc(souk.db, "users", souk.auth.currentUser?.uid ?? "", "devices", id))).data();
    assert.equal(stored?.token, token);
    assert.equal(stored?.platform, "web");
  });
});
