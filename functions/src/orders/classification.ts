// What the orders domain holds about a person (SPEC section 3), for privacy/registry.ts.
// Orders are financial records the law makes us keep: on erasure the party's uid becomes
// a pseudonym and the encrypted delivery address goes.
import type { Classification } from "../core/classification";
import { STATS_MARKER_DAYS } from "./stats";

export const ordersClassification: readonly Classification[] = [
  {
    store: "firestore",
    path: "orders/{orderId}",
    class: "financial",
    links: [{ field: "buyerId" }, { field: "vendorId" }],
    export: "parties",
    deletion: "pseudonymise",
  },
  { store: "firestore", path: "orders/{orderId}/events/{eventId}", class: "operational", links: [{ parent: "orders/{orderId}" }], export: "as_is", deletion: "pseudonymise" },
  {
    store: "firestore",
    path: "orders/{orderId}/private/{doc}",
    class: "location",
    links: [{ parent: "orders/{orderId}" }],
    export: "decrypt",
    deletion: "delete",
    piiOwner: "buyerId",
    piiFields: ["address"],
  },
  { store: "firestore", path: "orderNumbers/{id}", class: "operational", links: [], export: "none", deletion: "keep" },
  // Markers that count a stats event once (orders/, users/, listings/, jobs/ stats.ts over
  // core/counters.ts); they name orders, listings, jobs or Auth events, never a person.
  {
    store: "firestore",
    path: "statsEvents/{id}",
    class: "operational",
    links: [],
    export: "none",
    deletion: "keep",
    retention: { days: STATS_MARKER_DAYS, field: "expireAt", by: "ttl" },
  },
];
