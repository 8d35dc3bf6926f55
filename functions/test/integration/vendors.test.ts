// vendors-apply, vendors-review, vendors-updateProfile and listings-moderate through the
// Functions emulator (SPEC section 4, issue 3).
import assert from "node:assert/strict";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { aCarListingDoc, aVendor, newId } from "../support/catalogue";
import { admin, callRaw, eventually } from "../support/emulators";

const application = {
  displayName: "Delta Spare Parts",
  type: "parts_shop",
  governorate: "Dakahlia",
  city: "Mansoura",
  phone: "01001234567",
  nationalId: "29001011234567",
  commercialRegister: "CR-12345",
  iban: "EG38 0019 0005 0000 0000 2631 8000 2",
};

describe("vendors", () => {
  it("a customer applies: a pending vendor with KYC stored encrypted, audited", async () => {
    const customer = await anActor();
    const { result, error } = await callRaw("vendors-apply", application, customer.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.deepEqual(result, { vendorId: customer.uid, status: "pending" });
    const vendor = (await admin().db.doc(`vendors/${customer.uid}`).get()).data();
    assert.equal(vendor?.status, "pending");
    assert.equal(vendor?.governorate, "dakahlia");
    assert.equal(vendor?.nationalId, undefined);
    const kyc = (await admin().db.doc(`vendors/${customer.uid}/private/kyc`).get()).data() ?? {};
    for (const field of ["phone", "nationalId", "commercialRegister", "iban"]) assert.match(kyc[field], /^pii1\./, field);
    assert.ok(!JSON.stringify(kyc).includes("29001011234567"));
    const audit = await admin().db.collection("auditLogs").where("action", "==", "vendor.apply").where("target.id", "==", customer.uid).get();
    assert.equal(audit.size, 1);
    assert.ok(!JSON.stringify(audit.docs[0].data()).includes("29001011234567"), "no PII in the audit log");
  });

  it("applying twice fails with ALREADY_APPLIED", async () => {
    const customer = await anActor();
    await callRaw("vendors-apply", application, customer.idToken);
    const { error } = await callRaw("vendors-apply", application, customer.idToken);
    assertCallableError(error, "FAILED_PRECONDITION", "ALREADY_APPLIED");
  });

  it("a bad national id and IBAN are refused with their fields", async () => {
    const customer = await anActor();
    const { error } = await callRaw("vendors-apply", { ...application, nationalId: "123", iban: "DE89370400440532013000" }, customer.idToken);
    assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(error.details?.fields?.nationalId && error.details.fields.iban, JSON.stringify(error.details));
  });

  it("an admin with MFA approves: the vendor claim is set and mirrored", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const customer = await anActor();
    await callRaw("vendors-apply", application, customer.idToken);
    const { result, error } = await callRaw("vendors-review", { vendorId: customer.uid, decision: "approve" }, anAdmin.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.deepEqual(result, { status: "approved" });
    assert.equal((await admin().auth.getUser(customer.uid)).customClaims?.role, "vendor");
    assert.equal((await profileOf(customer.uid)).role, "vendor");
  });

  it("rejecting needs a reason, and a rejected vendor may apply again", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const customer = await anActor();
    await callRaw("vendors-apply", application, customer.idToken);
    const noReason = await callRaw("vendors-review", { vendorId: customer.uid, decision: "reject" }, anAdmin.idToken);
    assertCallableError(noReason.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(noReason.error.details?.fields?.reason);
    const rejected = await callRaw("vendors-review", { vendorId: customer.uid, decision: "reject", reason: "Unreadable ID photo" }, anAdmin.idToken);
    assert.deepEqual(rejected.result, { status: "rejected" });
    const vendor = (await admin().db.doc(`vendors/${customer.uid}`).get()).data();
    assert.equal(vendor?.review, undefined, "who rejected and why stay off the vendor document");
    const review = (await admin().db.doc(`vendors/${customer.uid}/private/review`).get()).data();
    assert.deepEqual({ decision: review?.decision, reason: review?.reason, by: review?.by, to: review?.to }, { decision: "reject", reason: "Unreadable ID photo", by: anAdmin.uid, to: "rejected" });
    const again = await callRaw("vendors-apply", application, customer.idToken);
    assert.deepEqual(again.result, { vendorId: customer.uid, status: "pending" });
  });

  it("a decision that does not fit the vendor's status is an INVALID_TRANSITION", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("pending");
    const { error } = await callRaw("vendors-review", { vendorId: vendor.uid, decision: "reinstate" }, anAdmin.idToken);
    assertCallableError(error, "FAILED_PRECONDITION", "INVALID_TRANSITION");
  });

  it("suspending hides the vendor's active listings; reinstating restores exactly those", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    const { db } = admin();
    const activeId = newId("susp-active");
    const draftId = newId("susp-draft");
    await db.doc(`listings/${activeId}`).set({ ...aCarListingDoc(vendor.uid), status: "active" });
    await db.doc(`listings/${draftId}`).set(aCarListingDoc(vendor.uid));
    await eventually("active listing counted", async () => ((await db.doc(`vendors/${vendor.uid}`).get()).get("stats.activeListings") === 1 ? true : undefined));

    const suspended = await callRaw("vendors-review", { vendorId: vendor.uid, decision: "suspend", reason: "Fake listings reported" }, anAdmin.idToken);
    assert.deepEqual(suspended.result, { status: "suspended" });
    await eventually("listing hidden", async () => ((await db.doc(`listings/${activeId}`).get()).get("status") === "suspended" ? true : undefined));
    assert.equal((await db.doc(`listings/${draftId}`).get()).get("status"), "draft");
    await eventually("active count zero", async () => ((await db.doc(`vendors/${vendor.uid}`).get()).get("stats.activeListings") === 0 ? true : undefined));

    const reinstated = await callRaw("vendors-review", { vendorId: vendor.uid, decision: "reinstate" }, anAdmin.idToken);
    assert.deepEqual(reinstated.result, { status: "approved" });
    await eventually("listing restored", async () => ((await db.doc(`listings/${activeId}`).get()).get("status") === "active" ? true : undefined));
    assert.equal((await db.doc(`listings/${draftId}`).get()).get("status"), "draft");
  });

  it("a vendor updates their profile; a customer cannot", async () => {
    const vendor = await aVendor("approved");
    const { error } = await callRaw("vendors-updateProfile", { description: "Since 1998", city: "Heliopolis" }, vendor.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    const doc = (await admin().db.doc(`vendors/${vendor.uid}`).get()).data();
    assert.equal(doc?.description, "Since 1998");
    const customer = await anActor();
    const denied = await callRaw("vendors-updateProfile", { description: "x" }, customer.idToken);
    assertCallableError(denied.error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
  });

  it("a logoPath must be a file in the vendor's own logo folder: another vendor's, a traversal or a deeper path is refused", async () => {
    const vendor = await aVendor("approved");
    const other = await aVendor("approved");
    const own = `vendors/${vendor.uid}/logo/logo.png`;
    const ok = await callRaw("vendors-updateProfile", { logoPath: own }, vendor.idToken);
    assert.equal(ok.error, undefined, JSON.stringify(ok.error));
    for (const logoPath of [
      `vendors/${other.uid}/logo/logo.png`,
      `vendors/${vendor.uid}/logo/../kyc/national-id.jpg`,
      `vendors/${vendor.uid}/kyc/national-id.jpg`,
      `vendors/${vendor.uid}/logo/sub/logo.png`,
      `listings/x/images/logo.png`,
    ]) {
      const { error } = await callRaw("vendors-updateProfile", { logoPath }, vendor.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(error.details?.fields?.logoPath, `${logoPath} is refused on logoPath`);
    }
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("logoPath"), own, "nothing refused was stored");
    const cleared = await callRaw("vendors-updateProfile", { logoPath: null }, vendor.idToken);
    assert.equal(cleared.error, undefined, JSON.stringify(cleared.error));
  });
});

describe("listings-moderate", () => {
  it("an admin approves a listing under review: active, published, audited", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    const id = newId("mod");
    await admin().db.doc(`listings/${id}`).set({ ...aCarListingDoc(vendor.uid), status: "pending_review" });
    const { result, error } = await callRaw("listings-moderate", { listingId: id, decision: "approve" }, anAdmin.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.deepEqual(result, { status: "active" });
    const listing = (await admin().db.doc(`listings/${id}`).get()).data();
    assert.equal(listing?.status, "active");
    assert.ok(listing?.publishedAt);
    assert.equal(listing?.moderation.decision, "approve");
    assert.equal(listing?.moderation.by, undefined, "no admin identity on a public listing (SPEC section 3)");
    const decision = (await admin().db.doc(`listings/${id}/private/moderation`).get()).data();
    assert.equal(decision?.by, anAdmin.uid);
    assert.equal(decision?.decision, "approve");
    const audit = await admin().db.collection("auditLogs").where("action", "==", "listing.moderate").where("target.id", "==", id).get();
    assert.equal(audit.docs[0]?.get("outcome"), "success");
  });

  it("a rejection needs a reason and records it", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    const id = newId("mod");
    await admin().db.doc(`listings/${id}`).set({ ...aCarListingDoc(vendor.uid), status: "pending_review" });
    const bare = await callRaw("listings-moderate", { listingId: id, decision: "reject" }, anAdmin.idToken);
    assertCallableError(bare.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    const { result } = await callRaw("listings-moderate", { listingId: id, decision: "reject", reason: "Photos show another car" }, anAdmin.idToken);
    assert.deepEqual(result, { status: "rejected" });
    assert.equal((await admin().db.doc(`listings/${id}`).get()).get("moderation.reason"), undefined, "the reason is not public");
    assert.equal((await admin().db.doc(`listings/${id}/private/moderation`).get()).get("reason"), "Photos show another car");
  });

  it("approving a draft is an INVALID_TRANSITION; approving for a suspended vendor is refused", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const vendor = await aVendor("approved");
    const draft = newId("mod");
    await admin().db.doc(`listings/${draft}`).set(aCarListingDoc(vendor.uid));
    const { error } = await callRaw("listings-moderate", { listingId: draft, decision: "approve" }, anAdmin.idToken);
    assertCallableError(error, "FAILED_PRECONDITION", "INVALID_TRANSITION");

    const suspendedVendor = await aVendor("suspended");
    const pending = newId("mod");
    await admin().db.doc(`listings/${pending}`).set({ ...aCarListingDoc(suspendedVendor.uid), status: "pending_review" });
    const refused = await callRaw("listings-moderate", { listingId: pending, decision: "approve" }, anAdmin.idToken);
    assertCallableError(refused.error, "FAILED_PRECONDITION", "VENDOR_NOT_APPROVED");
  });

  it("a listing that does not exist is not-found", async () => {
    const anAdmin = await anActor({ role: "admin" });
    const { error } = await callRaw("listings-moderate", { listingId: "nope", decision: "approve" }, anAdmin.idToken);
    assertCallableError(error, "NOT_FOUND", "NOT_FOUND");
  });
});
