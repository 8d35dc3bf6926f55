// What the privacy domain itself holds: consent records and data exports.
import type { Classification } from "../core/classification";

export const privacyClassification: readonly Classification[] = [
  // Progress of one erasure (privacy/erasure.ts), under the pseudonym: the uid only while it runs.
  { store: "firestore", path: "deletions/{pseudonym}", class: "operational", links: [], export: "none", deletion: "keep" },
  { store: "firestore", path: "users/{uid}/consents/{id}", class: "operational", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
  {
    store: "storage",
    path: "exports/{uid}/**",
    class: "identity",
    links: [{ segment: "uid" }],
    export: "none",
    deletion: "delete",
    retention: { days: 7, field: "timeCreated", by: "prune" },
  },
];
