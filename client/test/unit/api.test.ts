// The public API helper's error mapping: a refusal only the server can make (a keyword with
// no word in it passes the schema) keeps the fields the server names. fetch is replaced.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { SoukError, publicApi } from "../../src/index";

const realFetch = globalThis.fetch;

describe("@souk/client public API errors", () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("carries the server's code, fields and requestId from a 400 answer", async () => {
    const urls: string[] = [];
    globalThis.fetch = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ error: { code: "VALIDATION_FAILED", message: "Some fields are invalid.", requestId: "r-9", fields: { q: "Give at least one word" } } }), { status: 400 });
    }) as typeof fetch;
    const error = await publicApi("http://x").listings({ q: "؟ !" }).catch((e: unknown) => e);
    assert.equal(urls.length, 1, "the schema lets it through: only the server can refuse it");
    assert.ok(error instanceof SoukError);
    assert.deepEqual([error.code, error.reason, error.requestId], ["invalid-argument", "VALIDATION_FAILED", "r-9"]);
    assert.deepEqual(error.fields, { q: "Give at least one word" });
  });

  it("has no fields when the server names none", async () => {
    globalThis.fetch = (async () => new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "Listing was not found." } }), { status: 404 })) as typeof fetch;
    const error = await publicApi().listing("nope").catch((e: unknown) => e);
    assert.ok(error instanceof SoukError);
    assert.deepEqual([error.code, error.reason, error.fields], ["not-found", "NOT_FOUND", {}]);
  });
});
