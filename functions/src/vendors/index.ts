import { apply, moderateReview, review, updateProfile } from "./callables";
import { onReviewWritten } from "./reviews";
import { onVendorWritten } from "./triggers";

export const vendors = { apply, updateProfile, review, moderateReview, onVendorWritten, onReviewWritten };
