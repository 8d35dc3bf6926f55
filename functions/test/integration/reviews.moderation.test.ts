// vendors-moderateReview against the emulators (issue 10, finding 2, the moderation half):
// a review held for self-dealing signals waits for an admin, who publishes or removes it.
// The attack is replayed as an outsider would: the vendor's second account buys the
// vendor's part with cash on delivery, the vendor marks it delivered, the second account
// confirms receipt and reviews it 5 stars through the web SDK and the rules. The review
// trigger running in the Functions emulator holds it; the rating follows the admin.
import assert from "node:assert/strict";
import { signInWithEmailAndPassword } from "firebase/auth";
import { doc, getDoc, serverTimestamp, setDoc } from "firebase/firestore";
import { isDocumentId } from "../../src/shared/ids";
import { PASSWORD, anActor, type Actor } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw, eventually } from "../support/emulators";
import { useWebClients } from "../support/webClient";
import { HOSTILE_IDS } from "../support/fuzz";
import { ORDER_TEST_TIMEOUT_MS, aBuyer, aPartForSale, call, callFailing, placeOrder, type ForSale } from "./orders.fixtures";

const SHARED_IP = "198.51.100.77";

describe("vendors-moderateReview (issue 10, finding 2)", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);
  const webClient = useWebClients();
  let shop: ForSale;
  let anAdmin: Actor;

  before(async () => {
    shop = await aPartForSale(50, 300_000);
    anAdmin = await anActor({ role: "admin" });
    const { db } = admin();
    await db.doc(`users/${shop.vendor.uid}/devices/laptop`).set({ token: `push-${shop.vendor.uid}`, platform: "web" });
    await db.doc(`users/${shop.vendor.uid}/consents/terms`).set({ type: "terms", granted: true, ip: SHARED_IP });
  });

  /** The vendor's second account: same browser (push token) and sign-up IP as the vendor. */
  async function aSockPuppet(): Promise<Actor> {
    const puppet = await aBuyer();
    await admin().db.doc(`users/${puppet.uid}/devices/laptop`).set({ token: `push-${shop.vendor.uid}`, platform: "web" });
    await admin().db.doc(`users/${puppet.uid}/consents/terms`).set({ type: "terms", granted: true, ip: SHARED_IP });
    return puppet;
  }

  /** A cash pickup order taken to completed: the vendor delivers, the buyer confirms receipt. */
  async function aCompletedOrder(buyer: Actor): Promise<string> {
    const { orderId } = await placeOrder(buyer, shop.listingId);
    for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId, status }, shop.vendor);
    await call("orders-confirmReceipt", { orderId }, buyer);
    return orderId;
  }

  /** The buyer writes the review as the web app does, and the trigger gives it a status. */
  async function reviewed(buyer: Actor, rating: number): Promise<{ orderId: string; status: string }> {
    const orderId = await aCompletedOrder(buyer);
    const client = webClient();
    await signInWithEmailAndPassword(client.auth, buyer.email, PASSWORD);
    await setDoc(doc(client.db, "vendors", shop.vendor.uid, "reviews", orderId), { buyerId: buyer.uid, rating, text: "Great part, fast handover.", createdAt: serverTimestamp() });
    const status = await eventually(`the verdict on review ${orderId}`, async () => (await getDoc(doc(client.db, "vendors", shop.vendor.uid, "reviews", orderId))).get("status") as string | undefined);
    return { orderId, status };
  }

  const ratingOf = async () => (await admin().db.doc(`vendors/${shop.vendor.uid}`).get()).get("rating");
  const ratingIs = (count: number) => eventually(`a rating counting ${count}`, async () => ((await ratingOf())?.count === count ? ratingOf() : undefined));
  const moderation = (orderId: string, decision: "publish" | "remove") => ({ vendorId: shop.vendor.uid, orderId, decision, reason: "Called the buyer, ring 0100 123 4567" });

  let honest: string;
  let fake: string;

  it("the attack: the vendor's second account (shared device and sign-up IP) reviews 5 stars; held (shown, as every review is), the rating does not count it", async () => {
    const first = await reviewed(await aBuyer(), 3);
    assert.equal(first.status, "published");
    honest = first.orderId;
    const attack = await reviewed(await aSockPuppet(), 5);
    assert.equal(attack.status, "held");
    fake = attack.orderId;
    assert.deepEqual(await ratingIs(1), { avg: 3, count: 1 });
    // Reviews are public (SPEC section 3), a held one too: what it does not do is count.
    const guest = webClient();
    assert.equal((await getDoc(doc(guest.db, "vendors", shop.vendor.uid, "reviews", fake))).get("status"), "held");
  });

  it("a customer, the vendor and an admin without a second factor are refused, and the review stays held", async () => {
    assertCallableError(await callFailing("vendors-moderateReview", moderation(fake, "publish"), await aBuyer()), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    assertCallableError(await callFailing("vendors-moderateReview", moderation(fake, "publish"), shop.vendor), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    const noMfa = await anActor({ role: "admin", mfa: false });
    assertCallableError(await callFailing("vendors-moderateReview", moderation(fake, "publish"), noMfa), "PERMISSION_DENIED", "MFA_REQUIRED");
    assert.equal((await admin().db.doc(`vendors/${shop.vendor.uid}/reviews/${fake}`).get()).get("status"), "held");
  });

  it("an admin publishes the held review: status published, one review.moderate entry (reason masked), the rating counts it", async () => {
    const answer = await call<{ status: string; rating: unknown }>("vendors-moderateReview", moderation(fake, "publish"), anAdmin);
    assert.deepEqual(answer, { status: "published", rating: { avg: 4, count: 2 } });
    assert.equal((await admin().db.doc(`vendors/${shop.vendor.uid}/reviews/${fake}`).get()).get("status"), "published");
    assert.deepEqual(await ratingIs(2), { avg: 4, count: 2 });
    const entries = await admin().db.collection("auditLogs").where("action", "==", "review.moderate").where("target.id", "==", `${shop.vendor.uid}/${fake}`).get();
    assert.equal(entries.size, 1);
    const entry = entries.docs[0].data();
    assert.deepEqual(entry.actor, { uid: anAdmin.uid, role: "admin" });
    assert.deepEqual({ ...entry.changes, reason: undefined }, { vendorId: shop.vendor.uid, orderId: fake, from: "held", to: "published", decision: "publish", reason: undefined });
    assert.equal(entry.changes.reason, "Called the buyer, ring [phone]");
    assert.ok(!Object.keys((await admin().db.doc(`vendors/${shop.vendor.uid}/reviews/${fake}`).get()).data() ?? {}).some((k) => k !== "buyerId" && k !== "rating" && k !== "text" && k !== "createdAt" && k !== "status"), "no admin identity on the public review");
  });

  it("moderating a published review (again, or one that was never held) is REVIEW_NOT_HELD and writes nothing", async () => {
    assertCallableError(await callFailing("vendors-moderateReview", moderation(fake, "remove"), anAdmin), "FAILED_PRECONDITION", "REVIEW_NOT_HELD");
    assertCallableError(await callFailing("vendors-moderateReview", moderation(honest, "remove"), anAdmin), "FAILED_PRECONDITION", "REVIEW_NOT_HELD");
    assert.equal((await admin().db.doc(`vendors/${shop.vendor.uid}/reviews/${honest}`).get()).get("status"), "published");
    assert.deepEqual(await ratingOf(), { avg: 4, count: 2 });
  });

  it("an admin removes another held review: status removed, the rating is unchanged", async () => {
    const attack = await reviewed(await aSockPuppet(), 5);
    assert.equal(attack.status, "held");
    const answer = await call<{ status: string; rating: unknown }>("vendors-moderateReview", moderation(attack.orderId, "remove"), anAdmin);
    assert.deepEqual(answer, { status: "removed", rating: { avg: 4, count: 2 } });
    assert.equal((await admin().db.doc(`vendors/${shop.vendor.uid}/reviews/${attack.orderId}`).get()).get("status"), "removed");
    assert.deepEqual(await ratingOf(), { avg: 4, count: 2 });
    assertCallableError(await callFailing("vendors-moderateReview", moderation(attack.orderId, "publish"), anAdmin), "FAILED_PRECONDITION", "REVIEW_NOT_HELD");
  });

  it("a review that does not exist is NOT_FOUND; hostile ids and a missing reason are invalid-argument", async () => {
    assertCallableError(await callFailing("vendors-moderateReview", moderation("o_nope", "publish"), anAdmin), "NOT_FOUND", "NOT_FOUND");
    // HOSTILE_IDS holds "constructor" too: a fine id that must not reach a prototype; here only the invalid ones.
    for (const id of HOSTILE_IDS.filter((candidate) => !isDocumentId(candidate))) {
      const { error } = await callRaw("vendors-moderateReview", { ...moderation(fake, "publish"), orderId: id }, anAdmin.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      const other = await callRaw("vendors-moderateReview", { ...moderation(fake, "publish"), vendorId: id }, anAdmin.idToken);
      assertCallableError(other.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    }
    const noReason = { vendorId: shop.vendor.uid, orderId: fake, decision: "publish" };
    const missing = await callRaw("vendors-moderateReview", noReason, anAdmin.idToken);
    assertCallableError(missing.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.ok(missing.error?.details?.fields?.reason, JSON.stringify(missing.error?.details));
  });
});
