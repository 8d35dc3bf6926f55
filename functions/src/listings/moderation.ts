// Where a listing's moderation decision lives (SPEC section 3: public documents carry no
// admin identity). The listing itself keeps moderation {at, decision}; who decided and why
// are in listings/{id}/private/moderation, read by the listing's vendor and admins (rules),
// and in the listing.moderate audit entry.
import { Timestamp } from "firebase-admin/firestore";
import { db } from "../core/firebase";
import type { ListingData } from "./model";

/** listings/{id}/private/moderation: the last decision, with who made it and why. */
export const moderationRef = (listingId: string) => db().collection("listings").doc(listingId).collection("private").doc("moderation");

/**
 * The admin of the moderation a listing write carries, read from the private decision
 * written in the same commit (the two share their `at`). Undefined when a later decision
 * has replaced the private one since (a late redelivery).
 */
export async function moderatorOf(listingId: string, after: ListingData): Promise<string | undefined> {
  const moderation = after.moderation as { at?: unknown } | undefined;
  if (!moderation) return undefined;
  const decision = await moderationRef(listingId).get();
  const at = decision.get("at") as unknown;
  const by = decision.get("by") as unknown;
  const sameDecision = at instanceof Timestamp && moderation.at instanceof Timestamp && at.isEqual(moderation.at);
  return sameDecision && typeof by === "string" ? by : undefined;
}
