// A vendor change reaches their listings (SPEC section 6). Only changes that show on a
// listing start the fan-out: name, type, rating, or status (suspension hides listings).
import { onDocumentWritten } from "../core/triggers";
import { sameData } from "../shared/equal";
import { syncVendorListings } from "./sync";

const FIELDS_SHOWN_ON_LISTINGS = ["displayName", "type", "rating", "status"] as const;

export const onVendorWritten = onDocumentWritten({ document: "vendors/{vendorId}", timeoutSeconds: 540, memory: "512MiB" }, async (event) => {
  const before = event.data?.before.data();
  const after = event.data?.after.data();
  if (!after) return;
  const changed = FIELDS_SHOWN_ON_LISTINGS.some((field) => !sameData(before?.[field], after[field]));
  if (changed) await syncVendorListings(event.params.vendorId);
});
