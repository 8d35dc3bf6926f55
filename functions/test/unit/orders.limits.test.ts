// The pure rules that keep orders from locking the catalogue (SPEC section 3, issue 11).
import assert from "node:assert/strict";
import { DomainError } from "../../src/core/errors";
import { DEFAULT_CONFIRM_WINDOW_MS, advance, expireUnconfirmed } from "../../src/orders/model";
import { refuseOverOrderLimit } from "../../src/orders/placement";
import { placeOrder, type ListingStock } from "../../src/orders/placement";

const NOW = Date.parse("2025-06-01T08:00:00Z");
const car: ListingStock = { id: "car-1", vendorId: "vendor-1", kind: "car", status: "active", title: "Corolla", price: 50_000_000, currency: "EGP", stock: 0 };

function anOrder(paymentMethod: "cod" | "card", confirmWindowMs?: number) {
  return placeOrder(car, { id: "o1", buyerId: "buyer-1", fulfillment: "pickup", paymentMethod, deliveryFee: 0, nowMs: NOW, paymentWindowMs: 30 * 60_000, confirmWindowMs });
}

describe("orders: confirm window and open car order limit", () => {
  it("a cash order must be confirmed within the window (48 h unless configured)", () => {
    assert.equal(anOrder("cod").confirmByMs, NOW + DEFAULT_CONFIRM_WINDOW_MS);
    assert.equal(anOrder("cod", 3_600_000).confirmByMs, NOW + 3_600_000);
    assert.equal(anOrder("card").confirmByMs, null, "card orders have the payment window instead");
  });

  it("the schedule cancels an unconfirmed cash order past its deadline, releasing the car, and nothing earlier or later in its life", () => {
    const order = anOrder("cod");
    assert.equal(expireUnconfirmed(order, NOW + DEFAULT_CONFIRM_WINDOW_MS - 1), null);
    const change = expireUnconfirmed(order, NOW + DEFAULT_CONFIRM_WINDOW_MS);
    assert.equal(change?.to, "cancelled");
    assert.equal(change?.order.cancelledBy, "system");
    assert.equal(change?.inventory, "release");
    assert.equal(change?.note, "CONFIRM_WINDOW_EXPIRED");
    const confirmed = advance(order, "confirmed", NOW).order;
    assert.equal(expireUnconfirmed(confirmed, NOW + 10 * DEFAULT_CONFIRM_WINDOW_MS), null);
    assert.equal(expireUnconfirmed(anOrder("card"), NOW + 10 * DEFAULT_CONFIRM_WINDOW_MS), null);
  });

  it("a buyer with the maximum of open car orders is refused with ORDER_LIMIT", () => {
    assert.doesNotThrow(() => refuseOverOrderLimit(1, 2));
    assert.throws(() => refuseOverOrderLimit(2, 2), (e: unknown) => e instanceof DomainError && e.code === "ORDER_LIMIT" && e.status === "failed-precondition");
  });
});
