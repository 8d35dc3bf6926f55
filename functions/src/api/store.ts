// Firestore reads of the public API: one query per listings page (the vendor summary is
// denormalised on each listing, SPEC section 10), one get per listing or vendor.
// Only public fields leave this module; Timestamps become ISO strings.
import { FieldPath, Timestamp, type DocumentData, type Query } from "firebase-admin/firestore";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import { CarListing, PartListing, type PublicListing } from "../listings/schema";
import { logs } from "../core/log";
import { isServable, pageOf } from "./pages";
import type { CursorPosition, ListingsPlan } from "./query";
import type { ListingPage, PublicVendor } from "./schema";

const TIMESTAMP_FIELDS = new Set(["publishedAt", "createdAt", "updatedAt"]);
const PUBLIC_FIELDS: Record<string, readonly string[]> = {
  car: Object.keys(CarListing.shape).filter((key) => key !== "id"),
  part: Object.keys(PartListing.shape).filter((key) => key !== "id"),
};
/** Everything a page can return, plus searchTokens when words are checked on the server. */
const SELECTED_FIELDS = [...new Set([...PUBLIC_FIELDS.car, ...PUBLIC_FIELDS.part, "kind"])];

function isoOf(value: unknown): string | null {
  return value instanceof Timestamp ? value.toDate().toISOString() : null;
}

function publicValue(key: string, value: unknown): unknown {
  if (TIMESTAMP_FIELDS.has(key)) return isoOf(value);
  return value;
}

/** The public view of a stored listing: whitelisted fields only, never searchTokens. */
export function toPublicListing(id: string, data: DocumentData): PublicListing {
  const fields = PUBLIC_FIELDS[String(data.kind)] ?? PUBLIC_FIELDS.car;
  const out: Record<string, unknown> = { id };
  for (const key of fields) {
    const value = publicValue(key, data[key]);
    if (value !== undefined) out[key] = value;
  }
  out.vendor ??= null;
  out.favoriteCount ??= 0;
  return out as PublicListing;
}

function cursorValues(position: CursorPosition): unknown[] {
  const value = Array.isArray(position.value) ? new Timestamp(position.value[0], position.value[1]) : position.value;
  return [value, position.id];
}

function filtered(plan: ListingsPlan): Query {
  let query: Query = db().collection("listings");
  for (const [field, value] of plan.equalities) query = query.where(field, "==", value);
  if (plan.yearIn) query = query.where("year", "in", plan.yearIn);
  if (plan.arrayContains) query = query.where("searchTokens", "array-contains", plan.arrayContains);
  if (plan.priceRange?.min !== undefined) query = query.where("price", ">=", plan.priceRange.min);
  if (plan.priceRange?.max !== undefined) query = query.where("price", "<=", plan.priceRange.max);
  return query;
}

export function listingsQueryOf(plan: ListingsPlan): Query {
  const { field, direction } = plan.order;
  const fields = plan.postFilterTokens.length > 0 ? [...SELECTED_FIELDS, "searchTokens"] : SELECTED_FIELDS;
  let query = filtered(plan)
    .orderBy(field, direction)
    .orderBy(FieldPath.documentId(), direction)
    .select(...fields);
  if (plan.startAfter) query = query.startAfter(...cursorValues(plan.startAfter));
  return query.limit(plan.fetchSize);
}

export async function findListings(plan: ListingsPlan): Promise<ListingPage> {
  const snapshot = await listingsQueryOf(plan).get();
  const scanned = snapshot.docs.map((doc) => ({ id: doc.id, data: doc.data() }));
  const page = pageOf(scanned, plan);
  if (page.skipped > 0) logs.apiListingsSkipped(page.skipped, plan.sort);
  return { items: page.items.map((doc) => toPublicListing(doc.id, doc.data)), nextCursor: page.nextCursor };
}

export async function getActiveListing(id: string): Promise<PublicListing> {
  const snapshot = await db().collection("listings").doc(id).get();
  // A listing that is not active is indistinguishable from a missing one (SPEC section 3).
  if (!snapshot.exists || snapshot.get("status") !== "active") throw errors.notFound("Listing");
  const data = snapshot.data() ?? {};
  // A listing whose numbers the API cannot show exactly is not shown (see isServable).
  if (!isServable(data, "newest")) throw errors.notFound("Listing");
  return toPublicListing(snapshot.id, data);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The public view of an approved vendor: never private/KYC, status or owner data. */
export function toPublicVendor(id: string, data: DocumentData): PublicVendor {
  const rating = (data.rating ?? {}) as Record<string, unknown>;
  const stats = (data.stats ?? {}) as Record<string, unknown>;
  return {
    id,
    displayName: String(data.displayName ?? ""),
    type: data.type,
    governorate: data.governorate,
    city: String(data.city ?? ""),
    description: stringOrNull(data.description),
    logoPath: stringOrNull(data.logoPath),
    rating: { avg: numberOr(rating.avg, 0), count: numberOr(rating.count, 0) },
    stats: { activeListings: numberOr(stats.activeListings, 0), completedOrders: numberOr(stats.completedOrders, 0) },
    online: data.online === true,
    createdAt: isoOf(data.createdAt),
  };
}

export async function getApprovedVendor(id: string): Promise<PublicVendor> {
  const snapshot = await db().collection("vendors").doc(id).get();
  if (!snapshot.exists || snapshot.get("status") !== "approved") throw errors.notFound("Vendor");
  return toPublicVendor(snapshot.id, snapshot.data() ?? {});
}
