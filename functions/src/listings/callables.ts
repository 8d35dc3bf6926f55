// listings-moderate (SPEC section 4): an admin approves or rejects a listing under review.
import { FieldValue } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import type { VendorStatus } from "../shared/vendors";
import { moderationOutcome } from "./model";
import { moderationRef } from "./moderation";
import { ModerateListingInput, type ListingStatus } from "./schema";

export const moderate = callable({
  name: "listings.moderate",
  roles: ["admin"],
  input: ModerateListingInput,
  audit: "listing.moderate",
  auditSubject: (input) => ({ target: { type: "listing", id: input.listingId }, changes: { decision: input.decision } }),
  handler: async ({ uid, input, audit }) => {
    const listingRef = db().collection("listings").doc(input.listingId);
    const result = await db().runTransaction(async (tx) => {
      const listing = await tx.get(listingRef);
      if (!listing.exists) throw errors.notFound("Listing");
      const vendor = await tx.get(db().collection("vendors").doc(String(listing.get("vendorId"))));
      const from = listing.get("status") as ListingStatus;
      const to = moderationOutcome(from, input.decision, vendor.get("status") as VendorStatus | undefined);
      const at = FieldValue.serverTimestamp();
      const publish = to === "active" && !listing.get("publishedAt") ? { publishedAt: at } : {};
      // The public listing says only when and what was decided (SPEC section 3: no admin
      // identity on a readable document); who and why go to private/moderation, which the
      // vendor and admins read, and to the audit log. Both share one commit time.
      tx.update(listingRef, { status: to, moderation: { at, decision: input.decision }, ...publish });
      tx.set(moderationRef(input.listingId), { decision: input.decision, from, to, reason: input.reason ?? null, by: uid, at });
      return { from, to };
    });
    audit({ target: { type: "listing", id: input.listingId }, changes: { ...result, decision: input.decision, reason: input.reason ?? null } });
    return { status: result.to };
  },
});
