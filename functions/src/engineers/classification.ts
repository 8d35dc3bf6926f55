// What the engineers domain holds about a person (SPEC section 3), for privacy/registry.ts.
import type { Classification } from "../core/classification";

export const engineersClassification: readonly Classification[] = [
  { store: "firestore", path: "engineers/{uid}", class: "public_content", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
  {
    store: "firestore",
    path: "engineers/{uid}/private/{doc}",
    class: "contact_pii",
    links: [{ segment: "uid" }],
    export: "decrypt",
    deletion: "delete",
    piiFields: ["phone"],
  },
  {
    store: "firestore",
    path: "engineers/{uid}/reviews/{jobId}",
    class: "public_content",
    links: [{ field: "customerId" }, { segment: "uid" }],
    export: "as_is",
    deletion: "pseudonymise",
  },
];
