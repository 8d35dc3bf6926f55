// What the users domain holds about a person (SPEC section 3), for privacy/registry.ts.
import type { Classification } from "../core/classification";

export const NOTIFICATION_RETENTION_DAYS = 180;

export const usersClassification: readonly Classification[] = [
  { store: "firestore", path: "users/{uid}", class: "identity", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
  {
    store: "firestore",
    path: "users/{uid}/private/{doc}",
    class: "contact_pii",
    links: [{ segment: "uid" }],
    export: "decrypt",
    deletion: "delete",
    piiFields: ["phone", "address"],
  },
  {
    store: "firestore",
    path: "users/{uid}/notifications/{id}",
    class: "behavioural",
    links: [{ segment: "uid" }],
    export: "as_is",
    deletion: "delete",
    retention: { days: NOTIFICATION_RETENTION_DAYS, field: "createdAt", by: "prune" },
  },
  { store: "firestore", path: "users/{uid}/favorites/{listingId}", class: "behavioural", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
  { store: "firestore", path: "users/{uid}/devices/{deviceId}", class: "operational", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
  { store: "storage", path: "users/{uid}/**", class: "identity", links: [{ segment: "uid" }], export: "none", deletion: "delete" },
];
