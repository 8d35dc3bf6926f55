// Inputs of the users group (SPEC section 4). Strict objects: unknown keys are errors.
import { z } from "zod";
import { ROLES } from "../core/roles";
import { AddressInput } from "../shared/address";
import { governorateSchema, phoneSchema } from "../shared/egypt";
import { documentId } from "../shared/ids";

export const LOCALES = ["ar", "en"] as const;
export const USER_STATUSES = ["active", "suspended", "deletion_pending"] as const;

/** A user id: one path segment (shared/ids.ts). */
const uid = documentId;

export { AddressInput, PostalAddress } from "../shared/address";

export const UpdateProfileInput = z
  .strictObject({
    displayName: z.string().trim().min(2).max(80).optional(),
    locale: z.enum(LOCALES).optional(),
    governorate: governorateSchema.optional(),
    phone: phoneSchema.optional(),
    address: AddressInput.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: "Send at least one field to update" });

export const SetRoleInput = z.strictObject({ uid, role: z.enum(ROLES) });

export const SetStatusInput = z.strictObject({
  uid,
  status: z.enum(["active", "suspended"]),
  reason: z.string().trim().min(3).max(500),
});

export type UpdateProfile = z.output<typeof UpdateProfileInput>;
