// privacy-exportData (SPEC section 8): a user who bought, sold, requested a job and
// reviewed gets each of those, with their own PII decrypted, and nothing of the other
// party's PII: no uid, phone, address or national id of theirs anywhere in the JSON.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { piiCipher } from "../../src/core/keys";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";

const MINE = { phone: "+201011112222", street: "7 Own Street Zamalek", nationalId: "29001011234567", iban: "EG380019000500000000263180002" };
const THEIRS = { phone: "+201099998888", street: "99 Secret Lane Maadi", nationalId: "28505051234599" };

async function seedHistory(me: string, other: string) {
  const { db } = admin();
  const enc = (s: string) => piiCipher().encrypt(s);
  await db.doc(`users/${me}/private/pii`).set({ phone: enc(MINE.phone), address: enc(JSON.stringify({ line1: MINE.street })) });
  await db.doc(`users/${other}`).set({ displayName: "Other Party", role: "vendor", status: "active" });
  await db.doc(`users/${other}/private/pii`).set({ phone: enc(THEIRS.phone), address: enc(JSON.stringify({ line1: THEIRS.street })) });
  await db.doc(`vendors/${me}`).set({ displayName: "My Shop", status: "approved" });
  await db.doc(`vendors/${me}/private/kyc`).set({ nationalId: enc(MINE.nationalId), iban: enc(MINE.iban) });
  await db.doc(`vendors/${other}/private/kyc`).set({ nationalId: enc(THEIRS.nationalId) });
  const bought = `ord-b-${randomUUID().slice(0, 6)}`;
  const sold = `ord-s-${randomUUID().slice(0, 6)}`;
  await db.doc(`orders/${bought}`).set({ buyerId: me, vendorId: other, status: "completed", total: 120000 });
  await db.doc(`orders/${bought}/private/fulfillment`).set({ address: enc(JSON.stringify({ line1: MINE.street })) });
  await db.doc(`orders/${bought}/events/e1`).set({ from: "placed", to: "confirmed", by: { uid: other, role: "vendor" } });
  await db.doc(`orders/${sold}`).set({ buyerId: other, vendorId: me, status: "completed", total: 90000, shipping: { address: THEIRS.street } });
  await db.doc(`orders/${sold}/private/fulfillment`).set({ address: enc(JSON.stringify({ line1: THEIRS.street })) });
  await db.doc(`serviceJobs/job-${me}`).set({ customerId: me, engineerId: other, status: "completed", address: enc(MINE.street) });
  await db.doc(`serviceJobs/job-for-${other}`).set({ customerId: other, engineerId: me, status: "completed", address: enc(THEIRS.street) });
  await db.doc(`vendors/${other}/reviews/${bought}`).set({ buyerId: me, rating: 5, text: "Great seller" });
  await db.doc(`vendors/${me}/reviews/${sold}`).set({ buyerId: other, rating: 4, text: "Good buyer" });
  return { bought, sold };
}

/** What an admin left on the user: their own uid, IP and user agent (another person's data). */
const ADMIN = { uid: `admin-${randomUUID().slice(0, 10)}`, ip: "198.51.100.77", userAgent: "SoukAdminConsole/9.9 (desk 4)" };

type ExportData = Record<string, { path: string; data: Record<string, unknown> }[]>;

/** The user's own records by the real callable (consent: its record and the user's own audit entry) and by seeding. */
async function seedOwnRecords(me: { uid: string; idToken: string }, other: string) {
  const { db } = admin();
  const consent = await callRaw<{ id: string }>("privacy-recordConsent", { type: "marketing", granted: true, policyVersion: process.env.POLICY_VERSION ?? "" }, me.idToken);
  assert.equal(consent.error, undefined, JSON.stringify(consent.error));
  await db.doc(`users/${me.uid}/favorites/listing-fav-1`).set({ listingId: "listing-fav-1", at: new Date() });
  await db.doc(`users/${me.uid}/notifications/n-1`).set({ type: "order.shipped", title: { en: "Your order shipped" }, read: false });
  await db.doc(`users/${me.uid}/devices/device-1`).set({ token: "fcm-token-of-mine", platform: "android" });
  const entry = { outcome: "success", changes: null, reason: null, requestId: null, expireAt: new Date(Date.now() + 86_400_000), at: new Date() };
  // The user acted on another person (as an admin would): that person's uid is not exported.
  const mine = await db.collection("auditLogs").add({ ...entry, actor: { uid: me.uid, role: "customer" }, action: "user.role_change", target: { type: "user", id: other }, ip: "203.0.113.50", userAgent: "MyPhone/1.0" });
  // An admin acted on the user: the entry is about them but is the admin's record.
  const theirs = await db.collection("auditLogs").add({ ...entry, actor: { uid: ADMIN.uid, role: "admin" }, action: "user.status_change", target: { type: "user", id: me.uid }, ip: ADMIN.ip, userAgent: ADMIN.userAgent });
  return { consentId: consent.result?.id ?? "", mineId: mine.id, theirsId: theirs.id };
}

describe("privacy-exportData", () => {
  it("contains what the user bought, sold, requested and reviewed, and none of the other party's PII", async () => {
    const me = await anActor({ label: "exporter" });
    await profileOf(me.uid);
    const other = `other-${randomUUID().slice(0, 10)}`;
    const { bought, sold } = await seedHistory(me.uid, other);
    const { result, error } = await callRaw<{ exportedAt: string; data: Record<string, { path: string; data: Record<string, unknown> }[]> }>(
      "privacy-exportData",
      {},
      me.idToken,
    );
    assert.equal(error, undefined, JSON.stringify(error));
    const data = result?.data ?? {};
    const paths = (key: string) => (data[key] ?? []).map((d) => d.path);
    assert.deepEqual(paths("orders/{orderId}").sort(), [`orders/${bought}`, `orders/${sold}`].sort());
    assert.deepEqual(paths("orders/{orderId}/events/{eventId}"), [`orders/${bought}/events/e1`]);
    assert.deepEqual(paths("serviceJobs/{jobId}").sort(), [`serviceJobs/job-${me.uid}`, `serviceJobs/job-for-${other}`].sort());
    assert.deepEqual(paths("vendors/{vendorId}/reviews/{orderId}").sort(), [`vendors/${me.uid}/reviews/${sold}`, `vendors/${other}/reviews/${bought}`].sort());
    assert.deepEqual(paths("users/{uid}"), [`users/${me.uid}`]);

    const json = JSON.stringify(result);
    for (const own of [MINE.phone, MINE.street, MINE.nationalId, MINE.iban]) assert.ok(json.includes(own), `own PII ${own} decrypted`);
    for (const theirs of [THEIRS.phone, THEIRS.street, THEIRS.nationalId]) assert.ok(!json.includes(theirs), `the other party's ${theirs} leaked`);
    // A document's path may name the other party (vendors/{theirUid}/reviews/{myOrder}: the
    // user's own review); the documents' contents never do: they show a display name.
    const contents = JSON.stringify(Object.values(data).flatMap((docs) => docs.map((d) => d.data)));
    assert.ok(!contents.includes(other), "the other party's uid leaked into a document");
    assert.ok(!json.includes("pii1."), "no ciphertext left");
    const boughtOrder = data["orders/{orderId}"].find((d) => d.path === `orders/${bought}`);
    assert.equal(boughtOrder?.data.vendorName, "Other Party");

    const audit = await admin().db.collection("auditLogs").where("actor.uid", "==", me.uid).where("action", "==", "data.export").get();
    assert.equal(audit.size, 1);
  });

  it("contains consents, favorites, notifications, devices and the caller's own audit entries, and no admin's uid, IP or user agent", async () => {
    const me = await anActor({ label: "exporter" });
    await profileOf(me.uid);
    const other = `other-${randomUUID().slice(0, 10)}`;
    const seeded = await seedOwnRecords(me, other);
    const { result, error } = await callRaw<{ data: ExportData }>("privacy-exportData", {}, me.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    const data = result?.data ?? {};
    const paths = (key: string) => (data[key] ?? []).map((d) => d.path);
    assert.deepEqual(paths("users/{uid}/consents/{id}"), [`users/${me.uid}/consents/${seeded.consentId}`]);
    assert.deepEqual(paths("users/{uid}/favorites/{listingId}"), [`users/${me.uid}/favorites/listing-fav-1`]);
    assert.deepEqual(paths("users/{uid}/notifications/{id}"), [`users/${me.uid}/notifications/n-1`]);
    assert.deepEqual(paths("users/{uid}/devices/{deviceId}"), [`users/${me.uid}/devices/device-1`]);
    const audit = paths("auditLogs/{id}");
    assert.ok(audit.includes(`auditLogs/${seeded.mineId}`), "the user's own entry");
    assert.ok(audit.some((p) => data["auditLogs/{id}"].find((d) => d.path === p)?.data.action === "privacy.consent"), "the consent's audit entry");
    assert.ok(!audit.includes(`auditLogs/${seeded.theirsId}`), "the admin's entry about the user is not the user's data");
    const json = JSON.stringify(result);
    for (const leaked of [ADMIN.uid, ADMIN.ip, ADMIN.userAgent, other]) assert.ok(!json.includes(leaked), `${leaked} leaked`);
    assert.ok(json.includes("MyPhone/1.0") && json.includes("fcm-token-of-mine"), "the user's own request facts and device token");
  });

  it("is limited to 3 a day", async () => {
    const me = await anActor({ label: "exporter" });
    await profileOf(me.uid);
    for (let i = 0; i < 3; i += 1) assert.equal((await callRaw("privacy-exportData", {}, me.idToken)).error, undefined);
    const { error } = await callRaw("privacy-exportData", {}, me.idToken);
    assertCallableError(error, "RESOURCE_EXHAUSTED", "RATE_LIMITED");
  });

  it("works while a deletion is pending", async () => {
    const me = await anActor({ label: "exporter" });
    await profileOf(me.uid);
    await callRaw("privacy-requestDeletion", {}, me.idToken);
    const { error } = await callRaw("privacy-exportData", {}, me.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
  });
});
