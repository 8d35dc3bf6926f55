// Who hears about which order write, and what it counts (functions/src/orders/notices.ts and stats.ts,
// pure parts: orderNotices, orderStatsEvents, statsDay).
import assert from "node:assert/strict";
import { orderNotices, type Recipient } from "../../src/orders/notices";
import { orderStatsEvents, statsDay } from "../../src/orders/stats";
import { ORDER_STATUSES } from "../../src/orders/schema";
import { ratingOf, reviewNotice } from "../../src/vendors/reviews";

const ADDRESS = "12 Tahrir St, Dokki";

function anOrder(overrides: Record<string, unknown> = {}) {
  return {
    number: "SK-240101-ABCD",
    buyerId: "buyer-1",
    vendorId: "vendor-1",
    items: [{ listingId: "listing-1", kind: "car", title: "Toyota Corolla 2018", unitPrice: 50_000_000, quantity: 1 }],
    subtotal: 50_000_000,
    deliveryFee: 0,
    total: 50_000_000,
    currency: "EGP",
    status: "placed",
    payment: { method: "cod", status: "pending", providerRef: null, checkoutUrl: null, amount: 0, refundedAmount: 0 },
    fulfillment: { method: "delivery", address: ADDRESS },
    inventory: "held",
    refundDue: null,
    cancellation: null,
    idempotencyKey: "key-12345678",
    lastChange: { by: { uid: "buyer-1", role: "customer" }, requestId: "req-1", reason: null },
    ...overrides,
  };
}

const users = (recipients: Recipient[]) => recipients.map((r) => (r.to === "user" ? `${r.uid}:${r.notice.type}:${r.id}` : `admins:${r.notice.type}:${r.id}`));
const toUser = (recipients: Recipient[], uid: string) => recipients.find((r) => r.to === "user" && r.uid === uid);
/** The body one user reads, in one language ("" when they hear nothing). */
const bodyFor = (recipients: Recipient[], uid: string, lang: "ar" | "en") => toUser(recipients, uid)?.notice.body[lang] ?? "";

describe("order notices", () => {
  it("every status tells the buyer and the vendor, in Arabic and English, under ids made of order, status and side", () => {
    for (const status of ORDER_STATUSES) {
      const before = anOrder({ status: status === "placed" ? "pending_payment" : "placed" });
      const after = anOrder({ status, cancellation: status === "cancelled" ? { by: "vendor", reason: "Sold elsewhere" } : null });
      const recipients = orderNotices("o1", before, after);
      assert.deepEqual(users(recipients), [`buyer-1:order.${status}:order-o1-${status}-buyer`, `vendor-1:order.${status}:order-o1-${status}-vendor`], status);
      for (const { notice } of recipients) {
        for (const text of [notice.title.ar, notice.title.en, notice.body.ar, notice.body.en]) assert.ok(text.trim().length > 0, `${status}: empty text`);
        assert.match(notice.body.ar, /[\u0600-\u06FF]/, `${status}: Arabic body`);
        assert.match(notice.body.en, /SK-240101-ABCD/, `${status}: the body names the order`);
        assert.match(notice.body.ar, /SK-240101-ABCD/, `${status}: the Arabic body names the order`);
        assert.deepEqual(notice.data, { orderId: "o1", number: "SK-240101-ABCD", status });
        assert.ok(!JSON.stringify(notice).includes("Tahrir"), `${status}: no address in a notice`);
        assert.ok(!JSON.stringify(notice).includes("Sold elsewhere"), `${status}: no free-text reason in a notice`);
      }
      assert.deepEqual(orderNotices("o1", before, after), recipients, `${status}: deterministic`);
    }
  });

  it("a new order is news for both sides; the vendor hears what was ordered", () => {
    const cash = orderNotices("o1", undefined, anOrder());
    assert.deepEqual(users(cash), ["buyer-1:order.placed:order-o1-placed-buyer", "vendor-1:order.placed:order-o1-placed-vendor"]);
    assert.equal(bodyFor(cash, "vendor-1", "en"), "New order SK-240101-ABCD for Toyota Corolla 2018 (cash on delivery). Please confirm it.");
    const card = orderNotices("o2", undefined, anOrder({ status: "pending_payment", payment: { method: "card", status: "pending", amount: 0, refundedAmount: 0 } }));
    assert.deepEqual(users(card), ["buyer-1:order.pending_payment:order-o2-pending_payment-buyer", "vendor-1:order.pending_payment:order-o2-pending_payment-vendor"]);
  });

  it("a cancellation says who cancelled, in each side's terms, and promises a refund when money was taken", () => {
    const cancel = (by: string, extra: Record<string, unknown> = {}) =>
      orderNotices("o1", anOrder(), anOrder({ status: "cancelled", cancellation: { by, reason: "x" }, ...extra }));
    assert.equal(bodyFor(cancel("buyer"), "vendor-1", "en"), "The buyer cancelled order SK-240101-ABCD.");
    assert.equal(bodyFor(cancel("buyer"), "buyer-1", "en"), "You cancelled order SK-240101-ABCD.");
    assert.equal(bodyFor(cancel("vendor"), "buyer-1", "en"), "The seller cancelled order SK-240101-ABCD.");
    assert.match(bodyFor(cancel("system"), "buyer-1", "en"), /not completed in time/);
    assert.match(bodyFor(cancel("system"), "vendor-1", "ar"), /لم يدفع/);
    const paid = cancel("vendor", { payment: { method: "card", status: "succeeded", amount: 50_000_000, refundedAmount: 0 }, refundDue: { reason: "cancelled_after_payment" } });
    assert.match(bodyFor(paid, "buyer-1", "en"), /will be refunded/);
    assert.doesNotMatch(bodyFor(paid, "vendor-1", "en"), /refunded/);
  });

  it("a refund tells the buyer how much comes back", () => {
    const refunded = orderNotices(
      "o1",
      anOrder({ status: "completed" }),
      anOrder({ status: "refunded", payment: { method: "cod", status: "refunded", amount: 50_000_000, refundedAmount: 50_000_000 } }),
    );
    assert.equal(bodyFor(refunded, "buyer-1", "en"), "Order SK-240101-ABCD was refunded: EGP 500,000.00 back to you.");
    assert.match(bodyFor(refunded, "buyer-1", "ar"), /500,000\.00 جنيه/);
  });

  it("a refund becoming due tells the admins once per order; it staying due tells nobody", () => {
    const cancelled = anOrder({ status: "cancelled", cancellation: { by: "system", reason: "expired" }, payment: { method: "card", status: "pending", amount: 0, refundedAmount: 0 } });
    const latePaid = { ...cancelled, payment: { method: "card", status: "succeeded", amount: 50_000_000, refundedAmount: 0 }, refundDue: { reason: "paid_after_cancellation" } };
    assert.deepEqual(users(orderNotices("o1", cancelled, latePaid)), [
      "buyer-1:order.payment_after_cancellation:order-o1-late-payment-buyer",
      "admins:order.refund_due:order-o1-refund-due",
    ]);
    const admins = orderNotices("o1", cancelled, latePaid).find((r) => r.to === "admins");
    assert.equal(admins?.notice.data?.reason, "paid_after_cancellation");
    assert.match(admins?.notice.body.en ?? "", /EGP 500,000\.00/);
    assert.deepEqual(users(orderNotices("o1", latePaid, { ...latePaid, updatedAt: 2 })), []);
  });

  it("a cancelled order's payment going back tells the buyer, without a second status notice", () => {
    const due = anOrder({ status: "cancelled", payment: { method: "card", status: "succeeded", amount: 50_000_000, refundedAmount: 0 }, refundDue: { reason: "x" } });
    const back = { ...due, payment: { ...due.payment, status: "refunded", refundedAmount: 50_000_000 }, refundDue: null };
    const recipients = orderNotices("o1", due, back);
    assert.deepEqual(users(recipients), ["buyer-1:order.refund_issued:order-o1-payment-refunded-buyer"]);
    assert.match(recipients[0].notice.body.en, /EGP 500,000\.00/);
  });

  it("a deletion, or a write that changes nothing that matters, tells nobody", () => {
    assert.deepEqual(orderNotices("o1", anOrder(), undefined), []);
    assert.deepEqual(orderNotices("o1", anOrder(), anOrder({ updatedAt: 5 })), []);
  });

  it("an order without a vendor id is told to the buyer only", () => {
    assert.deepEqual(users(orderNotices("o1", undefined, anOrder({ vendorId: undefined }))), ["buyer-1:order.placed:order-o1-placed-buyer"]);
  });
});

describe("order stats events", () => {
  const kinds = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) => orderStatsEvents(before, after);

  it("a new order counts one order and no gmv: nothing is collected yet", () => {
    assert.deepEqual(kinds(undefined, anOrder()), [{ kind: "created", counters: { orders: 1 } }]);
  });

  it("gmv counts collected money only: the webhook's payment or the buyer's receipt, not the vendor's delivered (issue 10, finding 2)", () => {
    const cash = { method: "cod", status: "succeeded", amount: 50_000_000, refundedAmount: 0, collectedBy: null };
    assert.deepEqual(kinds(anOrder({ status: "shipped" }), anOrder({ status: "delivered", payment: cash })), [], "the vendor says delivered: no gmv");
    assert.deepEqual(kinds(anOrder({ status: "delivered", payment: cash }), anOrder({ status: "completed", payment: cash })), [{ kind: "completed", counters: { completedOrders: 1 } }], "auto-completed: no gmv");
    const confirmed = { ...cash, collectedBy: "buyer" };
    assert.deepEqual(kinds(anOrder({ status: "delivered", payment: cash }), anOrder({ status: "completed", payment: confirmed })), [
      { kind: "collected", counters: { gmv: 50_000_000 } },
      { kind: "completed", counters: { completedOrders: 1 } },
    ]);
    const card = { method: "card", status: "succeeded", amount: 50_000_000, refundedAmount: 0, collectedBy: "provider" };
    assert.deepEqual(kinds(anOrder({ status: "pending_payment" }), anOrder({ status: "paid", payment: card })), [{ kind: "collected", counters: { gmv: 50_000_000 } }]);
    assert.deepEqual(kinds(anOrder({ status: "paid", payment: card }), anOrder({ status: "confirmed", payment: card })), [], "counted once");
  });

  it("entering cancelled or completed counts once; staying there counts nothing", () => {
    const placed = anOrder();
    const cancelled = anOrder({ status: "cancelled" });
    assert.deepEqual(kinds(placed, cancelled), [{ kind: "cancelled", counters: { cancellations: 1 } }]);
    assert.deepEqual(kinds(cancelled, { ...cancelled, updatedAt: 1 }), []);
    const completed = anOrder({ status: "completed" });
    assert.deepEqual(kinds(anOrder({ status: "delivered" }), completed), [{ kind: "completed", counters: { completedOrders: 1 } }]);
    assert.deepEqual(kinds(anOrder({ status: "shipped" }), anOrder({ status: "delivered" })), []);
  });

  it("a payment going back counts a refund and its amount, whatever the order's status", () => {
    const paid = { method: "card", status: "succeeded", amount: 30_000, refundedAmount: 0 };
    const back = { ...paid, status: "refunded", refundedAmount: 30_000 };
    assert.deepEqual(kinds(anOrder({ status: "completed", payment: paid }), anOrder({ status: "refunded", payment: back })), [
      { kind: "refunded", counters: { refunds: 1, refundedAmount: 30_000 } },
    ]);
    assert.deepEqual(kinds(anOrder({ status: "cancelled", payment: paid }), anOrder({ status: "cancelled", payment: back })), [
      { kind: "refunded", counters: { refunds: 1, refundedAmount: 30_000 } },
    ]);
    assert.deepEqual(kinds(anOrder({ status: "refunded", payment: back }), anOrder({ status: "refunded", payment: back, updatedAt: 1 })), []);
  });

  it("the day is Cairo's: late evening in UTC is already tomorrow", () => {
    assert.equal(statsDay(Date.parse("2030-03-10T22:30:00Z")), "2030-03-11");
    assert.equal(statsDay(Date.parse("2030-03-10T21:30:00Z")), "2030-03-10");
  });
});

describe("vendor rating", () => {
  it("rounds the average to two decimals and is zero without reviews", () => {
    assert.deepEqual(ratingOf(13 / 3, 3), { avg: 4.33, count: 3 });
    assert.deepEqual(ratingOf(null, 0), { avg: 0, count: 0 });
  });

  it("tells the vendor the stars, not who wrote the review or what it says", () => {
    const notice = reviewNotice("v1", "o1", { buyerId: "buyer-1", rating: 4, text: "Call me on 01012345678" });
    assert.equal(notice.type, "review.created");
    assert.match(notice.body.en, /4 out of 5/);
    assert.match(notice.body.ar, /4 من 5/);
    assert.ok(!JSON.stringify(notice).includes("buyer-1") && !JSON.stringify(notice).includes("0101"));
  });
});
