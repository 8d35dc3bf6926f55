// Pages and indexes of GET /v1/listings (SPEC section 5): what the server checks on each
// scanned listing, where the next page starts, and which composite indexes a plan needs.
// Pure, like the planner (query.ts) it works from.
import { ORDER_OF, encodeCursor, isInt, type Direction, type ListingsPlan, type SortValue } from "./query";
import type { Sort } from "./schema";

export interface ScannedListing {
  id: string;
  data: Record<string, unknown>;
}

interface TimestampLike {
  seconds: number;
  nanoseconds: number;
}

function isTimestampLike(value: unknown): value is TimestampLike {
  return value !== null && typeof value === "object" && isInt((value as TimestampLike).seconds) && isInt((value as TimestampLike).nanoseconds);
}

/** The sort value of a stored listing, or undefined when it has none the cursor can carry exactly. */
export function sortValueOf(data: Record<string, unknown>, sort: Sort): SortValue | undefined {
  const value = data[ORDER_OF[sort].field];
  if (isTimestampLike(value)) return [value.seconds, value.nanoseconds];
  if (isInt(value)) return value;
  return undefined;
}

/** Whole-number fields a page shows; a present one must be exact in JavaScript. */
const NUMBER_FIELDS = ["price", "mileageKm", "stock", "year"] as const;

/**
 * Whether the API can show a stored listing and page past it. The rules bound every
 * number (listings/schema.ts), but a document written before them, or by the Admin SDK,
 * may hold a price of 2^63 - 1: that listing is skipped (and logged by the caller), never
 * a 500 for everybody who asks for sort=price_desc.
 */
export function isServable(data: Record<string, unknown>, sort: Sort): boolean {
  const exact = NUMBER_FIELDS.every((field) => data[field] === undefined || isInt(data[field]));
  return exact && sortValueOf(data, sort) !== undefined;
}

function cursorAfter(doc: ScannedListing | undefined, sort: Sort): string | null {
  const value = doc ? sortValueOf(doc.data, sort) : undefined;
  return doc && value !== undefined ? encodeCursor({ sort, value, id: doc.id }) : null;
}

export function matchesKeywords(data: Record<string, unknown>, tokens: readonly string[]): boolean {
  if (tokens.length === 0) return true;
  const stored = Array.isArray(data.searchTokens) ? new Set(data.searchTokens) : new Set();
  return tokens.every((token) => stored.has(token));
}

/** What the server checks on each scanned listing: q's other words and a server-side year range. */
export function matchesPlan(data: Record<string, unknown>, plan: Pick<ListingsPlan, "postFilterTokens" | "yearRange">): boolean {
  const range = plan.yearRange;
  const year = data.year;
  const yearOk = !range || (typeof year === "number" && year >= range.min && year <= range.max);
  return yearOk && matchesKeywords(data, plan.postFilterTokens);
}

/**
 * Cuts one page out of the scanned batch. nextCursor points after the last item when
 * the batch still holds a match beyond it; after the batch's last servable listing when
 * the batch was full (more documents may follow); null otherwise. Listings the API cannot
 * serve (isServable) are left out and counted in `skipped`.
 */
export function pageOf<T extends ScannedListing>(batch: readonly T[], plan: ListingsPlan): { items: T[]; nextCursor: string | null; skipped: number } {
  const scanned = batch.filter((doc) => isServable(doc.data, plan.sort));
  const items: T[] = [];
  let stop = scanned.length - 1;
  for (let i = 0; i < scanned.length && items.length < plan.limit; i += 1) {
    if (!matchesPlan(scanned[i].data, plan)) continue;
    items.push(scanned[i]);
    if (items.length === plan.limit) stop = i;
  }
  const moreMatchesInBatch = scanned.slice(stop + 1).some((doc) => matchesPlan(doc.data, plan));
  const batchFull = batch.length >= plan.fetchSize;
  const last = moreMatchesInBatch ? scanned[stop] : batchFull ? scanned[scanned.length - 1] : undefined;
  return { items, nextCursor: cursorAfter(last, plan.sort), skipped: batch.length - scanned.length };
}

// ---- indexes --------------------------------------------------------------------------

export interface IndexField {
  fieldPath: string;
  order?: "ASCENDING" | "DESCENDING";
  arrayConfig?: "CONTAINS";
}

export interface CompositeIndex {
  collectionGroup: string;
  queryScope: "COLLECTION" | "COLLECTION_GROUP";
  fields: IndexField[];
}

const INDEX_ORDER: Record<Direction, "ASCENDING" | "DESCENDING"> = { asc: "ASCENDING", desc: "DESCENDING" };

/** The composite indexes Firestore merges to serve a plan: one per filtered field. */
export function indexesFor(plan: ListingsPlan): CompositeIndex[] {
  const sortField: IndexField = { fieldPath: plan.order.field, order: INDEX_ORDER[plan.order.direction] };
  const filtered: IndexField[] = [
    ...plan.equalities.map(([fieldPath]): IndexField => ({ fieldPath, order: "ASCENDING" })),
    ...(plan.yearIn ? [{ fieldPath: "year", order: "ASCENDING" } as IndexField] : []),
    ...(plan.arrayContains ? [{ fieldPath: "searchTokens", arrayConfig: "CONTAINS" } as IndexField] : []),
  ];
  return filtered.map((field) => ({ collectionGroup: "listings", queryScope: "COLLECTION", fields: [field, sortField] }));
}

/** A comparable key of an index, ignoring properties Firestore adds (density...). */
export function indexKey(index: CompositeIndex): string {
  const fields = index.fields.map((f) => `${f.fieldPath}:${f.order ?? f.arrayConfig}`).join(",");
  return `${index.collectionGroup}|${index.queryScope}|${fields}`;
}
