// Inputs of the engineers group (SPEC section 4). Strict objects: unknown keys are errors.
import { z } from "zod";
import { JOB_TYPES, SETTABLE_AVAILABILITY } from "../jobs/model";
import { governorateSchema, phoneSchema } from "../shared/egypt";
import { documentId } from "../shared/ids";

export const UpsertEngineerInput = z.strictObject({
  uid: documentId,
  displayName: z.string().trim().min(2).max(80),
  skills: z
    .array(z.enum(JOB_TYPES))
    .min(1, { error: "Choose at least one skill" })
    .refine((skills) => new Set(skills).size === skills.length, { error: "Each skill may appear once" }),
  governorate: governorateSchema,
  phone: phoneSchema,
});

/** An engineer may choose available or off_duty; on_job is set only by dispatch. */
export const SetAvailabilityInput = z.strictObject({ availability: z.enum(SETTABLE_AVAILABILITY) });

export type UpsertEngineer = z.output<typeof UpsertEngineerInput>;
export type SetAvailability = z.output<typeof SetAvailabilityInput>;
