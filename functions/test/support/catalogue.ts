// Builders for catalogue documents as the server stores them, and for vendors that exist
// in Auth and Firestore, so integration tests state only what matters to them.
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { listingFacetKeys, listingSearchTokens } from "../../src/listings/search";
import { aCarListing, aVendorDoc } from "../rules/builders";
import { anActor, type Actor } from "./actors";
import { admin } from "./emulators";

/**
 * A vendor document as the server stores it for a new vendor, no listings or orders yet:
 * built from the one vendor document builder (rules/builders.ts aVendorDoc), under its
 * own name so "aVendorDoc" means one thing.
 */
export function aNewVendorDoc(overrides: Record<string, unknown> = {}) {
  return aVendorDoc({
    description: "",
    logoPath: null,
    rating: { avg: 4.5, count: 10 },
    stats: { activeListings: 0, completedOrders: 0 },
    createdAt: FieldValue.serverTimestamp(),
    ...overrides,
  });
}

/** A car listing with vendor-written fields only (what a vendor's client creates): the rules tests' builder. */
export function aCarListingDoc(vendorId: string, overrides: Record<string, unknown> = {}) {
  return aCarListing({ vendorId, ...overrides });
}

/** The same listing with every server-derived field already in place (no trigger work left). */
export function aSettledListingDoc(vendorId: string, vendorSummary: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const base = { ...aCarListingDoc(vendorId), status: "active", ...overrides };
  const now = Timestamp.now();
  return { ...base, searchTokens: listingSearchTokens(base as Parameters<typeof listingSearchTokens>[0]), ...listingFacetKeys(base as Parameters<typeof listingFacetKeys>[0]), vendor: vendorSummary, favoriteCount: 0, createdAt: now, updatedAt: now, publishedAt: now };
}

/** A vendor account: a user with the vendor claim and a vendor document of the given status. */
export async function aVendor(status = "approved", overrides: Record<string, unknown> = {}): Promise<Actor> {
  const vendor = await anActor({ role: status === "approved" ? "vendor" : "customer", label: `vendor-${status}` });
  await admin().db.collection("vendors").doc(vendor.uid).set(aNewVendorDoc({ status, displayName: `Vendor ${vendor.uid.slice(0, 6)}`, ...overrides }));
  return vendor;
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
