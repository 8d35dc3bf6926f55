// Request and response schemas of the public `api` (SPEC section 5). The same schemas
// validate requests (http.ts) and generate the OpenAPI document (openapi.ts), so the
// documentation cannot drift from what the server accepts.
import { z } from "zod";
import { CONDITIONS, FUELS, LISTING_KINDS, MIN_YEAR, PublicListing, TRANSMISSIONS, maxYear } from "../listings/schema";
import { GOVERNORATES, governorateSchema } from "../shared/egypt";
import { DOCUMENT_ID_PATTERN, DOCUMENT_ID_RULE } from "../shared/ids";
import { VENDOR_TYPES } from "../shared/vendors";

export const SORTS = ["newest", "price_asc", "price_desc"] as const;
export type Sort = (typeof SORTS)[number];

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;
export const MAX_Q_LENGTH = 100;

const wholeNumber = (what: string) => z.coerce.number({ error: `${what} must be a whole number` }).int({ error: `${what} must be a whole number` });

const year = (name: string) =>
  wholeNumber(name)
    .min(MIN_YEAR, { error: `${name} must be ${MIN_YEAR} or later` })
    .max(maxYear(), { error: `${name} must be ${maxYear()} or earlier` });

const piastres = (name: string) => wholeNumber(name).min(0, { error: `${name} must be 0 or more` });

const text = (max: number) => z.string().trim().min(1).max(max);

/** Query parameters of GET /v1/listings. Unknown parameters are refused (400). */
export const ListingsQuery = z.strictObject({
  kind: z.enum(LISTING_KINDS).optional().describe("car or part"),
  make: text(40).optional().describe("Car make, whatever the case or accents: toyota, TOYOTA and Toyota are one make, citroen finds Citroën"),
  model: text(60).optional().describe("Car model, whatever the case or accents, e.g. corolla"),
  yearMin: year("yearMin").optional().describe("Oldest model year; a year range spans at most 30 years"),
  yearMax: year("yearMax").optional().describe("Newest model year; a year range spans at most 30 years"),
  priceMin: piastres("priceMin").optional().describe("Lowest price in piastres (EGP 1 = 100); needs sort price_asc or price_desc"),
  priceMax: piastres("priceMax").optional().describe("Highest price in piastres (EGP 1 = 100); needs sort price_asc or price_desc"),
  governorate: governorateSchema.optional().describe(`Governorate slug or English name, e.g. cairo or "Kafr El Sheikh" (one of ${GOVERNORATES.length})`),
  condition: z.enum(CONDITIONS).optional(),
  transmission: z.enum(TRANSMISSIONS).optional(),
  fuel: z.enum(FUELS).optional(),
  q: text(MAX_Q_LENGTH).optional().describe("Keywords in Arabic or English; every word must match (word prefixes match too)"),
  sort: z.enum(SORTS).optional().describe("newest (default), price_asc (default with a price range) or price_desc"),
  limit: wholeNumber("limit")
    .min(1, { error: `limit must be between 1 and ${MAX_LIMIT}` })
    .max(MAX_LIMIT, { error: `limit must be between 1 and ${MAX_LIMIT}` })
    .default(DEFAULT_LIMIT)
    .describe(`Page size, 1 to ${MAX_LIMIT}`),
  cursor: z.string().max(1000).optional().describe("nextCursor of the previous page, unchanged"),
});
export type ListingsQuery = z.output<typeof ListingsQuery>;

/** Document ids as the API accepts them in a path. */
/**
 * Document ids as the API accepts them in a path: the shape of shared/ids.ts (else 400 on
 * id). A well-formed id Firestore reserves ("__proto__", "__name__") names no document
 * that can exist, so the route answers 404 for it (routes.ts) instead of asking Firestore.
 */
export const DocumentId = z
  .string()
  .regex(DOCUMENT_ID_PATTERN, { error: `Must be a document id: ${DOCUMENT_ID_RULE}` })
  .describe(`Document id: ${DOCUMENT_ID_RULE}`);

export const ListingPage = z.object({
  items: z.array(PublicListing),
  nextCursor: z.string().nullable().describe("Pass as cursor to get the next page; null on the last page"),
});
export type ListingPage = z.output<typeof ListingPage>;

/** An approved vendor as the public sees it: never private or KYC data. */
export const PublicVendor = z.object({
  id: z.string(),
  displayName: z.string(),
  type: z.enum(VENDOR_TYPES),
  governorate: z.enum(GOVERNORATES),
  city: z.string(),
  description: z.string().nullable(),
  logoPath: z.string().nullable(),
  rating: z.object({ avg: z.number(), count: z.number().int() }),
  stats: z.object({ activeListings: z.number().int(), completedOrders: z.number().int() }),
  online: z.boolean(),
  createdAt: z.string().datetime().nullable(),
});
export type PublicVendor = z.output<typeof PublicVendor>;

export const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  checks: z.record(z.string(), z.literal("ok")).optional().describe("Only with deep=1: each dependency checked, e.g. {firestore: \"ok\"}"),
});

/** Not strict: load balancers add their own parameters to health probes. */
export const HealthQuery = z.object({
  deep: z.enum(["0", "1"]).optional().describe("1: also check Firestore with a deadline (503 UNHEALTHY when it fails)"),
});

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("VALIDATION_FAILED, NOT_FOUND, METHOD_NOT_ALLOWED, RATE_LIMITED, CORS_ORIGIN_DENIED, UNHEALTHY (503, health with deep=1) or INTERNAL"),
    message: z.string(),
    requestId: z.string().describe("Also in the X-Request-Id header; quote it to support"),
    fields: z.record(z.string(), z.string()).optional().describe("Query parameter -> what is wrong with it"),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;
