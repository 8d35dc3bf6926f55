// Inputs of the vendors group (SPEC section 4). Strict: unknown keys are errors.
import { z } from "zod";
import { governorateSchema, phoneSchema } from "../shared/egypt";
import { documentId } from "../shared/ids";
import { MODERATION_DECISIONS, REVIEW_DECISIONS, VENDOR_TYPES } from "./model";

/** Egyptian national id: 14 digits, century digit 2 or 3. */
const nationalId = z.string().trim().regex(/^[23]\d{13}$/, "Must be the 14-digit Egyptian national id");
/** Egyptian IBAN: EG + 27 digits. Spaces are allowed in input and removed. */
const iban = z
  .string()
  .transform((v) => v.replace(/\s+/g, "").toUpperCase())
  .pipe(z.string().regex(/^EG\d{27}$/, "Must be an Egyptian IBAN (EG followed by 27 digits)"));

export const ApplyInput = z.strictObject({
  displayName: z.string().trim().min(2).max(80),
  type: z.enum(VENDOR_TYPES),
  governorate: governorateSchema,
  city: z.string().trim().min(2).max(80),
  phone: phoneSchema,
  nationalId,
  commercialRegister: z.string().trim().min(3).max(30).optional(),
  iban: iban.optional(),
});

export const UpdateVendorProfileInput = z
  .strictObject({
    displayName: z.string().trim().min(2).max(80).optional(),
    description: z.string().trim().max(2000).optional(),
    governorate: governorateSchema.optional(),
    city: z.string().trim().min(2).max(80).optional(),
    logoPath: z
      .string()
      .trim()
      .max(300)
      .regex(/^[\w./-]+$/, "Must be a Storage path")
      .refine((p) => !p.includes(".."), "Must not contain ..")
      .nullable()
      .optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: "Send at least one field to update" });

export const ReviewVendorInput = z
  .strictObject({
    vendorId: documentId,
    decision: z.enum(REVIEW_DECISIONS),
    reason: z.string().trim().min(3).max(500).optional(),
  })
  .refine((input) => !["reject", "suspend"].includes(input.decision) || input.reason !== undefined, {
    message: "Rejecting or suspending a vendor needs a reason",
    path: ["reason"],
  });

/** vendors-moderateReview (issue 10, finding 2): an admin's decision on a held review, with the why. */
export const ModerateReviewInput = z.strictObject({
  vendorId: documentId,
  orderId: documentId,
  decision: z.enum(MODERATION_DECISIONS),
  reason: z.string().trim().min(3).max(500),
});
