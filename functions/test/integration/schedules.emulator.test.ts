// The schedules as deployed in the Functions emulator (SPEC section 6: the Pub/Sub
// emulator runs, so schedules are deployed and fired on demand), in the same emulator
// session as the callables: an order placed through orders-create is expired by the
// deployed orders-expireUnpaid, an unconfirmed cash order by orders-expireUnconfirmedCod, a delivered one completed by orders-autoCompleteDelivered,
// an unanswered assignment withdrawn by jobs-acceptWatchdog. The schedules run at the
// real clock, so each test moves its document's deadline into the past first.
import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { admin } from "../support/emulators";
import { fireSchedule, requireSchedulesDeployed } from "../support/schedules";
import { anEngineer, anExpiredAssignment, cleanUpDispatchWorld } from "./jobs.fixtures";
import { aBuyer, aCarForSale, auditOf, call, docData, ORDER_TEST_TIMEOUT_MS, placeOrder } from "./orders.fixtures";

// Deadlines set long ago put each test's document first in its schedule's oldest-first
// batch, whatever documents earlier tests of the same session left due.
const LONG_AGO_MS = 20 * 60_000;
const LONG_AGO = () => Timestamp.fromMillis(LONG_AGO_MS);

describe("schedules fired in the Functions emulator", function () {
  this.timeout(ORDER_TEST_TIMEOUT_MS);
  before(function () {
    requireSchedulesDeployed(this);
  });

  it("orders-expireUnpaid cancels a card order whose payment window closed and releases its car", async () => {
    const { listingId } = await aCarForSale();
    const order = await placeOrder(await aBuyer(), listingId, { paymentMethod: "card" });
    assert.equal((await docData(`listings/${listingId}`)).status, "reserved");
    await admin().db.doc(`orders/${order.orderId}`).update({ expiresAt: LONG_AGO() });

    await fireSchedule("orders-expireUnpaid");

    const expired = await docData(`orders/${order.orderId}`);
    assert.equal(expired.status, "cancelled");
    assert.equal(expired.cancellation.reason, "PAYMENT_WINDOW_EXPIRED");
    assert.equal((await docData(`listings/${listingId}`)).status, "active");
    assert.deepEqual((await auditOf(order.orderId, "order.status_change")).map((a) => a.actor), [{ system: "orders.expiry" }]);
  });

  it("orders-expireUnconfirmedCod cancels a cash order the vendor left unconfirmed past its window and releases its car", async () => {
    const { listingId } = await aCarForSale();
    const order = await placeOrder(await aBuyer(), listingId, { paymentMethod: "cod" });
    assert.equal((await docData(`orders/${order.orderId}`)).status, "placed");
    await admin().db.doc(`orders/${order.orderId}`).update({ confirmBy: LONG_AGO() });

    await fireSchedule("orders-expireUnconfirmedCod");

    const expired = await docData(`orders/${order.orderId}`);
    assert.equal(expired.status, "cancelled");
    assert.equal(expired.cancellation.reason, "CONFIRM_WINDOW_EXPIRED");
    assert.equal((await docData(`listings/${listingId}`)).status, "active");
  });

  it("orders-autoCompleteDelivered completes an order delivered more than 3 days ago and sells its car", async () => {
    const { listingId, vendor } = await aCarForSale();
    const order = await placeOrder(await aBuyer(), listingId);
    for (const status of ["confirmed", "ready_for_pickup", "delivered"]) await call("orders-updateStatus", { orderId: order.orderId, status }, vendor);
    await admin().db.doc(`orders/${order.orderId}`).update({ deliveredAt: LONG_AGO() });

    await fireSchedule("orders-autoCompleteDelivered");

    const completed = await docData(`orders/${order.orderId}`);
    assert.equal(completed.status, "completed");
    assert.equal(completed.lastChange.reason, "AUTO_COMPLETED");
    assert.equal((await docData(`listings/${listingId}`)).status, "sold");
  });

  describe("jobs", () => {
    afterEach(cleanUpDispatchWorld);

    it("jobs-acceptWatchdog withdraws an assignment left unanswered past its window and redispatches the job", async () => {
      const { engineer, jobId } = await anExpiredAssignment("sohag", { agoMs: Date.now() - LONG_AGO_MS });
      const next = await anEngineer({ governorate: "sohag" });

      await fireSchedule("jobs-acceptWatchdog");

      const job = await docData(`serviceJobs/${jobId}`);
      assert.deepEqual(job.declinedBy, [engineer.uid]);
      assert.equal(job.engineerId, next.uid);
      assert.equal((await docData(`engineers/${engineer.uid}`)).availability, "available");
    });
  });
});
