// What the service-jobs domain holds about a person (SPEC section 3), for privacy/registry.ts.
import type { Classification } from "../core/classification";

export const jobsClassification: readonly Classification[] = [
  {
    store: "firestore",
    path: "serviceJobs/{jobId}",
    class: "location",
    links: [{ field: "customerId" }, { field: "engineerId" }],
    export: "parties",
    deletion: "pseudonymise",
    piiOwner: "customerId",
    piiFields: ["address"],
  },
  // Report photos of the customer's car: kept with the (pseudonymised) job they document.
  { store: "storage", path: "serviceJobs/{jobId}/photos/{file}", class: "location", links: [{ parent: "serviceJobs/{jobId}" }], export: "none", deletion: "pseudonymise" },
];
