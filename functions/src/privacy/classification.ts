// What the privacy domain itself holds: consent records and data exports.
import type { Classification } from "../core/classification";

export const privacyClassification: readonly Classification[] = [
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
