// A vendor's kind and account status: vocabulary that listings (which show and hide by
// it), vendors (which own it) and the public API all speak, so it lives below them all.
export const VENDOR_TYPES = ["dealer", "individual", "parts_shop"] as const;
export const VENDOR_STATUSES = ["pending", "approved", "rejected", "suspended"] as const;

export type VendorType = (typeof VENDOR_TYPES)[number];
export type VendorStatus = (typeof VENDOR_STATUSES)[number];
