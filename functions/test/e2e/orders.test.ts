// A car bought end to end through the Firebase web SDK, as the buyer's and the vendor's
// apps do it (SPEC sections 3-6): order, pay through the (fake) provider's signed webhook,
// vendor confirms, ships and delivers, the buyer confirms receipt, reviews the vendor, and
// sees the vendor's rating and their own notifications change, all read under the rules.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from "firebase/auth";
import { collection, doc, getDoc, getDocs, orderBy, query, serverTimestamp, setDoc, updateDoc, where } from "firebase/firestore";
import { payThroughFakeProvider } from "../../tools/fakePayer";
import { PASSWORD, profileOf } from "../support/actors";
import { admin, eventually, uniqueEmail } from "../support/emulators";
import { useWebClients } from "../support/webClient";
import { aCarForSale, ORDER_TEST_TIMEOUT_MS, WEBHOOK_SECRET, WEBHOOK_URL } from "../integration/orders.fixtures";

describe("buying a car through the web SDK", () => {
  const aClient = useWebClients();

  it("order, pay, confirm, ship, deliver, confirm receipt, review; rating and notifications follow", async function () {
    this.timeout(ORDER_TEST_TIMEOUT_MS);
    const { listingId, vendor, price } = await aCarForSale(62_000_000);

    // The buyer signs up and sees the car in the catalogue.
    const buyerApp = aClient();
    const buyer = (await createUserWithEmailAndPassword(buyerApp.auth, uniqueEmail("e2e-buyer"), PASSWORD)).user;
    await profileOf(buyer.uid);
    const car = (await getDoc(doc(buyerApp.db, "listings", listingId))).data();
    assert.equal(car?.status, "active");

    // Orders it for delivery, paying by card.
    const started = Date.now();
    const created = await buyerApp.call<{ orderId: string; number: string; status: string; total: number; expiresAt: string }>("orders-create", {
      listingId,
      fulfillment: { method: "delivery", address: { line1: "14 Abbas El Akkad St", city: "Nasr City", governorate: "Cairo" } },
      paymentMethod: "card",
      idempotencyKey: randomUUID(),
    });
    assert.equal(created.status, "pending_payment");
    assert.equal(created.total, price + 15_000);
    const { orderId } = created;

    // Checks out and pays on the provider's page; the provider tells the webhook (twice, as providers do).
    const checkout = await buyerApp.call<{ paymentId: string; checkoutUrl: string }>("payments-startCheckout", { orderId });
    const payment = await payThroughFakeProvider({ webhookUrl: WEBHOOK_URL, secret: WEBHOOK_SECRET, paymentId: checkout.paymentId, orderId, amount: created.total, currency: "EGP", outcome: "succeed", deliveries: 2 });
    assert.deepEqual(payment.responses.map((r) => r.status), [200, 200]);
    const paid = (await getDoc(doc(buyerApp.db, "orders", orderId))).data();
    assert.equal(paid?.status, "paid");
    assert.equal(paid?.payment.status, "succeeded");
    console.log(`      order to paid, seen by the buyer's app: ${Date.now() - started} ms`);

    // The vendor's app lists its orders, confirms (learning the address), ships and delivers.
    const vendorApp = aClient();
    await signInWithEmailAndPassword(vendorApp.auth, vendor.email, PASSWORD);
    const incoming = await getDocs(query(collection(vendorApp.db, "orders"), where("vendorId", "==", vendor.uid)));
    assert.deepEqual(incoming.docs.map((d) => d.id), [orderId]);
    const confirmed = await vendorApp.call<{ status: string; deliveryAddress: unknown }>("orders-updateStatus", { orderId, status: "confirmed" });
    assert.deepEqual(confirmed, { status: "confirmed", deliveryAddress: { line1: "14 Abbas El Akkad St", city: "Nasr City", governorate: "cairo" } });
    assert.deepEqual(await vendorApp.call("orders-updateStatus", { orderId, status: "shipped" }), { status: "shipped" });
    assert.deepEqual(await vendorApp.call("orders-updateStatus", { orderId, status: "delivered" }), { status: "delivered" });

    // The buyer confirms receipt; the timeline shows every step, the opened checkout included
    // (orders/store.ts records it as a pending_payment -> pending_payment entry).
    assert.deepEqual(await buyerApp.call("orders-confirmReceipt", { orderId }), { status: "completed" });
    const mine = await getDocs(query(collection(buyerApp.db, "orders"), where("buyerId", "==", buyer.uid)));
    assert.deepEqual(mine.docs.map((d) => d.get("status")), ["completed"]);
    const timeline = await getDocs(query(collection(buyerApp.db, "orders", orderId, "events"), orderBy("at")));
    assert.deepEqual(timeline.docs.map((d) => d.get("to")), ["pending_payment", "pending_payment", "paid", "confirmed", "shipped", "delivered", "completed"]);
    assert.equal((await admin().db.doc(`listings/${listingId}`).get()).get("status"), "sold");

    // Reviews the vendor and sees the rating move.
    const vendorDoc = doc(buyerApp.db, "vendors", vendor.uid);
    const ratingBefore = (await getDoc(vendorDoc)).get("rating");
    await setDoc(doc(buyerApp.db, "vendors", vendor.uid, "reviews", orderId), { buyerId: buyer.uid, rating: 5, text: "سيارة ممتازة — exactly as described.", createdAt: serverTimestamp() });
    const rating = await eventually("the vendor's new rating", async () => {
      const current = (await getDoc(vendorDoc)).get("rating");
      return current?.count === 1 ? current : undefined;
    });
    assert.deepEqual(rating, { avg: 5, count: 1 });
    assert.notDeepEqual(rating, ratingBefore);
    await assert.rejects(setDoc(doc(buyerApp.db, "vendors", vendor.uid, "reviews", orderId), { buyerId: buyer.uid, rating: 1, text: "changed my mind", createdAt: serverTimestamp() }), /permission/i);

    // The buyer's notifications followed every status, and they may be marked read.
    const types = await eventually("the buyer's order notifications", async () => {
      const inbox = await getDocs(collection(buyerApp.db, "users", buyer.uid, "notifications"));
      const seen = inbox.docs.filter((d) => d.get("data.orderId") === orderId).map((d) => d.get("type"));
      return seen.length >= 6 ? seen.sort() : undefined;
    });
    assert.deepEqual(types, ["order.completed", "order.confirmed", "order.delivered", "order.paid", "order.pending_payment", "order.shipped"]);
    const completedNotice = doc(buyerApp.db, "users", buyer.uid, "notifications", `order-${orderId}-completed-buyer`);
    await updateDoc(completedNotice, { read: true });
    assert.equal((await getDoc(completedNotice)).get("read"), true);
    await assert.rejects(updateDoc(completedNotice, { title: "edited" }), /permission/i);
    console.log(`      the whole purchase: ${Date.now() - started} ms`);
  });
});
