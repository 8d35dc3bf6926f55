// SPEC section 3: public documents carry no admin identity. Who reviewed a vendor or
// moderated a listing, and why, is in the audit log and in a private decision the vendor
// reads (vendors/{id}/private/review, listings/{id}/private/moderation); a guest reading
// the vendor or the listing, through the web SDK or the public API, finds neither.
import assert from "node:assert/strict";
import { signInWithEmailAndPassword } from "firebase/auth";
import { doc, getDoc } from "firebase/firestore";
import { anActor, PASSWORD } from "../support/actors";
import { aCarListingDoc, newId } from "../support/catalogue";
import { admin, callRaw, eventually, FUNCTIONS_HOST, PROJECT_ID, REGION } from "../support/emulators";
import { useWebClients } from "../support/webClient";

const API = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/api`;
const VENDOR_REASON = "KYC checked against the register";
const REJECT_REASON = "Photos show another car";
const APPROVE_REASON = "Seen in person at the showroom";

const application = {
  displayName: "Private Motors",
  type: "dealer",
  governorate: "Cairo",
  city: "Heliopolis",
  phone: "01001234567",
  nationalId: "29001011234567",
};

let ipCounter = 0;
/** A public API read as a visitor behind Hosting, from an address of its own (no shared rate-limit bucket). */
async function publicGet(path: string): Promise<{ status: number; text: string }> {
  ipCounter += 1;
  const response = await fetch(`${API}${path}`, { headers: { "X-Forwarded-For": `203.0.113.9, 198.51.100.${ipCounter}, 35.191.0.9` } });
  return { status: response.status, text: await response.text() };
}

function assertNoAdminTrace(what: string, text: string, adminUid: string): void {
  for (const secret of [adminUid, VENDOR_REASON, REJECT_REASON, APPROVE_REASON]) {
    assert.ok(!text.includes(secret), `${what} carries "${secret}": ${text}`);
  }
}

describe("moderation decisions stay off public documents", () => {
  const webClient = useWebClients();

  it("a guest reads an approved vendor and its moderated listing with no admin uid and no reason; the vendor reads both decisions", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const applicant = await anActor({ label: "private-vendor" });
    const { db } = admin();
    assert.equal((await callRaw("vendors-apply", application, applicant.idToken)).error, undefined);
    const approved = await callRaw("vendors-review", { vendorId: applicant.uid, decision: "approve", reason: VENDOR_REASON }, anAdmin.idToken);
    assert.equal(approved.error, undefined, JSON.stringify(approved.error));

    const listingId = newId("private-mod");
    await db.doc(`listings/${listingId}`).set({ ...aCarListingDoc(applicant.uid), status: "pending_review" });
    const rejected = await callRaw("listings-moderate", { listingId, decision: "reject", reason: REJECT_REASON }, anAdmin.idToken);
    assert.deepEqual(rejected.result, { status: "rejected" });
    await db.doc(`listings/${listingId}`).update({ status: "pending_review" }); // the vendor resubmits
    const live = await callRaw("listings-moderate", { listingId, decision: "approve", reason: APPROVE_REASON }, anAdmin.idToken);
    assert.deepEqual(live.result, { status: "active" });

    const guest = webClient();
    const vendorDoc = await getDoc(doc(guest.db, `vendors/${applicant.uid}`));
    const listingDoc = await getDoc(doc(guest.db, `listings/${listingId}`));
    assert.equal(vendorDoc.get("status"), "approved");
    assert.equal(listingDoc.get("status"), "active");
    assert.equal(listingDoc.get("moderation.decision"), "approve", "the listing still says when and what was decided");
    assertNoAdminTrace("the vendor document a guest reads", JSON.stringify(vendorDoc.data()), anAdmin.uid);
    assertNoAdminTrace("the listing a guest reads", JSON.stringify(listingDoc.data()), anAdmin.uid);

    const apiVendor = await publicGet(`/v1/vendors/${applicant.uid}`);
    const apiListing = await publicGet(`/v1/listings/${listingId}`);
    assert.equal(apiVendor.status, 200, apiVendor.text);
    assert.equal(apiListing.status, 200, apiListing.text);
    assertNoAdminTrace("GET /v1/vendors/{id}", apiVendor.text, anAdmin.uid);
    assertNoAdminTrace("GET /v1/listings/{id}", apiListing.text, anAdmin.uid);

    // A guest cannot open the private decisions either.
    await assert.rejects(getDoc(doc(guest.db, `vendors/${applicant.uid}/private/review`)), /permission/i);
    await assert.rejects(getDoc(doc(guest.db, `listings/${listingId}/private/moderation`)), /permission/i);

    // The vendor reads why, from their private documents.
    const vendorApp = webClient();
    await signInWithEmailAndPassword(vendorApp.auth, applicant.email, PASSWORD);
    const review = (await getDoc(doc(vendorApp.db, `vendors/${applicant.uid}/private/review`))).data();
    assert.equal(review?.decision, "approve");
    assert.equal(review?.reason, VENDOR_REASON);
    const moderation = (await getDoc(doc(vendorApp.db, `listings/${listingId}/private/moderation`))).data();
    assert.equal(moderation?.decision, "approve");
    assert.equal(moderation?.reason, APPROVE_REASON, "the last decision");
  });

  it("the listing's status change is still audited as the moderating admin", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await anActor({ role: "vendor", label: "audited-vendor" });
    const { db } = admin();
    await db.doc(`vendors/${vendor.uid}`).set({ displayName: "Audited", type: "dealer", governorate: "cairo", city: "Maadi", status: "approved", rating: { avg: 0, count: 0 }, stats: { activeListings: 0, completedOrders: 0 } });
    const listingId = newId("audited-mod");
    await db.doc(`listings/${listingId}`).set({ ...aCarListingDoc(vendor.uid), status: "pending_review" });
    assert.deepEqual((await callRaw("listings-moderate", { listingId, decision: "approve" }, anAdmin.idToken)).result, { status: "active" });
    const entry = await eventually("listing.status_change audited", async () => {
      const found = await db.collection("auditLogs").where("action", "==", "listing.status_change").where("target.id", "==", listingId).get();
      return found.docs.find((d) => d.get("changes.to") === "active")?.data();
    });
    assert.deepEqual(entry.actor, { uid: anAdmin.uid, role: "admin" });
  });
});
