// database.rules.json: only /status/$uid, read by signed-in users, written by $uid alone
// with exactly {state: 'online'|'offline', lastChanged: server time} (SPEC sections 6, 7).
// The Realtime Database emulator is not needed: targaryen evaluates the rules in process.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { database, type Database, type Result } from "targaryen";

const rules: object = JSON.parse(readFileSync(resolve(__dirname, "../../../database.rules.json"), "utf8"));

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
/** What the client SDK sends for ServerValue.TIMESTAMP. */
const SERVER_TIMESTAMP = { ".sv": "timestamp" };

const alice = { uid: "alice", provider: "password" };
const initialData = {
  status: {
    alice: { state: "online", lastChanged: NOW - 60_000 },
    bob: { state: "offline", lastChanged: NOW - 120_000 },
  },
  foo: { bar: 1 },
};

const db = (auth: Record<string, unknown> | null): Database => database(rules, initialData, NOW).as(auth);
const write = (auth: Record<string, unknown> | null, path: string, value: unknown): Result =>
  db(auth).write(path, value, { now: NOW });

function assertAllowed(result: Result): void {
  assert.equal(result.allowed, true, `expected ${result.path} to be allowed:\n${result.info}`);
}

function assertDenied(result: Result): void {
  assert.equal(result.allowed, false, `expected ${result.path} to be denied:\n${result.info}`);
}

describe("database rules: /status/$uid", () => {
  describe("writing", () => {
    it("a user can publish their own status with state and a server timestamp", () => {
      assertAllowed(write(alice, "/status/alice", { state: "online", lastChanged: SERVER_TIMESTAMP }));
    });

    it("a user can publish their own status going offline with an explicit past time", () => {
      assertAllowed(write(alice, "/status/alice", { state: "offline", lastChanged: NOW - 1_000 }));
    });

    it("a user can delete their own status node", () => {
      assertAllowed(write(alice, "/status/alice", null));
    });

    // Issue 10 finding 9: a write of state alone passed the rules, but the mirror keeps only
    // a strictly newer lastChanged (presence/model.ts supersedes), so RTDB said offline
    // while Firestore and dispatch said online. Every accepted status is now newer.
    it("a user cannot change only the state of an existing status (the mirror would drop it)", () => {
      assertDenied(write(alice, "/status/alice/state", "offline"));
    });

    it("a status no newer than the stored one is refused, as the mirror would ignore it", () => {
      assertDenied(write(alice, "/status/alice", { state: "offline", lastChanged: NOW - 60_000 }));
      assertDenied(write(alice, "/status/alice", { state: "offline", lastChanged: NOW - 90_000 }));
    });

    it("a first status of a user with none stored is accepted with any past time", () => {
      const carol = { uid: "carol", provider: "password" };
      assertAllowed(write(carol, "/status/carol", { state: "online", lastChanged: NOW - 1 }));
    });

    it("a user cannot write another user's status", () => {
      assertDenied(write(alice, "/status/bob", { state: "offline", lastChanged: SERVER_TIMESTAMP }));
    });

    it("a user cannot delete another user's status", () => {
      assertDenied(write(alice, "/status/bob", null));
    });

    it("a state other than online or offline is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: "away", lastChanged: SERVER_TIMESTAMP }));
    });

    it("a non-string state is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: true, lastChanged: SERVER_TIMESTAMP }));
    });

    it("an extra key is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: "online", lastChanged: SERVER_TIMESTAMP, device: "ios" }));
    });

    it("an extra key written on its own is refused", () => {
      assertDenied(write(alice, "/status/alice/device", "ios"));
    });

    it("a status without lastChanged is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: "online" }));
    });

    it("a status without state is refused", () => {
      assertDenied(write(alice, "/status/alice", { lastChanged: SERVER_TIMESTAMP }));
    });

    it("removing one of the two keys is refused", () => {
      assertDenied(write(alice, "/status/alice/state", null));
    });

    it("a non-number lastChanged is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: "online", lastChanged: "2025-01-01T12:00:00Z" }));
    });

    it("a lastChanged in the future is refused", () => {
      assertDenied(write(alice, "/status/alice", { state: "online", lastChanged: NOW + 60_000 }));
    });

    it("a guest cannot write any status", () => {
      assertDenied(write(null, "/status/alice", { state: "online", lastChanged: SERVER_TIMESTAMP }));
    });

    it("a user cannot write the whole /status node, even with only their own entry", () => {
      assertDenied(write(alice, "/status", { alice: { state: "online", lastChanged: SERVER_TIMESTAMP } }));
    });

    it("a user can update both keys of their own status in one multi-path update", () => {
      const patch = { "alice/state": "offline", "alice/lastChanged": SERVER_TIMESTAMP };
      assertAllowed(db(alice).update("/status", patch, { now: NOW }));
    });

    it("a multi-path update that touches another user's status is refused", () => {
      const patch = {
        "alice/state": "online",
        "bob/state": "online",
      };
      assertDenied(db(alice).update("/status", patch, { now: NOW }));
    });
  });

  describe("reading", () => {
    it("a signed-in user can read another user's status", () => {
      assertAllowed(db(alice).read("/status/bob", { now: NOW }));
    });

    it("a guest cannot read a status", () => {
      assertDenied(db(null).read("/status/alice", { now: NOW }));
    });

    it("a signed-in user cannot read the whole /status node", () => {
      assertDenied(db(alice).read("/status", { now: NOW }));
    });
  });
});

describe("database rules: everything outside /status/$uid", () => {
  it("a signed-in user cannot read or write /foo", () => {
    assertDenied(db(alice).read("/foo", { now: NOW }));
    assertDenied(write(alice, "/foo/bar", 2));
  });

  it("a signed-in user cannot read the root", () => {
    assertDenied(db(alice).read("/", { now: NOW }));
  });

  it("a guest cannot read or write /foo", () => {
    assertDenied(db(null).read("/foo", { now: NOW }));
    assertDenied(write(null, "/foo", { bar: 2 }));
  });

  it("a user cannot create a new top-level node named after themselves", () => {
    assertDenied(write(alice, "/alice", { state: "online", lastChanged: SERVER_TIMESTAMP }));
  });
});
