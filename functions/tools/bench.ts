// `npm run bench` (SPEC section 10): cold start per function group, Firestore document
// operations per user action, and latency under concurrent load against the emulators.
// Prints markdown tables; numbers are for this machine (printed first), not a promise.
import "../test/support/setup";
import { execFileSync } from "node:child_process";
import { EventEmitter } from "node:events";
import os from "node:os";
import path from "node:path";
import type { CallableRequest } from "firebase-functions/v2/https";
import { anActor, type Actor } from "../test/support/actors";
import { aCarListingDoc, aSettledListingDoc, aVendor, newId } from "../test/support/catalogue";
import { aPartListing } from "../test/rules/builders";
import { FUNCTIONS_HOST, PROJECT_ID, REGION, admin, callRaw } from "../test/support/emulators";
import { api } from "../src/api";
import { listings } from "../src/listings";
import { orders } from "../src/orders";
import { fakeWebhookEvent } from "./fakePayer";
import { payments } from "../src/payments";
import { processPaymentEvent } from "../src/payments/process";
import { users } from "../src/users";
import { vendors } from "../src/vendors";
import { countOps, installOpCounter, type OpCount } from "./opCounter";

const functionsDir = path.resolve(__dirname, "..");
const RUNS = 5;
/** A request slower than this counts as failed instead of stalling the bench. */
const REQUEST_TIMEOUT_MS = 60000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

// ---- cold start ---------------------------------------------------------------------

function loadOnce(target: string): { ms: number; rssMb: number } {
  const script = `const t = process.hrtime.bigint(); require("./lib/index.js");
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1048576 }));`;
  const out = execFileSync(process.execPath, ["-e", script], { cwd: functionsDir, env: { ...process.env, FUNCTION_TARGET: target }, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}");
}

function coldStart(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled output is what deploys
  const groups = Object.keys(require(path.join(functionsDir, "lib/index.js")) as Record<string, unknown>);
  const targets: [string, string][] = [["(all groups: deploy discovery)", ""], ...groups.map((g): [string, string] => [g, g === "api" ? "api" : `${g}.x`])];
  const rows = targets.map(([label, target]) => {
    const runs = Array.from({ length: RUNS }, () => loadOnce(target));
    return [label, median(runs.map((r) => r.ms)).toFixed(0), median(runs.map((r) => r.rssMb)).toFixed(0)];
  });
  return table(["function group", "module load ms (median of 5)", "RSS MB after load"], rows);
}

// ---- document operations per action -------------------------------------------------

type Runnable = { run(request: unknown): Promise<unknown> };

async function requestAs(actor: Actor, data: unknown): Promise<CallableRequest<unknown>> {
  const token = await admin().auth.verifyIdToken(actor.idToken);
  return { data, auth: { uid: actor.uid, token, rawToken: actor.idToken }, rawRequest: { headers: {}, ip: "127.0.0.1" }, acceptsStreaming: false } as unknown as CallableRequest<unknown>;
}

/** Enough of an HTTP response for the onRequest wrapper: it waits for "finish". */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(): this {
    return this;
  }
  getHeader(): undefined {
    return undefined;
  }
  end(): this {
    this.headersSent = true;
    this.emit("finish");
    return this;
  }
}

async function documentOps(): Promise<string> {
  installOpCounter();
  const customer = await anActor();
  const anAdmin = await anActor({ role: "admin" });
  const target = await anActor();
  const vendor = await aVendor("approved");
  const pendingId = newId("bench");
  await admin().db.doc(`listings/${pendingId}`).set({ ...aCarListingDoc(vendor.uid), status: "pending_review" });
  const listingRef = admin().db.doc(`listings/${newId("bench")}`);
  const rows: [string, OpCount, string][] = [];
  const measure = async (label: string, note: string, action: () => Promise<unknown>) => rows.push([label, await countOps(action), note]);

  await measure("users-updateProfile", "profile status, rate limit, profile + PII batch", async () =>
    (users.updateProfile as unknown as Runnable).run(await requestAs(customer, { displayName: "Bench User", phone: "01001234567" })));
  await measure("users-setRole (admin, MFA)", "+ audit entry; Auth calls not counted", async () =>
    (users.setRole as unknown as Runnable).run(await requestAs(anAdmin, { uid: target.uid, role: "vendor" })));
  await measure("vendors-apply", "vendor + KYC in one transaction, audit", async () =>
    (vendors.apply as unknown as Runnable).run(await requestAs(customer, { displayName: "Bench Motors", type: "dealer", governorate: "cairo", city: "Maadi", phone: "01001234567", nationalId: "29001011234567" })));
  await measure("listings-moderate (approve)", "listing + vendor read in a transaction, audit", async () =>
    (listings.moderate as unknown as Runnable).run(await requestAs(anAdmin, { listingId: pendingId, decision: "approve" })));
  await listingRef.set(aCarListingDoc(vendor.uid, { status: "active" }));
  const before = await admin().db.doc("listings/none").get();
  const after = await listingRef.get();
  await measure("listing created -> onListingWritten", "tokens, vendor summary, count() of active listings", async () =>
    (listings.onListingWritten as unknown as Runnable).run({ id: newId("evt"), time: new Date().toISOString(), params: { listingId: listingRef.id }, data: { before, after } }));
  const summary = { displayName: "Bench", type: "dealer", rating: { avg: 4, count: 2 } };
  const writer = admin().db.bulkWriter();
  for (let i = 0; i < 25; i += 1) void writer.set(admin().db.doc(`listings/${newId("benchpage")}`), aSettledListingDoc(vendor.uid, summary, { make: "BenchMake" }));
  await writer.close();
  await measure("GET /v1/listings?make=…&limit=20", "one query, no per-item reads; + rate limit", async () => {
    const req = { method: "GET", url: "/v1/listings?make=BenchMake&limit=20", headers: {}, ip: "192.0.2.10" };
    await (api as unknown as (req: unknown, res: unknown) => Promise<void>)(req, new FakeResponse());
  });
  await measureOrders(measure, customer, vendor);
  return table(
    ["action", "reads", "writes", "what"],
    rows.map(([label, ops, note]) => [label, ops.reads, ops.writes, note]),
  ) + "\nRules `get()`s on client writes (from firestore.rules): listing create/update 1 (vendors/{uid}); favorite create 1 (exists listing); review create 1 (orders/{id}).";
}

type Measure = (label: string, note: string, action: () => Promise<unknown>) => Promise<unknown>;

/** A car order from checkout to review, one step at a time, each counted. */
async function measureOrders(measure: Measure, buyer: Actor, vendor: Actor): Promise<void> {
  const summary = { displayName: "Bench", type: "dealer", rating: { avg: 4, count: 2 } };
  const carId = newId("benchcar");
  await admin().db.doc(`listings/${carId}`).set(aSettledListingDoc(vendor.uid, summary, { price: 50_000_000 }));
  let created: { orderId: string; total: number } = { orderId: "", total: 0 };
  await measure("orders-create (car, card, delivery)", "order, number, event, PII, listing hold, audit; idempotency read", async () => {
    const request = { listingId: carId, fulfillment: { method: "delivery", address: "12 Tahrir St, Dokki" }, paymentMethod: "card", idempotencyKey: newId("bench-key") };
    created = (await (orders.create as unknown as Runnable).run(await requestAs(buyer, request))) as typeof created;
  });
  let paymentId = "";
  await measure("payments-startCheckout", "order read, provider call, order update in a transaction", async () => {
    paymentId = ((await (payments.startCheckout as unknown as Runnable).run(await requestAs(buyer, { orderId: created.orderId }))) as { paymentId: string }).paymentId;
  });
  await measure("payments-webhook payment.succeeded", "event ledger, order, listing; order + ledger + event + 2 audit writes", () =>
    processPaymentEvent(fakeWebhookEvent({ type: "payment.succeeded", paymentId, orderId: created.orderId, amount: created.total, currency: "EGP" })));
  const orderRef = admin().db.doc(`orders/${created.orderId}`);
  const before = await orderRef.get();
  await measure("orders-updateStatus (confirmed)", "+ decrypts the address for the vendor", async () =>
    (orders.updateStatus as unknown as Runnable).run(await requestAs(vendor, { orderId: created.orderId, status: "confirmed" })));
  const after = await orderRef.get();
  await measure("order status change -> onOrderWritten", "2 notifications (+ profile, devices reads), no counter for confirmed", async () =>
    (orders.onOrderWritten as unknown as Runnable).run({ id: newId("evt"), time: new Date().toISOString(), params: { orderId: created.orderId }, data: { before, after } }));
  const partId = newId("benchpart");
  await admin().db.doc(`listings/${partId}`).set(aSettledListingDoc(vendor.uid, summary, aPartListing({ vendorId: vendor.uid, status: "active", stock: 50 })));
  await measure("orders-create (part, cash, pickup)", "no PII document; stock decrement", async () =>
    (orders.create as unknown as Runnable).run(await requestAs(buyer, { listingId: partId, quantity: 2, fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: newId("bench-key") })));
}

// ---- latency under load ---------------------------------------------------------------

async function load(label: string, total: number, concurrency: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        if (!(await send(i))) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return [label, total, concurrency, percentile(latencies, 50).toFixed(0), percentile(latencies, 95).toFixed(0), percentile(latencies, 99).toFixed(0), (total / seconds).toFixed(1), failures];
}

async function latency(): Promise<string> {
  const base = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}`;
  // Warm up at the measured concurrency first: the emulator starts one worker per
  // concurrent request, and those starts are cold-start cost, reported above, not latency.
  await Promise.all(
    Array.from({ length: 10 }, () =>
      fetch(`${base}/api/v1/listings?limit=1`, { headers: { "x-forwarded-for": "198.51.100.1" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined),
    ),
  );
  const apiRow = await load("GET /v1/listings?limit=20", 200, 10, async (i) => {
    const headers = { "x-forwarded-for": `198.51.100.${2 + Math.floor(i / 100)}` };
    const response = await fetch(`${base}/api/v1/listings?limit=20`, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
    await response?.arrayBuffer();
    return response?.ok === true;
  });
  const callers = await Promise.all(Array.from({ length: 10 }, () => anActor()));
  await Promise.all(callers.map((caller) => callRaw("users-updateProfile", { locale: "en" }, caller.idToken)));
  const callableRow = await load("users-updateProfile (callable)", 80, 10, async (i) => {
    const { error } = await callRaw("users-updateProfile", { displayName: `Load ${i}` }, callers[i % 10].idToken);
    return error === undefined;
  });
  const shop = await aVendor("approved", { type: "parts_shop" });
  const partIds = Array.from({ length: 10 }, () => newId("loadpart"));
  await Promise.all(partIds.map((id) => admin().db.doc(`listings/${id}`).set(aSettledListingDoc(shop.uid, { displayName: "Load", type: "parts_shop", rating: { avg: 4, count: 1 } }, aPartListing({ vendorId: shop.uid, status: "active", stock: 1000 })))));
  const orderRow = await load("orders-create (callable, 10 parts)", 80, 10, async (i) => {
    const request = { listingId: partIds[i % 10], fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: `load-${i}-${Date.now()}` };
    const { error } = await callRaw("orders-create", request, callers[i % 10].idToken);
    return error === undefined;
  });
  const hotRow = await load("orders-create (callable, 1 hot part)", 40, 10, async (i) => {
    const request = { listingId: partIds[0], fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: `hot-${i}-${Date.now()}` };
    const { error } = await callRaw("orders-create", request, callers[i % 10].idToken);
    return error === undefined;
  });
  return table(["endpoint", "requests", "concurrency", "p50 ms", "p95 ms", "p99 ms", "req/s", "failed"], [apiRow, callableRow, orderRow, hotRow]);
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`# Souk bench — ${new Date().toISOString()}\n\nMachine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, emulators (not production).\n`);
  console.log(`## Cold start: what a function instance loads\n\n${coldStart()}\n`);
  console.log(`## Firestore document operations per action (Admin SDK, counted in process)\n\n${await documentOps()}\n`);
  console.log(`## Latency under concurrent load (Functions emulator over HTTP)\n\n${await latency()}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
