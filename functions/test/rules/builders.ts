// One builder per entity, shaped as SPEC section 3 describes the documents, so each rules
// test states only the fields that matter to it.
import { Timestamp, type DocumentData } from "firebase/firestore";

const JAN_1 = Timestamp.fromDate(new Date("2025-01-01T00:00:00Z"));

export function aProfile(overrides: DocumentData = {}): DocumentData {
  return {
    displayName: "Mona Adel",
    locale: "ar",
    governorate: "cairo",
    role: "customer",
    status: "active",
    createdAt: JAN_1,
    ...overrides,
  };
}

export function aNotification(overrides: DocumentData = {}): DocumentData {
  return {
    type: "order.status_changed",
    title: "Your order was confirmed",
    body: "Order SK-1001 is confirmed by the vendor.",
    data: { orderId: "order-1" },
    read: false,
    createdAt: JAN_1,
    ...overrides,
  };
}

export function aListing(overrides: DocumentData = {}): DocumentData {
  return {
    vendorId: "vendor-1",
    kind: "car",
    title: "Hyundai Elantra 2019",
    description: "One owner, full service history.",
    price: 65000000,
    currency: "EGP",
    condition: "used",
    governorate: "cairo",
    city: "nasr-city",
    images: [],
    status: "active",
    make: "hyundai",
    model: "elantra",
    year: 2019,
    mileageKm: 84000,
    transmission: "automatic",
    fuel: "petrol",
    createdAt: JAN_1,
    ...overrides,
  };
}

export function aConsent(overrides: DocumentData = {}): DocumentData {
  return {
    type: "terms",
    granted: true,
    policyVersion: "2025-01",
    at: JAN_1,
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    ...overrides,
  };
}

export function anAuditLog(overrides: DocumentData = {}): DocumentData {
  return {
    at: JAN_1,
    actor: { uid: "admin-mfa", role: "admin" },
    action: "user.role_change",
    target: { type: "user", id: "alice" },
    outcome: "success",
    changes: { role: { from: "customer", to: "vendor" } },
    requestId: "req-1",
    expireAt: Timestamp.fromDate(new Date("2032-01-01T00:00:00Z")),
    ...overrides,
  };
}

export function someStats(overrides: DocumentData = {}): DocumentData {
  return { users: 120, orders: 45, gmv: 980000000, listings: 300, jobs: 12, ...overrides };
}
