// What the vendors domain holds about a person (SPEC section 3), for privacy/registry.ts.
import type { Classification } from "../core/classification";

export const vendorsClassification: readonly Classification[] = [
  { store: "firestore", path: "vendors/{vendorId}", class: "public_content", links: [{ segment: "vendorId" }], export: "as_is", deletion: "delete" },
  {
    store: "firestore",
    path: "vendors/{vendorId}/private/{doc}",
    class: "financial",
    links: [{ segment: "vendorId" }],
    export: "decrypt",
    deletion: "delete",
    piiFields: ["phone", "nationalId", "commercialRegister", "iban"],
  },
  {
    store: "firestore",
    path: "vendors/{vendorId}/reviews/{orderId}",
    class: "public_content",
    links: [{ field: "buyerId" }, { segment: "vendorId" }],
    export: "as_is",
    deletion: "pseudonymise",
  },
  { store: "storage", path: "vendors/{uid}/logo/{file}", class: "public_content", links: [{ segment: "uid" }], export: "none", deletion: "delete" },
  { store: "storage", path: "vendors/{uid}/kyc/**", class: "financial", links: [{ segment: "uid" }], export: "none", deletion: "delete" },
];
