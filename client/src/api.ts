// The public REST API (SPEC section 5), typed from the same zod schemas the api function
// validates and documents with (functions/src/api/schema.ts). Same origin as the console
// through Hosting's /v1/** rewrite, so baseUrl defaults to "".
import type { z } from "zod";
import { ListingsQuery, type ListingPage, type PublicVendor } from "../../functions/src/api/schema";
import type { PublicListing } from "../../functions/src/listings/schema";
import { SoukError, validationError, type SoukReason } from "./errors";

export type ListingsQueryInput = z.input<typeof ListingsQuery>;
export type { ListingPage, PublicVendor };
export type PublicListingItem = z.output<typeof PublicListing>;

export interface PublicApi {
  listings(query?: ListingsQueryInput): Promise<ListingPage>;
  listing(id: string): Promise<PublicListingItem>;
  vendor(id: string): Promise<PublicVendor>;
}

async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new SoukError("unavailable", "NETWORK_ERROR", error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; requestId?: string; fields?: Record<string, string> } };
  if (response.ok) return body as T;
  const status = response.status === 404 ? "not-found" : response.status === 429 ? "resource-exhausted" : response.status === 400 ? "invalid-argument" : "unavailable";
  throw new SoukError(status, (body.error?.code ?? "UNKNOWN") as SoukReason, body.error?.message ?? response.statusText, body.error?.fields ?? {}, body.error?.requestId ?? null);
}

export function publicApi(baseUrl = ""): PublicApi {
  return {
    listings(query = {}) {
      const parsed = ListingsQuery.safeParse(query);
      if (!parsed.success) throw validationError(parsed.error);
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
      return getJson(`${baseUrl}/v1/listings?${params}`);
    },
    listing: (id) => getJson(`${baseUrl}/v1/listings/${encodeURIComponent(id)}`),
    vendor: (id) => getJson(`${baseUrl}/v1/vendors/${encodeURIComponent(id)}`),
  };
}
