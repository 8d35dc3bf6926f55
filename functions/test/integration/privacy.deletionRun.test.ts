// The deletion run (SPEC section 8, issue 12 item 5), end to end against the emulators:
// requests and cancels go through the deployed callables, the daily schedule's work
// (runDeletions) runs in this process with the clock moved past the grace period, and
// Storage and the Realtime Database are the recording fake (no emulator offline).
import assert from "node:assert/strict";
import { runDeletions } from "../../src/privacy/erasure";
import { erasurePlan } from "../../src/privacy/erasurePlan";
import { registry } from "../../src/privacy/registry";
import { runAutoComplete } from "../../src/orders/schedules";
import { profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw, eventually } from "../support/emulators";
import { FakeStores } from "../support/fakeStores";
import { aBuyer, aCarForSale, call, docData, eventsOf, ORDER_TEST_TIMEOUT_MS, placeOrder } from "./orders.fixtures";
import { aStoredJob } from "./jobs.fixtures";
import { DAY_MS, KEY, PHONE, assertNothingNames, authUserGone, pseudonym, seedPersonalData } from "./privacy.deletionRun.helpers";

const GRACE = 7;
const run = (stores: FakeStores, atMs: number, afterStep?: (name: string, index: number) => void) =>
  runDeletions({ pseudonymKey: KEY, graceDays: GRACE, now: new Date(atMs), stores, afterStep });

/** The user's notifications once the triggers' last ones (`types`) have arrived: what the erasure must count. */
async function settledNotifications(uid: string, types: string[]): Promise<number> {
  return eventually(`notifications ${types.join(", ")}`, async () => {
    const all = await admin().db.collection(`users/${uid}/notifications`).get();
    return types.every((t) => all.docs.some((d) => d.get("type") === t)) ? all.size : undefined;
  });
}

async function listingStatus(id: string): Promise<string> {
  return (await admin().db.doc(`listings/${id}`).get()).get("status") as string;
}

/** An order sold by `seller`, carried to completed through the callables and the auto-complete schedule. */
async function aCompletedSale(listingId: string, seller: Parameters<typeof call>[2]) {
  const buyer = await aBuyer();
  const order = await placeOrder(buyer, listingId);
  for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId: order.orderId, status }, seller);
  await call("orders-confirmReceipt", { orderId: order.orderId }, buyer);
  return { buyer, order };
}

describe("privacy deletion run", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS * 2);

  it("request -> refused, hidden -> cancel restores -> request again -> grace elapses -> erased, pseudonymised, Auth user gone; a second run changes nothing", async () => {
    const stores = new FakeStores();
    const { vendor, listingId } = await aCarForSale();
    await profileOf(vendor.uid);
    const { buyer, order } = await aCompletedSale(listingId, vendor);
    const before = await docData(`orders/${order.orderId}`);
    const timelineBefore = await eventsOf(order.orderId);
    const { reviewWritten, jobId } = await seedPersonalData(vendor.uid, stores);
    stores.files.set(`listings/${listingId}/images/1.jpg`, new Date());
    stores.files.set(`listings/not-theirs/images/1.jpg`, new Date());
    await call("privacy-recordConsent", { type: "marketing", granted: true, policyVersion: process.env.POLICY_VERSION }, vendor);
    const otherListing = `${listingId}-2`;
    await admin().db.doc(`listings/${otherListing}`).set({ ...(await docData(`listings/${listingId}`)), status: "active", inventory: null });

    await call("privacy-requestDeletion", {}, vendor);
    assertCallableError((await callRaw("users-updateProfile", { displayName: "x" }, vendor.idToken)).error, "PERMISSION_DENIED", "DELETION_PENDING");
    await eventually("listing hidden", async () => ((await listingStatus(otherListing)) === "suspended" ? true : undefined));
    await call("privacy-cancelDeletion", {}, vendor);
    await eventually("listing back", async () => ((await listingStatus(otherListing)) === "active" ? true : undefined));
    await call("privacy-requestDeletion", {}, vendor);

    const notifications = await settledNotifications(vendor.uid, ["order.completed", "job.completed"]);
    const waiting = await run(stores, Date.now() + 3 * DAY_MS);
    assert.ok(waiting.waiting >= 1);
    assert.equal((await admin().db.doc(`users/${vendor.uid}`).get()).get("status"), "deletion_pending", "within the grace period nothing is erased");

    await run(stores, Date.now() + (GRACE + 1) * DAY_MS);
    const alias = pseudonym(vendor.uid);
    await assertNothingNames(vendor.uid);
    assert.ok(await authUserGone(vendor.uid), "the Auth user is deleted");
    assert.deepEqual([...stores.files.keys()], ["listings/not-theirs/images/1.jpg"], "the user's files are gone, nobody else's");
    assert.equal(stores.rtdb.has(`status/${vendor.uid}`), false);

    // The counterparty's order still reads: same number, totals, status and timeline, with the pseudonym.
    const after = await docData(`orders/${order.orderId}`);
    assert.equal(after.vendorId, alias);
    assert.equal(after.buyerId, buyer.uid);
    for (const field of ["number", "status", "subtotal", "deliveryFee", "total", "currency"]) assert.deepEqual(after[field], before[field], field);
    const timeline = await eventsOf(order.orderId);
    assert.deepEqual(timeline.map((e) => [e.id, e.from, e.to]), timelineBefore.map((e) => [e.id, e.from, e.to]));
    assert.ok(!JSON.stringify(timeline).includes(vendor.uid) && JSON.stringify(timeline).includes(alias), "the timeline names the pseudonym");
    const job = await docData(`serviceJobs/${jobId}`);
    assert.equal(job.customerId, alias);
    assert.equal(job.address, undefined, "the erased customer's encrypted address is removed");
    assert.equal((await docData(`vendors/someone-else-${vendor.uid.slice(0, 6)}/reviews/${reviewWritten}`)).buyerId, alias);

    const audit = await admin().db.collection("auditLogs").where("action", "==", "data.delete_complete").where("target.id", "==", alias).get();
    assert.equal(audit.size, 1);
    const entry = JSON.stringify(audit.docs[0].data());
    assert.ok(!entry.includes(vendor.uid) && !entry.includes(PHONE), "no uid or PII in the entry");
    const counts = audit.docs[0].get("changes.counts") as Record<string, number>;
    assert.equal(counts["users/{uid}/notifications/{id}"], notifications);
    assert.equal(counts["orders/{orderId}"], 1);
    const record = await docData(`deletions/${alias}`);
    assert.equal(record.state, "done");
    assert.equal(record.uid, undefined, "the finished record names nobody");
    assert.deepEqual([...record.completed].sort(), erasurePlan(registry).map((s) => s.name).sort());

    const again = await run(stores, Date.now() + (GRACE + 2) * DAY_MS);
    assert.equal(again.erased, 0);
    assert.deepEqual(await docData(`orders/${order.orderId}`), after, "a second run changes nothing");
    assert.equal((await admin().db.collection("auditLogs").where("action", "==", "data.delete_complete").where("target.id", "==", alias).get()).size, 1);
  });

  it("a run killed after half the steps is finished by the next run, once the lease lapses, without doing anything twice", async () => {
    const stores = new FakeStores();
    const user = await aBuyer();
    await profileOf(user.uid);
    await seedPersonalData(user.uid, stores);
    await call("privacy-requestDeletion", {}, user);
    const notifications = await settledNotifications(user.uid, ["job.completed"]);
    const steps = erasurePlan(registry);
    const half = Math.floor(steps.length / 2);
    const at = Date.now() + (GRACE + 1) * DAY_MS;
    const killed = await run(stores, at, (_name, index) => {
      if (index === half) throw new Error("killed");
    });
    assert.ok(killed.failed >= 1);
    const alias = pseudonym(user.uid);
    const record = await docData(`deletions/${alias}`);
    assert.equal(record.state, "running");
    assert.equal(record.completed.length, half + 1);
    assert.equal(record.uid, user.uid, "the running record keeps the uid so the next run can finish");
    assert.equal(await authUserGone(user.uid), false, "the Auth user goes last");

    await run(stores, at + 60_000);
    assert.equal((await docData(`deletions/${alias}`)).state, "running", "another run holds the lease");
    await run(stores, at + 11 * 60_000);
    const done = await docData(`deletions/${alias}`);
    assert.equal(done.state, "done");
    assert.equal(done.counts["users/{uid}/notifications/{id}"], notifications, "each notification deleted and counted once");
    await assertNothingNames(user.uid);
    assert.ok(await authUserGone(user.uid));
  });

  it("a user with an open order is postponed, then erased once the order completes", async () => {
    const stores = new FakeStores();
    const { vendor, listingId } = await aCarForSale();
    const buyer = await aBuyer();
    await profileOf(buyer.uid);
    const order = await placeOrder(buyer, listingId);
    const asked = await call<{ scheduledFor: string }>("privacy-requestDeletion", {}, buyer);
    assert.ok(Date.parse(asked.scheduledFor) > Date.now() + 27 * DAY_MS, "the answer shows the wait for the open order");

    await run(stores, Date.now() + (GRACE + 1) * DAY_MS);
    assert.equal((await admin().db.doc(`users/${buyer.uid}`).get()).exists, true, "postponed while the order is open");
    assert.equal(await authUserGone(buyer.uid), false);

    for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId: order.orderId, status }, vendor);
    await runAutoComplete(Date.now() + 4 * DAY_MS);
    assert.equal((await docData(`orders/${order.orderId}`)).status, "completed");

    await run(stores, Date.now() + (GRACE + 2) * DAY_MS);
    await assertNothingNames(buyer.uid);
    assert.ok(await authUserGone(buyer.uid));
    assert.equal((await docData(`orders/${order.orderId}`)).buyerId, pseudonym(buyer.uid));
  });

  it("an order and a job still open at day 28 are cancelled by the system, then the user is erased", async () => {
    const stores = new FakeStores();
    const { listingId } = await aCarForSale();
    const buyer = await aBuyer();
    await profileOf(buyer.uid);
    const order = await placeOrder(buyer, listingId);
    const jobId = await aStoredJob(buyer.uid, { governorate: "giza", status: "requested" });
    await call("privacy-requestDeletion", {}, buyer);

    const report = await run(stores, Date.now() + 27 * DAY_MS);
    assert.ok(report.waiting >= 1);
    assert.equal((await docData(`orders/${order.orderId}`)).status, "placed", "day 27: still waiting");

    await run(stores, Date.now() + 28 * DAY_MS + 60_000);
    const closed = await docData(`orders/${order.orderId}`);
    assert.equal(closed.status, "cancelled");
    assert.equal(closed.buyerId, pseudonym(buyer.uid));
    assert.equal(await listingStatus(listingId), "active", "the car is released");
    const cancelEvent = (await eventsOf(order.orderId)).find((e) => e.to === "cancelled");
    assert.deepEqual(cancelEvent?.by, { system: "privacy.deletion" });
    assert.equal(cancelEvent?.note, "ACCOUNT_ERASURE");
    assert.equal((await docData(`serviceJobs/${jobId}`)).status, "cancelled");
    const audited = await admin().db.collection("auditLogs").where("target.id", "==", order.orderId).where("actor.system", "==", "privacy.deletion").get();
    assert.equal(audited.size, 1, "the system's cancellation is audited");
    await assertNothingNames(buyer.uid);
    assert.ok(await authUserGone(buyer.uid));
  });
});
