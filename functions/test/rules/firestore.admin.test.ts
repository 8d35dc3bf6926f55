// firestore.rules: auditLogs/{id}, stats/{id}, and the closed default for every other path
// (SPEC sections 2, 3 and 8: admin reads need MFA; audit logs are immutable; nobody else).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { addDoc, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { anAuditLog, someStats } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, seed, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: admin data and closed paths", () => {
  const env = useFirestoreRules(() => ({
    "auditLogs/a1": anAuditLog(),
    "stats/platform": someStats(),
    "stats/daily-2025-01-01": someStats({ orders: 3 }),
    "stats/platform/shards/7": someStats({ orders: 2 }),
    "secrets/s1": { value: "nothing to see" },
    "backups/2026-12-02T12-00-00Z": { outcome: "success", operation: "operations/x", collections: ["listings"] },
    "paymentIssues/evt_1": { eventId: "evt_1", orderId: "o_gone", paymentId: "fakepay_1", amount: 100, currency: "EGP", reason: "NOT_FOUND", refundDue: true },
  }));

  const admin = () => db(asAdmin(env()));
  const adminWithoutMfa = () => db(asAdminWithoutMfa(env()));
  const customer = () => db(asUser(env(), "alice"));

  describe("auditLogs/{id}", () => {
    it("an admin signed in with a second factor can read an audit entry", async () => {
      await assertSucceeds(getDoc(doc(admin(), "auditLogs/a1")));
    });

    it("an admin signed in with a second factor can list the audit log", async () => {
      await assertSucceeds(getDocs(collection(admin(), "auditLogs")));
    });

    it("an admin without a second factor cannot read an audit entry", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), "auditLogs/a1")));
    });

    it("an admin without a second factor cannot list the audit log", async () => {
      await assertFails(getDocs(collection(adminWithoutMfa(), "auditLogs")));
    });

    it("a customer cannot read the audit log", async () => {
      await assertFails(getDoc(doc(customer(), "auditLogs/a1")));
      await assertFails(getDocs(collection(customer(), "auditLogs")));
    });

    it("a customer whose own action is logged still cannot read the entry", async () => {
      await seed(env(), { "auditLogs/a2": anAuditLog({ actor: { uid: "alice", role: "customer" } }) });
      await assertFails(getDoc(doc(customer(), "auditLogs/a2")));
    });

    it("a customer cannot write an audit entry", async () => {
      await assertFails(addDoc(collection(customer(), "auditLogs"), anAuditLog()));
    });

    it("an admin with a second factor cannot create an audit entry", async () => {
      await assertFails(setDoc(doc(admin(), "auditLogs/a2"), anAuditLog()));
    });

    it("an admin with a second factor cannot alter an audit entry", async () => {
      await assertFails(updateDoc(doc(admin(), "auditLogs/a1"), { outcome: "failure" }));
    });

    it("an admin with a second factor cannot delete an audit entry", async () => {
      await assertFails(deleteDoc(doc(admin(), "auditLogs/a1")));
    });

    it("a guest cannot read the audit log", async () => {
      await assertFails(getDocs(collection(db(asGuest(env())), "auditLogs")));
    });
  });

  describe("backups/{id}", () => {
    const backup = "backups/2026-12-02T12-00-00Z";

    it("an admin signed in with a second factor can read and list backup records", async () => {
      await assertSucceeds(getDoc(doc(admin(), backup)));
      await assertSucceeds(getDocs(collection(admin(), "backups")));
    });

    it("an admin without a second factor cannot read backup records", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), backup)));
      await assertFails(getDocs(collection(adminWithoutMfa(), "backups")));
    });

    it("a customer cannot read backup records", async () => {
      await assertFails(getDoc(doc(customer(), backup)));
    });

    it("nobody writes a backup record from a client, not even an MFA admin", async () => {
      await assertFails(setDoc(doc(admin(), "backups/forged"), { outcome: "success" }));
      await assertFails(updateDoc(doc(admin(), backup), { outcome: "failure" }));
      await assertFails(deleteDoc(doc(admin(), backup)));
    });
  });

  describe("paymentIssues/{eventId}", () => {
    const issue = "paymentIssues/evt_1";

    it("an admin signed in with a second factor can read and list payment issues", async () => {
      await assertSucceeds(getDoc(doc(admin(), issue)));
      await assertSucceeds(getDocs(collection(admin(), "paymentIssues")));
    });

    it("an admin without a second factor cannot read payment issues", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), issue)));
      await assertFails(getDocs(collection(adminWithoutMfa(), "paymentIssues")));
    });

    it("a customer, a vendor and a guest cannot read payment issues", async () => {
      await assertFails(getDoc(doc(customer(), issue)));
      await assertFails(getDocs(collection(db(asUser(env(), "vera", "vendor")), "paymentIssues")));
      await assertFails(getDoc(doc(db(asGuest(env())), issue)));
    });

    it("nobody writes a payment issue from a client, not even an MFA admin", async () => {
      await assertFails(setDoc(doc(admin(), "paymentIssues/forged"), { reason: "NOT_FOUND" }));
      await assertFails(updateDoc(doc(admin(), issue), { refundDue: false }));
      await assertFails(deleteDoc(doc(admin(), issue)));
      await assertFails(setDoc(doc(customer(), "paymentIssues/forged"), { reason: "NOT_FOUND" }));
    });
  });

  describe("stats/{id}", () => {
    it("an admin signed in with a second factor can read platform stats", async () => {
      await assertSucceeds(getDoc(doc(admin(), "stats/platform")));
    });

    it("an admin signed in with a second factor can read a daily stats document", async () => {
      await assertSucceeds(getDoc(doc(admin(), "stats/daily-2025-01-01")));
    });

    it("an admin without a second factor cannot read stats", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), "stats/platform")));
    });

    it("a vendor cannot read stats", async () => {
      await assertFails(getDoc(doc(db(asUser(env(), "vera", "vendor")), "stats/platform")));
    });

    it("a customer cannot read stats", async () => {
      await assertFails(getDocs(collection(customer(), "stats")));
    });

    it("an admin with a second factor cannot write stats", async () => {
      await assertFails(updateDoc(doc(admin(), "stats/platform"), { users: 0 }));
      await assertFails(setDoc(doc(admin(), "stats/daily-2025-01-02"), someStats()));
    });

    it("a customer cannot write stats", async () => {
      await assertFails(setDoc(doc(customer(), "stats/platform"), someStats({ gmv: 1 })));
    });
  });

  describe("stats/{id}/shards/{shard}", () => {
    it("an admin signed in with a second factor can list a counter's shards to sum them", async () => {
      await assertSucceeds(getDocs(collection(admin(), "stats/platform/shards")));
      await assertSucceeds(getDoc(doc(admin(), "stats/platform/shards/7")));
    });

    it("an admin without a second factor or a vendor cannot read a shard", async () => {
      await assertFails(getDocs(collection(adminWithoutMfa(), "stats/platform/shards")));
      await assertFails(getDoc(doc(db(asUser(env(), "vera", "vendor")), "stats/platform/shards/7")));
    });

    it("nobody writes a shard from a client, not even an admin", async () => {
      await assertFails(updateDoc(doc(admin(), "stats/platform/shards/7"), { orders: 100 }));
      await assertFails(setDoc(doc(customer(), "stats/platform/shards/8"), someStats()));
    });
  });

  describe("every other path", () => {
    it("an unknown top-level collection cannot be read, even by an admin with a second factor", async () => {
      await assertFails(getDoc(doc(admin(), "secrets/s1")));
      await assertFails(getDocs(collection(customer(), "secrets")));
    });

    it("an unknown top-level collection cannot be written, even by an admin with a second factor", async () => {
      await assertFails(setDoc(doc(admin(), "secrets/s2"), { value: "x" }));
      await assertFails(setDoc(doc(customer(), "anything/x"), { value: "x" }));
    });

    it("a guest cannot read or write anywhere", async () => {
      const guest = db(asGuest(env()));
      await assertFails(getDoc(doc(guest, "stats/platform")));
      await assertFails(getDoc(doc(guest, "secrets/s1")));
      await assertFails(setDoc(doc(guest, "users/guest"), { displayName: "x" }));
      await assertFails(addDoc(collection(guest, "auditLogs"), anAuditLog()));
    });
  });
});
