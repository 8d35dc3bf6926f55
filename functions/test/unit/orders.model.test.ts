// Example tests of the pure order model (SPEC section 3: order fields and status; money in
// integer piastres). The state machine as a whole is property-tested in
// orders.properties.test.ts; here each rule gets one readable case.
import assert from "node:assert/strict";
import { DomainError } from "../../src/core/errors";
import { maskAddress } from "../../src/shared/address";
import {
  AUTO_COMPLETE_AFTER_MS,
  advance,
  applyPaymentEvent,
  autoComplete,
  cancelOrder,
  completeByBuyer,
  expire,
  refundOrder,
  type OrderChange,
  type OrderState,
  type PaymentFacts,
} from "../../src/orders/model";
import { REFUND_CLAIM_MS, beginRefund, refundFailed, refundPending, refundSucceeded } from "../../src/orders/refunds";
import { applyInventory, holdListing, placeOrder, quote, type ListingStock, type PlaceOrderRequest } from "../../src/orders/placement";

const NOW = Date.parse("2025-06-01T08:00:00Z");
const WINDOW_MS = 30 * 60_000;
const DELIVERY_FEE = 5_000;
const HOUR = 60 * 60_000;

function aListing(overrides: Partial<ListingStock> = {}): ListingStock {
  return {
    id: "listing-1",
    vendorId: "vendor-1",
    kind: "car",
    status: "active",
    title: "Toyota Corolla 2019",
    price: 45_000_000,
    currency: "EGP",
    stock: 0,
    ...overrides,
  };
}

const aPart = (overrides: Partial<ListingStock> = {}) =>
  aListing({ id: "listing-2", kind: "part", title: "Brake pads", price: 120_000, stock: 3, ...overrides });

function aRequest(overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    id: "order-1",
    buyerId: "buyer-1",
    fulfillment: "delivery",
    paymentMethod: "card",
    deliveryFee: DELIVERY_FEE,
    nowMs: NOW,
    paymentWindowMs: WINDOW_MS,
    ...overrides,
  };
}

/** A new order, with the provider's payment id set as payments-startCheckout would for a card order. */
function anOrder(request: Partial<PlaceOrderRequest> = {}, listing: ListingStock = aListing()): OrderState {
  const order = placeOrder(listing, aRequest(request));
  return order.paymentMethod === "card" ? { ...order, providerRef: "pay-1" } : order;
}

function paymentEvent(order: OrderState, overrides: Partial<PaymentFacts> = {}): PaymentFacts {
  return { type: "payment.succeeded", paymentId: order.providerRef ?? "pay-1", amount: order.total, currency: "EGP", ...overrides };
}

/** The change, which must not be null. */
function some(change: OrderChange | null): OrderChange {
  assert.ok(change, "expected a change, got none");
  return change;
}

const paid = (request: Partial<PlaceOrderRequest> = {}) => some(applyPaymentEvent(anOrder(request), paymentEvent(anOrder(request)))).order;
const confirmed = (request: Partial<PlaceOrderRequest> = {}) => advance(paid(request), "confirmed", NOW).order;
const shipped = () => advance(confirmed(), "shipped", NOW).order;
const delivered = (at = NOW) => advance(shipped(), "delivered", at).order;
const completed = () => completeByBuyer(delivered()).order;
const codPlaced = (request: Partial<PlaceOrderRequest> = {}) => anOrder({ paymentMethod: "cod", ...request });

function refusedWith(code: string, status?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (status) assert.equal(error.status, status);
    return true;
  };
}

const invalidTransition = refusedWith("INVALID_TRANSITION", "failed-precondition");

describe("placing an order", () => {
  it("a card order for a car awaits payment until the payment window closes", () => {
    const order = placeOrder(aListing(), aRequest());
    assert.equal(order.status, "pending_payment");
    assert.equal(order.expiresAtMs, NOW + WINDOW_MS);
    assert.deepEqual(
      { quantity: order.quantity, paymentStatus: order.paymentStatus, paidAmount: order.paidAmount, inventory: order.inventory, providerRef: order.providerRef },
      { quantity: 1, paymentStatus: "pending", paidAmount: 0, inventory: "held", providerRef: null },
    );
    assert.deepEqual({ buyerId: order.buyerId, vendorId: order.vendorId, listingId: order.listingId, kind: order.kind }, { buyerId: "buyer-1", vendorId: "vendor-1", listingId: "listing-1", kind: "car" });
  });

  it("a cash-on-delivery order is placed at once and never expires", () => {
    const order = placeOrder(aListing(), aRequest({ paymentMethod: "cod" }));
    assert.equal(order.status, "placed");
    assert.equal(order.expiresAtMs, null);
  });

  it("a vendor cannot buy their own listing", () => {
    assert.throws(() => placeOrder(aListing(), aRequest({ buyerId: "vendor-1" })), refusedWith("OWN_LISTING", "failed-precondition"));
  });

  it("a listing that is not active cannot be bought", () => {
    for (const status of ["draft", "pending_review", "reserved", "sold", "archived", "rejected"]) {
      assert.throws(() => placeOrder(aListing({ status }), aRequest()), refusedWith("LISTING_UNAVAILABLE", "failed-precondition"), status);
    }
  });

  it("a car is bought one at a time", () => {
    assert.throws(
      () => placeOrder(aListing(), aRequest({ quantity: 2 })),
      (error: unknown) => refusedWith("VALIDATION_FAILED", "invalid-argument")(error) && error instanceof DomainError && typeof error.fields?.quantity === "string",
    );
  });

  it("a part cannot be ordered beyond its stock", () => {
    assert.throws(() => placeOrder(aPart({ stock: 3 }), aRequest({ quantity: 4 })), refusedWith("OUT_OF_STOCK", "failed-precondition"));
    assert.throws(() => placeOrder(aPart({ stock: 0 }), aRequest({ quantity: 1 })), refusedWith("OUT_OF_STOCK"));
    assert.equal(placeOrder(aPart({ stock: 3 }), aRequest({ quantity: 3 })).quantity, 3);
  });

  it("the total is the subtotal plus the delivery fee, which only delivery pays", () => {
    assert.deepEqual(quote(120_000, 3, "delivery", DELIVERY_FEE), { subtotal: 360_000, deliveryFee: DELIVERY_FEE, total: 365_000 });
    assert.deepEqual(quote(120_000, 3, "pickup", DELIVERY_FEE), { subtotal: 360_000, deliveryFee: 0, total: 360_000 });
    const order = placeOrder(aPart(), aRequest({ quantity: 2 }));
    assert.deepEqual({ subtotal: order.subtotal, deliveryFee: order.deliveryFee, total: order.total }, { subtotal: 240_000, deliveryFee: DELIVERY_FEE, total: 245_000 });
  });
});

describe("what an order does to its listing", () => {
  it("an order reserves a car; a release puts it back on sale and a sale marks it sold", () => {
    const order = anOrder();
    const reserved = holdListing(aListing(), 1);
    assert.equal(reserved.status, "reserved");
    assert.equal(applyInventory(reserved, order, "release").status, "active");
    assert.equal(applyInventory(reserved, order, "sell").status, "sold");
    assert.equal(applyInventory(reserved, order, null), reserved);
  });

  it("an order takes a part's stock; a release gives it back and a sale keeps it taken", () => {
    const part = aPart({ stock: 5 });
    const order = anOrder({ quantity: 2 }, part);
    const held = holdListing(part, 2);
    assert.equal(held.stock, 3);
    assert.equal(applyInventory(held, order, "release").stock, 5);
    assert.equal(applyInventory(held, order, "sell").stock, 3);
    assert.throws(() => holdListing(aPart({ stock: 1 }), 2), refusedWith("OUT_OF_STOCK"));
  });

  it("a car that is no longer reserved is left alone by a release", () => {
    assert.equal(applyInventory(aListing({ status: "archived" }), anOrder(), "release").status, "archived");
  });
});

describe("cancelling an order", () => {
  it("a buyer can cancel an order awaiting payment, placed or paid, and the listing is released", () => {
    for (const order of [anOrder(), codPlaced(), paid()]) {
      const change = cancelOrder(order, "buyer");
      assert.deepEqual([change.from, change.to], [order.status, "cancelled"]);
      assert.equal(change.order.cancelledBy, "buyer");
      assert.equal(change.order.expiresAtMs, null);
      assert.equal(change.inventory, "release");
      assert.equal(change.order.inventory, "released");
    }
  });

  it("a buyer cannot cancel a confirmed order", () => {
    assert.throws(() => cancelOrder(confirmed(), "buyer"), invalidTransition);
  });

  it("a vendor can cancel a confirmed order but not a shipped one", () => {
    assert.equal(cancelOrder(confirmed(), "vendor").order.status, "cancelled");
    assert.throws(() => cancelOrder(shipped(), "vendor"), invalidTransition);
    assert.throws(() => cancelOrder(delivered(), "vendor"), invalidTransition);
  });

  it("a vendor can cancel a pickup order that is ready but never collected", () => {
    const ready = advance(confirmed({ fulfillment: "pickup" }), "ready_for_pickup", NOW).order;
    assert.equal(cancelOrder(ready, "vendor").order.status, "cancelled");
  });

  it("cancelling after payment flags the money for a refund", () => {
    assert.deepEqual(cancelOrder(paid(), "buyer").order.refundDue, { reason: "CANCELLED_AFTER_PAYMENT" });
    assert.deepEqual(cancelOrder(confirmed(), "vendor").order.refundDue, { reason: "CANCELLED_AFTER_PAYMENT" });
    assert.equal(cancelOrder(anOrder(), "buyer").order.refundDue, null, "nothing was paid");
  });

  it("a cancelled order cannot be cancelled again", () => {
    assert.throws(() => cancelOrder(cancelOrder(anOrder(), "buyer").order, "vendor"), invalidTransition);
  });
});

describe("the vendor moving an order on", () => {
  it("a delivery order is shipped, never ready for pickup", () => {
    const order = confirmed({ fulfillment: "delivery" });
    assert.equal(advance(order, "shipped", NOW).order.status, "shipped");
    assert.throws(() => advance(order, "ready_for_pickup", NOW), invalidTransition);
  });

  it("a pickup order is ready for pickup, never shipped", () => {
    const order = confirmed({ fulfillment: "pickup" });
    assert.equal(advance(order, "ready_for_pickup", NOW).order.status, "ready_for_pickup");
    assert.throws(() => advance(order, "shipped", NOW), invalidTransition);
  });

  it("an order awaiting payment cannot be confirmed", () => {
    assert.throws(() => advance(anOrder(), "confirmed", NOW), invalidTransition);
  });

  it("delivering a cash order records the cash as paid in full", () => {
    const shippedCod = advance(advance(codPlaced(), "confirmed", NOW).order, "shipped", NOW).order;
    const change = advance(shippedCod, "delivered", NOW + HOUR);
    assert.equal(change.order.status, "delivered");
    assert.equal(change.order.paymentStatus, "succeeded");
    assert.equal(change.order.paidAmount, change.order.total);
    assert.equal(change.order.deliveredAtMs, NOW + HOUR);
    assert.equal(change.note, "CASH_COLLECTED");
  });

  it("delivering a card order leaves its payment as it was", () => {
    const change = advance(shipped(), "delivered", NOW);
    assert.equal(change.order.paymentStatus, "succeeded");
    assert.equal(change.note, null);
  });
});

describe("completing an order", () => {
  it("the buyer confirms receipt of a delivered order and the car is sold", () => {
    const change = completeByBuyer(delivered());
    assert.equal(change.order.status, "completed");
    assert.equal(change.inventory, "sell");
    assert.equal(change.order.inventory, "sold");
    assert.equal(applyInventory(holdListing(aListing(), 1), change.order, change.inventory).status, "sold");
  });

  it("receipt cannot be confirmed before delivery", () => {
    assert.throws(() => completeByBuyer(shipped()), invalidTransition);
    assert.throws(() => completeByBuyer(paid()), invalidTransition);
  });

  it("a delivered order completes itself 3 days after delivery, not before", () => {
    const order = delivered(NOW);
    assert.equal(autoComplete(order, NOW + AUTO_COMPLETE_AFTER_MS - 1), null);
    const change = some(autoComplete(order, NOW + AUTO_COMPLETE_AFTER_MS));
    assert.equal(change.order.status, "completed");
    assert.equal(change.inventory, "sell");
    assert.equal(change.note, "AUTO_COMPLETED");
    assert.equal(autoComplete(shipped(), NOW + 10 * AUTO_COMPLETE_AFTER_MS), null, "only delivered orders");
  });
});

describe("the payment window", () => {
  it("an unpaid card order is cancelled by the system once its window has closed, not before", () => {
    const order = anOrder();
    assert.equal(expire(order, NOW + WINDOW_MS - 1), null);
    const change = some(expire(order, NOW + WINDOW_MS));
    assert.equal(change.order.status, "cancelled");
    assert.equal(change.order.cancelledBy, "system");
    assert.equal(change.note, "PAYMENT_WINDOW_EXPIRED");
    assert.equal(change.inventory, "release");
  });

  it("a paid order or a cash order never expires", () => {
    assert.equal(expire(paid(), NOW + 100 * WINDOW_MS), null);
    assert.equal(expire(codPlaced(), NOW + 100 * WINDOW_MS), null);
  });

  it("the system cannot cancel an order other than for an unpaid card order", () => {
    assert.throws(() => cancelOrder(codPlaced(), "system"), invalidTransition);
    assert.throws(() => cancelOrder(paid(), "system"), invalidTransition);
  });
});

describe("refunds", () => {
  it("refunding a paid order gives the money back and releases the listing", () => {
    const change = refundOrder(paid());
    assert.equal(change.order.status, "refunded");
    assert.equal(change.order.paymentStatus, "refunded");
    assert.equal(change.order.refundedAmount, change.order.paidAmount);
    assert.equal(change.inventory, "release");
  });

  it("refunding a delivered order counts the car as sold", () => {
    const change = refundOrder(delivered());
    assert.equal(change.order.status, "refunded");
    assert.equal(change.inventory, "sell");
  });

  it("refunding a completed order changes nothing on the listing", () => {
    const change = refundOrder(completed());
    assert.equal(change.order.status, "refunded");
    assert.equal(change.inventory, null);
    assert.equal(change.order.inventory, "sold");
  });

  it("a cash order that was not delivered has nothing to refund", () => {
    assert.throws(() => refundOrder(codPlaced()), invalidTransition);
    assert.throws(() => refundOrder(advance(codPlaced(), "confirmed", NOW).order), invalidTransition);
  });

  it("an order awaiting payment has nothing to refund", () => {
    assert.throws(() => refundOrder(anOrder()), invalidTransition);
  });

  it("an order cannot be refunded twice", () => {
    assert.throws(() => refundOrder(refundOrder(paid()).order), refusedWith("ALREADY_REFUNDED", "failed-precondition"));
  });

  it("refunding a cancelled paid order refunds the payment and keeps the order cancelled", () => {
    const cancelled = cancelOrder(paid(), "buyer").order;
    const change = refundOrder(cancelled);
    assert.deepEqual([change.from, change.to], ["cancelled", "cancelled"]);
    assert.equal(change.order.status, "cancelled");
    assert.equal(change.order.paymentStatus, "refunded");
    assert.equal(change.order.refundedAmount, cancelled.paidAmount);
    assert.equal(change.order.refundDue, null, "the flag is cleared once refunded");
    assert.equal(change.inventory, null, "the listing was released when it was cancelled");
  });
});

describe("payment events", () => {
  it("a successful payment moves an order awaiting payment to paid", () => {
    const order = anOrder();
    const change = some(applyPaymentEvent(order, paymentEvent(order)));
    assert.deepEqual([change.from, change.to], ["pending_payment", "paid"]);
    assert.equal(change.order.paymentStatus, "succeeded");
    assert.equal(change.order.paidAmount, order.total);
    assert.equal(change.order.expiresAtMs, null);
    assert.equal(change.inventory, null);
  });

  it("a payment of another amount is refused", () => {
    const order = anOrder();
    assert.throws(() => applyPaymentEvent(order, paymentEvent(order, { amount: order.total - 1 })), refusedWith("AMOUNT_MISMATCH", "failed-precondition"));
  });

  it("a payment in another currency is refused", () => {
    const order = anOrder();
    assert.throws(() => applyPaymentEvent(order, paymentEvent(order, { currency: "USD" })), refusedWith("AMOUNT_MISMATCH"));
  });

  it("a payment of another checkout is refused", () => {
    const order = anOrder();
    assert.throws(() => applyPaymentEvent(order, paymentEvent(order, { paymentId: "pay-other" })), refusedWith("PAYMENT_MISMATCH", "failed-precondition"));
    const noCheckout = placeOrder(aListing(), aRequest());
    assert.throws(() => applyPaymentEvent(noCheckout, paymentEvent(noCheckout, { paymentId: "pay-1" })), refusedWith("PAYMENT_MISMATCH"));
  });

  it("a second success of the same payment changes nothing", () => {
    const order = paid();
    assert.equal(applyPaymentEvent(order, paymentEvent(order)), null);
  });

  it("a failed payment is recorded and the order still awaits payment", () => {
    const order = anOrder();
    const change = some(applyPaymentEvent(order, paymentEvent(order, { type: "payment.failed" })));
    assert.equal(change.order.status, "pending_payment");
    assert.equal(change.order.paymentStatus, "failed");
    assert.equal(change.note, "PAYMENT_FAILED");
    assert.equal(applyPaymentEvent(paid(), paymentEvent(order, { type: "payment.failed" })), null, "a failure after success changes nothing");
  });

  it("a payment that arrives after cancellation is recorded and flagged for a refund, and the order stays cancelled", () => {
    const cancelled = cancelOrder(anOrder(), "buyer").order;
    const change = some(applyPaymentEvent(cancelled, paymentEvent(cancelled)));
    assert.deepEqual([change.from, change.to], ["cancelled", "cancelled"]);
    assert.equal(change.order.paymentStatus, "succeeded");
    assert.equal(change.order.paidAmount, cancelled.total);
    assert.deepEqual(change.order.refundDue, { reason: "PAID_AFTER_CANCELLATION" });
    assert.equal(change.inventory, null);
  });

  it("a refund reported by the provider refunds the order", () => {
    const order = paid();
    const change = some(applyPaymentEvent(order, paymentEvent(order, { type: "refund.succeeded", amount: order.paidAmount })));
    assert.equal(change.order.status, "refunded");
    assert.equal(change.order.paymentStatus, "refunded");
    assert.equal(applyPaymentEvent(change.order, paymentEvent(order, { type: "refund.succeeded", amount: order.paidAmount })), null, "reported twice");
  });

  it("payment events for a cash order are refused", () => {
    const order = codPlaced();
    assert.throws(() => applyPaymentEvent(order, paymentEvent(order, { paymentId: "pay-1" })), refusedWith("NOT_A_CARD_ORDER"));
  });
});

describe("masking a delivery address", () => {
  it("a free-text address shows its first 4 characters only, whichever part holds the street", () => {
    assert.equal(maskAddress("12 Tahrir St, Cairo"), "12 T•••");
    assert.equal(maskAddress("Flat 3, 12 Tahrir St"), "Flat•••");
  });

  it("a structured address shows the first 4 characters of the street, the city and the governorate", () => {
    const masked = maskAddress({ line1: "26 July Street, building 4", city: "Dokki", governorate: "giza" });
    assert.equal(masked, "26 J•••, Dokki, giza");
    assert.ok(!masked.includes("Street"));
  });

  it("a short street line is hidden entirely", () => {
    assert.equal(maskAddress({ line1: "Apt", city: "Cairo", governorate: "cairo" }), "•••, Cairo, cairo");
    assert.equal(maskAddress("Villa 9 Zamalek"), "Vill•••");
  });
});

describe("refund attempts (issue 10, finding 1)", () => {
  it("a refund is recorded as requested first; a second request while it is in flight is REFUND_IN_PROGRESS", () => {
    const claimed = beginRefund(paid(), NOW);
    assert.deepEqual([claimed.from, claimed.to, claimed.note], ["paid", "paid", "REFUND_REQUESTED"]);
    assert.deepEqual(claimed.order.refund, { state: "requested", refundId: null, requestedAtMs: NOW, attempts: 1 });
    assert.equal(claimed.order.paymentStatus, "succeeded", "nothing is refunded before the provider says so");
    assert.throws(() => beginRefund(claimed.order, NOW + 1000), refusedWith("REFUND_IN_PROGRESS", "failed-precondition"));
    // An attempt cut short (the instance died) may be claimed again: the provider sees the same key.
    assert.equal(beginRefund(claimed.order, NOW + REFUND_CLAIM_MS).order.refund?.attempts, 2);
  });

  it("succeeded refunds the order; pending waits; failed leaves it refundable again", () => {
    const claimed = beginRefund(paid(), NOW).order;
    const done = some(refundSucceeded(claimed, "re-1"));
    assert.equal(done.order.status, "refunded");
    assert.deepEqual(done.order.refund, { state: "succeeded", refundId: "re-1", requestedAtMs: NOW, attempts: 1 });
    assert.equal(refundSucceeded(done.order, "re-1"), null, "a second settlement writes nothing");
    const pending = some(refundPending(claimed, "re-2"));
    assert.deepEqual([pending.order.status, pending.order.paymentStatus, pending.order.refund?.state, pending.note], ["paid", "succeeded", "pending", "REFUND_PENDING"]);
    // The provider's refund.succeeded webhook finishes it, keeping the provider's refund id.
    const confirmed = some(applyPaymentEvent(pending.order, paymentEvent(pending.order, { type: "refund.succeeded" })));
    assert.deepEqual([confirmed.order.status, confirmed.order.refund?.state, confirmed.order.refund?.refundId], ["refunded", "succeeded", "re-2"]);
    const failed = some(refundFailed(claimed));
    assert.deepEqual([failed.order.paymentStatus, failed.order.refund?.state, failed.note], ["succeeded", "failed", "REFUND_FAILED"]);
    assert.equal(beginRefund(failed.order, NOW + 1).order.refund?.state, "requested", "refundable again at once");
  });

  it("refuses to claim what refundOrder refuses: nothing paid, or already refunded", () => {
    assert.throws(() => beginRefund(anOrder(), NOW), invalidTransition);
    assert.throws(() => beginRefund(refundOrder(paid()).order, NOW), refusedWith("ALREADY_REFUNDED"));
  });
});

describe("collected money (issue 10, finding 2)", () => {
  it("a card order is collected by the provider's webhook", () => {
    assert.equal(paid().collectedBy, "provider");
  });

  it("cash is collected only when the buyer confirms receipt, not when the vendor says delivered or the clock completes it", () => {
    const cash = advance(advance(codPlaced({ fulfillment: "pickup" }), "confirmed", NOW).order, "ready_for_pickup", NOW).order;
    const handedOver = advance(cash, "delivered", NOW).order;
    assert.equal(handedOver.collectedBy, null, "the vendor alone cannot prove the cash");
    assert.equal(some(autoComplete(handedOver, NOW + AUTO_COMPLETE_AFTER_MS)).order.collectedBy, null);
    assert.equal(completeByBuyer(handedOver).order.collectedBy, "buyer");
  });

  it("a payment that lands after cancellation is not a sale", () => {
    const cancelled = cancelOrder(anOrder(), "buyer").order;
    assert.equal(some(applyPaymentEvent(cancelled, paymentEvent(cancelled))).order.collectedBy, null);
  });
});
