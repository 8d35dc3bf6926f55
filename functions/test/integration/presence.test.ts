// The presence mirror (SPEC section 6): RTDB /status/{uid} -> presence/{uid} and `online`
// on engineers/vendors, against the Firestore emulator. No Realtime Database emulator runs
// on these machines, so events are delivered by calling the mirror's core and the v2
// trigger's run() with hand-made events, in any order and more than once, as the platform
// may deliver them.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { DataSnapshot } from "firebase-functions/v2/database";
import { mirrorPresence, onStatusWritten } from "../../src/presence/triggers";
import { aNewVendorDoc } from "../support/catalogue";
import { admin, callRaw } from "../support/emulators";
import { aCustomer, aJobRequest, anEngineer, cleanUpDispatchWorld, docData } from "./jobs.fixtures";

const T0 = Date.now() - 60_000;

async function presenceOf(uid: string) {
  const data = await docData(`presence/${uid}`);
  return { state: data.state as string, lastChanged: data.lastChanged.toMillis() as number };
}

/** A database "written" event as the v2 trigger receives it (snapshots already built). */
function statusEvent(uid: string, before: unknown, after: unknown) {
  const path = `status/${uid}`;
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    params: { uid },
    ref: path,
    data: { before: new DataSnapshot(before, path), after: new DataSnapshot(after, path) },
  };
}

const runTrigger = (event: unknown) => (onStatusWritten as unknown as { run(e: unknown): Promise<void> }).run(event);

describe("presence mirror", () => {
  afterEach(cleanUpDispatchWorld);

  it("an engineer going online and offline is mirrored to presence and to engineers.online", async () => {
    const engineer = await anEngineer({ governorate: "giza", online: false });
    assert.equal(await mirrorPresence(engineer.uid, { state: "online", lastChanged: T0 }), "applied");
    assert.deepEqual(await presenceOf(engineer.uid), { state: "online", lastChanged: T0 });
    assert.equal((await docData(`engineers/${engineer.uid}`)).online, true);
    await mirrorPresence(engineer.uid, { state: "offline", lastChanged: T0 + 1000 });
    assert.equal((await docData(`engineers/${engineer.uid}`)).online, false);
  });

  it("a vendor's online flag follows presence too; a plain customer gets only a presence document", async () => {
    const vendorUid = `vendor-${randomUUID().slice(0, 8)}`;
    await admin().db.doc(`vendors/${vendorUid}`).set(aNewVendorDoc());
    await mirrorPresence(vendorUid, { state: "online", lastChanged: T0 });
    assert.equal((await docData(`vendors/${vendorUid}`)).online, true);
    const customerUid = `customer-${randomUUID().slice(0, 8)}`;
    await mirrorPresence(customerUid, { state: "online", lastChanged: T0 });
    assert.equal((await docData(`presence/${customerUid}`)).state, "online");
    assert.equal((await admin().db.doc(`engineers/${customerUid}`).get()).exists, false, "no engineer document is created");
  });

  it("an older event arriving late is ignored", async () => {
    const engineer = await anEngineer({ governorate: "giza", online: false });
    await mirrorPresence(engineer.uid, { state: "offline", lastChanged: T0 + 2000 });
    assert.equal(await mirrorPresence(engineer.uid, { state: "online", lastChanged: T0 + 1000 }), "stale");
    assert.deepEqual(await presenceOf(engineer.uid), { state: "offline", lastChanged: T0 + 2000 });
    assert.equal((await docData(`engineers/${engineer.uid}`)).online, false);
  });

  it("a duplicate event changes nothing", async () => {
    const engineer = await anEngineer({ governorate: "giza", online: false });
    const status = { state: "online", lastChanged: T0 };
    await mirrorPresence(engineer.uid, status);
    const first = await admin().db.doc(`presence/${engineer.uid}`).get();
    assert.equal(await mirrorPresence(engineer.uid, status), "stale");
    const second = await admin().db.doc(`presence/${engineer.uid}`).get();
    assert.equal(second.updateTime?.toMillis(), first.updateTime?.toMillis(), "not rewritten");
  });

  it("twenty events delivered at once in shuffled order leave the newest status", async () => {
    const engineer = await anEngineer({ governorate: "giza", online: false });
    const events = Array.from({ length: 20 }, (_, i) => ({ state: i % 2 === 0 ? "online" : "offline", lastChanged: T0 + i * 100 }));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    await Promise.all(shuffled.map((status) => mirrorPresence(engineer.uid, status)));
    assert.deepEqual(await presenceOf(engineer.uid), events[19]);
    assert.equal((await docData(`engineers/${engineer.uid}`)).online, false);
  });

  it("the v2 trigger mirrors a hand-made event, ignores its redelivery and an out-of-order one, and treats a deleted node as offline", async () => {
    const engineer = await anEngineer({ governorate: "giza", online: false });
    const online = statusEvent(engineer.uid, null, { state: "online", lastChanged: T0 + 500 });
    await runTrigger(online);
    await runTrigger(online);
    await runTrigger(statusEvent(engineer.uid, null, { state: "offline", lastChanged: T0 }));
    assert.deepEqual(await presenceOf(engineer.uid), { state: "online", lastChanged: T0 + 500 });
    await runTrigger(statusEvent(engineer.uid, { state: "online", lastChanged: T0 + 500 }, null));
    assert.equal((await presenceOf(engineer.uid)).state, "offline");
    assert.equal((await docData(`engineers/${engineer.uid}`)).online, false);
  });

  it("a value the database rules would refuse is ignored", async () => {
    const uid = `odd-${randomUUID().slice(0, 8)}`;
    assert.equal(await mirrorPresence(uid, { state: "away", lastChanged: T0 }), "invalid");
    assert.equal(await mirrorPresence(uid, "online"), "invalid");
    assert.equal((await admin().db.doc(`presence/${uid}`).get()).exists, false);
  });

  it("an available engineer who goes offline is no longer dispatched; back online, he is", async () => {
    const engineer = await anEngineer({ governorate: "luxor", online: false });
    await mirrorPresence(engineer.uid, { state: "online", lastChanged: Date.now() - 2000 });
    await mirrorPresence(engineer.uid, { state: "offline", lastChanged: Date.now() - 1000 });
    assert.equal((await docData(`engineers/${engineer.uid}`)).availability, "available");
    const customer = await aCustomer();
    const first = await callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: "luxor" }), customer.idToken);
    assert.equal(first.result?.status, "requested", JSON.stringify(first.error));
    await mirrorPresence(engineer.uid, { state: "online", lastChanged: Date.now() });
    const second = await callRaw<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: "luxor" }), customer.idToken);
    assert.equal(second.result?.status, "assigned");
    assert.equal((await docData(`serviceJobs/${second.result?.jobId}`)).engineerId, engineer.uid);
  });
});
