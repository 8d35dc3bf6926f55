// Orders cannot lock the catalogue (SPEC section 3, issue 11): a cash-on-delivery order the
// vendor never confirms is cancelled by the confirm-window schedule (run here in process at
// a chosen clock; issue 13 fires it through the emulator), and a buyer holds at most
// MAX_OPEN_CAR_ORDERS (2) open car orders.
import assert from "node:assert/strict";
import { runConfirmExpiry } from "../../src/orders/schedules";
import { assertCallableError } from "../support/callables";
import { callRaw } from "../support/emulators";
import { ORDER_TEST_TIMEOUT_MS, aBuyer, aCarForSale, aPartForSale, auditOf, call, docData, eventsOf, orderRequest, placeOrder } from "./orders.fixtures";

const CONFIRM_WINDOW_MS = 48 * 3_600_000;

describe("orders that cannot lock the catalogue", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);

  it("a cash order unconfirmed past the window is cancelled by the schedule and the car is for sale again; a second run changes nothing", async () => {
    const { listingId } = await aCarForSale();
    const order = await placeOrder(await aBuyer(), listingId, { paymentMethod: "cod" });
    assert.equal((await docData(`listings/${listingId}`)).status, "reserved");
    const stored = await docData(`orders/${order.orderId}`);
    assert.ok(stored.confirmBy, "a cash order carries its confirm deadline");

    const early = await runConfirmExpiry(Date.now() + CONFIRM_WINDOW_MS - 60_000);
    assert.equal((await docData(`orders/${order.orderId}`)).status, "placed", `too early: ${JSON.stringify(early)}`);

    const later = Date.now() + CONFIRM_WINDOW_MS + 60_000;
    const [first, racing] = await Promise.all([runConfirmExpiry(later), runConfirmExpiry(later)]);
    assert.ok(first.changed + racing.changed >= 1, JSON.stringify({ first, racing }));
    const cancelled = await docData(`orders/${order.orderId}`);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.cancellation.by, "system");
    assert.equal(cancelled.cancellation.reason, "CONFIRM_WINDOW_EXPIRED");
    assert.equal(cancelled.inventory, "released");
    assert.equal((await docData(`listings/${listingId}`)).status, "active");
    assert.deepEqual((await eventsOf(order.orderId)).map((e) => e.to), ["placed", "cancelled"], "cancelled once although two runs raced");
    assert.deepEqual((await auditOf(order.orderId, "order.status_change")).map((a) => a.actor), [{ system: "orders.confirmExpiry" }]);
  });

  it("a confirmed cash order and a card order are left alone; a part's stock comes back", async () => {
    const car = await aCarForSale();
    const confirmed = await placeOrder(await aBuyer(), car.listingId, { paymentMethod: "cod" });
    await call("orders-updateStatus", { orderId: confirmed.orderId, status: "confirmed" }, car.vendor);
    const part = await aPartForSale(5);
    const parts = await placeOrder(await aBuyer(), part.listingId, { paymentMethod: "cod", quantity: 2 });
    await runConfirmExpiry(Date.now() + CONFIRM_WINDOW_MS + 60_000);
    assert.equal((await docData(`orders/${confirmed.orderId}`)).status, "confirmed");
    assert.equal((await docData(`orders/${parts.orderId}`)).status, "cancelled");
    assert.equal((await docData(`listings/${part.listingId}`)).stock, 5);
  });

  it("a third open car order is ORDER_LIMIT; parts are not limited, and a closed order frees a place", async () => {
    const buyer = await aBuyer();
    const cars = await Promise.all([aCarForSale(), aCarForSale(), aCarForSale()]);
    const first = await placeOrder(buyer, cars[0].listingId, { paymentMethod: "cod" });
    await placeOrder(buyer, cars[1].listingId, { paymentMethod: "card" });
    const third = await callRaw("orders-create", orderRequest(cars[2].listingId), buyer.idToken);
    assertCallableError(third.error, "FAILED_PRECONDITION", "ORDER_LIMIT");
    assert.equal((await docData(`listings/${cars[2].listingId}`)).status, "active", "the refused order reserved nothing");

    const part = await aPartForSale(3);
    await placeOrder(buyer, part.listingId, { paymentMethod: "cod" });

    await call("orders-cancel", { orderId: first.orderId, reason: "Changed my mind" }, buyer);
    await placeOrder(buyer, cars[2].listingId, { paymentMethod: "cod" });
  });

  it("three car orders raced at once by one buyer: at most two succeed", async () => {
    const buyer = await aBuyer();
    const cars = await Promise.all([aCarForSale(), aCarForSale(), aCarForSale()]);
    const answers = await Promise.all(cars.map((car) => callRaw("orders-create", orderRequest(car.listingId), buyer.idToken)));
    const placed = answers.filter((a) => a.result).length;
    assert.ok(placed <= 2, `placed ${placed}: ${JSON.stringify(answers.map((a) => a.error?.details?.code ?? "ok"))}`);
    for (const a of answers.filter((x) => x.error)) assert.ok(["ORDER_LIMIT", "BUSY"].includes(a.error?.details?.code ?? ""), JSON.stringify(a.error));
  });
});
