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
