// core/log.ts: what reaches Cloud Logging. The functions runtime takes one JSON line per
// entry from stdout/stderr, so these tests read exactly those lines.
import assert from "node:assert/strict";
import { logs } from "../../src/core/log";

type Entry = Record<string, unknown> & { severity: string; message: string };

/** Every JSON line written to stdout or stderr while `act` runs. */
function captured(act: () => void): Entry[] {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  try {
    act();
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]));
  }
  return lines.flatMap((chunk) => chunk.split("\n")).filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Entry);
}

function thrownHere(): Error {
  return new Error("Firestore said: 8 RESOURCE_EXHAUSTED quota");
}

describe("logs", () => {
  it("a failed audit write reaches the log at ERROR with the error's own message and stack", () => {
    const error = thrownHere();
    const [entry] = captured(() => logs.auditWriteFailed("orders.cancel", "req-1", error));
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.event, "audit.write_failed");
    assert.equal(entry.action, "orders.cancel");
    assert.equal(entry.requestId, "req-1");
    assert.match(entry.message, /Firestore said: 8 RESOURCE_EXHAUSTED quota/, "the error text is in the message");
    assert.match(entry.message, /thrownHere/, "the stack is the error's, not the logger's");
    assert.doesNotMatch(entry.message, /core\/log\.ts/, "no frame of the logging code itself");
    assert.deepEqual(entry.error, { name: "Error", message: error.message, stack: error.stack });
  });

  it("two different unexpected errors give two different messages (so they are grouped apart)", () => {
    const [a] = captured(() => logs.unexpectedError("orders.create", "r1", new TypeError("x is undefined")));
    const [b] = captured(() => logs.unexpectedError("orders.create", "r2", new RangeError("too deep")));
    assert.match(a.message, /TypeError: x is undefined/);
    assert.match(b.message, /RangeError: too deep/);
    assert.notEqual(a.message.split("\n")[0], b.message.split("\n")[0]);
  });

  it("a thrown non-Error is still named in the entry", () => {
    const [entry] = captured(() => logs.pushFailed("u1", "socket hang up"));
    assert.equal(entry.severity, "ERROR");
    assert.match(entry.message, /socket hang up/);
    assert.equal(entry.uid, "u1");
  });

  it("an event's fields cannot overwrite the entry's severity or message", () => {
    const [entry] = captured(() => logs.ordersScheduleRun("expiry", { changed: 2, message: "spoofed", severity: "DEBUG" }));
    assert.equal(entry.severity, "INFO");
    assert.equal(entry.message, "orders.expiry_run");
    assert.equal(entry.changed, 2);
  });

  it("a call's outcome line is INFO on success and ERROR on an unexpected error", () => {
    const [ok] = captured(() => logs.callCompleted({ fn: "orders.cancel", requestId: "r", outcome: "success", ms: 3 }));
    const [bad] = captured(() => logs.callCompleted({ fn: "orders.cancel", requestId: "r", outcome: "error", code: "INTERNAL", ms: 3 }));
    assert.equal(ok.severity, "INFO");
    assert.equal(bad.severity, "ERROR");
    assert.equal(bad.code, "INTERNAL");
  });
});
