// Retention pruning (SPEC section 8, issue 12 item 6), the daily schedule's work run in
// this process: notifications older than 180 days and data exports older than 7 days go;
// younger ones, and other collections named "notifications" deeper down, stay.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Timestamp } from "firebase-admin/firestore";
import { runRetention } from "../../src/privacy/retention";
import { admin } from "../support/emulators";
import { FakeStores } from "../support/fakeStores";

const DAY_MS = 24 * 3600 * 1000;

describe("retention pruning", function () {
  this.timeout(60_000);
  it("deletes notifications past 180 days and exports past 7, keeps the rest; a second run deletes nothing more", async () => {
    const { db } = admin();
    const uid = `ret-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const at = (daysAgo: number) => Timestamp.fromMillis(now - daysAgo * DAY_MS);
    await db.doc(`users/${uid}/notifications/old`).set({ type: "x", createdAt: at(181) });
    await db.doc(`users/${uid}/notifications/young`).set({ type: "x", createdAt: at(179) });
    await db.doc(`other/${uid}/deeper/${uid}/notifications/old`).set({ type: "x", createdAt: at(400) });
    const stores = new FakeStores();
    stores.files.set(`exports/${uid}/old.json`, new Date(now - 8 * DAY_MS));
    stores.files.set(`exports/${uid}/new.json`, new Date(now - 6 * DAY_MS));
    stores.files.set(`users/${uid}/avatar.jpg`, new Date(now - 900 * DAY_MS));

    const report = await runRetention(new Date(now), stores);
    assert.ok(report["users/{uid}/notifications/{id}"] >= 1);
    assert.equal((await db.doc(`users/${uid}/notifications/old`).get()).exists, false);
    assert.equal((await db.doc(`users/${uid}/notifications/young`).get()).exists, true);
    assert.equal((await db.doc(`other/${uid}/deeper/${uid}/notifications/old`).get()).exists, true, "only the classified shape is pruned");
    assert.deepEqual([...stores.files.keys()].sort(), [`exports/${uid}/new.json`, `users/${uid}/avatar.jpg`]);

    const again = await runRetention(new Date(now), stores);
    assert.equal(again["exports/{uid}/**"], 0);
    assert.equal((await db.doc(`users/${uid}/notifications/young`).get()).exists, true);
  });
});
