// A tiny router for the public `api` over the v2 onRequest req/res (SPEC section 5).
// Every response carries X-Request-Id and the security headers. In order, a request
// meets: CORS origin check (403) -> preflight (204) -> method (405) -> route (404 is
// decided after the rate limit, so scanning unknown paths costs quota) -> per-IP rate
// limit (429, not on /v1/health) -> query validation (400) -> handler -> 200 with
// Cache-Control + strong ETag, or 304 when If-None-Match matches.
// Dependencies (rate limiter, config, routes) are passed in, so this file is unit-tested
// with fake requests and no emulator.
import { createHash, randomUUID } from "node:crypto";
import { clientIpOf, rateLimitKeyOf } from "../core/clientIp";
import { errors, fieldErrorsOf, httpErrorOf } from "../core/errors";
import type { RateLimitDecision } from "../core/rateLimit";
import type { z } from "zod";

export const API_VERSION = "1.0.0";

export interface ApiRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

export interface ApiResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
}

export interface Route {
  /** "/v1/listings/{id}": also the route name in logs and the OpenAPI path. */
  path: string;
  operationId: string;
  summary: string;
  /** The schemas that validate the request and describe the answer (OpenAPI is built from them). */
  query?: z.ZodType;
  params?: Record<string, z.ZodType>;
  response: { name: string; schema: z.ZodType };
  handle: (input: RouteInput) => Promise<unknown>;
  cacheControl?: string;
  /** Exempt from the per-IP limit (health checks touch no database). */
  unlimited?: boolean;
}

export interface ApiConfig {
  routes: readonly Route[];
  allowedOrigins: () => readonly string[];
  rateLimit: (key: string) => Promise<RateLimitDecision & { limit: number }>;
  /** Proxies of ours in front (TRUSTED_PROXY_HOPS); the client is the entry before them. Default 0. */
  trustedProxyHops?: () => number;
  log: (line: { requestId: string; route: string; method: string; status: number; code?: string; ms: number }) => void;
  logError: (requestId: string, error: unknown) => void;
}

export const ALLOWED_METHODS = "GET, OPTIONS";
/** Browsers keep a page a minute, the Hosting CDN five, and may serve it stale for ten more while refetching. */
export const CACHEABLE = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

const CORS_EXPOSED = "ETag, X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining";
const CORS_ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match";

// ---- errors ---------------------------------------------------------------------------

/** A failure that is HTTP-only (no callable equivalent). */
export class HttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface WireError {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
  headers: Record<string, string>;
  /** False for INTERNAL, whose original error is logged. */
  expected: boolean;
}

/** HTTP-only failures carry their own status; everything else goes through core/errors' one mapping. */
function wireErrorOf(error: unknown): WireError {
  if (error instanceof HttpError) return { status: error.httpStatus, code: error.code, message: error.message, headers: error.headers, expected: true };
  return { ...httpErrorOf(error), headers: {} };
}

// ---- request helpers ------------------------------------------------------------------

function header(req: ApiRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Path relative to the function, without a trailing slash; tolerates a hosting "/api" prefix. */
export function pathOf(url: string): string {
  const path = new URL(url, "http://api.invalid").pathname.replace(/\/+$/, "");
  return path.startsWith("/api/") ? path.slice(4) : path;
}

/**
 * Query parameters; a repeated one becomes an array (refused by the schemas); empty ones
 * are dropped. The object has no prototype: "?__proto__=x&__proto__=y" or "?constructor=x"
 * are plain (unknown, refused) keys, never Object.prototype's members or a new prototype.
 */
export function queryOf(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URL(url, "http://api.invalid").searchParams) {
    if (value === "") continue;
    const previous = Object.hasOwn(query, key) ? query[key] : undefined;
    query[key] = previous === undefined ? value : [previous, value].flat();
  }
  return query;
}

interface Matched {
  route: Route;
  params: Record<string, string>;
}

function patternOf(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return new RegExp(`^${source}$`);
}

export function matchRoute(routes: readonly Route[], path: string): Matched | undefined {
  for (const route of routes) {
    const match = patternOf(route.path).exec(path);
    if (match) return { route, params: { ...match.groups } };
  }
  return undefined;
}

/** Parses with a zod schema; failures are a 400 naming each parameter. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw errors.validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

// ---- caching --------------------------------------------------------------------------

export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}

// ---- the handler ----------------------------------------------------------------------

interface Exchange {
  req: ApiRequest;
  res: ApiResponse;
  requestId: string;
  route: string;
}

function send(x: Exchange, status: number, headers: Record<string, string>, body?: string): number {
  x.res.status(status);
  for (const [name, value] of Object.entries(headers)) x.res.setHeader(name, value);
  if (body === undefined) x.res.end();
  else x.res.end(body);
  return status;
}

function json(body: unknown): { body: string; headers: Record<string, string> } {
  const text = JSON.stringify(body);
  return { body: text, headers: { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) } };
}

function sendError(x: Exchange, error: WireError): number {
  const fields = error.fields && Object.keys(error.fields).length > 0 ? { fields: error.fields } : {};
  const out = json({ error: { code: error.code, message: error.message, requestId: x.requestId, ...fields } });
  return send(x, error.status, { ...out.headers, "Cache-Control": "no-store", ...error.headers }, out.body);
}

/** Serialised bodies by answer object: a cached answer (api/cache.ts) is serialised and hashed once. */
const serialised = new WeakMap<object, { out: ReturnType<typeof json>; etag: string }>();

function serialise(body: unknown): { out: ReturnType<typeof json>; etag: string } {
  const known = body !== null && typeof body === "object" ? serialised.get(body) : undefined;
  if (known) return known;
  const out = json(body);
  const made = { out, etag: etagOf(out.body) };
  if (body !== null && typeof body === "object") serialised.set(body, made);
  return made;
}

function sendOk(x: Exchange, body: unknown, cacheControl: string): number {
  const { out, etag } = serialise(body);
  const headers = { "Cache-Control": cacheControl, ETag: etag };
  if (etagMatches(header(x.req, "if-none-match"), etag)) return send(x, 304, headers);
  return send(x, 200, { ...out.headers, ...headers }, out.body);
}

function corsHeaders(origin: string): Record<string, string> {
  return { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": CORS_EXPOSED };
}

function preflight(x: Exchange, origin: string | undefined): number {
  const cors: Record<string, string> = origin
    ? { "Access-Control-Allow-Methods": ALLOWED_METHODS, "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS, "Access-Control-Max-Age": "600" }
    : {};
  return send(x, 204, { Allow: ALLOWED_METHODS, ...cors });
}

async function enforceRateLimit(config: ApiConfig, x: Exchange): Promise<void> {
  const decision = await config.rateLimit(`api:${rateLimitKeyOf(clientIpOf(x.req, config.trustedProxyHops?.() ?? 0))}`);
  x.res.setHeader("RateLimit-Limit", String(decision.limit));
  x.res.setHeader("RateLimit-Remaining", String(decision.remaining));
  if (!decision.allowed) {
    const seconds = decision.retryAfterSeconds;
    throw new HttpError(429, "RATE_LIMITED", `Too many requests. Try again in ${seconds} s.`, { "Retry-After": String(seconds) });
  }
}

async function serveGet(config: ApiConfig, x: Exchange): Promise<number> {
  const matched = matchRoute(config.routes, pathOf(x.req.url));
  if (matched) x.route = matched.route.path;
  if (!matched?.route.unlimited) await enforceRateLimit(config, x);
  if (!matched) throw new HttpError(404, "NOT_FOUND", "No such endpoint. See /v1/openapi.json.");
  const body = await matched.route.handle({ params: matched.params, query: queryOf(x.req.url) });
  return sendOk(x, body, matched.route.cacheControl ?? CACHEABLE);
}

async function serve(config: ApiConfig, x: Exchange): Promise<number> {
  const origin = header(x.req, "origin");
  if (origin !== undefined) {
    if (!config.allowedOrigins().includes(origin)) {
      throw new HttpError(403, "CORS_ORIGIN_DENIED", "This origin may not call the API from a browser.");
    }
    for (const [name, value] of Object.entries(corsHeaders(origin))) x.res.setHeader(name, value);
  }
  if (x.req.method === "OPTIONS") return preflight(x, origin);
  if (x.req.method !== "GET") {
    throw new HttpError(405, "METHOD_NOT_ALLOWED", `Only ${ALLOWED_METHODS} are allowed.`, { Allow: ALLOWED_METHODS });
  }
  return serveGet(config, x);
}

export function createApiHandler(config: ApiConfig) {
  return async (req: ApiRequest, res: ApiResponse): Promise<void> => {
    const startedAt = Date.now();
    const x: Exchange = { req, res, requestId: randomUUID(), route: "(unmatched)" };
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader("X-Request-Id", x.requestId);
    res.setHeader("Vary", "Origin");
    let status: number;
    let code: string | undefined;
    try {
      status = await serve(config, x);
    } catch (error) {
      const wire = wireErrorOf(error);
      if (!wire.expected) config.logError(x.requestId, error);
      code = wire.code;
      status = sendError(x, wire);
    }
    config.log({ requestId: x.requestId, route: x.route, method: req.method, status, code, ms: Date.now() - startedAt });
  };
}

/** "a, b ,c" -> ["a", "b", "c"] */
export function originsOf(list: string): string[] {
  return list.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter((o) => o.length > 0);
}
