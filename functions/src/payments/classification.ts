// The payments ledger names orders, never people (SPEC section 5), for privacy/registry.ts.
import type { Classification } from "../core/classification";
import { EVENT_RECORD_DAYS } from "./process";

export const paymentsClassification: readonly Classification[] = [
  {
    store: "firestore",
    path: "paymentEvents/{id}",
    class: "financial",
    links: [],
    export: "none",
    deletion: "keep",
    retention: { days: EVENT_RECORD_DAYS, field: "expireAt", by: "ttl" },
  },
  // Money captured for no order we know (issue 11 item 3): financial records kept like orders.
  { store: "firestore", path: "paymentIssues/{eventId}", class: "financial", links: [], export: "none", deletion: "keep" },
];
