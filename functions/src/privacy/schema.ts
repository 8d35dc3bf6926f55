// Inputs of the privacy group (SPEC section 4). Strict objects: unknown keys are errors.
import { z } from "zod";
import { documentId } from "../shared/ids";

export const CONSENT_TYPES = ["terms", "privacy", "marketing", "data_processing", "third_party_sharing"] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export const RecordConsentInput = z.strictObject({
  type: z.enum(CONSENT_TYPES),
  granted: z.boolean(),
  policyVersion: z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z._-]+$/, "Letters, digits, dot, dash or underscore"),
});

export const NoInput = z.strictObject({});

export const EraseNowInput = z.strictObject({
  // One id rule for every id input (shared/ids.ts): "..", "__x__" or a lone surrogate is a
  // VALIDATION_FAILED on uid, never a path Firestore refuses (the fuzz run found them as internal).
  uid: documentId,
  reason: z.string().trim().min(3).max(500),
});

export type RecordConsent = z.output<typeof RecordConsentInput>;
