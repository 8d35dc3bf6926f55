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

export function aListingDoc(overrides: DocumentData = {}): DocumentData {
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

// ---- Catalogue (vendors, listings, reviews) -------------------------------------------

export function aVendorDoc(overrides: DocumentData = {}): DocumentData {
  return {
    displayName: "Nile Motors",
    type: "dealer",
    governorate: "cairo",
    city: "Nasr City",
    description: "Used cars with inspection reports.",
    logoPath: "vendors/vendor-1/logo.png",
    status: "approved",
    rating: { avg: 4.6, count: 31 },
    stats: { activeListings: 12, completedOrders: 40 },
    online: false,
    createdAt: JAN_1,
    ...overrides,
  };
}

/** A car listing exactly as an approved vendor's client writes it: vendor fields only, valid. */
export function aCarListing(overrides: DocumentData = {}): DocumentData {
  return {
    vendorId: "vendor-1",
    kind: "car",
    title: "Toyota Corolla 2020 — تويوتا كورولا",
    description: "Second owner, agency maintained, original paint.",
    price: 95000000,
    currency: "EGP",
    condition: "used",
    governorate: "giza",
    city: "Sheikh Zayed",
    images: [],
    status: "draft",
    make: "toyota",
    model: "corolla",
    year: 2020,
    mileageKm: 61000,
    transmission: "automatic",
    fuel: "petrol",
    bodyType: "sedan",
    color: "silver",
    ...overrides,
  };
}

/** A spare-part listing exactly as an approved vendor's client writes it. */
export function aPartListing(overrides: DocumentData = {}): DocumentData {
  return {
    vendorId: "vendor-1",
    kind: "part",
    title: "Brake pads, front — تيل فرامل أمامي",
    description: "Original Bosch pads, boxed.",
    price: 185000,
    currency: "EGP",
    condition: "new",
    governorate: "alexandria",
    city: "Smouha",
    images: [],
    status: "draft",
    partNumber: "0986AB1234",
    compatibleMakes: ["toyota", "nissan"],
    stock: 14,
    ...overrides,
  };
}

/** The server-owned fields a stored listing carries once triggers and moderation ran. */
export function serverListingFields(overrides: DocumentData = {}): DocumentData {
  return {
    searchTokens: ["toyota", "corolla", "تويوتا", "كورولا"],
    makeKey: "toyota",
    modelKey: "corolla",
    vendor: { displayName: "Nile Motors", rating: { avg: 4.6, count: 31 }, type: "dealer" },
    favoriteCount: 3,
    publishedAt: JAN_1,
    createdAt: JAN_1,
    updatedAt: JAN_1,
    ...overrides,
  };
}

/**
 * A stored order (functions/src/orders/schema.ts OrderDocumentShape plus its timestamps): a
 * cash-on-delivery car order, picked up, delivered and completed. Every field is server-owned.
 */
export function anOrderDoc(overrides: DocumentData = {}): DocumentData {
  return {
    number: "SK-1001",
    buyerId: "buyer-1",
    vendorId: "vendor-1",
    items: [{ listingId: "car-1", kind: "car", title: "Toyota Corolla 2020", unitPrice: 95000000, quantity: 1 }],
    subtotal: 95000000,
    deliveryFee: 0,
    total: 95000000,
    currency: "EGP",
    status: "completed",
    payment: {
      method: "cod",
      status: "succeeded",
      providerRef: null,
      checkoutUrl: null,
      amount: 95000000,
      refundedAmount: 0,
      paidAt: JAN_1,
      refundedAt: null,
    },
    fulfillment: { method: "pickup", address: null },
    inventory: "sold",
    refundDue: null,
    cancellation: null,
    idempotencyKey: "checkout-0f1e2d3c",
    lastChange: { by: { uid: "buyer-1", role: "customer" }, requestId: "req-1", reason: null },
    expiresAt: null,
    deliveredAt: JAN_1,
    createdAt: JAN_1,
    updatedAt: JAN_1,
    ...overrides,
  };
}

/** A review as stored once the trigger has checked it: published (status "held" or "removed" to override). */
export function aReview(overrides: DocumentData = {}): DocumentData {
  return { buyerId: "buyer-1", rating: 5, text: "Exactly as described, smooth handover.", createdAt: JAN_1, status: "published", ...overrides };
}

// ---- Engineers, service jobs, presence ----------------------------------------------------

export function anEngineerDoc(overrides: DocumentData = {}): DocumentData {
  return {
    displayName: "Eng. Karim Hassan",
    skills: ["inspection", "maintenance"],
    governorate: "alexandria",
    availability: "available",
    online: true,
    activeJobId: null,
    rating: { avg: 4.8, count: 25 },
    stats: { completedJobs: 40, jobsToday: 1, jobsTodayDate: "2025-01-01" },
    createdAt: JAN_1,
    ...overrides,
  };
}

export function aServiceJob(overrides: DocumentData = {}): DocumentData {
  return {
    customerId: "customer-1",
    type: "inspection",
    vehicle: { make: "Toyota", model: "Corolla", year: 2018 },
    listingId: null,
    governorate: "alexandria",
    city: "Smouha",
    address: "pii1.1.aXY.dGFn.ZGF0YQ",
    preferredAt: JAN_1,
    notes: "",
    status: "assigned",
    engineerId: "engineer-1",
    declinedBy: [],
    assignedAt: JAN_1,
    acceptBy: JAN_1,
    missedAccepts: 0,
    report: null,
    price: null,
    cancellation: null,
    createdAt: JAN_1,
    updatedAt: JAN_1,
    ...overrides,
  };
}

export function aPresence(overrides: DocumentData = {}): DocumentData {
  return { state: "online", lastChanged: JAN_1, ...overrides };
}
