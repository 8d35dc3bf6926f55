// stats/platform and stats/daily-* count users, active listings and service jobs (SPEC
// section 3, issue 11 item 11), each event exactly once. Each write is handed to its
// deployed trigger in process, twice, with real snapshots and the same event, as the
// platform does when it redelivers; live triggers are paused so only these deliveries count.
import assert from "node:assert/strict";
import type { DocumentData, DocumentSnapshot } from "firebase-admin/firestore";
import { readCounters } from "../../src/core/counters";
import { onJobWritten } from "../../src/jobs/triggers";
import { onListingWritten } from "../../src/listings/triggers";
import { createProfile } from "../../src/users/triggers";
import { aCarListingDoc, newId } from "../support/catalogue";
import { admin, useLiveTriggersOff } from "../support/emulators";

type Runnable = { run(event: unknown): Promise<unknown> };
type AuthRunnable = { run(user: unknown, context: unknown): Promise<unknown> };
const COUNTERS = ["users", "listings", "listingActivations", "jobs", "completedJobs", "orders"] as const;

async function counters(id: string): Promise<Record<string, number>> {
  const data = await readCounters(id);
  return Object.fromEntries(COUNTERS.map((name) => [name, Number(data[name] ?? 0)]));
}

/** How each counter moved while `act` ran, on the platform and on one day (Cairo). */
async function countedBy(day: string, act: () => Promise<void>) {
  const before = { platform: await counters("platform"), daily: await counters(`daily-${day}`) };
  await act();
  const after = { platform: await counters("platform"), daily: await counters(`daily-${day}`) };
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(COUNTERS.map((name) => [name, b[name] - a[name]]).filter(([, moved]) => moved !== 0));
  return { platform: delta(before.platform, after.platform), daily: delta(before.daily, after.daily) };
}

/** Writes `path` (or deletes it, for null), delivering its event twice to `trigger`. */
async function writeAndDeliverTwice(trigger: Runnable, path: string, params: Record<string, string>, data: DocumentData | null, time: string) {
  const ref = admin().db.doc(path);
  const before: DocumentSnapshot = await ref.get();
  if (data) await ref.set(data);
  else await ref.delete();
  const event = { id: newId("evt"), time, params, data: { before, after: await ref.get() } };
  await trigger.run(event);
  await trigger.run(event);
}

describe("platform stats: users, listings, jobs", () => {
  useLiveTriggersOff();

  it("a new user counts once in users, on the platform and on the day, however often the Auth event comes", async () => {
    const uid = newId("stats-user");
    const context = { eventId: newId("auth-evt"), timestamp: "2031-04-02T10:00:00.000Z" };
    const user = { uid, email: `${uid}@example.com`, displayName: "Counted", customClaims: {} };
    const counted = await countedBy("2031-04-02", async () => {
      await (createProfile as unknown as AuthRunnable).run(user, context);
      await (createProfile as unknown as AuthRunnable).run(user, context);
    });
    assert.deepEqual(counted, { platform: { users: 1 }, daily: { users: 1 } });
    assert.ok((await admin().db.doc(`users/${uid}`).get()).exists, "the profile was created");
    const marker = (await admin().db.doc(`statsEvents/user-${context.eventId}`).get()).data();
    assert.equal(marker?.day, "2031-04-02");
    assert.ok(!JSON.stringify(marker).includes(uid), "a stats marker names no person");
  });

  it("a listing entering active counts +1 listing and one activation, leaving it -1, each write once", async () => {
    const listingId = newId("stats-listing");
    const vendorId = newId("stats-vendor");
    const path = `listings/${listingId}`;
    const write = (data: DocumentData | null) => writeAndDeliverTwice(onListingWritten as unknown as Runnable, path, { listingId }, data, "2031-04-03T10:00:00.000Z");
    const counted = await countedBy("2031-04-03", async () => {
      await write({ ...aCarListingDoc(vendorId), status: "pending_review" });
      await write({ ...aCarListingDoc(vendorId), status: "active" });
      await write({ ...aCarListingDoc(vendorId), status: "active", price: 123_000_00 });
      await write({ ...aCarListingDoc(vendorId), status: "archived" });
      await write({ ...aCarListingDoc(vendorId), status: "active" });
    });
    assert.deepEqual(counted, { platform: { listings: 1, listingActivations: 2 }, daily: { listings: 1, listingActivations: 2 } });
    const removed = await countedBy("2031-04-03", () => write(null));
    assert.deepEqual(removed, { platform: { listings: -1 }, daily: { listings: -1 } }, "an active listing deleted leaves the count");
  });

  it("a service job counts once when requested and once when completed", async () => {
    const jobId = newId("stats-job");
    const customerId = newId("stats-customer");
    await admin().db.doc(`users/${customerId}`).set({ displayName: "Customer", role: "customer", status: "active", locale: "en" });
    const job = { customerId, type: "inspection", vehicle: { make: "Kia", model: "Cerato", year: 2019 }, governorate: "cairo", city: "Maadi", status: "requested", engineerId: null, declinedBy: [] };
    const write = (data: DocumentData) => writeAndDeliverTwice(onJobWritten as unknown as Runnable, `serviceJobs/${jobId}`, { jobId }, data, "2031-04-04T10:00:00.000Z");
    const requested = await countedBy("2031-04-04", () => write(job));
    assert.deepEqual(requested, { platform: { jobs: 1 }, daily: { jobs: 1 } });
    const completed = await countedBy("2031-04-04", async () => {
      await write({ ...job, status: "in_progress", engineerId: "eng-1" });
      await write({ ...job, status: "completed", engineerId: "eng-1" });
      await write({ ...job, status: "completed", engineerId: "eng-1", price: 50_000 });
    });
    assert.deepEqual(completed, { platform: { completedJobs: 1 }, daily: { completedJobs: 1 } });
  });
});
