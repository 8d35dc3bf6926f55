// Denormalised catalogue views kept by triggers (SPEC section 6, issue 3). The live
// path goes through the Functions emulator (write, then poll for the effect); the
// redelivery tests hand the very same event to the trigger twice, in process, as the
// platform does when it retries, and check that the second delivery changes nothing.
import assert from "node:assert/strict";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { FieldValue } from "firebase-admin/firestore";
import { onFavoriteWritten, onListingWritten } from "../../src/listings/triggers";
import { onVendorWritten } from "../../src/vendors/triggers";
import { aCarListingDoc, aVendor, newId } from "../support/catalogue";
import { admin, eventually } from "../support/emulators";

type Runnable = { run(event: unknown): unknown };

/** Delivers a Firestore "written" event built from real snapshots, as the platform would. */
async function deliver(
  trigger: Runnable,
  params: Record<string, string>,
  before: DocumentSnapshot,
  after: DocumentSnapshot,
  event = { id: newId("evt"), time: new Date().toISOString() },
) {
  await trigger.run({ ...event, params, data: { before, after } });
}

async function settled(path: string, what: string, predicate: (data: FirebaseFirestore.DocumentData) => boolean) {
  return eventually(what, async () => {
    const data = (await admin().db.doc(path).get()).data();
    return data && predicate(data) ? data : undefined;
  });
}

describe("catalogue triggers", () => {
  it("a new listing gets search tokens, the vendor summary, timestamps and a favorite count", async () => {
    const vendor = await aVendor("approved", { displayName: "Cairo Cars" });
    const id = newId("trig");
    await admin().db.doc(`listings/${id}`).set(aCarListingDoc(vendor.uid, { title: "سيارة أوبل أسترا 2017" }));
    const listing = await settled(`listings/${id}`, "derived fields", (d) => Boolean(d.searchTokens && d.vendor && d.createdAt));
    assert.ok(listing.searchTokens.includes("اوبل"), "normalised Arabic token");
    assert.ok(listing.searchTokens.includes("toyota"), "make token");
    assert.deepEqual(listing.vendor, { displayName: "Cairo Cars", type: "dealer", rating: { avg: 4.5, count: 10 } });
    assert.equal(listing.favoriteCount, 0);
    assert.ok(listing.updatedAt);
  });

  it("an edit of the title refreshes the tokens and updatedAt", async () => {
    const vendor = await aVendor("approved");
    const id = newId("trig");
    const ref = admin().db.doc(`listings/${id}`);
    await ref.set(aCarListingDoc(vendor.uid, { title: "Kia Sportage" }));
    const first = await settled(`listings/${id}`, "first tokens", (d) => Array.isArray(d.searchTokens) && d.searchTokens.includes("sportage"));
    await ref.update({ title: "Kia Cerato" });
    const second = await settled(`listings/${id}`, "new tokens", (d) => d.searchTokens.includes("cerato"));
    assert.ok(!second.searchTokens.includes("sportage"));
    // The emulator stamps events to the second, so two quick edits may share a time.
    assert.ok(second.updatedAt.toMillis() >= first.updatedAt.toMillis());
  });

  it("redelivering a listing event twice leaves the same state", async () => {
    const vendor = await aVendor("approved");
    const id = newId("redeliver");
    const ref = admin().db.doc(`listings/${id}`);
    const before = await ref.get();
    await ref.set(aCarListingDoc(vendor.uid, { status: "active" }));
    const after = await ref.get();
    await settled(`listings/${id}`, "live trigger done", (d) => Boolean(d.searchTokens && d.vendor));
    await eventually("active count", async () => ((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("stats.activeListings") === 1 ? true : undefined));

    const event = { id: newId("evt"), time: new Date().toISOString() };
    const statusAudits = () =>
      admin().db.collection("auditLogs").where("action", "==", "listing.status_change").where("target.id", "==", id).count().get();
    await deliver(onListingWritten as Runnable, { listingId: id }, before, after, event);
    const listingOnce = (await ref.get()).data();
    const vendorOnce = (await admin().db.doc(`vendors/${vendor.uid}`).get()).data();
    const auditsOnce = (await statusAudits()).data().count;
    await deliver(onListingWritten as Runnable, { listingId: id }, before, after, event);
    assert.deepEqual((await ref.get()).data(), listingOnce);
    assert.deepEqual((await admin().db.doc(`vendors/${vendor.uid}`).get()).data(), vendorOnce);
    assert.equal((await statusAudits()).data().count, auditsOnce, "the same event audits once");
    assert.equal(vendorOnce?.stats.activeListings, 1);
    assert.ok(listingOnce?.searchTokens.includes("corolla"));
  });

  it("a vendor's status move is audited as listing.status_change with the vendor as actor", async () => {
    const vendor = await aVendor("approved");
    const id = newId("audit");
    const ref = admin().db.doc(`listings/${id}`);
    await ref.set(aCarListingDoc(vendor.uid));
    await ref.update({ status: "pending_review" });
    const entry = await eventually("status audit entry", async () => {
      const found = await admin().db.collection("auditLogs").where("target.id", "==", id).where("changes.to", "==", "pending_review").get();
      return found.docs[0]?.data();
    });
    assert.equal(entry.action, "listing.status_change");
    assert.deepEqual(entry.actor, { uid: vendor.uid, role: "vendor" });
    assert.deepEqual(entry.changes, { from: "draft", to: "pending_review" });
  });

  it("favoriteCount follows favorites, and a redelivered favorite event changes nothing", async () => {
    const vendor = await aVendor("approved");
    const id = newId("fav");
    const { db } = admin();
    await db.doc(`listings/${id}`).set({ ...aCarListingDoc(vendor.uid), status: "active" });
    const favRefs = ["fan-a", "fan-b"].map((uid) => db.doc(`users/${uid}-${id}/favorites/${id}`));
    const before = await favRefs[0].get();
    await Promise.all(favRefs.map((ref) => ref.set({ listingId: id, createdAt: FieldValue.serverTimestamp() })));
    await settled(`listings/${id}`, "favoriteCount 2", (d) => d.favoriteCount === 2);
    const after = await favRefs[0].get();
    await deliver(onFavoriteWritten as Runnable, { uid: "fan-a", listingId: id }, before, after);
    await deliver(onFavoriteWritten as Runnable, { uid: "fan-a", listingId: id }, before, after);
    assert.equal((await db.doc(`listings/${id}`).get()).get("favoriteCount"), 2);
    await favRefs[1].delete();
    await settled(`listings/${id}`, "favoriteCount 1", (d) => d.favoriteCount === 1);
  });

  it("redelivering a vendor event twice leaves the same state", async () => {
    const vendor = await aVendor("approved", { displayName: "Before Rename" });
    const { db } = admin();
    const id = newId("vend-redeliver");
    await db.doc(`listings/${id}`).set({ ...aCarListingDoc(vendor.uid), status: "active" });
    await settled(`listings/${id}`, "vendor summary", (d) => d.vendor?.displayName === "Before Rename");
    const vendorRef = db.doc(`vendors/${vendor.uid}`);
    const before = await vendorRef.get();
    await vendorRef.update({ displayName: "After Rename" });
    const after = await vendorRef.get();
    await settled(`listings/${id}`, "renamed summary", (d) => d.vendor?.displayName === "After Rename");
    const listingState = (await db.doc(`listings/${id}`).get()).data();
    await deliver(onVendorWritten as Runnable, { vendorId: vendor.uid }, before, after);
    await deliver(onVendorWritten as Runnable, { vendorId: vendor.uid }, before, after);
    assert.deepEqual((await db.doc(`listings/${id}`).get()).data(), listingState);
  });
});
