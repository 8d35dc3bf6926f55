// privacy-recordConsent and the marketing gate (SPEC section 8): every decision is a new
// record with the policy version, server time, IP and user agent; the profile keeps the
// latest decision per type; marketing notices reach only users who granted the current
// version, while transactional ones always arrive.
import assert from "node:assert/strict";
import { notify, setPushSender, type Notice, type PushMessage } from "../../src/core/notify";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";

const CURRENT = process.env.POLICY_VERSION ?? "";

const offer: Notice = {
  type: "marketing.offer",
  title: { ar: "عرض جديد", en: "A new offer" },
  body: { ar: "خصم على قطع الغيار", en: "Discount on spare parts" },
};
const orderShipped: Notice = {
  type: "order.shipped",
  title: { ar: "تم شحن طلبك", en: "Your order shipped" },
  body: { ar: "في الطريق", en: "On its way" },
};

interface ConsentRecord {
  type: string;
  granted: boolean;
  policyVersion: string;
  at: { toMillis(): number };
  ip: unknown;
  userAgent: unknown;
}

async function consentsOf(uid: string) {
  const snapshot = await admin().db.collection(`users/${uid}/consents`).get();
  return snapshot.docs.map((d) => ({ id: d.id, ...(d.data() as ConsentRecord) }));
}

describe("privacy-recordConsent", () => {
  const pushed: PushMessage[] = [];
  before(() => setPushSender({ send: async (_tokens, message) => (pushed.push(message), { invalidTokens: [] }) }));
  after(() => setPushSender(undefined));

  it("records a grant with version, server time, IP and user agent, and summarises it on the profile", async () => {
    const user = await anActor();
    await profileOf(user.uid);
    const { result, error } = await callRaw<{ id: string }>("privacy-recordConsent", { type: "marketing", granted: true, policyVersion: CURRENT }, user.idToken, {
      // The emulator hands workers no client address; production's front end appends this header.
      "x-forwarded-for": "203.0.113.7",
    });
    assert.equal(error, undefined, JSON.stringify(error));
    const [record] = await consentsOf(user.uid);
    assert.equal(record.id, result?.id);
    assert.equal(record.type, "marketing");
    assert.equal(record.granted, true);
    assert.equal(record.policyVersion, CURRENT);
    assert.ok(Math.abs(record.at.toMillis() - Date.now()) < 120_000, "server time");
    assert.equal(record.ip, "203.0.113.7", "the IP the pipeline saw");
    assert.equal(typeof record.userAgent, "string");
    const profile = await profileOf(user.uid);
    assert.equal(profile?.consents?.marketing?.granted, true);
    assert.equal(profile?.consents?.marketing?.recordId, result?.id);
  });

  it("a withdrawal is a second record; the summary follows the latest; the audit names no PII", async () => {
    const user = await anActor();
    await profileOf(user.uid);
    await callRaw("privacy-recordConsent", { type: "marketing", granted: true, policyVersion: CURRENT }, user.idToken);
    const { error } = await callRaw("privacy-recordConsent", { type: "marketing", granted: false, policyVersion: CURRENT }, user.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    const records = await consentsOf(user.uid);
    assert.deepEqual(records.map((r) => r.granted).sort(), [false, true]);
    assert.equal((await profileOf(user.uid))?.consents?.marketing?.granted, false);
    const audit = await admin().db.collection("auditLogs").where("actor.uid", "==", user.uid).where("action", "==", "privacy.consent").get();
    assert.equal(audit.size, 2);
  });

  it("a grant to an outdated policy version is refused and nothing is written", async () => {
    const user = await anActor();
    await profileOf(user.uid);
    const { error } = await callRaw("privacy-recordConsent", { type: "terms", granted: true, policyVersion: "1999-01" }, user.idToken);
    assertCallableError(error, "FAILED_PRECONDITION", "POLICY_OUTDATED");
    assert.equal((await consentsOf(user.uid)).length, 0);
  });

  it("an unknown type or a hostile version names the field", async () => {
    const user = await anActor();
    const bad = await callRaw("privacy-recordConsent", { type: "everything", granted: true, policyVersion: CURRENT }, user.idToken);
    assertCallableError(bad.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(bad.error.details?.fields?.type);
    const hostile = await callRaw("privacy-recordConsent", { type: "terms", granted: true, policyVersion: "a/b".repeat(30) }, user.idToken);
    assertCallableError(hostile.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(hostile.error.details?.fields?.policyVersion);
  });

  it("a withdrawn user gets no marketing notice while transactional ones still arrive", async () => {
    const user = await anActor();
    await profileOf(user.uid);
    await admin().db.doc(`users/${user.uid}/devices/d1`).set({ token: `tok-${user.uid}`, platform: "web" });
    await callRaw("privacy-recordConsent", { type: "marketing", granted: true, policyVersion: CURRENT }, user.idToken);
    assert.equal(await notify(user.uid, offer, { category: "marketing" }), true, "granted: the offer arrives");
    await callRaw("privacy-recordConsent", { type: "marketing", granted: false, policyVersion: CURRENT }, user.idToken);
    pushed.length = 0;
    assert.equal(await notify(user.uid, offer, { category: "marketing" }), false, "withdrawn: no offer");
    assert.equal(await notify(user.uid, orderShipped), true, "transactional still arrives");
    const inbox = await admin().db.collection(`users/${user.uid}/notifications`).get();
    assert.deepEqual(inbox.docs.map((d) => d.get("type")).sort(), ["marketing.offer", "order.shipped"]);
    assert.equal(pushed.length, 1, "only the transactional push went out after withdrawal");
  });

  it("a grant of an older policy version does not count as marketing consent", async () => {
    const user = await anActor();
    await profileOf(user.uid);
    await admin().db.doc(`users/${user.uid}`).set({ consents: { marketing: { granted: true, policyVersion: "2000-01" } } }, { merge: true });
    assert.equal(await notify(user.uid, offer, { category: "marketing" }), false);
  });
});
