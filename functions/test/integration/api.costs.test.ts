// Issue 14, item 3: the public API costs no Firestore write per request (SPEC section 10).
// The deployed `api` handler runs in this process against the Firestore emulator, with its
// document operations counted through the Admin SDK (tools/opCounter.ts): a page of 20 is
// one query and no write, a repeat within seconds is served from the instance, and an
// abusive client is still refused with 429, in one instance and spread over several.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { Timestamp } from "firebase-admin/firestore";
import { api } from "../../src/api";
import { hotQueries } from "../../src/api/cache";
import { IpRateLimiter, sharedThreshold } from "../../src/core/ipRateLimit";
import { RATE_LIMIT_COLLECTION, RateLimiter, counterId, windowOf } from "../../src/core/rateLimit";
import { listingFacetKeys, listingSearchTokens } from "../../src/listings/search";
import { countOps, installOpCounter } from "../../tools/opCounter";
import { aCarListingDoc } from "../support/catalogue";
import { inOneWindow } from "../support/windows";
import { admin } from "../support/emulators";

const RUN = randomBytes(4).toString("hex");
const MAKE = `CostMake-${RUN}`;
const HOSTING_PROXY = "35.191.0.9";
let ipCounter = 0;
const freshIp = () => `198.51.${100 + (parseInt(RUN.slice(0, 2), 16) % 100)}.${(ipCounter += 1) % 250}`;

class Recorder extends EventEmitter {
  statusCode = 200;
  headers: Record<string, string> = {};
  body = "";
  headersSent = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }
  end(body?: string): this {
    this.body = body ?? "";
    this.headersSent = true;
    this.emit("finish");
    return this;
  }
}

async function get(url: string, ip: string): Promise<{ status: number; headers: Record<string, string>; json: { items?: unknown[]; error?: { code: string; message: string; requestId: string } } }> {
  const res = new Recorder();
  const req = { method: "GET", url, headers: { "x-forwarded-for": `${ip}, ${HOSTING_PROXY}` }, ip: HOSTING_PROXY };
  await (api as unknown as (req: unknown, res: unknown) => Promise<void>)(req, res);
  return { status: res.statusCode, headers: res.headers, json: res.body ? JSON.parse(res.body) : {} };
}

async function sharedCounterDocs(ip: string): Promise<number> {
  return (await admin().db.collection(RATE_LIMIT_COLLECTION).where("key", "==", `api:${ip}`).get()).size;
}

describe("api: a page costs one query and no write (issue 14)", function () {
  this.timeout(120_000);

  before(async () => {
    installOpCounter();
    const writer = admin().db.bulkWriter();
    for (let i = 0; i < 25; i += 1) {
      const base = { ...aCarListingDoc(`costv-${RUN}`), status: "active", make: MAKE };
      const at = Timestamp.fromMillis(Date.UTC(2026, 0, 1) + i * 60_000);
      const doc = { ...base, searchTokens: listingSearchTokens(base as Parameters<typeof listingSearchTokens>[0]), ...listingFacetKeys(base as Parameters<typeof listingFacetKeys>[0]), vendor: { displayName: "Cost", type: "dealer", rating: { avg: 4, count: 1 } }, favoriteCount: 0, createdAt: at, updatedAt: at, publishedAt: at };
      void writer.set(admin().db.doc(`listings/cost-${RUN}-${i}`), doc);
    }
    await writer.close();
  });

  beforeEach(() => hotQueries.clear());

  it("a page of 20 is one query (21 documents, for nextCursor) and writes nothing, not even a rate-limit counter", async () => {
    const ip = freshIp();
    let answer: Awaited<ReturnType<typeof get>> | undefined;
    const ops = await countOps(async () => (answer = await get(`/v1/listings?make=${MAKE}&limit=20`, ip)));
    assert.equal(answer?.status, 200);
    assert.equal(answer?.json.items?.length, 20);
    assert.equal(ops.writes, 0, "no write");
    assert.equal(ops.reads, 21, "one query of limit + 1 documents, no per-item reads");
    assert.equal(await sharedCounterDocs(ip), 0, "no rate-limit document for an ordinary client");
    assert.equal(answer?.headers["cache-control"], "public, max-age=60, s-maxage=300, stale-while-revalidate=600");
  });

  it("the same page again within seconds (parameters in another order) is served from the instance: no read", async () => {
    await get(`/v1/listings?make=${MAKE}&limit=20&sort=newest`, freshIp());
    const ops = await countOps(async () => {
      const again = await get(`/v1/listings?sort=newest&limit=20&make=${MAKE}`, freshIp());
      assert.equal(again.status, 200);
      assert.equal(again.json.items?.length, 20);
    });
    assert.deepEqual(ops, { reads: 0, writes: 0 });
  });

  it("concurrent identical requests share one query", async () => {
    const ops = await countOps(() => Promise.all(Array.from({ length: 20 }, () => get(`/v1/listings?make=${MAKE}&limit=5`, freshIp()))));
    assert.equal(ops.reads, 6);
    assert.equal(ops.writes, 0);
  });

  it("an abusive client is refused past the limit with 429, Retry-After and the error shape; the limit is counted in Firestore", async () => {
    // Judged only when the sequence ran within one minute window (support/windows.ts), each attempt from a fresh address.
    const limit = Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 120);
    const { ip, statuses } = await inOneWindow(async () => {
      const from = freshIp();
      const seen: number[] = [];
      for (let i = 0; i < limit + 10; i += 1) seen.push((await get(`/v1/listings?make=${MAKE}&limit=1`, from)).status);
      return { ip: from, statuses: seen };
    });
    assert.deepEqual(statuses.slice(0, limit).filter((s) => s !== 200), [], "the first `limit` requests pass");
    assert.deepEqual(statuses.slice(limit), Array(10).fill(429), "every request past the limit is refused");
    const refused = await get(`/v1/listings?make=${MAKE}&limit=1`, ip);
    assert.equal(refused.json.error?.code, "RATE_LIMITED");
    assert.match(refused.json.error?.requestId ?? "", /^[0-9a-f-]{36}$/);
    assert.ok(Number(refused.headers["retry-after"]) >= 1);
    const stored = await admin().db.collection(RATE_LIMIT_COLLECTION).doc(counterId(`api:${ip}`, windowOf({ limit, windowSeconds: 60 }, Date.now()).start)).get();
    assert.equal(stored.get("count"), limit, "the shared counter holds every allowed call");
  });

  it("abuse spread over 4 instances is still caught: at most limit + 3 x threshold pass", async () => {
    const rule = { limit: 40, windowSeconds: 3600 };
    const now = windowOf(rule, Date.now()).start + 1_800_000;
    const instances = Array.from({ length: 4 }, () => new IpRateLimiter({ shared: new RateLimiter() }));
    const key = `api:test-${RUN}-spread`;
    const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => instances[i % 4].consume(key, rule, now)));
    const allowed = decisions.filter((d) => d.allowed).length;
    assert.ok(allowed >= rule.limit, `${allowed} allowed: the limit itself is served`);
    assert.ok(allowed <= rule.limit + 3 * sharedThreshold(rule), `${allowed} allowed`);
    assert.ok(decisions.slice(-40).every((d) => !d.allowed), "the tail of the flood is refused");
  });

  it("the per-instance map is bounded: the least recently seen client is forgotten", async () => {
    const limiter = new IpRateLimiter({ maxClients: 100 });
    const rule = { limit: 120, windowSeconds: 60 };
    for (let i = 0; i < 1000; i += 1) await limiter.consume(`api:bound-${i}`, rule);
    assert.equal(limiter.size, 100);
  });

  it("a client emptying its bucket within one instance is refused there (no Firestore operation once the window is full)", async () => {
    const rule = { limit: 8, windowSeconds: 3600 };
    const now = windowOf(rule, Date.now()).start + 1_000;
    const limiter = new IpRateLimiter();
    const key = `api:test-${RUN}-burst`;
    for (let i = 0; i < 8; i += 1) assert.equal((await limiter.consume(key, rule, now)).allowed, true);
    let refusal = { allowed: true, retryAfterSeconds: 0 };
    const ops = await countOps(async () => (refusal = await limiter.consume(key, rule, now)));
    assert.equal(refusal.allowed, false);
    assert.ok(refusal.retryAfterSeconds >= 1);
    assert.deepEqual(ops, { reads: 0, writes: 0 });
  });
});
