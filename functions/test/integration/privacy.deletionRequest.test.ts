// privacy-requestDeletion / privacy-cancelDeletion (SPEC section 8): the account leaves the
// marketplace at once (callables refused with DELETION_PENDING, listings hidden, engineer
// out of dispatch), can still cancel, and cancelling restores everything as it was.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { doc, getDoc } from "firebase/firestore";
import { aSettledListingDoc, aVendor, newId } from "../support/catalogue";
import { assertCallableError } from "../support/callables";
import { profileOf } from "../support/actors";
import { admin, callRaw, eventually, FUNCTIONS_HOST, PROJECT_ID, REGION } from "../support/emulators";
import { useWebClients } from "../support/webClient";
import { anEngineer } from "./jobs.fixtures";

const DAY_MS = 24 * 3600 * 1000;
const GRACE_DAYS = Number(process.env.DELETION_GRACE_DAYS);

async function listingStatus(id: string): Promise<string> {
  return (await admin().db.doc(`listings/${id}`).get()).get("status") as string;
}

/** What a guest sees of a vendor: the web SDK's read under the rules, and the public API's answer. */
async function guestSees(guest: ReturnType<ReturnType<typeof useWebClients>>, vendorId: string, ask = { api: true }): Promise<{ rules: string; api?: number }> {
  const rules = await getDoc(doc(guest.db, `vendors/${vendorId}`)).then(
    () => "allowed",
    (error: { code?: string }) => String(error.code),
  );
  // As behind Hosting: the client's address (a /64 of its own: no rate-limit bucket is shared), then Hosting's proxy.
  const headers = { "X-Forwarded-For": `2001:db8:${randomBytes(2).toString("hex")}::1, 35.191.0.9` };
  if (!ask.api) return { rules };
  const api = (await fetch(`http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/api/v1/vendors/${vendorId}`, { headers })).status;
  return { rules, api };
}

describe("privacy deletion request and cancel", () => {
  const webClient = useWebClients();

  it("while deletion is pending the vendor document is suspended: a guest can read it neither under the rules nor through the API", async () => {
    const vendor = await aVendor();
    await profileOf(vendor.uid);
    const guest = webClient();
    // The rules only before: the API keeps a found vendor for a few seconds (api/cache.ts), never a 404.
    assert.equal((await guestSees(guest, vendor.uid, { api: false })).rules, "allowed", "public while approved");
    const { error } = await callRaw("privacy-requestDeletion", {}, vendor.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("status"), "suspended");
    assert.deepEqual(await guestSees(guest, vendor.uid), { rules: "permission-denied", api: 404 });
    await callRaw("privacy-cancelDeletion", {}, vendor.idToken);
    assert.deepEqual(await guestSees(guest, vendor.uid), { rules: "allowed", api: 200 }, "public again after cancel");
  });

  it("request -> refused everywhere but cancel/export, listings hidden -> cancel restores them", async () => {
    const vendor = await aVendor();
    await profileOf(vendor.uid);
    const listingId = newId("car");
    await admin().db.doc(`listings/${listingId}`).set(aSettledListingDoc(vendor.uid, { displayName: "V", type: "dealer", rating: { avg: 4.5, count: 10 } }));

    const before = Date.now();
    const { result, error } = await callRaw<{ scheduledFor: string }>("privacy-requestDeletion", {}, vendor.idToken);
    assert.equal(error, undefined, JSON.stringify(error));
    const scheduled = Date.parse(result?.scheduledFor ?? "");
    assert.ok(Math.abs(scheduled - (before + GRACE_DAYS * DAY_MS)) < 120_000, `scheduledFor ${result?.scheduledFor} is now + ${GRACE_DAYS} days`);
    assert.equal((await profileOf(vendor.uid))?.status, "deletion_pending");

    const refused = await callRaw("users-updateProfile", { displayName: "Still here" }, vendor.idToken);
    assertCallableError(refused.error, "PERMISSION_DENIED", "DELETION_PENDING");
    const again = await callRaw("privacy-requestDeletion", {}, vendor.idToken);
    assertCallableError(again.error, "PERMISSION_DENIED", "DELETION_PENDING");
    await eventually("listing hidden", async () => ((await listingStatus(listingId)) === "suspended" ? true : undefined));

    const cancel = await callRaw("privacy-cancelDeletion", {}, vendor.idToken);
    assert.equal(cancel.error, undefined, JSON.stringify(cancel.error));
    assert.equal((await profileOf(vendor.uid))?.status, "active");
    assert.equal((await admin().db.doc(`vendors/${vendor.uid}`).get()).get("status"), "approved");
    await eventually("listing back", async () => ((await listingStatus(listingId)) === "active" ? true : undefined));
    const works = await callRaw("users-updateProfile", { displayName: "Back again" }, vendor.idToken);
    assert.equal(works.error, undefined, JSON.stringify(works.error));

    const audit = await admin().db.collection("auditLogs").where("target.id", "==", vendor.uid).get();
    const actions = audit.docs.map((d) => d.get("action") as string);
    assert.ok(actions.includes("data.delete_request") && actions.includes("data.delete_cancel"), actions.join(","));
  });

  it("an available engineer leaves dispatch and comes back available on cancel", async () => {
    const engineer = await anEngineer({ governorate: "giza" });
    await profileOf(engineer.uid);
    await callRaw("privacy-requestDeletion", {}, engineer.idToken);
    assert.equal((await admin().db.doc(`engineers/${engineer.uid}`).get()).get("availability"), "off_duty");
    const goOnline = await callRaw("engineers-setAvailability", { availability: "available" }, engineer.idToken);
    assertCallableError(goOnline.error, "PERMISSION_DENIED", "DELETION_PENDING");
    await callRaw("privacy-cancelDeletion", {}, engineer.idToken);
    assert.equal((await admin().db.doc(`engineers/${engineer.uid}`).get()).get("availability"), "available");
  });

  it("a user with an open order is told day 28; cancel without a request is refused", async () => {
    const vendor = await aVendor();
    await profileOf(vendor.uid);
    const none = await callRaw("privacy-cancelDeletion", {}, vendor.idToken);
    assertCallableError(none.error, "FAILED_PRECONDITION", "NO_DELETION_PENDING");
    await admin().db.doc(`orders/${newId("ord")}`).set({ buyerId: "someone-else", vendorId: vendor.uid, status: "confirmed" });
    const before = Date.now();
    const { result } = await callRaw<{ scheduledFor: string }>("privacy-requestDeletion", {}, vendor.idToken);
    const scheduled = Date.parse(result?.scheduledFor ?? "");
    assert.ok(Math.abs(scheduled - (before + 28 * DAY_MS)) < 120_000, `scheduledFor ${result?.scheduledFor} is day 28`);
  });

  it("concurrent requests schedule once", async () => {
    const vendor = await aVendor();
    await profileOf(vendor.uid);
    const answers = await Promise.all([1, 2, 3].map(() => callRaw("privacy-requestDeletion", {}, vendor.idToken)));
    assert.equal(answers.filter((a) => a.error === undefined).length, 1, JSON.stringify(answers.map((a) => a.error?.details?.code)));
    const audit = await admin().db.collection("auditLogs").where("target.id", "==", vendor.uid).where("action", "==", "data.delete_request").get();
    assert.equal(audit.size, 1);
  });
});
