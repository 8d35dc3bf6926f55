import { apply, review, updateProfile } from "./callables";
import { onVendorWritten } from "./triggers";

export const vendors = { apply, updateProfile, review, onVendorWritten };
