// Retried event triggers (SPEC section 6). The Functions emulator of firebase-tools 14.27
// does not redeliver a failed event (it reads no retry policy except task queues'), so the
// retry policy is shown where the platform reads it, in each exported function's manifest
// (__endpoint.eventTrigger.retry), and idempotency by redelivery in the integration tests
// ("a redelivered event ..." in orders.triggers, catalogue.triggers, reviews.trigger,
// presence, jobs.callables). Here: every event trigger is retried, an event older than
// the maximum age is logged and dropped unprocessed, and a failure is rethrown (retried).
import assert from "node:assert/strict";
import * as index from "../../src/index";
import { logs } from "../../src/core/log";
import { dropWhenTooOld, MAX_EVENT_AGE_MS, type DocumentWrittenEvent } from "../../src/core/triggers";

interface Endpoint {
  eventTrigger?: { retry?: boolean; eventType: string };
}

function eventTriggers(): { name: string; endpoint: Endpoint; fn: unknown }[] {
  const found: { name: string; endpoint: Endpoint; fn: unknown }[] = [];
  for (const [group, fns] of Object.entries(index)) {
    for (const [name, fn] of Object.entries((fns ?? {}) as Record<string, { __endpoint?: Endpoint }>)) {
      if (fn.__endpoint?.eventTrigger) found.push({ name: `${group}-${name}`, endpoint: fn.__endpoint, fn });
    }
  }
  return found;
}

function anEvent(ageMs: number, overrides: Partial<DocumentWrittenEvent> = {}): DocumentWrittenEvent {
  return {
    id: `evt-${ageMs}`,
    time: new Date(Date.now() - ageMs).toISOString(),
    type: "google.cloud.firestore.document.v1.written",
    source: "test",
    specversion: "1.0",
    params: { orderId: "o-1" },
    data: undefined,
    ...overrides,
  } as DocumentWrittenEvent;
}

describe("retried triggers (core/triggers)", () => {
  let dropped: unknown[][];
  const original = logs.eventDropped;
  beforeEach(() => {
    dropped = [];
    logs.eventDropped = (...args: Parameters<typeof original>) => void dropped.push(args);
  });
  afterEach(() => {
    logs.eventDropped = original;
  });

  it("every exported event trigger is deployed with retry: true", () => {
    const triggers = eventTriggers();
    assert.ok(triggers.length >= 8, `found ${triggers.map((t) => t.name).join(", ")}`);
    for (const { name, endpoint } of triggers) assert.equal(endpoint.eventTrigger?.retry, true, name);
  });

  it("an event older than the maximum age is logged and dropped, not processed", async () => {
    let handled = 0;
    const handler = dropWhenTooOld<DocumentWrittenEvent>("orders/{orderId}", MAX_EVENT_AGE_MS, () => void (handled += 1));
    assert.equal(await handler(anEvent(MAX_EVENT_AGE_MS + 1000)), undefined);
    assert.equal(handled, 0);
    assert.equal(dropped.length, 1);
    const [trigger, eventId, ageMs, maxAgeMs] = dropped[0];
    assert.deepEqual([trigger, eventId, maxAgeMs], ["orders/{orderId}", `evt-${MAX_EVENT_AGE_MS + 1000}`, MAX_EVENT_AGE_MS]);
    assert.ok((ageMs as number) >= MAX_EVENT_AGE_MS + 1000);
  });

  it("a young event is processed, and its handler's failure is rethrown so the platform retries it", async () => {
    let handled = 0;
    const ok = dropWhenTooOld<DocumentWrittenEvent>("t", MAX_EVENT_AGE_MS, () => void (handled += 1));
    await ok(anEvent(5000));
    assert.equal(handled, 1);
    const failing = dropWhenTooOld<DocumentWrittenEvent>("t", MAX_EVENT_AGE_MS, async () => Promise.reject(new Error("contention")));
    await assert.rejects(failing(anEvent(5000)), /contention/);
    assert.equal(dropped.length, 0);
  });

  it("the deployed order trigger drops a two-hour-old event before reading anything", async () => {
    const trigger = index.orders?.onOrderWritten;
    assert.ok(trigger);
    // data undefined would make the handler fail if it ran; a dropped event never reaches it.
    await trigger.run(anEvent(2 * 60 * 60 * 1000));
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0][0], "orders/{orderId}");
  });

  it("the maximum age stays well under the platform's 24 h of retries", () => {
    assert.ok(MAX_EVENT_AGE_MS <= 6 * 60 * 60 * 1000);
  });
});
