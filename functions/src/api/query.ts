// Query planner of GET /v1/listings (SPEC section 5). Pure: no Firebase imports, so the
// supported combinations and the indexes they need are unit-tested exhaustively.
//
// What the API supports, and why:
// - Only `status == "active"` listings are ever queried; the status filter is always there.
// - make and model are compared normalised (case, accents, punctuation: listings/search.ts
//   facetKeyOf) through the server-owned makeKey/modelKey, so make=toyota finds "Toyota".
// - Equality filters (kind, make, model, governorate, condition, transmission, fuel) combine
//   freely with each other and with every sort. Firestore answers them by INDEX MERGING:
//   one composite index (field ASC, sortField dir) per equality field, status included,
//   so the index count grows with fields x sorts, not with their combinations.
// - yearMin/yearMax become `year in [min..max]` when the range spans at most 30 years
//   (Firestore allows 30 values in `in`; a missing bound is 1950 or next year) and there
//   is no q: `in` is a set of equalities, merged like the others through (year ASC,
//   sortField dir). A wider range (yearMax alone, say) or a range with q is checked on the
//   server over an over-fetched batch, like q's extra words (below).
// - priceMin/priceMax are a range on `price`. Firestore orders a range query by the range
//   field first, so a price range works only with sort price_asc (the default when a
//   price range is given) or price_desc; sort=newest with a price range is a 400.
// - q is normalised (listings/search.ts). Its longest word is the `searchTokens
//   array-contains` filter (the most selective one), merged through (searchTokens
//   CONTAINS, sortField dir). The other words are checked here, on the server, over an
//   over-fetched batch of at most MAX_SCAN documents: such a page may hold fewer than
//   `limit` items (even none) while nextCursor still advances; null means the end.
// - q with yearMin/yearMax: an `in` disjunction next to array-contains in a merged index
//   is not something we can promise Firestore serves, so the years are checked on the
//   server then.
// - Order: sortField then document id, both in the sort's direction, so a cursor
//   (sort value, id) is a total order and pages never skip or repeat a listing.
// - Cursors are opaque base64url JSON {s: sort, v: sort value, id}. One of another sort,
//   or malformed, is a 400 on `cursor`. A cursor carries only a position: every filter
//   (status == active included) is re-applied, so an edited cursor exposes nothing.
import { DomainError, errors, type FieldErrors } from "../core/errors";
import { MIN_YEAR, maxYear } from "../listings/schema";
import { facetKeyOf, queryTokensOf } from "../listings/search";
import { isDocumentId } from "../shared/ids";
import { SORTS, type ListingsQuery, type Sort } from "./schema";

export const EQUALITY_FILTERS = ["kind", "make", "model", "governorate", "condition", "transmission", "fuel"] as const;
export type EqualityFilter = (typeof EQUALITY_FILTERS)[number];
/**
 * The stored field each filter matches. make and model match case- and accent-insensitively:
 * the listing trigger stores their normalised form as makeKey/modelKey (listings/search.ts
 * facetKeyOf) and the filter value is normalised the same way.
 */
export const STORED_FIELD = {
  kind: "kind", make: "makeKey", model: "modelKey", governorate: "governorate", condition: "condition", transmission: "transmission", fuel: "fuel",
} as const satisfies Record<EqualityFilter, string>;
export type EqualityField = "status" | (typeof STORED_FIELD)[EqualityFilter];
const NORMALISED: readonly EqualityFilter[] = ["make", "model"];
export type OrderField = "publishedAt" | "price";
export type Direction = "asc" | "desc";

export const MAX_YEAR_SPAN = 30;
/** Over-fetch factor and ceiling when q has words checked on the server. */
export const OVERFETCH = 5;
export const MAX_SCAN = 200;

export const ORDER_OF: Record<Sort, { field: OrderField; direction: Direction }> = {
  newest: { field: "publishedAt", direction: "desc" },
  price_asc: { field: "price", direction: "asc" },
  price_desc: { field: "price", direction: "desc" },
};

/** A Timestamp as [seconds, nanoseconds] (full precision), or a price. */
export type SortValue = number | [number, number];

export interface CursorPosition {
  sort: Sort;
  value: SortValue;
  id: string;
}

export interface ListingsPlan {
  equalities: [EqualityField, string][];
  yearIn?: number[];
  priceRange?: { min?: number; max?: number };
  arrayContains?: string;
  postFilterTokens: string[];
  /** A year range checked on the server (too wide for `in`, or next to q). */
  yearRange?: { min: number; max: number };
  sort: Sort;
  order: { field: OrderField; direction: Direction };
  limit: number;
  /** Documents to read: limit + 1 (to know whether a next page exists), or the over-fetch. */
  fetchSize: number;
  startAfter?: CursorPosition;
}

const PRICE_SORTS: readonly Sort[] = ["price_asc", "price_desc"];

// ---- validation of combinations -------------------------------------------------------

type Rule = (query: ListingsQuery, now: Date) => FieldErrors | undefined;

export function yearBounds(query: ListingsQuery, now: Date): { min: number; max: number } | undefined {
  if (query.yearMin === undefined && query.yearMax === undefined) return undefined;
  return { min: query.yearMin ?? MIN_YEAR, max: query.yearMax ?? maxYear(now) };
}

const yearOrder: Rule = (query) =>
  query.yearMin !== undefined && query.yearMax !== undefined && query.yearMin > query.yearMax
    ? { yearMin: "yearMin must not be after yearMax" }
    : undefined;

const priceOrder: Rule = (query) =>
  query.priceMin !== undefined && query.priceMax !== undefined && query.priceMin > query.priceMax
    ? { priceMin: "priceMin must not be more than priceMax" }
    : undefined;

const priceNeedsPriceSort: Rule = (query) =>
  hasPriceRange(query) && query.sort !== undefined && !PRICE_SORTS.includes(query.sort)
    ? { sort: `With priceMin or priceMax, sort must be ${PRICE_SORTS.join(" or ")} (listings are then ordered by price)` }
    : undefined;

const keywordHasWords: Rule = (query) =>
  query.q !== undefined && queryTokensOf(query.q).length === 0
    ? { q: "Give at least one word of 2 or more letters, or a number" }
    : undefined;

const facetsHaveWords: Rule = (query) => {
  const fields: FieldErrors = {};
  for (const field of NORMALISED) {
    if (query[field] !== undefined && facetKeyOf(query[field]) === undefined) fields[field] = `Give the ${field} with at least one letter or digit`;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
};

const RULES: readonly Rule[] = [yearOrder, priceOrder, priceNeedsPriceSort, keywordHasWords, facetsHaveWords];

function hasPriceRange(query: ListingsQuery): boolean {
  return query.priceMin !== undefined || query.priceMax !== undefined;
}

// ---- planning -------------------------------------------------------------------------

function sortOf(query: ListingsQuery): Sort {
  return query.sort ?? (hasPriceRange(query) ? "price_asc" : "newest");
}

function equalitiesOf(query: ListingsQuery): [EqualityField, string][] {
  const given = EQUALITY_FILTERS.flatMap((field): [EqualityField, string][] => {
    const value = query[field];
    if (value === undefined) return [];
    return [[STORED_FIELD[field], NORMALISED.includes(field) ? (facetKeyOf(value) ?? "") : value]];
  });
  return [["status", "active"], ...given];
}

/** Years as an index filter (`in`) when Firestore can serve it, else as a server-side check. */
function yearsOf(query: ListingsQuery, now: Date): Pick<ListingsPlan, "yearIn" | "yearRange"> {
  const bounds = yearBounds(query, now);
  if (!bounds) return {};
  const span = bounds.max - bounds.min + 1;
  if (span > MAX_YEAR_SPAN || query.q !== undefined) return { yearRange: bounds };
  return { yearIn: Array.from({ length: span }, (_, i) => bounds.min + i) };
}

function priceRangeOf(query: ListingsQuery): ListingsPlan["priceRange"] {
  if (!hasPriceRange(query)) return undefined;
  return { ...(query.priceMin !== undefined ? { min: query.priceMin } : {}), ...(query.priceMax !== undefined ? { max: query.priceMax } : {}) };
}

/** The longest word filters in Firestore; the others are checked on the server. */
export function splitKeywords(q: string | undefined): { arrayContains?: string; postFilterTokens: string[] } {
  if (q === undefined) return { postFilterTokens: [] };
  const tokens = queryTokensOf(q);
  const longest = tokens.reduce((best, token) => (token.length > best.length ? token : best), tokens[0]);
  return { arrayContains: longest, postFilterTokens: tokens.filter((token) => token !== longest) };
}

export function fetchSizeOf(limit: number, checkedOnServer: boolean): number {
  return checkedOnServer ? Math.min(limit * OVERFETCH, MAX_SCAN) : limit + 1;
}

/** Plans a validated query, or throws VALIDATION_FAILED naming every offending parameter. */
export function planListingsQuery(query: ListingsQuery, now = new Date()): ListingsPlan {
  const fields: FieldErrors = Object.assign({}, ...RULES.map((rule) => rule(query, now) ?? {}));
  const sort = sortOf(query);
  const startAfter = query.cursor === undefined ? undefined : cursorOrFieldError(query.cursor, sort, fields);
  if (Object.keys(fields).length > 0) throw errors.validation(fields);
  const keywords = splitKeywords(query.q);
  const years = yearsOf(query, now);
  return {
    equalities: equalitiesOf(query),
    ...years,
    ...optional("priceRange", priceRangeOf(query)),
    ...optional("arrayContains", keywords.arrayContains),
    postFilterTokens: keywords.postFilterTokens,
    sort,
    order: ORDER_OF[sort],
    limit: query.limit,
    fetchSize: fetchSizeOf(query.limit, keywords.postFilterTokens.length > 0 || years.yearRange !== undefined),
    ...optional("startAfter", startAfter),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function cursorOrFieldError(cursor: string, sort: Sort, fields: FieldErrors): CursorPosition | undefined {
  try {
    return decodeCursor(cursor, sort);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    Object.assign(fields, error.fields);
    return undefined;
  }
}

// ---- cursors --------------------------------------------------------------------------

function invalidCursor(message: string): DomainError {
  return errors.validation({ cursor: message });
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: position.sort, v: position.value, id: position.id }), "utf8").toString("base64url");
}

export const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
/** Firestore Timestamp seconds: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (else `new Timestamp` throws). */
export const TIMESTAMP_SECONDS = { min: -62_135_596_800, max: 253_402_300_799 };
const isSeconds = (v: unknown): v is number => isInt(v) && v >= TIMESTAMP_SECONDS.min && v <= TIMESTAMP_SECONDS.max;
const VALUE_CHECKS: Record<OrderField, (v: unknown) => boolean> = {
  price: isInt,
  publishedAt: (v) => Array.isArray(v) && v.length === 2 && isSeconds(v[0]) && isInt(v[1]) && v[1] >= 0 && v[1] < 1e9,
};

function parsePayload(cursor: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) throw invalidCursor("Not a cursor this API issued; start again without cursor");
  try {
    const payload: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (payload !== null && typeof payload === "object" && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // fall through to the same answer as every other malformed cursor
  }
  throw invalidCursor("Not a cursor this API issued; start again without cursor");
}

/** The position a cursor stands for; a cursor of another sort or a malformed one is a 400. */
export function decodeCursor(cursor: string, sort: Sort): CursorPosition {
  const { s, v, id } = parsePayload(cursor);
  if (typeof s !== "string" || !SORTS.includes(s as Sort)) throw invalidCursor("Not a cursor this API issued; start again without cursor");
  if (s !== sort) throw invalidCursor(`This cursor belongs to sort=${s}; keep the same sort and filters while paging, or start again without cursor`);
  if (!VALUE_CHECKS[ORDER_OF[sort].field](v) || !isDocumentId(id)) {
    throw invalidCursor("Not a cursor this API issued; start again without cursor");
  }
  return { sort, value: v as SortValue, id };
}
