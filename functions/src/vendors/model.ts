// Vendor lifecycle (SPEC section 3 vendors, issue 3). Pure: no Firebase imports.
import { errors } from "../core/errors";
import { isFileIn } from "../shared/ids";
import type { VendorStatus } from "../shared/vendors";

export { VENDOR_STATUSES, VENDOR_TYPES, type VendorStatus } from "../shared/vendors";
export const REVIEW_DECISIONS = ["approve", "reject", "suspend", "reinstate"] as const;

export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** From which statuses each admin decision may be taken, and where it leads. */
const REVIEW_TRANSITIONS: Record<ReviewDecision, { from: readonly VendorStatus[]; to: VendorStatus }> = {
  approve: { from: ["pending", "rejected"], to: "approved" },
  reject: { from: ["pending"], to: "rejected" },
  suspend: { from: ["approved"], to: "suspended" },
  reinstate: { from: ["suspended"], to: "approved" },
};

export function reviewVendor(current: VendorStatus, decision: ReviewDecision): VendorStatus {
  const rule = REVIEW_TRANSITIONS[decision];
  if (!rule.from.includes(current)) throw errors.invalidTransition(current, rule.to);
  return rule.to;
}

/** A customer may apply when they never applied or were rejected before. */
export function canApply(current: VendorStatus | undefined): boolean {
  return current === undefined || current === "rejected";
}

/** Where storage.rules let the vendor upload their logo (SPEC section 7). */
export const logoFolder = (uid: string) => `vendors/${uid}/logo`;

/** A logoPath must be a file in the caller's own logo folder (null clears the logo). */
export function requireOwnLogo(uid: string, logoPath: string | null | undefined): void {
  if (logoPath === null || logoPath === undefined || isFileIn(logoFolder(uid), logoPath)) return;
  throw errors.validation({ logoPath: `Must be a file in your logo folder: ${logoFolder(uid)}/<file>` });
}

/**
 * A review's verdict (issue 10, finding 2): "published" counts in the vendor's rating and
 * is public; "held" waits for an admin (self-dealing signals, money not collected);
 * "removed" is an admin's no. No status yet: the trigger has not checked it.
 */
export type ReviewStatus = "published" | "held" | "removed";
export const MODERATION_DECISIONS = ["publish", "remove"] as const;
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];

/** Where an admin's decision on a review leads; only a held review may be moderated. */
export function moderatedStatus(current: ReviewStatus | undefined, decision: ModerationDecision): ReviewStatus {
  if (current !== "held") {
    throw errors.precondition("REVIEW_NOT_HELD", `Only a held review can be moderated; this one is ${current ?? "not checked yet"}.`);
  }
  return decision === "publish" ? "published" : "removed";
}
