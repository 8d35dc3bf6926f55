// Unit tests of @souk/client: no emulator, no network (fetch is replaced and counted).
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { initializeApp } from "firebase/app";
import { serverReasons } from "../../scripts/gen-reasons.mjs";
import { REASONS, SoukError, createSoukClient, formatPiastres, governorateName, governorateSlug, governorates, listingFieldsOf, piastresFromPounds, toSoukError } from "../../src/index";

const app = initializeApp({ projectId: "demo-souk", apiKey: "demo-key", appId: "demo" }, `unit-${Date.now()}`);
const souk = createSoukClient(app, { emulators: { host: "127.0.0.1" } });
const realFetch = globalThis.fetch;
let fetches = 0;

describe("@souk/client callables", () => {
  beforeEach(() => {
    fetches = 0;
    globalThis.fetch = (async () => {
      fetches++;
      throw new Error("no network in unit tests");
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("groups one function per callable like the wire names", () => {
    assert.equal(typeof souk.orders.create, "function");
    assert.equal(typeof souk.jobs.complete, "function");
    assert.equal(typeof souk.listings.moderate, "function");
  });

  it("rejects a bad order input with the server's field paths before any network call", async () => {
    const error = await souk.orders.create({ listingId: "", fulfillment: { method: "delivery" }, paymentMethod: "card", idempotencyKey: "k" }).catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.equal(error.code, "invalid-argument");
    assert.equal(error.reason, "VALIDATION_FAILED");
    assert.deepEqual(Object.keys(error.fields).sort(), ["fulfillment.address", "idempotencyKey", "listingId"]);
    assert.equal(error.requestId, null);
    assert.equal(fetches, 0);
  });

  it("names unknown keys as the server does (strict schemas)", async () => {
    const error = await souk.orders.cancel({ orderId: "o1", reason: "changed my mind", price: 1 } as never).catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.equal(error.fields.price, "Unknown field");
    assert.equal(fetches, 0);
  });

  it("maps an HttpsError answer to code, reason, fields and requestId", () => {
    const wire = { code: "functions/failed-precondition", message: "You already hold 2 open car orders.", details: { code: "ORDER_LIMIT", requestId: "r-1", fields: { listingId: "x" } } };
    const error = toSoukError(wire);
    assert.equal(error.code, "failed-precondition");
    assert.equal(error.reason, "ORDER_LIMIT");
    assert.deepEqual(error.fields, { listingId: "x" });
    assert.equal(error.requestId, "r-1");
    assert.equal(toSoukError({ code: "functions/unavailable", message: "offline" }).reason, "NETWORK_ERROR");
  });
});

describe("@souk/client error reasons", () => {
  it("carry every code the server throws, and pick up a new one with no client edit", () => {
    for (const code of ["VALIDATION_FAILED", "MFA_REQUIRED", "INVALID_TRANSITION", "OWN_LISTING", "INTERNAL"]) assert.ok((REASONS as readonly string[]).includes(code), code);
    const src = mkdtempSync(path.join(tmpdir(), "souk-reasons-"));
    mkdirSync(path.join(src, "ops"));
    writeFileSync(path.join(src, "ops", "callables.ts"), 'throw errors.precondition("BACKUP_RUNNING", "x"); new DomainError("unauthenticated", "REAUTH_REQUIRED", "y");');
    assert.deepEqual(serverReasons(src), ["BACKUP_RUNNING", "REAUTH_REQUIRED"]);
  });
});

describe("@souk/client helpers", () => {
  it("formats piastres as Egyptian pounds in Arabic and English", () => {
    assert.equal(formatPiastres(125000, "en").replace(/\s/g, " "), "EGP 1,250.00");
    const ar = formatPiastres(125000, "ar");
    assert.match(ar, /١٬٢٥٠٫٠٠/);
    assert.match(ar, /ج\.م\./);
  });

  it("reads pounds as typed into piastres, refusing what is not an amount", () => {
    assert.equal(piastresFromPounds("12,500"), 1_250_000);
    assert.equal(piastresFromPounds("١٢٬٥٠٠٫٥"), 1_250_050);
    assert.equal(piastresFromPounds(99.99), 9999);
    for (const bad of ["", "-5", "0", "1.234", "abc", "1e5", "99999999999999999999"]) assert.equal(piastresFromPounds(bad), undefined, bad);
  });

  it("lists 27 governorates with distinct slugs and Arabic and English names", () => {
    assert.equal(governorates.length, 27);
    assert.equal(new Set(governorates.map((g) => g.ar)).size, 27);
    assert.equal(governorateName("kafr_el_sheikh", "ar"), "كفر الشيخ");
    assert.equal(governorateSlug("Kafr El Sheikh"), "kafr_el_sheikh");
    assert.equal(governorateSlug("الإسكندرية"), "alexandria");
    assert.equal(governorateSlug("port-said"), "port_said");
    assert.equal(governorateSlug("Atlantis"), undefined);
  });

  it("turns a listing typed as display values into the stored contract values", () => {
    const fields = listingFieldsOf({ kind: "car", title: "Toyota Corolla 2019", priceEgp: "650,000", condition: "used", governorate: "الجيزة", city: "Dokki", make: "Toyota", model: "Corolla", year: "2019", mileageKm: 42000, transmission: "automatic", fuel: "petrol" });
    assert.deepEqual(fields, { kind: "car", title: "Toyota Corolla 2019", description: "", price: 65_000_000, currency: "EGP", condition: "used", governorate: "giza", city: "Dokki", make: "Toyota", model: "Corolla", year: 2019, mileageKm: 42000, transmission: "automatic", fuel: "petrol" });
  });

  it("marks each bad display field by name and writes nothing", () => {
    let error: unknown;
    try {
      listingFieldsOf({ kind: "part", title: "x", priceEgp: "free", condition: "new", governorate: "Atlantis", city: "", partNumber: "P-1", stock: "-1" });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SoukError);
    assert.deepEqual(Object.keys(error.fields).sort(), ["city", "governorate", "priceEgp", "stock", "title"]);
  });

  it("refuses a device token that cannot be one, before touching Firestore", async () => {
    const error = await souk.registerDevice("short").catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.deepEqual(Object.keys(error.fields), ["token"]);
  });
});
