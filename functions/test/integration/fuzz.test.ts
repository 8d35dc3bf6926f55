// Fuzzing every callable, the payments webhook and the public API with generated bad
// input (issue 10, "Fuzzing in CI"): > 10,000 inputs per run, fixed seeds, and the only
// assertion that matters here: no `internal` from a callable, no 5xx from HTTP. In process
// against the emulators: callables through their real pipeline with `.run()` (the v2
// function's own entry point; identity is what onCall would have verified), the webhook
// and the API behind a local HTTP server, so the whole run takes a minute or two.
// Each target prints its count and what it answered; a failure shows the first inputs.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { api } from "../../src/api";
import { engineers } from "../../src/engineers";
import { jobs } from "../../src/jobs";
import { listings } from "../../src/listings";
import { ops } from "../../src/ops";
import { orders } from "../../src/orders";
import { payments } from "../../src/payments";
import { privacy } from "../../src/privacy";
import { signPayload } from "../../src/paymentProviders/signature";
import { users } from "../../src/users";
import { vendors } from "../../src/vendors";
import { aPartListing } from "../rules/builders";
import { anActor } from "../support/actors";
import { aSettledListingDoc, aNewVendorDoc } from "../support/catalogue";
import { admin } from "../support/emulators";
import { FuzzTally, HOSTILE_IDS, badValue, inBatches, mutationsOf, quietInfoLogs, sampleInputs, type Json } from "../support/fuzz";
import { WEBHOOK_SECRET } from "./orders.fixtures";

const RUN = Date.now().toString(36);
const PER_CALLABLE = 360;
const WEBHOOK_INPUTS = 1200;
const API_INPUTS = 1500;
const WIDTH = 6;
const POOL = 40;

type Role = "customer" | "vendor" | "engineer" | "admin";
type Runnable = { run(request: unknown): Promise<unknown> };

const LISTING = `fz-${RUN}-part`;
const CAR = `fz-${RUN}-car`;
const VENDOR = `fz-${RUN}-vendor`;
const NOWHERE = `fz-${RUN}-missing`;

/** Valid inputs the mutations start from: ids point at seeded or missing documents. */
const TARGETS: { name: string; fn: unknown; role: Role; template: Record<string, Json>; inputs?: number }[] = [
  { name: "users-updateProfile", fn: users.updateProfile, role: "customer", template: { displayName: "Mona Fuzz", locale: "ar", governorate: "cairo", phone: "+201001234567", address: { line1: "12 Tahrir St", city: "Cairo", governorate: "cairo" } } },
  { name: "users-setRole", fn: users.setRole, role: "admin", template: { uid: NOWHERE, role: "vendor" } },
  { name: "users-setStatus", fn: users.setStatus, role: "admin", template: { uid: NOWHERE, status: "suspended", reason: "fuzzing the pipeline" } },
  { name: "vendors-apply", fn: vendors.apply, role: "customer", template: { displayName: "Fuzz Motors", type: "dealer", governorate: "giza", city: "Dokki", phone: "01001234567", nationalId: "29001011234567", iban: "EG380019000500000000263180002" } },
  { name: "vendors-updateProfile", fn: vendors.updateProfile, role: "vendor", template: { displayName: "Fuzz Motors", description: "Cars", city: "Dokki", logoPath: "vendors/x/logo/a.png" } },
  { name: "vendors-review", fn: vendors.review, role: "admin", template: { vendorId: NOWHERE, decision: "reject", reason: "documents unreadable" } },
  { name: "vendors-moderateReview", fn: vendors.moderateReview, role: "admin", template: { vendorId: VENDOR, orderId: NOWHERE, decision: "publish", reason: "buyer called, sale is real" } },
  { name: "listings-moderate", fn: listings.moderate, role: "admin", template: { listingId: NOWHERE, decision: "reject", reason: "blurry photos" } },
  { name: "orders-create", fn: orders.create, role: "customer", template: { listingId: LISTING, quantity: 1, fulfillment: { method: "delivery", address: "12 Tahrir St, Cairo" }, paymentMethod: "cod", idempotencyKey: "fuzz-key-0001" } },
  { name: "orders-cancel", fn: orders.cancel, role: "customer", template: { orderId: NOWHERE, reason: "changed my mind" } },
  { name: "orders-updateStatus", fn: orders.updateStatus, role: "vendor", template: { orderId: NOWHERE, status: "confirmed" } },
  { name: "orders-confirmReceipt", fn: orders.confirmReceipt, role: "customer", template: { orderId: NOWHERE } },
  { name: "orders-refund", fn: orders.refund, role: "admin", template: { orderId: NOWHERE, reason: "customer complaint" } },
  { name: "payments-startCheckout", fn: payments.startCheckout, role: "customer", template: { orderId: NOWHERE } },
  { name: "engineers-upsert", fn: engineers.upsert, role: "admin", template: { uid: NOWHERE, displayName: "Eng Fuzz", skills: ["inspection"], governorate: "cairo", phone: "+201001234568" } },
  { name: "engineers-setAvailability", fn: engineers.setAvailability, role: "engineer", template: { availability: "available" } },
  { name: "jobs-request", fn: jobs.request, role: "customer", template: { type: "inspection", vehicle: { make: "Toyota", model: "Corolla", year: 2018 }, listingId: CAR, governorate: "cairo", city: "Nasr City", address: "12 Tahrir St, Cairo", preferredAt: "2030-01-01T10:00:00+02:00", notes: "gate 3", idempotencyKey: "fuzz-job-key-0001" } },
  { name: "jobs-assign", fn: jobs.assign, role: "admin", template: { jobId: NOWHERE, engineerId: NOWHERE } },
  { name: "jobs-respond", fn: jobs.respond, role: "engineer", template: { jobId: NOWHERE, accept: false, reason: "too far" } },
  { name: "jobs-start", fn: jobs.start, role: "engineer", template: { jobId: NOWHERE } },
  { name: "jobs-complete", fn: jobs.complete, role: "engineer", template: { jobId: NOWHERE, report: { summary: "All good", findings: ["brakes worn"], photos: [`serviceJobs/${NOWHERE}/photos/a.jpg`] }, price: 50_000 } },
  { name: "jobs-cancel", fn: jobs.cancel, role: "customer", template: { jobId: NOWHERE, reason: "no longer needed" } },
  { name: "jobs-review", fn: jobs.review, role: "customer", template: { jobId: NOWHERE, rating: 5, text: "On time and thorough" } },
  // Last, so the deletion requests they make do not take pool customers out of the targets above.
  { name: "privacy-recordConsent", fn: privacy.recordConsent, role: "customer", template: { type: "marketing", granted: true, policyVersion: "2026-01" } },
  { name: "privacy-exportData", fn: privacy.exportData, role: "customer", template: {}, inputs: 120 },
  { name: "privacy-requestDeletion", fn: privacy.requestDeletion, role: "customer", template: {}, inputs: 120 },
  { name: "privacy-cancelDeletion", fn: privacy.cancelDeletion, role: "customer", template: {}, inputs: 120 },
  { name: "privacy-eraseNow", fn: privacy.eraseNow, role: "admin", template: { uid: NOWHERE, reason: "court order 12/2026" } },
  // A valid call runs a real export or rotation: fewer inputs, the rate limit refuses most valid repeats.
  { name: "ops-backupNow", fn: ops.backupNow, role: "admin", template: {}, inputs: 60 },
  { name: "ops-rotatePiiKey", fn: ops.rotatePiiKey, role: "admin", template: {}, inputs: 60 },
];

const poolUid = (role: Role, i: number) => `fz${RUN}${role.slice(0, 3)}${i % POOL}`;

interface Identity {
  adminToken: string;
}

/** The identity onCall would have verified: a pool uid of the role (spreads rate limits), MFA for admins. */
function authFor(role: Role, index: number, identity: Identity) {
  const uid = poolUid(role, index);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const firebase = role === "admin" ? { sign_in_provider: "password", sign_in_second_factor: "phone" } : { sign_in_provider: "password" };
  const token = { uid, sub: uid, aud: "demo-souk", iss: "https://securetoken.google.com/demo-souk", auth_time: nowSeconds, iat: nowSeconds, exp: nowSeconds + 3600, firebase, ...(role === "customer" ? {} : { role }) };
  // Admin callables re-verify the raw token with checkRevoked: that of a real MFA admin.
  return { uid, token, rawToken: role === "admin" ? identity.adminToken : "fuzz-token" };
}

function rawRequestFor(index: number) {
  const headers = { "user-agent": index % 7 === 0 ? "x".repeat(12_000) : "fuzz/1.0", "x-forwarded-for": index % 5 === 0 ? "not an ip, ::1, 10.0.0.1" : "203.0.113.7" };
  return { headers, ip: "127.0.0.1", header: (name: string) => headers[name.toLowerCase() as keyof typeof headers] };
}

async function seed(): Promise<Identity> {
  const { db } = admin();
  const batch = db.batch();
  for (const role of ["customer", "vendor", "engineer", "admin"] as const) {
    for (let i = 0; i < POOL; i += 1) batch.set(db.doc(`users/${poolUid(role, i)}`), { role, status: "active", locale: "ar", displayName: "Fuzz" });
  }
  const summary = { displayName: "Fuzz Motors", rating: { avg: 4, count: 1 }, type: "dealer" };
  batch.set(db.doc(`vendors/${VENDOR}`), aNewVendorDoc({ displayName: "Fuzz Motors" }));
  batch.set(db.doc(`listings/${LISTING}`), aSettledListingDoc(VENDOR, summary, aPartListing({ vendorId: VENDOR, status: "active", stock: 1_000_000, price: 1_000 })));
  batch.set(db.doc(`listings/${CAR}`), aSettledListingDoc(VENDOR, summary));
  await batch.commit();
  const anAdmin = await anActor({ role: "admin", label: "fuzz-admin" });
  return { adminToken: anAdmin.idToken };
}

interface Local {
  url: string;
  server: Server;
}

/** An express-shaped req/res over node:http, enough for the v2 onRequest handlers. */
async function serveLocally(handler: (req: unknown, res: unknown) => Promise<unknown> | unknown): Promise<Local> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const shaped = Object.assign(req, { rawBody, ip: req.socket.remoteAddress, get: (n: string) => req.headers[n.toLowerCase()] });
      const reply = Object.assign(res, {
        status: (code: number) => ((res.statusCode = code), reply),
        set: (name: string, value: string) => (res.setHeader(name, value), reply),
        json: (body: unknown) => (res.setHeader("content-type", "application/json"), res.end(JSON.stringify(body)), reply),
        send: (body: unknown) => (res.end(String(body)), reply),
      });
      Promise.resolve(handler(shaped, reply)).catch(() => {
        if (!res.headersSent) res.writeHead(599).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const tallies: string[] = [];
let grandTotal = 0;

function report(name: string, tally: FuzzTally, badAnswers: number): void {
  tallies.push(tally.summary(name));
  grandTotal += tally.total;
  assert.equal(badAnswers, 0, `${name}: ${badAnswers} answers were internal/5xx; first ones: ${JSON.stringify(tally.failures, null, 1)}`);
}

describe("fuzzing: generated bad input never gives internal or 5xx", function () {
  this.timeout(600_000);
  let identity: Identity;
  let restoreLogs: () => void;

  before(async () => {
    identity = await seed();
    restoreLogs = quietInfoLogs();
  });

  after(() => {
    restoreLogs();
    for (const line of tallies) console.log(`      ${line}`);
    console.log(`      fuzz total: ${grandTotal} inputs`);
  });

  TARGETS.forEach((target, t) => {
    it(`${target.name}: ${target.inputs ?? PER_CALLABLE} inputs, none internal`, async () => {
      const inputs = sampleInputs(mutationsOf(target.template), 1_000 + t, target.inputs ?? PER_CALLABLE);
      const tally = new FuzzTally();
      let bad = 0;
      await inBatches(inputs, WIDTH, async (data, i) => {
        const request = { data, auth: authFor(target.role, i, identity), rawRequest: rawRequestFor(i), acceptsStreaming: false };
        let answer = "ok";
        try {
          await (target.fn as Runnable).run(request);
        } catch (error) {
          const code = (error as { code?: string }).code;
          const details = (error as { details?: { code?: string } }).details;
          answer = details?.code ? `${code}/${details.code}` : `thrown:${String(code ?? (error as Error).message).slice(0, 60)}`;
        }
        const isBad = answer.startsWith("internal") || answer.startsWith("thrown");
        if (isBad) bad += 1;
        tally.record(answer, isBad, data);
      });
      report(target.name, tally, bad);
    });
  });

  it(`payments-webhook: ${WEBHOOK_INPUTS} deliveries, none 5xx`, async () => {
    const local = await serveLocally(payments.webhook as unknown as (req: unknown, res: unknown) => Promise<void>);
    try {
      const template: Record<string, Json> = { id: `evt_fz_${RUN}`, type: "payment.succeeded", data: { paymentId: `pay_fz_${RUN}`, orderId: NOWHERE, amount: 1_000, currency: "EGP" } };
      const signedBodies = mutationsOf(template).map((event) => ({ body: JSON.stringify(event), sign: true }));
      const junk = fc.oneof(badValue.map((v) => ({ body: JSON.stringify(v), sign: false })), fc.string({ unit: "binary", maxLength: 200 }).map((body) => ({ body, sign: true })));
      const deliveries = fc.sample(fc.oneof({ arbitrary: signedBodies, weight: 4 }, { arbitrary: junk, weight: 1 }), { seed: 2_000, numRuns: WEBHOOK_INPUTS });
      const tally = new FuzzTally();
      let bad = 0;
      await inBatches(deliveries, WIDTH, async (delivery, i) => {
        const signature = delivery.sign ? signPayload(WEBHOOK_SECRET, delivery.body, Math.floor(Date.now() / 1000)) : `t=${i},v1=${"0".repeat(64)}`;
        const response = await fetch(`${local.url}/`, { method: i % 50 === 0 ? "PUT" : "POST", headers: { "content-type": "application/json", "souk-signature": signature }, body: delivery.body });
        await response.arrayBuffer();
        if (response.status >= 500) bad += 1;
        tally.record(String(response.status), response.status >= 500, delivery.body);
      });
      report("payments-webhook", tally, bad);
    } finally {
      local.server.close();
    }
  });

  it(`api: ${API_INPUTS} requests, none 5xx`, async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "1000000"; // the fuzz is one client; the limit is tested elsewhere
    const local = await serveLocally(api as unknown as (req: unknown, res: unknown) => Promise<void>);
    try {
      const segment = fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ unit: "binary", maxLength: 30 }), fc.constant(LISTING), fc.constant(VENDOR));
      const paths = fc.oneof(
        segment.map((s) => `/v1/listings/${encodeLoosely(s)}`),
        segment.map((s) => `/v1/vendors/${encodeLoosely(s)}`),
        segment.map((s) => `/v1/${encodeLoosely(s)}`),
        fc.constantFrom("/v1/health?deep=1", "/v1/openapi.json", "/v1/listings/", "//v1//listings", "/v1/listings/a/b", "/v1/listings/%2e%2e"),
      );
      const templateQuery: Record<string, Json> = { kind: "car", make: "Toyota", yearMin: 2010, yearMax: 2020, priceMin: 1, priceMax: 10 ** 9, sort: "price_desc", limit: 5, q: "corolla", governorate: "cairo" };
      const cursor = fc.oneof(badValue, fc.record({ s: fc.constantFrom("newest", "price_asc", "price_desc"), v: fc.oneof(badValue, fc.tuple(badValue, badValue)), id: badValue }))
        .map((payload) => Buffer.from(JSON.stringify(payload)).toString("base64url"));
      const queries = fc.oneof(
        mutationsOf(templateQuery).map((q) => `/v1/listings?${queryString(q)}`),
        cursor.map((c) => `/v1/listings?sort=${c.length % 2 ? "newest" : "price_asc"}&cursor=${c}`),
        fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty").map((k) => `/v1/listings?${k}=x&${k}=y&kind=car`),
      );
      const requests = fc.sample(fc.oneof(paths, queries), { seed: 3_000, numRuns: API_INPUTS });
      const tally = new FuzzTally();
      let bad = 0;
      await inBatches(requests, WIDTH, async (path, i) => {
        const response = await fetch(`${local.url}${path}`, { method: i % 40 === 0 ? "DELETE" : "GET", headers: { "x-forwarded-for": `198.51.100.${i % 250}` } });
        await response.arrayBuffer();
        if (response.status >= 500) bad += 1;
        tally.record(String(response.status), response.status >= 500, path);
      });
      report("api", tally, bad);
    } finally {
      local.server.close();
    }
  });

  it("every exported callable is a target", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every group, as deploy discovery loads them
    const exported = require("../../src/index") as Record<string, Record<string, { declaredName?: string }> | undefined>;
    const callables = Object.entries(exported).flatMap(([group, fns]) =>
      Object.entries(fns ?? {}).filter(([, fn]) => typeof fn?.declaredName === "string").map(([name]) => `${group}-${name}`),
    );
    assert.deepEqual(TARGETS.map((t) => t.name).sort(), callables.sort());
  });

  it("the run fed at least 10,000 inputs", () => {
    assert.ok(grandTotal >= 10_000, `only ${grandTotal} inputs`);
  });
});

/** encodeURIComponent, except that a lone surrogate becomes invalid UTF-8 (%ED%A0%80) for the server to cope with. */
function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split(/([\uD800-\uDFFF])/)
      .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
      .join("");
  }
}

/** A query string from a mutated template: nested values as JSON, own "__proto__" keys kept. */
function queryString(query: Json): string {
  if (query === null || typeof query !== "object" || Array.isArray(query)) return `q=${encodeLoosely(JSON.stringify(query))}`;
  return Object.keys(query)
    .map((key) => {
      const value = query[key];
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return `${encodeLoosely(key)}=${encodeLoosely(text)}`;
    })
    .join("&");
}
