// Offline tests of the deployed trigger functions through firebase-functions-test (issue 9,
// item 9): `wrap` builds the CloudEvent the platform would deliver around data made by
// `makeDocumentSnapshot` / `makeChange` (Firestore) and `database.makeDataSnapshot` (RTDB),
// and runs the exported v2 function itself, so what is tested is the function as deployed
// (options, age guard, params, handler), not a helper behind it. No emulator runs here:
// these are the paths that decide without I/O. Handlers whose effect is a Firestore write
// are tested against the emulator (run(event) with real snapshots, delivered twice) in
// test/integration; firebase-functions-test's offline mode has no Firestore to write to.
import assert from "node:assert/strict";
import functionsTest from "firebase-functions-test";
import type { CloudFunction } from "firebase-functions/v2";
import * as index from "../../src/index";
import { logs } from "../../src/core/log";
import { MAX_EVENT_AGE_MS } from "../../src/core/triggers";

const fft = functionsTest({ projectId: "demo-souk" });

type AnyCloudFunction = CloudFunction<never> & { __endpoint: { platform?: string; eventTrigger?: { eventType: string } } };

interface Captured {
  dropped: unknown[][];
  invalid: string[];
  counted: unknown[][];
}

/** Replaces the named log functions the paths under test emit, and restores them after. */
function captureLogs(): { captured: Captured; restore: () => void } {
  const original = { eventDropped: logs.eventDropped, presenceInvalidStatus: logs.presenceInvalidStatus, orderStatsCounted: logs.orderStatsCounted };
  const captured: Captured = { dropped: [], invalid: [], counted: [] };
  logs.eventDropped = (...args) => void captured.dropped.push(args);
  logs.presenceInvalidStatus = (uid) => void captured.invalid.push(uid);
  logs.orderStatsCounted = (...args) => void captured.counted.push(args);
  return { captured, restore: () => Object.assign(logs, original) };
}

function eventTriggers(): { name: string; fn: AnyCloudFunction }[] {
  const found: { name: string; fn: AnyCloudFunction }[] = [];
  for (const [group, fns] of Object.entries(index)) {
    for (const [name, fn] of Object.entries((fns ?? {}) as Record<string, AnyCloudFunction>)) {
      if (fn?.__endpoint?.eventTrigger) found.push({ name: `${group}-${name}`, fn });
    }
  }
  return found;
}

/** A change of `document` from `before` to `after`, as firebase-functions-test builds it. */
function documentChange(document: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) {
  return fft.makeChange(fft.firestore.makeDocumentSnapshot(before ?? {}, document), fft.firestore.makeDocumentSnapshot(after ?? {}, document));
}

function isDatabaseTrigger(fn: AnyCloudFunction): boolean {
  return String(fn.__endpoint.eventTrigger?.eventType).startsWith("google.firebase.database.");
}

/** Old enough that the age guard must drop it. */
const STALE_TIME = () => new Date(Date.now() - MAX_EVENT_AGE_MS - 60_000).toISOString();

describe("trigger functions offline (firebase-functions-test)", () => {
  let captured: Captured;
  let restore: () => void;
  beforeEach(() => ({ captured, restore } = captureLogs()));
  afterEach(() => restore());
  after(() => fft.cleanup());

  it("every exported event trigger, wrapped as deployed, drops an event older than the maximum age and logs it", async () => {
    const triggers = eventTriggers();
    assert.ok(triggers.length >= 8, `found ${triggers.map((t) => t.name).join(", ")}`);
    for (const { name, fn } of triggers) {
      const id = `evt-${name}`;
      if (fn.__endpoint.platform !== "gcfv2") {
        // users-createProfile, the one 1st-gen trigger (v2 has no non-blocking Auth event):
        // wrap() takes the data and the 1st-gen context.
        await (fft.wrap(fn as never) as (user: unknown, context: object) => Promise<unknown>)(fft.auth.makeUserRecord({ uid: "u1" }), { eventId: id, timestamp: STALE_TIME() });
        assert.ok(captured.dropped.some((args) => args[1] === id), `${name} did not log the dropped event`);
        continue;
      }
      const data = isDatabaseTrigger(fn)
        ? fft.makeChange(fft.database.makeDataSnapshot(null, "status/u1"), fft.database.makeDataSnapshot({ state: "online" }, "status/u1"))
        : documentChange("orders/o1", undefined, { status: "pending_payment" });
      // Resolving (not throwing) is what stops the platform's retries; an undropped event
      // would reach the handler, which has no Firestore here and rejects.
      await fft.wrap(fn)({ id, time: STALE_TIME(), data } as never);
      const entry = captured.dropped.find((args) => args[1] === id);
      assert.ok(entry, `${name} did not log the dropped event`);
      assert.ok(Number(entry[2]) > MAX_EVENT_AGE_MS, `${name} logged age ${String(entry[2])}`);
    }
    assert.equal(captured.dropped.length, triggers.length);
  });

  it("a fresh event is not dropped by the age guard (the presence trigger reaches its handler)", async () => {
    const wrapped = fft.wrap(index.presence!.onStatusWritten);
    const data = fft.makeChange(fft.database.makeDataSnapshot(null, "status/u2"), fft.database.makeDataSnapshot({ state: "dancing" }, "status/u2"));
    await wrapped({ id: "evt-fresh", time: new Date().toISOString(), params: { uid: "u2" }, data } as never);
    assert.deepEqual(captured.dropped, []);
    // An unknown state is refused before any I/O: logged, nothing mirrored (RTDB rules refuse it too).
    assert.deepEqual(captured.invalid, ["u2"]);
  });

  it("a write to an order that changes no status notifies nobody and counts nothing", async () => {
    const wrapped = fft.wrap(index.orders!.onOrderWritten);
    const order = { status: "confirmed", buyerId: "b1", vendorId: "v1", total: 125000 };
    const data = documentChange("orders/o2", order, { ...order, note: "gate 3" });
    await wrapped({ id: "evt-note", time: new Date().toISOString(), params: { orderId: "o2" }, data } as never);
    assert.deepEqual(captured.dropped, []);
    assert.deepEqual(captured.counted, []);
  });
});
