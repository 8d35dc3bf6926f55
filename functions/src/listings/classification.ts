// What the listings domain holds about a person (SPEC section 3), for privacy/registry.ts.
import type { Classification } from "../core/classification";

export const listingsClassification: readonly Classification[] = [
  { store: "firestore", path: "listings/{listingId}", class: "public_content", links: [{ field: "vendorId" }], export: "as_is", deletion: "delete" },
  { store: "firestore", path: "listings/{listingId}/stockShards/{shard}", class: "operational", links: [{ parent: "listings/{listingId}" }], export: "none", deletion: "delete" },
  // The last moderation decision (by, reason): the listing's vendor and admins read it.
  { store: "firestore", path: "listings/{listingId}/private/{doc}", class: "operational", links: [{ parent: "listings/{listingId}" }], export: "as_is", deletion: "delete" },
  { store: "storage", path: "listings/{listingId}/images/{file}", class: "public_content", links: [{ parent: "listings/{listingId}" }], export: "none", deletion: "delete" },
];
