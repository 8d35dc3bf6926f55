// Hosting (the emulator at 127.0.0.1:5000, as `npm start` serves it): the console at /,
// and /v1/** rewritten to the api function with its Cache-Control intact for the CDN. Run
// by scripts/browser-session.mjs before its Chromium check, so every machine runs it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

const BASE = "http://127.0.0.1:5000";

describe("Hosting serves the console and the public API on one origin", () => {
  it("serves the console at /", async () => {
    const home = await fetch(`${BASE}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await home.text(), /<div id="app">/);
  });

  it("rewrites /v1/health to the api function", async () => {
    const health = await fetch(`${BASE}/v1/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status?: string }).status, "ok");
  });

  it("passes the api's Cache-Control for /v1/listings through to the CDN", async () => {
    const listings = await fetch(`${BASE}/v1/listings?limit=1`);
    assert.equal(listings.status, 200);
    const cache = listings.headers.get("cache-control") ?? "";
    for (const directive of [/\bpublic\b/, /\bmax-age=\d+/, /\bs-maxage=\d+/, /\bstale-while-revalidate=\d+/]) assert.match(cache, directive, `Cache-Control: ${cache}`);
    assert.equal(((await listings.json()) as { items?: unknown[] }).items?.length, 1);
  });

  it("does not rewrite what is not under /v1/ to the api (the console's routes fall back to index.html)", async () => {
    const route = await fetch(`${BASE}/listing/demo-corolla-2020`);
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<div id="app">/);
  });
});
