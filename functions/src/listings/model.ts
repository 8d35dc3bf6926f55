// Listing rules the server applies (SPEC section 3, issue 3). Pure: no Firebase imports.
import { errors } from "../core/errors";
import { sameData } from "../shared/equal";
import type { VendorStatus } from "../shared/vendors";
import { VENDOR_FIELDS_CAR, VENDOR_FIELDS_COMMON, VENDOR_FIELDS_PART, type ListingStatus } from "./schema";

const VENDOR_FIELDS: readonly string[] = [...VENDOR_FIELDS_COMMON, ...VENDOR_FIELDS_CAR, ...VENDOR_FIELDS_PART];

export type ListingData = Record<string, unknown> & { status?: ListingStatus; vendorId?: string };


/** True when a vendor-writable field differs: the listing's content was edited. */
export function contentChanged(before: ListingData | undefined, after: ListingData): boolean {
  if (!before) return true;
  return VENDOR_FIELDS.some((field) => !sameData(before[field], after[field]));
}

export function sameTokens(a: unknown, b: readonly string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((t, i) => t === b[i]);
}

export type ModerationDecision = "approve" | "reject";

/** Admin moderation: only a listing waiting for review is approved or rejected. */
export function moderationOutcome(current: ListingStatus, decision: ModerationDecision, vendorStatus: VendorStatus | undefined): ListingStatus {
  const to: ListingStatus = decision === "approve" ? "active" : "rejected";
  if (current !== "pending_review") throw errors.invalidTransition(current, to);
  if (decision === "approve" && vendorStatus !== "approved") {
    throw errors.precondition("VENDOR_NOT_APPROVED", "Only listings of approved vendors can be published.");
  }
  return to;
}

export interface Suspension {
  previousStatus: ListingStatus;
}

/**
 * A listing follows its vendor's status: a suspended vendor's active listings are hidden
 * (status `suspended`, remembering what they were) and a reinstated vendor's come back.
 * Returns the status fields to write, or undefined when nothing changes.
 */
export function statusForVendor(
  listing: { status?: ListingStatus; suspension?: Suspension | null },
  vendorStatus: VendorStatus,
): { status: ListingStatus; suspension: Suspension | null } | undefined {
  if (vendorStatus === "suspended" && listing.status === "active") {
    return { status: "suspended", suspension: { previousStatus: "active" } };
  }
  if (vendorStatus === "approved" && listing.status === "suspended" && listing.suspension) {
    return { status: listing.suspension.previousStatus, suspension: null };
  }
  return undefined;
}

/** Whether a change moved the listing into or out of the public `active` set. */
export function crossedActive(before: ListingData | undefined, after: ListingData | undefined): boolean {
  return (before?.status === "active") !== (after?.status === "active");
}
