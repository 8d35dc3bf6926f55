// firestore.rules: orders/{orderId}, orders/{orderId}/events/{eventId},
// orders/{orderId}/private/{doc} (SPEC section 3: an order and its timeline are read by its
// buyer, its vendor and MFA admins, and written by the server only; the encrypted address
// is read by nobody).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  Timestamp,
  addDoc,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
  type Firestore,
} from "firebase/firestore";
import { anOrderDoc } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

/** One entry of an order's status timeline, as the server appends it on a transition. */
function anOrderEvent(overrides: DocumentData = {}): DocumentData {
  return { from: "placed", to: "confirmed", by: { uid: "vera", role: "vendor" }, at: Timestamp.now(), note: null, ...overrides };
}

describe("firestore rules: orders", () => {
  const env = useFirestoreRules(() => ({
    "orders/o-alice": anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "paid", deliveredAt: null, inventory: "held" }),
    "orders/o-bob": anOrderDoc({ number: "SK-1002", buyerId: "bob", vendorId: "victor", status: "placed", deliveredAt: null }),
    "orders/o-alice/events/e-1": anOrderEvent({ from: "pending_payment", to: "paid", by: { system: "paymob-webhook" } }),
    "orders/o-alice/private/fulfillment": { address: "pii1.1.aXY.dGFn.ZGF0YQ" },
  }));

  const alice = () => db(asUser(env(), "alice"));
  const bob = () => db(asUser(env(), "bob"));
  const vera = () => db(asUser(env(), "vera", "vendor"));
  const victor = () => db(asUser(env(), "victor", "vendor"));
  const admin = () => db(asAdmin(env()));
  const adminWithoutMfa = () => db(asAdminWithoutMfa(env()));
  const guest = () => db(asGuest(env()));
  const orders = (firestore: Firestore) => collection(firestore, "orders");
  const events = (firestore: Firestore, orderId = "o-alice") => collection(firestore, `orders/${orderId}/events`);

  describe("orders/{orderId}: reading", () => {
    it("the buyer reads her order", async () => {
      await assertSucceeds(getDoc(doc(alice(), "orders/o-alice")));
    });

    it("the vendor reads an order placed with him", async () => {
      await assertSucceeds(getDoc(doc(vera(), "orders/o-alice")));
    });

    it("another buyer cannot read the order", async () => {
      await assertFails(getDoc(doc(bob(), "orders/o-alice")));
    });

    it("another vendor cannot read the order", async () => {
      await assertFails(getDoc(doc(victor(), "orders/o-alice")));
    });

    it("a guest cannot read an order", async () => {
      await assertFails(getDoc(doc(guest(), "orders/o-alice")));
    });

    it("an MFA admin reads any order; an admin without MFA does not", async () => {
      await assertSucceeds(getDoc(doc(admin(), "orders/o-alice")));
      await assertFails(getDoc(doc(adminWithoutMfa(), "orders/o-alice")));
    });

    it("reading an order that does not exist is refused to a customer", async () => {
      await assertFails(getDoc(doc(alice(), "orders/o-ghost")));
    });
  });

  describe("orders/{orderId}: listing", () => {
    it("the buyer lists her own orders, newest first", async () => {
      await assertSucceeds(getDocs(query(orders(alice()), where("buyerId", "==", "alice"))));
      await assertSucceeds(getDocs(query(orders(alice()), where("buyerId", "==", "alice"), orderBy("createdAt", "desc"))));
    });

    it("a buyer cannot list another buyer's orders", async () => {
      await assertFails(getDocs(query(orders(alice()), where("buyerId", "==", "bob"))));
    });

    it("the vendor lists the orders placed with him, also by status", async () => {
      await assertSucceeds(getDocs(query(orders(vera()), where("vendorId", "==", "vera"))));
      await assertSucceeds(getDocs(query(orders(vera()), where("vendorId", "==", "vera"), where("status", "==", "paid"))));
    });

    it("a vendor cannot list another vendor's orders", async () => {
      await assertFails(getDocs(query(orders(vera()), where("vendorId", "==", "victor"))));
    });

    it("an unconstrained list of orders is denied to buyers and vendors", async () => {
      await assertFails(getDocs(orders(alice())));
      await assertFails(getDocs(orders(vera())));
      await assertFails(getDocs(query(orders(alice()), where("status", "==", "paid"))));
    });

    it("a guest cannot list orders, even constrained to a buyer", async () => {
      await assertFails(getDocs(orders(guest())));
      await assertFails(getDocs(query(orders(guest()), where("buyerId", "==", "alice"))));
    });

    it("an MFA admin lists every order; an admin without MFA does not", async () => {
      await assertSucceeds(getDocs(orders(admin())));
      await assertSucceeds(getDocs(query(orders(admin()), where("status", "==", "placed"))));
      await assertFails(getDocs(orders(adminWithoutMfa())));
    });
  });

  describe("orders/{orderId}: writing", () => {
    it("a buyer cannot create an order from the client", async () => {
      await assertFails(setDoc(doc(alice(), "orders/o-new"), anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "placed" })));
      await assertFails(addDoc(orders(alice()), anOrderDoc({ buyerId: "alice", vendorId: "vera", status: "placed" })));
    });

    it("the buyer cannot complete her order, change its total or mark it paid", async () => {
      await assertFails(updateDoc(doc(alice(), "orders/o-alice"), { status: "completed" }));
      await assertFails(updateDoc(doc(alice(), "orders/o-alice"), { total: 1 }));
      await assertFails(updateDoc(doc(alice(), "orders/o-alice"), { "payment.status": "succeeded" }));
    });

    it("the buyer cannot delete her order", async () => {
      await assertFails(deleteDoc(doc(alice(), "orders/o-alice")));
    });

    it("the vendor cannot change the status of an order placed with him, nor delete it", async () => {
      await assertFails(updateDoc(doc(vera(), "orders/o-alice"), { status: "confirmed" }));
      await assertFails(updateDoc(doc(vera(), "orders/o-alice"), { deliveryFee: 5000 }));
      await assertFails(deleteDoc(doc(vera(), "orders/o-alice")));
    });

    it("an MFA admin cannot create, change or delete an order from the client", async () => {
      await assertFails(setDoc(doc(admin(), "orders/o-new"), anOrderDoc()));
      await assertFails(updateDoc(doc(admin(), "orders/o-alice"), { status: "refunded" }));
      await assertFails(deleteDoc(doc(admin(), "orders/o-alice")));
    });

    it("a guest cannot write an order", async () => {
      await assertFails(setDoc(doc(guest(), "orders/o-new"), anOrderDoc()));
    });
  });

  describe("orders/{orderId}/events/{eventId}", () => {
    it("the buyer and the vendor read and list the order's timeline", async () => {
      await assertSucceeds(getDoc(doc(alice(), "orders/o-alice/events/e-1")));
      await assertSucceeds(getDocs(events(alice())));
      await assertSucceeds(getDoc(doc(vera(), "orders/o-alice/events/e-1")));
      await assertSucceeds(getDocs(query(events(vera()), orderBy("at"))));
    });

    it("an MFA admin reads the timeline; an admin without MFA does not", async () => {
      await assertSucceeds(getDoc(doc(admin(), "orders/o-alice/events/e-1")));
      await assertSucceeds(getDocs(events(admin())));
      await assertFails(getDoc(doc(adminWithoutMfa(), "orders/o-alice/events/e-1")));
    });

    it("another user cannot read the timeline", async () => {
      await assertFails(getDoc(doc(bob(), "orders/o-alice/events/e-1")));
      await assertFails(getDocs(events(bob())));
      await assertFails(getDocs(events(victor())));
    });

    it("a guest cannot read the timeline", async () => {
      await assertFails(getDoc(doc(guest(), "orders/o-alice/events/e-1")));
      await assertFails(getDocs(events(guest())));
    });

    it("the timeline of an order that does not exist is refused", async () => {
      await assertFails(getDocs(events(alice(), "o-ghost")));
    });

    it("nobody writes the timeline from the client: not the buyer, the vendor or an admin", async () => {
      await assertFails(addDoc(events(alice()), anOrderEvent({ from: "paid", to: "completed", by: { uid: "alice", role: "customer" } })));
      await assertFails(setDoc(doc(vera(), "orders/o-alice/events/e-2"), anOrderEvent()));
      await assertFails(updateDoc(doc(vera(), "orders/o-alice/events/e-1"), { note: "edited" }));
      await assertFails(deleteDoc(doc(alice(), "orders/o-alice/events/e-1")));
      await assertFails(setDoc(doc(admin(), "orders/o-alice/events/e-2"), anOrderEvent()));
      await assertFails(deleteDoc(doc(admin(), "orders/o-alice/events/e-1")));
    });
  });

  describe("orders/{orderId}/private/{doc}", () => {
    it("nobody reads the encrypted address: not the buyer, the vendor or an MFA admin", async () => {
      await assertFails(getDoc(doc(alice(), "orders/o-alice/private/fulfillment")));
      await assertFails(getDoc(doc(vera(), "orders/o-alice/private/fulfillment")));
      await assertFails(getDoc(doc(admin(), "orders/o-alice/private/fulfillment")));
      await assertFails(getDocs(collection(admin(), "orders/o-alice/private")));
    });

    it("nobody writes the encrypted address, not even the buyer or an MFA admin", async () => {
      await assertFails(setDoc(doc(alice(), "orders/o-alice/private/fulfillment"), { address: "12 Tahrir St, Cairo" }));
      await assertFails(setDoc(doc(admin(), "orders/o-alice/private/fulfillment"), { address: "12 Tahrir St, Cairo" }));
      await assertFails(deleteDoc(doc(vera(), "orders/o-alice/private/fulfillment")));
    });
  });
});
