// Suspension holds everywhere (SPEC section 2, issue 11): a vendor suspended by an admin
// cannot sign in again, cannot write a listing with the ID token their app already holds,
// and their listings leave the public API; reinstated, all of it comes back.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { signInWithEmailAndPassword } from "firebase/auth";
import { doc, updateDoc } from "firebase/firestore";
import { anActor } from "../support/actors";
import { PASSWORD } from "../support/actors";
import { signInWithPassword } from "../support/authEmulator";
import { aSettledListingDoc, aVendor, newId } from "../support/catalogue";
import { FUNCTIONS_HOST, PROJECT_ID, REGION, admin, callRaw, eventually } from "../support/emulators";
import { useWebClients } from "../support/webClient";

const apiBase = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/api/v1`;

async function apiIds(make: string): Promise<string[]> {
  const response = await fetch(`${apiBase}/listings?make=${encodeURIComponent(make)}`, { headers: { "cache-control": "no-cache" } });
  const body = (await response.json()) as { items?: { id: string }[] };
  return (body.items ?? []).map((item) => item.id);
}

describe("a suspended vendor, through the web SDK", () => {
  const aClient = useWebClients();

  it("cannot sign in, write a listing or be found; reinstated, all of it is back", async function () {
    this.timeout(180000);
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    const make = `Susp${randomUUID().slice(0, 6)}`;
    const listingId = newId("susp");
    const summary = { displayName: "Nile Motors", type: "dealer", rating: { avg: 4.5, count: 10 } };
    await admin().db.doc(`listings/${listingId}`).set(aSettledListingDoc(vendor.uid, summary, { make }));

    const app = aClient();
    await signInWithEmailAndPassword(app.auth, vendor.email, PASSWORD);
    await app.auth.currentUser?.getIdToken(true);
    await updateDoc(doc(app.db, "listings", listingId), { price: 99000000 });
    await eventually("the listing in the public API", async () => ((await apiIds(make)).includes(listingId) ? true : undefined), 60000);

    const suspended = await callRaw("users-setStatus", { uid: vendor.uid, status: "suspended", reason: "Fraud reported by 01001234567" }, anAdmin.idToken);
    assert.equal(suspended.error, undefined, JSON.stringify(suspended.error));

    await assert.rejects(signInWithPassword(vendor.email, PASSWORD), /USER_DISABLED/, "sign-in is refused");
    assert.equal((await admin().auth.getUser(vendor.uid)).disabled, true);
    await assert.rejects(updateDoc(doc(app.db, "listings", listingId), { price: 98000000 }), /permission/i, "the token the app holds writes nothing");
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("status"), "suspended");
    await eventually("the listing hidden", async () => ((await admin().db.doc(`listings/${listingId}`).get()).get("status") === "suspended" ? true : undefined), 60000);
    await eventually("the listing gone from the API", async () => (!(await apiIds(make)).includes(listingId) ? true : undefined), 60000);

    const audit = await admin().db.collection("auditLogs").where("action", "==", "user.status_change").where("target.id", "==", vendor.uid).get();
    const entry = audit.docs.map((d) => d.data()).find((d) => d.changes?.to === "suspended" && d.outcome === "success");
    assert.ok(entry, "the suspension is audited");
    assert.equal(entry.changes.cascaded.vendorSuspended, true, "the audit entry lists what was cascaded");
    assert.deepEqual(entry.changes.cascaded.openOrders, []);
    assert.ok(!JSON.stringify(entry).includes("01001234567"), "the phone number in the reason is masked");

    const reinstated = await callRaw("users-setStatus", { uid: vendor.uid, status: "active", reason: "Cleared after review" }, anAdmin.idToken);
    assert.equal(reinstated.error, undefined, JSON.stringify(reinstated.error));
    const again = await signInWithPassword(vendor.email, PASSWORD);
    assert.ok(again.idToken, "sign-in works again");
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("status"), "approved");
    await eventually("the listing back in the API", async () => ((await apiIds(make)).includes(listingId) ? true : undefined), 60000);
    const fresh = aClient();
    await signInWithEmailAndPassword(fresh.auth, vendor.email, PASSWORD);
    await updateDoc(doc(fresh.db, "listings", listingId), { price: 97000000 });
  });

  it("a vendor who was already suspended by vendors-review stays suspended when the account is reinstated", async function () {
    this.timeout(180000);
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    await callRaw("vendors-review", { vendorId: vendor.uid, decision: "suspend", reason: "Fake listings" }, anAdmin.idToken);
    await callRaw("users-setStatus", { uid: vendor.uid, status: "suspended", reason: "Account review" }, anAdmin.idToken);
    const back = await callRaw("users-setStatus", { uid: vendor.uid, status: "active", reason: "Account cleared" }, anAdmin.idToken);
    assert.equal(back.error, undefined, JSON.stringify(back.error));
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("status"), "suspended", "only what the suspension changed is restored");
  });
});
