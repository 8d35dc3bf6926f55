// orders-create, -cancel, -updateStatus, -confirmReceipt and -refund against the emulators
// (SPEC sections 3 and 4): prices from the listing, holds and releases exactly once, the
// events timeline and audit trail of every transition, who may do what, clear errors.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { piiCipher } from "../../src/core/keys";
import { ORDER_NUMBER_PATTERN } from "../../src/orders/numbers";
import { anActor } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";
import {
  aBuyer,
  aCarForSale,
  aPartForSale,
  auditOf,
  call,
  callFailing,
  docData,
  eventsOf,
  ORDER_TEST_TIMEOUT_MS,
  orderRequest,
  placeOrder,
} from "./orders.fixtures";

const DELIVERY_FEE = 15_000; // functions/.env.demo-souk
const WINDOW_MS = 30 * 60_000;

describe("orders callables", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);

  describe("orders-create", () => {
    it("a card order for a car: price from the listing, car reserved, number, window, timeline and audit", async () => {
      const { listingId, price, vendor } = await aCarForSale(80_000_000);
      const buyer = await aBuyer();
      const before = Date.now();
      const created = await placeOrder(buyer, listingId, { paymentMethod: "card", fulfillment: { method: "delivery", address: "12 Tahrir Street, Dokki, Giza" } });
      assert.equal(created.status, "pending_payment");
      assert.equal(created.total, price + DELIVERY_FEE);
      assert.match(created.number, ORDER_NUMBER_PATTERN);
      const expiresAt = Date.parse(created.expiresAt ?? "");
      assert.ok(expiresAt >= before + WINDOW_MS - 1000 && expiresAt <= Date.now() + WINDOW_MS + 1000, `expiresAt ${created.expiresAt}`);

      const order = await docData(`orders/${created.orderId}`);
      assert.equal(order.buyerId, buyer.uid);
      assert.equal(order.vendorId, vendor.uid);
      assert.deepEqual(order.items, [{ listingId, kind: "car", title: order.items[0].title, unitPrice: price, quantity: 1 }]);
      assert.equal(order.subtotal, price);
      assert.equal(order.deliveryFee, DELIVERY_FEE);
      assert.equal(order.payment.status, "pending");
      assert.equal(order.inventory, "held");
      assert.ok(!String(order.fulfillment.address).includes("Tahrir"), `masked: ${order.fulfillment.address}`);
      const stored = await docData(`orders/${created.orderId}/private/fulfillment`);
      assert.ok(!String(stored.address).includes("Tahrir"), "stored encrypted");
      assert.equal(JSON.parse(await piiCipher().decrypt(stored.address)), "12 Tahrir Street, Dokki, Giza");

      const listing = await docData(`listings/${listingId}`);
      assert.equal(listing.status, "reserved");
      assert.deepEqual(listing.lastOrder, { orderId: created.orderId, effect: "hold" });
      assert.deepEqual((await eventsOf(created.orderId)).map((e) => [e.from, e.to]), [[null, "pending_payment"]]);
      const audits = await auditOf(created.orderId, "order.create");
      assert.equal(audits.length, 1);
      assert.equal(audits[0].outcome, "success");
      assert.equal(await docData(`orderNumbers/${created.number}`).then((d) => d.orderId), created.orderId);
    });

    it("cash on delivery for parts: placed, stock drops by the quantity, pickup costs no delivery fee", async () => {
      const { listingId, price } = await aPartForSale(7);
      const buyer = await aBuyer();
      const created = await placeOrder(buyer, listingId, { quantity: 3 });
      assert.equal(created.status, "placed");
      assert.equal(created.total, price * 3);
      assert.equal(created.expiresAt, undefined);
      assert.equal((await docData(`listings/${listingId}`)).stock, 4);
    });

    it("a retry with the same idempotencyKey returns the same order and takes stock once; the key for another purchase is refused", async () => {
      const { listingId } = await aPartForSale(5);
      const buyer = await aBuyer();
      const request = orderRequest(listingId, { quantity: 2 });
      const first = await call<{ orderId: string; number: string }>("orders-create", request, buyer);
      const again = await call<{ orderId: string; number: string }>("orders-create", request, buyer);
      assert.deepEqual(again, first);
      assert.equal((await docData(`listings/${listingId}`)).stock, 3);
      const reused = await callFailing("orders-create", { ...request, quantity: 1 }, buyer);
      assertCallableError(reused, "FAILED_PRECONDITION", "IDEMPOTENCY_KEY_REUSED");
      // Another buyer's identical key is another order.
      const other = await call<{ orderId: string }>("orders-create", request, await aBuyer());
      assert.notEqual(other.orderId, first.orderId);
    });

    it("refuses bad input with the field that was wrong", async () => {
      const buyer = await aBuyer();
      const noAddress = await callFailing("orders-create", orderRequest("x", { fulfillment: { method: "delivery" } }), buyer);
      assertCallableError(noAddress, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(noAddress.details?.fields?.["fulfillment.address"], JSON.stringify(noAddress.details));
      const clientPrice = await callFailing("orders-create", orderRequest("x", { price: 1 }), buyer);
      assertCallableError(clientPrice, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(clientPrice.details?.fields?.price);
      const zero = await callFailing("orders-create", orderRequest("x", { quantity: 0 }), buyer);
      assert.ok(zero?.details?.fields?.quantity);
      const { listingId } = await aCarForSale();
      const twoCars = await callFailing("orders-create", orderRequest(listingId, { quantity: 2 }), buyer);
      assertCallableError(twoCars, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(twoCars.details?.fields?.quantity);
      assert.equal((await docData(`listings/${listingId}`)).status, "active", "nothing half-written");
    });

    it("refuses a missing listing, a reserved car, an over-sized part order, and a buyer's own listing", async () => {
      const buyer = await aBuyer();
      assertCallableError(await callFailing("orders-create", orderRequest("no-such-listing"), buyer), "NOT_FOUND", "NOT_FOUND");
      const car = await aCarForSale();
      await placeOrder(buyer, car.listingId);
      assertCallableError(await callFailing("orders-create", orderRequest(car.listingId), await aBuyer()), "FAILED_PRECONDITION", "LISTING_UNAVAILABLE");
      const part = await aPartForSale(2);
      assertCallableError(await callFailing("orders-create", orderRequest(part.listingId, { quantity: 3 }), buyer), "FAILED_PRECONDITION", "OUT_OF_STOCK");
      // A customer account that owns a listing (e.g. a vendor who was demoted) still cannot buy it.
      const own = await aCarForSale();
      const ownerAsCustomer = await anActor({ role: "customer" });
      await admin().db.doc(`listings/${own.listingId}`).update({ vendorId: ownerAsCustomer.uid });
      assertCallableError(await callFailing("orders-create", orderRequest(own.listingId), ownerAsCustomer), "FAILED_PRECONDITION", "OWN_LISTING");
      assertCallableError(await callFailing("orders-create", orderRequest(own.listingId), own.vendor), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    });
  });

  describe("the lifecycle", () => {
    it("cash order: vendor confirms (and gets the address), ships, delivers (cash collected); buyer confirms receipt; the car is sold", async () => {
      const { listingId, vendor } = await aCarForSale();
      const buyer = await aBuyer();
      const address = { line1: "5 Corniche El Nil", city: "Maadi", governorate: "cairo" };
      const { orderId } = await placeOrder(buyer, listingId, { fulfillment: { method: "delivery", address } });
      const confirmed = await call<{ status: string; deliveryAddress?: unknown }>("orders-updateStatus", { orderId, status: "confirmed" }, vendor);
      assert.deepEqual(confirmed, { status: "confirmed", deliveryAddress: address });
      const wrongWay = await callFailing("orders-updateStatus", { orderId, status: "ready_for_pickup" }, vendor);
      assertCallableError(wrongWay, "FAILED_PRECONDITION", "INVALID_TRANSITION");
      assert.deepEqual(await call("orders-updateStatus", { orderId, status: "shipped" }, vendor), { status: "shipped" });
      assertCallableError(await callFailing("orders-cancel", { orderId, reason: "changed my mind" }, vendor), "FAILED_PRECONDITION", "INVALID_TRANSITION");
      assertCallableError(await callFailing("orders-confirmReceipt", { orderId }, buyer), "FAILED_PRECONDITION", "INVALID_TRANSITION");
      await call("orders-updateStatus", { orderId, status: "delivered" }, vendor);
      const delivered = await docData(`orders/${orderId}`);
      assert.equal(delivered.payment.status, "succeeded");
      assert.equal(delivered.payment.amount, delivered.total);
      assert.ok(delivered.deliveredAt);
      assert.deepEqual(await call("orders-confirmReceipt", { orderId }, buyer), { status: "completed" });
      assert.equal((await docData(`listings/${listingId}`)).status, "sold");
      assert.equal((await docData(`orders/${orderId}`)).inventory, "sold");
      const timeline = (await eventsOf(orderId)).map((e) => e.to);
      assert.deepEqual(timeline, ["placed", "confirmed", "shipped", "delivered", "completed"]);
      const trail = await auditOf(orderId, "order.status_change");
      assert.equal(trail.length, 4, "one audit entry per transition");
      assert.ok(trail.every((a) => a.outcome === "success"));
    });

    it("the buyer cancels before confirmation: the car is for sale again, once; a second cancel is refused", async () => {
      const { listingId } = await aCarForSale();
      const buyer = await aBuyer();
      const { orderId } = await placeOrder(buyer, listingId);
      assert.deepEqual(await call("orders-cancel", { orderId, reason: "found another car" }, buyer), { status: "cancelled" });
      assert.equal((await docData(`listings/${listingId}`)).status, "active");
      const order = await docData(`orders/${orderId}`);
      assert.equal(order.cancellation.by, "buyer");
      assert.equal(order.cancellation.reason, "found another car");
      assert.equal(order.inventory, "released");
      assertCallableError(await callFailing("orders-cancel", { orderId, reason: "again" }, buyer), "FAILED_PRECONDITION", "INVALID_TRANSITION");
      // The car can be bought again.
      await placeOrder(await aBuyer(), listingId);
    });

    it("a part order cancelled by the vendor gives its stock back exactly once", async () => {
      const { listingId, vendor } = await aPartForSale(4);
      const buyer = await aBuyer();
      const { orderId } = await placeOrder(buyer, listingId, { quantity: 3 });
      await call("orders-updateStatus", { orderId, status: "confirmed" }, vendor);
      assertCallableError(await callFailing("orders-cancel", { orderId, reason: "too late" }, buyer), "FAILED_PRECONDITION", "INVALID_TRANSITION");
      await call("orders-cancel", { orderId, reason: "damaged in storage" }, vendor);
      await callFailing("orders-cancel", { orderId, reason: "again" }, vendor);
      assert.equal((await docData(`listings/${listingId}`)).stock, 4);
    });

    it("strangers get not-found, and each role only reaches its own callables", async () => {
      const { listingId, vendor } = await aCarForSale();
      const buyer = await aBuyer();
      const { orderId } = await placeOrder(buyer, listingId);
      const stranger = await aBuyer();
      assertCallableError(await callFailing("orders-cancel", { orderId, reason: "not mine" }, stranger), "NOT_FOUND", "NOT_FOUND");
      assertCallableError(await callFailing("orders-confirmReceipt", { orderId }, stranger), "NOT_FOUND", "NOT_FOUND");
      const otherVendor = (await aCarForSale()).vendor;
      assertCallableError(await callFailing("orders-updateStatus", { orderId, status: "confirmed" }, otherVendor), "NOT_FOUND", "NOT_FOUND");
      assertCallableError(await callFailing("orders-updateStatus", { orderId, status: "confirmed" }, buyer), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      assertCallableError(await callFailing("orders-confirmReceipt", { orderId }, vendor), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      assertCallableError(await callFailing("orders-refund", { orderId, reason: "please" }, buyer), "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      assert.equal((await docData(`orders/${orderId}`)).status, "placed");
    });
  });

  describe("orders-refund", () => {
    it("needs an admin with MFA, refuses an unpaid order, refunds a delivered cash order once", async () => {
      const { listingId, vendor } = await aCarForSale();
      const buyer = await aBuyer();
      const { orderId } = await placeOrder(buyer, listingId);
      const adminNoMfa = await anActor({ role: "admin", mfa: false });
      assertCallableError(await callFailing("orders-refund", { orderId, reason: "goodwill" }, adminNoMfa), "PERMISSION_DENIED", "MFA_REQUIRED");
      const refunder = await anActor({ role: "admin" });
      assertCallableError(await callFailing("orders-refund", { orderId, reason: "nothing was paid" }, refunder), "FAILED_PRECONDITION", "INVALID_TRANSITION");
      for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId, status }, vendor);
      assert.deepEqual(await call("orders-refund", { orderId, reason: "car not as described" }, refunder), { status: "refunded" });
      const order = await docData(`orders/${orderId}`);
      assert.equal(order.payment.status, "refunded");
      assert.equal(order.payment.refundedAmount, order.payment.amount);
      assert.ok(order.payment.refundedAt);
      assert.equal((await docData(`listings/${listingId}`)).status, "sold", "the car was handed over");
      assertCallableError(await callFailing("orders-refund", { orderId, reason: "again" }, refunder), "FAILED_PRECONDITION", "ALREADY_REFUNDED");
      const refunds = await auditOf(orderId, "order.refund");
      const made = refunds.filter((a) => a.outcome === "success");
      assert.equal(made.length, 1, "a cash refund is recorded in one step");
      assert.deepEqual(made[0].actor, { uid: refunder.uid, role: "admin" });
      // Every refused attempt is audited too (issue 10, finding 1).
      assert.deepEqual(refunds.filter((a) => a.outcome === "failure").map((a) => a.reason).sort(), ["ALREADY_REFUNDED", "INVALID_TRANSITION"]);
    });
  });

  it("an unknown key in any orders callable is a validation error naming it", async () => {
    const buyer = await aBuyer();
    const answer = await callRaw("orders-cancel", { orderId: randomUUID(), reason: "because", extra: true }, buyer.idToken);
    assertCallableError(answer.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    assert.equal(answer.error.details?.fields?.extra, "Unknown field");
  });
});
