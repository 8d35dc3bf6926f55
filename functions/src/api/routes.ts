// The routes of the public `api` (SPEC section 5): each one names the schemas that
// validate it and describe its answer, which is also what openapi.ts documents.
import { z } from "zod";
import { PublicListing } from "../listings/schema";
import { errors } from "../core/errors";
import { isDocumentId } from "../shared/ids";
import { hotQueries } from "./cache";
import { healthCheck } from "./health";
import { parseOrThrow, type Route, type RouteInput } from "./http";
import { openApiDocument } from "./openapi";
import { planListingsQuery } from "./query";
import { DocumentId, Health, HealthQuery, ListingPage, ListingsQuery, PublicVendor } from "./schema";
import { findListings, getActiveListing, getApprovedVendor } from "./store";

const IdParams = z.strictObject({ id: DocumentId });

/** The id of a single-document route: 400 when malformed, 404 when no document can bear it. */
function idOf(what: string, { params, query }: RouteInput): string {
  const { id } = parseOrThrow(IdParams, { ...query, ...params });
  if (!isDocumentId(id)) throw errors.notFound(what);
  return id;
}
const OpenApiDocument = z.record(z.string(), z.unknown()).describe("An OpenAPI 3.1 document");

let openApiCache: Record<string, unknown> | undefined;
const health = healthCheck();

export const ROUTES: readonly Route[] = [
  {
    path: "/v1/health",
    operationId: "getHealth",
    summary: "Liveness and API version (no I/O); with deep=1 also a Firestore read under a deadline, 503 UNHEALTHY naming the failed check",
    query: HealthQuery,
    response: { name: "Health", schema: Health },
    cacheControl: "no-store",
    unlimited: true,
    handle: async ({ query }) => health(parseOrThrow(HealthQuery, query)),
  },
  {
    path: "/v1/openapi.json",
    operationId: "getOpenApi",
    summary: "This document",
    response: { name: "OpenApiDocument", schema: OpenApiDocument },
    handle: async () => (openApiCache ??= openApiDocument(ROUTES)),
  },
  {
    path: "/v1/listings",
    operationId: "listListings",
    summary: "Active listings, filtered, sorted and paged by cursor",
    query: ListingsQuery,
    response: { name: "ListingPage", schema: ListingPage },
    handle: async ({ query }) => {
      const plan = planListingsQuery(parseOrThrow(ListingsQuery, query));
      return hotQueries.get(`listings:${JSON.stringify(plan)}`, () => findListings(plan));
    },
  },
  {
    path: "/v1/listings/{id}",
    operationId: "getListing",
    summary: "One active listing",
    params: { id: DocumentId },
    response: { name: "Listing", schema: PublicListing },
    handle: async (input) => {
      const id = idOf("Listing", input);
      return hotQueries.get(`listing:${id}`, () => getActiveListing(id));
    },
  },
  {
    path: "/v1/vendors/{id}",
    operationId: "getVendor",
    summary: "One approved vendor",
    params: { id: DocumentId },
    response: { name: "Vendor", schema: PublicVendor },
    handle: async (input) => {
      const id = idOf("Vendor", input);
      return hotQueries.get(`vendor:${id}`, () => getApprovedVendor(id));
    },
  },
];
