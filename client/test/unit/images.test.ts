// Unit tests of the listing-image helper: bad picks fail with fields.images before any
// network call (fetch is replaced and counted; the client is connected to emulator ports
// nothing listens on, so a call that slipped through would also fail loudly).
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { initializeApp } from "firebase/app";
import { MAX_IMAGE_BYTES, SoukError, createSoukClient } from "../../src/index";
import { imageFileName } from "../../src/images";

const app = initializeApp({ projectId: "demo-souk", apiKey: "demo-key", appId: "demo", storageBucket: "demo-souk.appspot.com" }, `images-${Date.now()}`);
const souk = createSoukClient(app, { emulators: { host: "127.0.0.1" } });
const realFetch = globalThis.fetch;
let fetches = 0;
const png = (name: string, bytes = 8) => new File([new Uint8Array(bytes)], name, { type: "image/png" });

async function refused(files: Blob[]): Promise<SoukError> {
  const error = await souk.uploadListingImages("listing-1", files).catch((e: unknown) => e);
  assert.ok(error instanceof SoukError, `expected a SoukError, got ${String(error)}`);
  assert.equal(error.code, "invalid-argument");
  assert.equal(error.reason, "VALIDATION_FAILED");
  assert.deepEqual(Object.keys(error.fields), ["images"]);
  assert.equal(fetches, 0, "no network call for a bad pick");
  return error;
}

describe("@souk/client uploadListingImages", () => {
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

  it("refuses more than 20 images before any network call", async () => {
    const error = await refused(Array.from({ length: 21 }, (_, i) => png(`p${i}.png`)));
    assert.match(error.fields.images, /at most 20/);
  });

  it("refuses an empty pick", async () => {
    await refused([]);
  });

  it("refuses an image over 10 MB before any network call", async () => {
    const error = await refused([png("ok.png"), png("big.png", MAX_IMAGE_BYTES + 1)]);
    assert.match(error.fields.images, /big\.png.*10 MB/);
  });

  it("accepts exactly 10 MB as far as validation goes (the check is <=, as in storage.rules)", async () => {
    // Validation passes, so the helper goes on to read the listing: that read is what fails here.
    const error = await souk.uploadListingImages("listing-1", [png("edge.png", MAX_IMAGE_BYTES)]).catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.notEqual(error.reason, "VALIDATION_FAILED");
  });

  it("refuses SVG, a PDF and a file without a type (storage.rules allows raster images only)", async () => {
    for (const file of [new File(["<svg/>"], "x.svg", { type: "image/svg+xml" }), new File(["%PDF"], "a.pdf", { type: "application/pdf" }), new Blob(["?"])]) {
      const error = await refused([png("fine.png"), file]);
      assert.match(error.fields.images, /JPEG, PNG/);
    }
  });

  it("names files with [A-Za-z0-9._-] only, behind a unique prefix", () => {
    const hostile = new File(["x"], "../صورة, 1/evil name.PNG", { type: "image/png" });
    const a = imageFileName(hostile);
    const b = imageFileName(hostile);
    assert.match(a, /^[A-Za-z0-9._-]+$/);
    assert.ok(a.endsWith("evil_name.PNG"), a);
    assert.notEqual(a, b);
    assert.match(imageFileName(new Blob(["x"], { type: "image/png" })), /-image$/);
    assert.ok(imageFileName(new File(["x"], "a".repeat(5000) + ".png", { type: "image/png" })).length < 120);
  });
});
