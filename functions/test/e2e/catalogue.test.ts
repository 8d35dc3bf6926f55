// The catalogue journey through the Firebase web SDK (issue 3): a customer applies to
// sell, an admin with MFA approves, the vendor writes a listing under the security rules,
// submits it, the admin publishes it, an anonymous visitor finds it through the public API
// and a direct Firestore query, and a customer favorites it.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createUserWithEmailAndPassword } from "firebase/auth";
import { collection, doc, getDoc, getDocs, query, serverTimestamp, setDoc, updateDoc, where } from "firebase/firestore";
import { PASSWORD, anActor } from "../support/actors";
import { FUNCTIONS_HOST, PROJECT_ID, REGION, callRaw, eventually, uniqueEmail } from "../support/emulators";
import { useWebClients } from "../support/webClient";

const apiBase = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/api/v1`;

describe("catalogue journey through the web SDK", () => {
  const aClient = useWebClients();

  it("apply, approve, list, submit, publish, find, favorite", async function () {
    this.timeout(120000);
    const make = `E2E${randomUUID().slice(0, 6)}`;
    const seller = aClient();
    const { user: sellerUser } = await createUserWithEmailAndPassword(seller.auth, uniqueEmail("seller"), PASSWORD);
    const applied = await seller.call("vendors-apply", {
      displayName: "Zamalek Classic Cars",
      type: "individual",
      governorate: "Cairo",
      city: "Zamalek",
      phone: "+201112223334",
      nationalId: "28501011234567",
    });
    assert.deepEqual(applied, { vendorId: sellerUser.uid, status: "pending" });

    const anAdmin = await anActor({ role: "admin" });
    const approval = await callRaw("vendors-review", { vendorId: sellerUser.uid, decision: "approve" }, anAdmin.idToken);
    assert.deepEqual(approval.result, { status: "approved" });
    const token = await sellerUser.getIdTokenResult(true); // the promotion arrives with a refreshed token
    assert.equal(token.claims.role, "vendor");

    const listingRef = doc(collection(seller.db, "listings"));
    await setDoc(listingRef, {
      vendorId: sellerUser.uid,
      kind: "car",
      title: `مرسيدس إى كلاس 1995 ${make}`,
      description: "Classic W124, restored.",
      price: 120000000,
      currency: "EGP",
      condition: "used",
      governorate: "cairo",
      city: "Zamalek",
      images: [],
      status: "draft",
      make,
      model: "E200",
      year: 1995,
      mileageKm: 210000,
      transmission: "manual",
      fuel: "petrol",
    });
    await assert.rejects(updateDoc(listingRef, { status: "active" }), /permission/i, "a vendor cannot publish their own listing");
    await updateDoc(listingRef, { status: "pending_review" });

    const moderated = await callRaw("listings-moderate", { listingId: listingRef.id, decision: "approve" }, anAdmin.idToken);
    assert.deepEqual(moderated.result, { status: "active" });

    const visitor = aClient();
    const found = await eventually("the listing in the public API", async () => {
      const response = await fetch(`${apiBase}/listings?make=${make}&q=${encodeURIComponent("مرسيدس اي")}`);
      const body = (await response.json()) as { items: { id: string; vendor?: { displayName: string } }[] };
      return body.items.find((item) => item.id === listingRef.id);
    });
    assert.equal(found.vendor?.displayName, "Zamalek Classic Cars");
    const direct = await getDocs(query(collection(visitor.db, "listings"), where("status", "==", "active"), where("make", "==", make)));
    assert.deepEqual(direct.docs.map((d) => d.id), [listingRef.id]);

    const fan = aClient();
    const { user: fanUser } = await createUserWithEmailAndPassword(fan.auth, uniqueEmail("fan"), PASSWORD);
    await setDoc(doc(fan.db, "users", fanUser.uid, "favorites", listingRef.id), { listingId: listingRef.id, createdAt: serverTimestamp() });
    await eventually("favoriteCount 1", async () => ((await getDoc(doc(visitor.db, "listings", listingRef.id))).get("favoriteCount") === 1 ? true : undefined));
  });
});
