// The HTTP shell of the public API (SPEC section 5) with fake requests: headers, CORS,
// methods, caching, rate limiting and error bodies. The emulator test proves the wiring.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { clientIpOf, rateLimitKeyOf } from "../../src/core/clientIp";
import { errors } from "../../src/core/errors";
import {
  SECURITY_HEADERS,
  createApiHandler,
  etagMatches,
  originsOf,
  pathOf,
  queryOf,
  type ApiConfig,
  type ApiRequest,
  type Route,
} from "../../src/api/http";
import { Health } from "../../src/api/schema";

interface Sent {
  status: number;
  headers: Record<string, string>;
  body?: string;
  json?: { error?: { code: string; message: string; requestId: string; fields?: Record<string, string> } } & Record<string, unknown>;
}

const ALLOWED = "http://localhost:5173";

const route = (path: string, handle: Route["handle"], extra: Partial<Route> = {}): Route => ({
  path,
  operationId: path,
  summary: path,
  response: { name: "Health", schema: Health },
  handle,
  ...extra,
});

function harness(overrides: Partial<ApiConfig> = {}) {
  const rateKeys: string[] = [];
  const logged: { status: number; route: string }[] = [];
  const config: ApiConfig = {
    routes: [
      route("/v1/health", async () => ({ status: "ok" }), { cacheControl: "no-store", unlimited: true }),
      route("/v1/things/{id}", async ({ params }) => {
        if (params.id === "missing") throw errors.notFound("Thing");
        if (params.id === "bad") throw errors.validation({ limit: "limit must be between 1 and 50" });
        if (params.id === "boom") throw new Error("secret internals at /srv/db");
        return { id: params.id, name: "تويوتا" };
      }),
    ],
    allowedOrigins: () => [ALLOWED],
    rateLimit: async (key) => {
      rateKeys.push(key);
      return { allowed: true, remaining: 9, retryAfterSeconds: 30, limit: 10 };
    },
    log: (line) => logged.push(line),
    logError: () => undefined,
    ...overrides,
  };
  const handler = createApiHandler(config);
  async function request(url: string, init: { method?: string; headers?: Record<string, string>; ip?: string } = {}): Promise<Sent> {
    const sent: Sent = { status: 0, headers: {} };
    const req: ApiRequest = { method: init.method ?? "GET", url, headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])), ip: init.ip ?? "10.0.0.1" };
    await handler(req, {
      status: (code) => (sent.status = code),
      setHeader: (name, value) => (sent.headers[name.toLowerCase()] = value),
      end: (body) => {
        sent.body = body;
        if (body) sent.json = JSON.parse(body);
      },
    });
    return sent;
  }
  return { request, rateKeys, logged };
}

function assertSecurityHeaders(sent: Sent): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(sent.headers[name.toLowerCase()], value, name);
  assert.match(sent.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/);
}

describe("api http shell", () => {
  it("answers 200 with a strong sha256 ETag, public caching and the security headers", async () => {
    const { request } = harness();
    const sent = await request("/v1/things/abc");
    assert.equal(sent.status, 200);
    assert.deepEqual(sent.json, { id: "abc", name: "تويوتا" });
    const hash = createHash("sha256").update(sent.body ?? "").digest("base64url");
    assert.equal(sent.headers.etag, `"${hash}"`);
    assert.equal(sent.headers["cache-control"], "public, max-age=60, s-maxage=300, stale-while-revalidate=600");
    assert.equal(sent.headers["content-type"], "application/json; charset=utf-8");
    assert.equal(sent.headers["content-length"], String(Buffer.byteLength(sent.body ?? "")));
    assertSecurityHeaders(sent);
  });

  it("answers 304 without a body when If-None-Match matches (also weakly or in a list)", async () => {
    const { request } = harness();
    const { headers } = await request("/v1/things/abc");
    for (const ifNoneMatch of [headers.etag, `W/${headers.etag}`, `"other", ${headers.etag}`]) {
      const sent = await request("/v1/things/abc", { headers: { "If-None-Match": ifNoneMatch } });
      assert.equal(sent.status, 304, ifNoneMatch);
      assert.equal(sent.body, undefined);
      assert.equal(sent.headers.etag, headers.etag);
    }
    assert.equal((await request("/v1/things/abc", { headers: { "If-None-Match": '"stale"' } })).status, 200);
  });

  it("health is not cached and not rate limited", async () => {
    const { request, rateKeys } = harness();
    const sent = await request("/v1/health");
    assert.equal(sent.headers["cache-control"], "no-store");
    assert.deepEqual(rateKeys, []);
  });

  it("a domain error becomes its status with code, message, requestId and fields", async () => {
    const { request } = harness();
    const notFound = await request("/v1/things/missing");
    assert.equal(notFound.status, 404);
    assert.equal(notFound.json?.error?.code, "NOT_FOUND");
    assert.equal(notFound.json?.error?.requestId, notFound.headers["x-request-id"]);
    assert.equal(notFound.headers["cache-control"], "no-store");
    const bad = await request("/v1/things/bad");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json?.error?.fields, { limit: "limit must be between 1 and 50" });
    assertSecurityHeaders(bad);
  });

  it("an unexpected error is a 500 INTERNAL that reveals nothing", async () => {
    const { request } = harness();
    const sent = await request("/v1/things/boom");
    assert.equal(sent.status, 500);
    assert.equal(sent.json?.error?.code, "INTERNAL");
    assert.ok(!sent.body?.includes("secret"), sent.body);
  });

  it("an unknown path is a 404 that still costs rate-limit quota", async () => {
    const { request, rateKeys } = harness();
    const sent = await request("/v2/nothing");
    assert.equal(sent.status, 404);
    assert.equal(sent.json?.error?.code, "NOT_FOUND");
    assert.deepEqual(rateKeys, ["api:10.0.0.1"]);
  });

  it("other methods are a 405 with an Allow header", async () => {
    const { request } = harness();
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "HEAD"]) {
      const sent = await request("/v1/things/abc", { method });
      assert.equal(sent.status, 405, method);
      assert.equal(sent.headers.allow, "GET, OPTIONS");
      if (method !== "HEAD") assert.equal(sent.json?.error?.code, "METHOD_NOT_ALLOWED");
    }
  });

  it("past the limit answers 429 with Retry-After", async () => {
    const { request } = harness({ rateLimit: async () => ({ allowed: false, remaining: 0, retryAfterSeconds: 17, limit: 10 }) });
    const sent = await request("/v1/things/abc");
    assert.equal(sent.status, 429);
    assert.equal(sent.headers["retry-after"], "17");
    assert.equal(sent.json?.error?.code, "RATE_LIMITED");
    assert.equal(sent.headers["ratelimit-limit"], "10");
  });

  it("an allowed origin is echoed with Vary: Origin; a preflight gets 204 and the methods", async () => {
    const { request, rateKeys } = harness();
    const sent = await request("/v1/things/abc", { headers: { Origin: ALLOWED } });
    assert.equal(sent.headers["access-control-allow-origin"], ALLOWED);
    assert.equal(sent.headers.vary, "Origin");
    assert.match(sent.headers["access-control-expose-headers"] ?? "", /ETag/);
    const preflight = await request("/v1/things/abc", { method: "OPTIONS", headers: { Origin: ALLOWED, "Access-Control-Request-Method": "GET" } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], ALLOWED);
    assert.equal(preflight.headers["access-control-allow-methods"], "GET, OPTIONS");
    assert.deepEqual(rateKeys, ["api:10.0.0.1"], "preflights cost no quota");
  });

  it("an origin not on the list is refused with 403 and no CORS headers, preflight included", async () => {
    const { request } = harness();
    for (const method of ["GET", "OPTIONS"]) {
      const sent = await request("/v1/things/abc", { method, headers: { Origin: "https://evil.example" } });
      assert.equal(sent.status, 403);
      assert.equal(sent.json?.error?.code, "CORS_ORIGIN_DENIED");
      assert.equal(sent.headers["access-control-allow-origin"], undefined);
      assertSecurityHeaders(sent);
    }
  });

  it("a request without Origin (server to server) is served without CORS headers", async () => {
    const { request } = harness();
    const sent = await request("/v1/things/abc");
    assert.equal(sent.status, 200);
    assert.equal(sent.headers["access-control-allow-origin"], undefined);
  });

  it("logs one line per request with the route template and status", async () => {
    const { request, logged } = harness();
    await request("/v1/things/missing?x=1");
    assert.deepEqual(logged.map((l) => [l.route, l.status]), [["/v1/things/{id}", 404]]);
  });
});

describe("api http helpers", () => {
  it("the client IP is the last X-Forwarded-For entry, else the socket address", () => {
    const req = (xff?: string): ApiRequest => ({ method: "GET", url: "/", headers: xff ? { "x-forwarded-for": xff } : {}, ip: "10.9.9.9" });
    assert.equal(clientIpOf(req("1.1.1.1, 203.0.113.7")), "203.0.113.7");
    assert.equal(clientIpOf(req("203.0.113.7")), "203.0.113.7");
    assert.equal(clientIpOf(req()), "10.9.9.9");
  });

  // Issue 10 finding 9: behind Hosting the last entry is Hosting's proxy, so every visitor
  // shared one rate-limit bucket; the client is the entry before the configured hops.
  it("behind one trusted proxy (Hosting) the client is the entry before the proxy's", () => {
    const req = (xff?: string): ApiRequest => ({ method: "GET", url: "/", headers: xff ? { "x-forwarded-for": xff } : {}, ip: "10.9.9.9" });
    assert.equal(clientIpOf(req("198.51.100.1, 203.0.113.7, 35.190.0.1"), 1), "203.0.113.7");
    assert.equal(clientIpOf(req("203.0.113.7, 35.190.0.1"), 1), "203.0.113.7");
    assert.equal(clientIpOf(req("203.0.113.7"), 1), "203.0.113.7", "fewer entries than hops: the closest one");
    assert.equal(clientIpOf(req("203.0.113.7, not-an-ip, 35.190.0.1"), 1), "10.9.9.9", "garbage falls back to the socket");
  });

  it("IPv6 clients are rate limited per /64, IPv4 per address", () => {
    assert.equal(rateLimitKeyOf("2001:db8:1:2:aaaa::1"), "2001:0db8:0001:0002::/64");
    assert.equal(rateLimitKeyOf("2001:DB8:1:2:ffff:ffff:ffff:ffff"), "2001:0db8:0001:0002::/64");
    assert.equal(rateLimitKeyOf("2001:db8:1:3::1"), "2001:0db8:0001:0003::/64");
    assert.equal(rateLimitKeyOf("::1"), "0000:0000:0000:0000::/64");
    assert.equal(rateLimitKeyOf("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(rateLimitKeyOf("203.0.113.7"), "203.0.113.7");
    assert.equal(rateLimitKeyOf("nonsense"), "unknown");
    assert.equal(rateLimitKeyOf(undefined), "unknown");
  });

  it("query parameters named like Object.prototype members stay plain keys", () => {
    const query = queryOf("/v1/listings?__proto__=x&__proto__=y&constructor=z");
    assert.equal(Object.getPrototypeOf(query), null);
    assert.deepEqual(Object.keys(query), ["__proto__", "constructor"]);
    assert.deepEqual(query.__proto__ as unknown, ["x", "y"]);
    assert.equal(query.constructor as unknown, "z");
  });

  it("paths lose a trailing slash and a hosting /api prefix", () => {
    assert.equal(pathOf("/v1/listings/?limit=2"), "/v1/listings");
    assert.equal(pathOf("/api/v1/health"), "/v1/health");
  });

  it("query parameters: empty ones dropped, repeated ones kept as arrays for the schema to refuse", () => {
    assert.deepEqual({ ...queryOf("/v1/listings?make=&q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9&kind=car&kind=part") }, { q: "سيارة", kind: ["car", "part"] });
  });

  it("If-None-Match: * matches anything, nothing matches no header", () => {
    assert.equal(etagMatches("*", '"x"'), true);
    assert.equal(etagMatches(undefined, '"x"'), false);
  });

  it("ALLOWED_ORIGINS is a comma-separated list", () => {
    assert.deepEqual(originsOf(" http://a.test ,https://b.test/ ,"), ["http://a.test", "https://b.test"]);
  });
});
