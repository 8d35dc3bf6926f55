// Inputs of the jobs group (SPEC sections 3 and 4). Strict objects: unknown keys are errors.
// That preferredAt lies in the future is checked against the clock by the handler
// (model.parsePreferredAt); here only its format is checked.
import { z } from "zod";
import { governorateSchema } from "../shared/egypt";
import { documentId, isFileIn } from "../shared/ids";
import { JOB_TYPES } from "./model";

const FIRST_VEHICLE_YEAR = 1950;

/** Job, listing and engineer ids: one path segment each (shared/ids.ts). */
const id = documentId;

/** Next year, read at parse time so a long-lived instance still accepts new models in January. */
function latestVehicleYear(): number {
  return new Date().getUTCFullYear() + 1;
}

const vehicleYear = z
  .number()
  .int()
  .min(FIRST_VEHICLE_YEAR, { error: `Must be a year from ${FIRST_VEHICLE_YEAR}` })
  .refine((year) => year <= latestVehicleYear(), { error: () => `Must be a year up to ${latestVehicleYear()}` });

export const VehicleInput = z.strictObject({
  make: z.string().trim().min(1).max(60),
  model: z.string().trim().min(1).max(60),
  year: vehicleYear,
});

/** A path inside the default bucket ("serviceJobs/j1/photos/front.jpg"): no leading slash, no "." or ".." segments. */
export const storagePath = z
  .string()
  .max(1024)
  .regex(/^[\w-][\w.-]*(?:\/[\w-][\w.-]*)+$/, { error: "Must be a storage path such as serviceJobs/<jobId>/photos/front.jpg" });

/** Where storage.rules let the job's engineer upload its report photos (SPEC section 7). */
export const jobPhotosFolder = (jobId: string) => `serviceJobs/${jobId}/photos`;

export const RequestJobInput = z.strictObject({
  type: z.enum(JOB_TYPES),
  vehicle: VehicleInput,
  listingId: id.optional(),
  governorate: governorateSchema,
  city: z.string().trim().min(2).max(80),
  address: z.string().trim().min(5).max(500),
  preferredAt: z.iso.datetime({ offset: true, error: "Must be an ISO 8601 date-time, e.g. 2025-06-01T10:00:00+02:00" }),
  notes: z.string().trim().max(1000).optional(),
  /** A retry with the same key returns the job the first call made (SPEC section 4). */
  idempotencyKey: z.string().trim().min(8).max(100).regex(/^[\w-]+$/, { error: "Use letters, digits, '-' or '_' (a UUID works)" }),
});

export const AssignJobInput = z.strictObject({ jobId: id, engineerId: id.optional() });

export const RespondJobInput = z.strictObject({
  jobId: id,
  accept: z.boolean(),
  reason: z.string().trim().max(500).optional(),
});

export const StartJobInput = z.strictObject({ jobId: id });

export const JobReportInput = z.strictObject({
  summary: z.string().trim().min(1).max(2000),
  findings: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  photos: z.array(storagePath).max(20).default([]),
});

export const CompleteJobInput = z
  .strictObject({
    jobId: id,
    report: JobReportInput,
    /** Final price in piastres. */
    price: z.number().int().positive().optional(),
  })
  .superRefine((input, ctx) => {
    // A photo of another job (or anywhere else) would put a file someone else controls, or cannot read, into this report.
    input.report.photos.forEach((photo, index) => {
      if (isFileIn(jobPhotosFolder(input.jobId), photo)) return;
      ctx.addIssue({ code: "custom", path: ["report", "photos", index], message: `Must be a photo of this job: ${jobPhotosFolder(input.jobId)}/<file>` });
    });
  });

export const CancelJobInput = z.strictObject({
  jobId: id,
  reason: z.string().trim().min(3).max(500),
});

/** jobs-review: stars 1-5 (whole), an optional text; the review's id is the job's. */
export const ReviewJobInput = z.strictObject({
  jobId: id,
  rating: z.number().int().min(1).max(5),
  text: z.string().trim().max(2000).optional(),
});

export type RequestJob = z.output<typeof RequestJobInput>;
export type AssignJob = z.output<typeof AssignJobInput>;
export type RespondJob = z.output<typeof RespondJobInput>;
export type StartJob = z.output<typeof StartJobInput>;
export type CompleteJob = z.output<typeof CompleteJobInput>;
export type JobReport = z.output<typeof JobReportInput>;
export type CancelJob = z.output<typeof CancelJobInput>;
export type ReviewJob = z.output<typeof ReviewJobInput>;
