// The client's table of callables against the server's: every callable functions/src
// exports (a function with a callable trigger, found by loading the groups as deploy
// discovery does) has exactly one typed client function, and the client names none the
// server lacks. Derived at test time, so a callable added on the server fails this test
// until the client gains its line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CALLABLES } from "../../src/index";

// Reading a v1 trigger's endpoint (users-createProfile) needs a project id, as in deploy discovery.
process.env.GCLOUD_PROJECT ??= "demo-souk";
const server = (await import("../../../functions/src/index")) as Record<string, unknown>;

type Exported = { __endpoint?: { callableTrigger?: unknown }; declaredName?: string };

/** Wire names (group-name) of the functions the server exports with a callable trigger. */
export function serverCallables(groups: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [group, members] of Object.entries(groups)) {
    if (!members || typeof members !== "object") continue;
    for (const [name, member] of Object.entries(members as Record<string, Exported>)) {
      if (member?.__endpoint?.callableTrigger !== undefined) found.push(`${group}-${name}`);
    }
  }
  return found.sort();
}

const clientCallables = () => Object.entries(CALLABLES).flatMap(([group, ops]) => Object.keys(ops).map((name) => `${group}-${name}`)).sort();

describe("@souk/client covers the server's callables", () => {
  const onServer = serverCallables(server);

  it("finds the server's callables (and only callables: no trigger, schedule or HTTP function)", () => {
    for (const wire of ["users-setRole", "privacy-eraseNow", "ops-backupNow", "orders-create"]) assert.ok(onServer.includes(wire), wire);
    for (const notCallable of ["users-createProfile", "payments-webhook", "ops-backupFirestore", "privacy-runDueDeletions"]) assert.ok(!onServer.includes(notCallable), notCallable);
    assert.ok(onServer.length >= 25, `only ${onServer.length} callables found: is discovery loading every group?`);
  });

  it("has one typed function per server callable, and none the server does not export", () => {
    const client = clientCallables();
    assert.deepEqual({ missingInClient: onServer.filter((w) => !client.includes(w)), unknownToServer: client.filter((w) => !onServer.includes(w)) }, { missingInClient: [], unknownToServer: [] });
  });

  it("each client function calls the callable declared under that wire name", () => {
    const groups = server as unknown as Record<string, Record<string, Exported>>;
    for (const wire of clientCallables()) {
      const [group, name] = wire.split("-");
      assert.equal(groups[group]?.[name]?.declaredName, `${group}.${name}`, wire);
    }
  });

  it("a callable added on the server without a client line is reported", () => {
    const withNew = { ...server, jobs: { ...(server.jobs as object), review: { __endpoint: { callableTrigger: {} } } } };
    const missing = serverCallables(withNew).filter((w) => !clientCallables().includes(w));
    assert.deepEqual(missing, ["jobs-review"].filter((w) => !clientCallables().includes(w)));
  });
});
