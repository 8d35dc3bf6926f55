// Vendor lifecycle (SPEC section 3 vendors, issue 3). Pure: no Firebase imports.
import { errors } from "../core/errors";

export const VENDOR_TYPES = ["dealer", "individual", "parts_shop"] as const;
export const VENDOR_STATUSES = ["pending", "approved", "rejected", "suspended"] as const;
export const REVIEW_DECISIONS = ["approve", "reject", "suspend", "reinstate"] as const;

export type VendorStatus = (typeof VENDOR_STATUSES)[number];
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

export interface VendorSummarySource {
  displayName: string;
  type: (typeof VENDOR_TYPES)[number];
  rating?: { avg?: number; count?: number };
}

/** The vendor summary denormalised onto each listing (so a listing page needs no extra reads). */
export function vendorSummaryOf(vendor: VendorSummarySource) {
  return {
    displayName: vendor.displayName,
    type: vendor.type,
    rating: { avg: vendor.rating?.avg ?? 0, count: vendor.rating?.count ?? 0 },
  };
}
