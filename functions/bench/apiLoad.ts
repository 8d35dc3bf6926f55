// Public API page under load (SPEC section 10): autocannon at 50 connections against the
// api handler in a child process (apiServer.ts), cached (one page asked again and again)
// and uncached (each request a page never asked before: a fresh priceMax), each against its
// baseline alternately; then the Functions emulator against the in-process server at 10
// connections, for reference (the emulator starts a worker per concurrent request).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import { aSettledListingDoc, aVendor } from "../test/support/catalogue";
import { FUNCTIONS_HOST, PROJECT_ID, REGION, admin } from "../test/support/emulators";
import { alternate, percentile, rowOf, type Row } from "./stats";

const DURATION_S = 3;

interface Load {
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  non2xx: number;
}

let ipCounter = 0;
const nextIp = () => ((ipCounter += 1), `100.${(ipCounter >> 16) & 63}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`);

async function load(base: string, pathOf: () => string, connections: number): Promise<Load> {
  const latencies: number[] = [];
  let done: (result: autocannon.Result) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => ((done = resolve), (failed = reject)));
  const instance = autocannon({
    url: base,
    connections,
    duration: DURATION_S,
    requests: [{ setupRequest: (req) => ({ ...req, path: pathOf(), headers: { ...req.headers, "x-forwarded-for": `${nextIp()}, 35.191.0.9` } }) }],
  }, (error, result) => (error ? failed(error) : done(result)));
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await finished;
  return { rps: result.requests.average, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p95: percentile(latencies, 95), p99: percentile(latencies, 99), non2xx: result.non2xx + result.errors + result.timeouts };
}

function startServer(): Promise<{ child: ChildProcess; apiPort: number; floorPort: number }> {
  const child = fork(path.join(__dirname, "apiServer.ts"), [], { execArgv: ["--require", "tsx/cjs"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (ports) => resolve({ child, ...(ports as { apiPort: number; floorPort: number }) }));
    child.once("exit", (code) => reject(new Error(`api bench server exited with ${code}`)));
  });
}

function loadRow(name: string, baseline: string, runs: { a: Load[]; b: Load[] }, connections: number): Row[] {
  const details = (key: keyof Load) => runs.a.map((r) => r[key]).sort((x, y) => x - y)[Math.floor(runs.a.length / 2)];
  const facts = { connections, p50: details("p50"), p90: details("p90"), p95: details("p95"), p99: details("p99"), failed: runs.a.reduce((n, r) => n + r.non2xx, 0) };
  const baseFacts = (key: keyof Load) => runs.b.map((r) => r[key]).sort((x, y) => x - y)[Math.floor(runs.b.length / 2)];
  return [
    rowOf({ section: "apiLoad", name: `${name} req/s`, baseline, unit: "req/s", better: "higher" }, runs.a.map((r) => r.rps), runs.b.map((r) => r.rps), facts),
    rowOf({ section: "apiLoad", name: `${name} p95`, baseline, unit: "ms", better: "lower" }, runs.a.map((r) => r.p95), runs.b.map((r) => r.p95), { baselineP50: baseFacts("p50"), baselineP99: baseFacts("p99") }),
  ];
}

export async function apiLoad(pairs: number): Promise<Row[]> {
  const make = `BenchLoad${Date.now().toString(36)}`;
  const vendor = await aVendor("approved");
  const writer = admin().db.bulkWriter();
  for (let i = 0; i < 40; i += 1) void writer.set(admin().db.doc(`listings/load-${make}-${i}`), aSettledListingDoc(vendor.uid, { displayName: "Bench", type: "dealer", rating: { avg: 4, count: 1 } }, { make, price: 10_000_000 + i }));
  await writer.close();
  const { child, apiPort, floorPort } = await startServer();
  try {
    const page = `/v1/listings?make=${make}&limit=20`;
    const local = `http://127.0.0.1:${apiPort}`;
    const floor = `http://127.0.0.1:${floorPort}`;
    await fetch(`${floor}/prime?make=${make}&limit=20`);
    const fresh = () => `make=${make}&sort=price_asc&limit=20&priceMax=${1_000_000_000 + Math.floor(Math.random() * 1e9)}`;
    const rows: Row[] = [];
    rows.push(...loadRow("cached page, in-process", "same bytes from a bare http.Server", await alternate(pairs, () => load(local, () => page, 50), () => load(floor, () => "/static", 50)), 50));
    rows.push(...loadRow("uncached page, in-process", "the page's Firestore query alone", await alternate(pairs, () => load(local, () => `/v1/listings?${fresh()}`, 50), () => load(floor, () => `/query?${fresh()}`, 50)), 50));
    const emulated = `http://${FUNCTIONS_HOST}`;
    const emulatedPage = `/${PROJECT_ID}/${REGION}/api${page}`;
    await Promise.all(Array.from({ length: 10 }, () => fetch(`${emulated}${emulatedPage}`, { headers: { "x-forwarded-for": `${nextIp()}, 35.191.0.9` }, signal: AbortSignal.timeout(60_000) }).catch(() => undefined)));
    rows.push(...loadRow("cached page, Functions emulator", "in-process", await alternate(pairs, () => load(emulated, () => emulatedPage, 10), () => load(local, () => page, 10)), 10));
    return rows;
  } finally {
    child.kill();
  }
}
