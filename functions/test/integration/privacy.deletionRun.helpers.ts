// Shared by the deletion-run tests: a user's data seeded on every classified path, and the
// check that no classified path still names the user.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { piiCipher } from "../../src/core/keys";
import { pseudonymOf } from "../../src/core/pseudonym";
import { registry } from "../../src/privacy/registry";
import { admin } from "../support/emulators";
import type { FakeStores } from "../support/fakeStores";

export const DAY_MS = 24 * 3600 * 1000;
export const KEY = process.env.PSEUDONYM_KEY ?? "";
export const pseudonym = (uid: string) => pseudonymOf(uid, KEY);
export const PHONE = "+201055554444";

/** What a user leaves on the paths the registry classifies (the profile comes from the Auth trigger). */
export async function seedPersonalData(uid: string, stores: FakeStores): Promise<{ reviewWritten: string; jobId: string }> {
  const { db } = admin();
  const enc = (s: string) => piiCipher().encrypt(s);
  await db.doc(`users/${uid}/private/pii`).set({ phone: enc(PHONE), address: enc(JSON.stringify({ line1: "1 Erased Street" })) });
  for (const n of [1, 2, 3]) await db.doc(`users/${uid}/notifications/n${n}`).set({ type: "order.placed", title: "t", body: "b", read: false, createdAt: FieldValue.serverTimestamp() });
  await db.doc(`users/${uid}/favorites/some-listing`).set({ listingId: "some-listing", createdAt: FieldValue.serverTimestamp() });
  await db.doc(`users/${uid}/devices/d1`).set({ token: "fcm-token", platform: "web", createdAt: FieldValue.serverTimestamp() });
  await db.doc(`presence/${uid}`).set({ state: "online", lastChanged: Timestamp.now() });
  const reviewWritten = `ord-${randomUUID().slice(0, 8)}`;
  await db.doc(`vendors/someone-else-${uid.slice(0, 6)}/reviews/${reviewWritten}`).set({ buyerId: uid, rating: 5, text: "Great", createdAt: Timestamp.now() });
  const jobId = `job-${randomUUID().slice(0, 8)}`;
  await db.doc(`serviceJobs/${jobId}`).set({ customerId: uid, engineerId: null, status: "completed", address: enc("1 Erased Street"), lastChange: { by: { uid, role: "customer" } } });
  stores.files.set(`users/${uid}/avatar.jpg`, new Date());
  stores.files.set(`exports/${uid}/export.json`, new Date());
  stores.rtdb.set(`status/${uid}`, { state: "online" });
  return { reviewWritten, jobId };
}

/** Every Firestore path the registry ties to users: none may still hold `uid`. */
export async function assertNothingNames(uid: string): Promise<void> {
  const { db } = admin();
  for (const entry of registry.filter((e) => e.store === "firestore")) {
    const parts = entry.path.split("/");
    for (const link of entry.links) {
      if ("field" in link) {
        const source = parts.length === 2 ? db.collection(parts[0]) : db.collectionGroup(parts[parts.length - 2]);
        const left = (await source.where(link.field, "==", uid).get()).docs.filter((d) => d.ref.path.split("/").length === parts.length);
        assert.deepEqual(left.map((d) => d.ref.path), [], `${entry.path} by ${link.field}`);
      } else if ("segment" in link) {
        const concrete = parts.map((p) => (p === `{${link.segment}}` ? uid : p));
        const open = concrete.findIndex((p) => p.startsWith("{"));
        if (open === -1) assert.equal((await db.doc(concrete.join("/")).get()).exists, false, `${concrete.join("/")} is gone`);
        else assert.equal((await db.collection(concrete.slice(0, open).join("/")).get()).size, 0, `${concrete.slice(0, open).join("/")} is empty`);
      }
    }
  }
}

export async function authUserGone(uid: string): Promise<boolean> {
  return admin()
    .auth.getUser(uid)
    .then(() => false)
    .catch((error: { code?: string }) => error.code === "auth/user-not-found");
}
