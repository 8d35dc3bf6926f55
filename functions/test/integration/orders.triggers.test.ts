// The orders/{orderId} trigger against the Firestore emulator (SPEC sections 3 and 6,
// issue 4): notifications to buyer, vendor and admins, stats/* counters and the vendor's
// completed-order count. Each write is handed to the trigger in process, twice, with real
// before/after snapshots and the same event, as the platform does when it redelivers; the
// second delivery must write nothing, push nothing and count nothing.
import assert from "node:assert/strict";
import { Timestamp, type DocumentData, type DocumentSnapshot } from "firebase-admin/firestore";
import { readCounters } from "../../src/core/counters";
import { setPushSender, type PushMessage, type PushSender } from "../../src/core/notify";
import { onOrderWritten } from "../../src/orders/triggers";
import { aNewVendorDoc, newId } from "../support/catalogue";
import { admin, useLiveTriggersOff } from "../support/emulators";

type Runnable = { run(event: unknown): Promise<unknown> };
const trigger = onOrderWritten as unknown as Runnable;

class RecordingSender implements PushSender {
  readonly sent: { tokens: string[]; message: PushMessage }[] = [];
  async send(tokens: string[], message: PushMessage) {
    this.sent.push({ tokens: [...tokens].sort(), message });
    return { invalidTokens: [] };
  }
}

/** users/{uid} with a locale and one registered device, as the server stores them. */
async function aUser(label: string, profile: Record<string, unknown> = {}): Promise<string> {
  const uid = newId(label);
  const { db } = admin();
  await db.doc(`users/${uid}`).set({ displayName: "Test", role: "customer", status: "active", locale: "ar", ...profile });
  await db.doc(`users/${uid}/devices/d1`).set({ token: `token-${uid}`, platform: "web" });
  return uid;
}

/** orders/{orderId} as the order callables store it; tests state only what matters to them. */
function anOrderDoc(buyerId: string, vendorId: string, overrides: Record<string, unknown> = {}): DocumentData {
  const now = Timestamp.now();
  return {
    number: `SK-${newId("n").slice(2).toUpperCase()}`,
    buyerId,
    vendorId,
    items: [{ listingId: "listing-1", kind: "car", title: "Toyota Corolla 2018", unitPrice: 50_000_000, quantity: 1 }],
    subtotal: 50_000_000,
    deliveryFee: 5_000,
    total: 50_005_000,
    currency: "EGP",
    status: "placed",
    payment: { method: "cod", status: "pending", providerRef: null, checkoutUrl: null, amount: 0, refundedAmount: 0 },
    fulfillment: { method: "delivery", address: "12 Tahrir St… Cairo" },
    inventory: "held",
    refundDue: null,
    cancellation: null,
    idempotencyKey: newId("key"),
    lastChange: { by: { uid: buyerId, role: "customer" }, requestId: "req-1", reason: null },
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

interface Written {
  orderId: string;
  before: DocumentSnapshot;
  after: DocumentSnapshot;
}

/** Writes the order (whole document, as a transition's transaction would) and keeps both snapshots. */
async function write(orderId: string, data: DocumentData): Promise<Written> {
  const ref = admin().db.doc(`orders/${orderId}`);
  const before = await ref.get();
  await ref.set(data);
  return { orderId, before, after: await ref.get() };
}

/** Delivers the write's event twice, with one event id and time, as a platform retry would. */
async function deliverTwice({ orderId, before, after }: Written, time = new Date().toISOString()) {
  const event = { id: newId("evt"), time, params: { orderId }, data: { before, after } };
  await trigger.run(event);
  await trigger.run(event);
}

async function inbox(uid: string) {
  const docs = (await admin().db.collection(`users/${uid}/notifications`).get()).docs;
  return new Map(docs.map((d) => [d.id, d.data()]));
}

const COUNTERS = ["orders", "gmv", "cancellations", "completedOrders", "refunds", "refundedAmount"] as const;

/** A sharded counter as its readers see it: the sum of its shards (core/counters.ts). */
async function counters(path: string): Promise<Record<string, number>> {
  const data = await readCounters(path.replace(/^stats\//, ""));
  return Object.fromEntries(COUNTERS.map((name) => [name, Number(data[name] ?? 0)]));
}

/** How each counter moved while `act` ran, on the platform and on one daily doc. */
async function countedBy(day: string, act: () => Promise<void>) {
  const platformBefore = await counters("stats/platform");
  const dailyBefore = await counters(`stats/daily-${day}`);
  await act();
  const platformAfter = await counters("stats/platform");
  const dailyAfter = await counters(`stats/daily-${day}`);
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(COUNTERS.map((name) => [name, b[name] - a[name]]).filter(([, moved]) => moved !== 0));
  return { platform: delta(platformBefore, platformAfter), daily: delta(dailyBefore, dailyAfter) };
}

describe("orders trigger", () => {
  useLiveTriggersOff();
  let sender: RecordingSender;
  let buyer: string;
  let vendor: string;

  beforeEach(async () => {
    sender = new RecordingSender();
    setPushSender(sender);
    buyer = await aUser("buyer", { locale: "en" });
    vendor = await aUser("vendor", { locale: "ar", role: "vendor" });
  });
  after(() => setPushSender(undefined));

  describe("notifications", () => {
    it("a new order tells the buyer in English and the vendor in Arabic, once however often the event comes", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor);
      await deliverTwice(await write(orderId, order));

      const toBuyer = (await inbox(buyer)).get(`order-${orderId}-placed-buyer`);
      assert.equal(toBuyer?.type, "order.placed");
      assert.equal(toBuyer?.title, "Order placed");
      assert.match(toBuyer?.body, new RegExp(`Order ${order.number} was sent to the seller`));
      assert.deepEqual(toBuyer?.data, { orderId, number: order.number, status: "placed" });
      const toVendor = (await inbox(vendor)).get(`order-${orderId}-placed-vendor`);
      assert.equal(toVendor?.title, "طلب جديد");
      assert.match(toVendor?.body, new RegExp(`${order.number} على Toyota Corolla 2018`));
      assert.equal((await inbox(buyer)).size, 1, "one notification for the buyer");
      assert.equal((await inbox(vendor)).size, 1, "one notification for the vendor");
      assert.deepEqual(
        sender.sent.map((s) => s.tokens[0]).sort(),
        [`token-${buyer}`, `token-${vendor}`].sort(),
        "one push per side, none for the redelivery",
      );
    });

    it("a status change tells both sides once, and a redelivery pushes nothing", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor, { status: "shipped" });
      await write(orderId, order);
      const delivered = await write(orderId, { ...order, status: "delivered", updatedAt: Timestamp.now() });
      await deliverTwice(delivered);

      assert.deepEqual([...(await inbox(buyer)).keys()], [`order-${orderId}-delivered-buyer`]);
      assert.deepEqual([...(await inbox(vendor)).keys()], [`order-${orderId}-delivered-vendor`]);
      assert.match((await inbox(buyer)).get(`order-${orderId}-delivered-buyer`)?.body, /Confirm you received it/);
      assert.match((await inbox(vendor)).get(`order-${orderId}-delivered-vendor`)?.body, /تم تسليم الطلب/);
      assert.equal(sender.sent.length, 2);
    });

    it("a refund that becomes due tells every active admin once, and the buyer why", async () => {
      const anAdmin = await aUser("admin", { role: "admin", locale: "en" });
      const orderId = newId("order");
      const cancelled = anOrderDoc(buyer, vendor, {
        status: "cancelled",
        cancellation: { by: "system", reason: "Payment window expired" },
        payment: { method: "card", status: "pending", providerRef: "fake_1", checkoutUrl: null, amount: 0, refundedAmount: 0 },
      });
      await write(orderId, cancelled);
      const latePayment = await write(orderId, {
        ...cancelled,
        payment: { ...cancelled.payment, status: "succeeded", amount: 50_005_000 },
        refundDue: { reason: "paid_after_cancellation" },
      });
      await deliverTwice(latePayment);

      const adminInbox = await inbox(anAdmin);
      assert.deepEqual([...adminInbox.keys()], [`order-${orderId}-refund-due`]);
      assert.equal(adminInbox.get(`order-${orderId}-refund-due`)?.type, "order.refund_due");
      assert.match(adminInbox.get(`order-${orderId}-refund-due`)?.body, /EGP 500,050\.00 was paid/);
      assert.deepEqual([...(await inbox(buyer)).keys()], [`order-${orderId}-late-payment-buyer`]);
      assert.deepEqual([...(await inbox(vendor)).keys()], [], "no status changed: the vendor hears nothing");

      // Still due on a later write: nobody is told again.
      await deliverTwice(await write(orderId, { ...latePayment.after.data(), updatedAt: Timestamp.now() }));
      assert.equal((await inbox(anAdmin)).size, 1);
    });
  });

  describe("stats", () => {
    it("a new order counts once in orders (no GMV until money is collected), on the platform and on its day in Cairo", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor);
      // 22:30 UTC on 10 March is 00:30 on 11 March in Cairo.
      const counted = await countedBy("2030-03-11", async () => deliverTwice(await write(orderId, order), "2030-03-10T22:30:00.000Z"));
      assert.deepEqual(counted.platform, { orders: 1 }, "placing an order collects no money (issue 10, finding 2)");
      assert.deepEqual(counted.daily, { orders: 1 });
      const marker = (await admin().db.doc(`statsEvents/${orderId}-created`).get()).data();
      assert.equal(marker?.day, "2030-03-11");
      assert.equal(marker?.expireAt.toMillis(), Date.parse("2030-03-10T22:30:00.000Z") + 90 * 24 * 3600 * 1000, "kept 90 days, then expired by TTL");
      const dailyShards = await admin().db.collection("stats/daily-2030-03-11/shards").get();
      assert.ok(dailyShards.size >= 1 && dailyShards.docs.every((shard) => shard.get("date") === "2030-03-11"), "each daily shard names its day");
    });

    it("money the provider collected counts once in gmv, redelivery included", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor, { status: "pending_payment", payment: { method: "card", status: "pending", providerRef: "fake_1", checkoutUrl: null, amount: 0, refundedAmount: 0, collectedBy: null } });
      await write(orderId, order);
      const paid = { ...order, status: "paid", payment: { ...order.payment, status: "succeeded", amount: 50_005_000, collectedBy: "provider" } };
      const counted = await countedBy("2030-04-01", async () => deliverTwice(await write(orderId, paid), "2030-04-01T10:00:00.000Z"));
      assert.deepEqual(counted, { platform: { gmv: 50_005_000 }, daily: { gmv: 50_005_000 } });
    });

    it("a cancellation counts once", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor);
      await write(orderId, order);
      const time = "2030-04-02T10:00:00.000Z";
      const counted = await countedBy("2030-04-02", async () =>
        deliverTwice(await write(orderId, { ...order, status: "cancelled", cancellation: { by: "buyer", reason: "Changed my mind" } }), time),
      );
      assert.deepEqual(counted, { platform: { cancellations: 1 }, daily: { cancellations: 1 } });
    });

    it("a completion counts once and sets the vendor's completed orders to the number of completed orders", async () => {
      const vendorId = newId("vendor");
      await admin().db.doc(`vendors/${vendorId}`).set(aNewVendorDoc({ stats: { activeListings: 3, completedOrders: 7 } }));
      const earlier = newId("order");
      await write(earlier, anOrderDoc(buyer, vendorId, { status: "completed" }));
      const orderId = newId("order");
      const delivered = anOrderDoc(buyer, vendorId, { status: "delivered" });
      await write(orderId, delivered);

      const counted = await countedBy("2030-04-03", async () => deliverTwice(await write(orderId, { ...delivered, status: "completed" }), "2030-04-03T10:00:00.000Z"));
      assert.deepEqual(counted, { platform: { completedOrders: 1 }, daily: { completedOrders: 1 } });
      const stats = (await admin().db.doc(`vendors/${vendorId}`).get()).get("stats");
      assert.deepEqual(stats, { activeListings: 3, completedOrders: 2 }, "both completed orders, whatever was stored");

      const removed = admin().db.doc(`orders/${earlier}`);
      const beforeRemoval = await removed.get();
      await removed.delete();
      await deliverTwice({ orderId: earlier, before: beforeRemoval, after: await removed.get() });
      assert.equal((await admin().db.doc(`vendors/${vendorId}`).get()).get("stats.completedOrders"), 1, "a deleted completed order no longer counts");
    });

    it("a completion for a vendor without a vendor document counts, and creates no vendor", async () => {
      const vendorId = newId("gone-vendor");
      const orderId = newId("order");
      const delivered = anOrderDoc(buyer, vendorId, { status: "delivered" });
      await write(orderId, delivered);
      await deliverTwice(await write(orderId, { ...delivered, status: "completed" }));
      assert.equal((await admin().db.doc(`vendors/${vendorId}`).get()).exists, false);
      assert.equal((await admin().db.doc(`statsEvents/${orderId}-completed`).get()).exists, true);
    });

    it("a refund of a completed order counts a refund and its amount once, and the vendor loses a completed order", async () => {
      const vendorId = newId("vendor");
      await admin().db.doc(`vendors/${vendorId}`).set(aNewVendorDoc({ stats: { activeListings: 0, completedOrders: 1 } }));
      const orderId = newId("order");
      const paid = { method: "cod", status: "succeeded", providerRef: null, checkoutUrl: null, amount: 50_005_000, refundedAmount: 0 };
      const completed = anOrderDoc(buyer, vendorId, { status: "completed", payment: paid });
      await write(orderId, completed);
      const refunded = { ...completed, status: "refunded", payment: { ...paid, status: "refunded", refundedAmount: 50_005_000 } };

      const counted = await countedBy("2030-04-04", async () => deliverTwice(await write(orderId, refunded), "2030-04-04T10:00:00.000Z"));
      assert.deepEqual(counted, { platform: { refunds: 1, refundedAmount: 50_005_000 }, daily: { refunds: 1, refundedAmount: 50_005_000 } });
      assert.equal((await admin().db.doc(`vendors/${vendorId}`).get()).get("stats.completedOrders"), 0);
      assert.match((await inbox(buyer)).get(`order-${orderId}-refunded-buyer`)?.body, /EGP 500,050\.00 back to you/);
    });

    it("a cancelled order whose payment is refunded counts a refund, not a second cancellation", async () => {
      const orderId = newId("order");
      const due = anOrderDoc(buyer, vendor, {
        status: "cancelled",
        cancellation: { by: "vendor", reason: "Out of stock" },
        payment: { method: "card", status: "succeeded", providerRef: "fake_2", checkoutUrl: null, amount: 50_005_000, refundedAmount: 0 },
        refundDue: { reason: "cancelled_after_payment" },
      });
      await write(orderId, due);
      const back = { ...due, payment: { ...due.payment, status: "refunded", refundedAmount: 50_005_000 }, refundDue: null };

      const counted = await countedBy("2030-04-05", async () => deliverTwice(await write(orderId, back), "2030-04-05T10:00:00.000Z"));
      assert.deepEqual(counted, { platform: { refunds: 1, refundedAmount: 50_005_000 }, daily: { refunds: 1, refundedAmount: 50_005_000 } });
      assert.deepEqual([...(await inbox(buyer)).keys()], [`order-${orderId}-payment-refunded-buyer`]);
      assert.equal(sender.sent.length, 1, "one push, to the buyer");
    });

    it("a write that changes no counted fact counts nothing", async () => {
      const orderId = newId("order");
      const order = anOrderDoc(buyer, vendor, { status: "confirmed" });
      await write(orderId, order);
      const counted = await countedBy("2030-04-06", async () => deliverTwice(await write(orderId, { ...order, status: "shipped" }), "2030-04-06T10:00:00.000Z"));
      assert.deepEqual(counted, { platform: {}, daily: {} });
    });
  });
});
