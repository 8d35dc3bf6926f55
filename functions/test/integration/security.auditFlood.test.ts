// Issue 10, finding 7: nobody can fill the 7-year audit log. The attacks run the deployed
// handlers in process (test/support/inProcess.ts) against the Auth and Firestore emulators:
// anonymous denials are logged only, a signed-in caller's denials become one entry per hour with a count, a forged
// webhook adds to one shared count, and a 12 KB user agent is stored cut to 256 characters.
import assert from "node:assert/strict";
import { USER_AGENT_MAX_CHARS } from "../../src/core/audit";
import { payments } from "../../src/payments";
import { users } from "../../src/users";
import { anActor } from "../support/actors";
import { admin } from "../support/emulators";
import { FakeResponse, invoke, requestAs } from "../support/inProcess";

const HOUR_MS = 3600_000;

/** A webhook delivery through the deployed onRequest handler. */
async function postWebhook(body: unknown, headers: Record<string, string>) {
  const raw = JSON.stringify(body);
  const req = { method: "POST", rawBody: Buffer.from(raw), body, headers: { "content-type": "application/json", ...headers }, header: () => undefined, get: () => undefined };
  const res = new FakeResponse();
  await (payments.webhook as unknown as (req: unknown, res: unknown) => Promise<void>)(req, res);
  return { status: res.statusCode, body: res.body };
}

/** Sends `count` requests, `width` at a time (an attacker's loop, without flooding this 2-core machine). */
async function times<T>(count: number, width: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => send(i + j)))));
  }
  return results;
}

/** How many hourly windows [from, to] touches: an attack straddling the hour is two entries. */
function windowsBetween(fromMs: number, toMs: number): number {
  return Math.floor(toMs / HOUR_MS) - Math.floor(fromMs / HOUR_MS) + 1;
}

async function entriesOf(field: string, value: string) {
  return (await admin().db.collection("auditLogs").where(field, "==", value).get()).docs.map((d) => d.data());
}

describe("security: the audit log cannot be flooded (finding 7)", function () {
  this.timeout(120_000);

  it("100 anonymous calls to an admin callable write no audit entry", async () => {
    const before = (await entriesOf("actor.system", "unauthenticated")).length;
    const answers = await times(100, 10, async () => invoke(users.setRole, await requestAs(undefined, { uid: "someone", role: "admin" })));
    assert.ok(answers.every((a) => a.code === "AUTH_REQUIRED"), JSON.stringify(answers[0]));
    assert.equal((await entriesOf("actor.system", "unauthenticated")).length, before);
  });

  it("100 denied calls by one signed-in non-admin are one entry per hour with a count of 100", async () => {
    const customer = await anActor({ label: "flooder" });
    const startedAt = Date.now();
    const request = await requestAs(customer, { uid: customer.uid, role: "admin" });
    const answers = await times(100, 10, () => invoke(users.setRole, request));
    assert.ok(answers.every((a) => a.code === "ROLE_FORBIDDEN"), JSON.stringify(answers[0]));
    const entries = await entriesOf("actor.uid", customer.uid);
    assert.equal(entries.length, windowsBetween(startedAt, Date.now()), JSON.stringify(entries.map((e) => e.count)));
    assert.equal(entries.reduce((sum, e) => sum + e.count, 0), 100);
    for (const entry of entries) {
      assert.equal(entry.outcome, "denied");
      assert.equal(entry.action, "user.role_change");
      assert.equal(entry.reason, "ROLE_FORBIDDEN");
      assert.equal(entry.reasons.ROLE_FORBIDDEN, entry.count);
      assert.ok(entry.expireAt.toMillis() > Date.now() + 6.9 * 365 * 24 * HOUR_MS, "kept 7 years like every entry");
    }
  });

  it("a 12 KB user agent is stored cut to 256 characters", async () => {
    const customer = await anActor({ label: "longagent" });
    const userAgent = `Mozilla/5.0 ${"A".repeat(12 * 1024)}`;
    const answer = await invoke(users.setRole, await requestAs(customer, { uid: customer.uid, role: "admin" }, { headers: { "user-agent": userAgent } }));
    assert.equal(answer.code, "ROLE_FORBIDDEN");
    const [entry] = await entriesOf("actor.uid", customer.uid);
    assert.equal(entry.userAgent.length, USER_AGENT_MAX_CHARS);
    assert.equal(entry.userAgent, userAgent.slice(0, USER_AGENT_MAX_CHARS));
  });

  it("50 forged webhooks add 50 to one shared count instead of writing 50 entries", async () => {
    const forged = async () => (await admin().db.collection("auditLogs").where("actor.system", "==", "payments.webhook").where("outcome", "==", "denied").get()).docs;
    const before = await forged();
    const beforeCount = before.reduce((sum, d) => sum + Number(d.get("count") ?? 1), 0);
    const startedAt = Date.now();
    const answers = await times(50, 10, (i) =>
      postWebhook({ id: `evt_forged_${i}`, type: "payment.succeeded", data: {} }, { "souk-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` }),
    );
    assert.ok(answers.every((a) => a.status === 401), JSON.stringify(answers[0]));
    const after = await forged();
    const afterCount = after.reduce((sum, d) => sum + Number(d.get("count") ?? 1), 0);
    assert.equal(afterCount - beforeCount, 50);
    assert.ok(after.length - before.length <= windowsBetween(startedAt, Date.now()), `${after.length - before.length} new entries`);
  });
});
