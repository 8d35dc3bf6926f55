// Listing writes through the client SDK (SPEC section 3: an approved vendor writes listings
// directly; rules validate every field). People type pounds and governorate names; the
// contract stores integer piastres and slugs. These helpers take the former, write the
// latter, and report bad values as SoukError fields before any write.
import { z } from "zod";
import { CONDITIONS, FUELS, LISTING_KINDS, MIN_YEAR, TRANSMISSIONS, maxYear } from "../../functions/src/listings/schema";
import { SoukError, validationError } from "./errors";
import { governorateSlug } from "./governorates";
import { piastresFromPounds } from "./money";

const amount = (label: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const piastres = piastresFromPounds(value);
    if (piastres === undefined) ctx.addIssue({ code: "custom", message: `${label} must be a positive amount in EGP, e.g. 12500 or 12,500.50` });
    return piastres ?? 0;
  });
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.union([z.string().trim().min(1).transform(Number), z.number()]).pipe(z.number().int().min(min).max(max));
const governorate = z.string().transform((value, ctx) => {
  const slug = governorateSlug(value);
  if (slug === undefined) ctx.addIssue({ code: "custom", message: "Must be one of Egypt's governorates, e.g. Cairo or القاهرة" });
  return slug ?? "cairo";
});
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

const common = {
  title: text(3, 120),
  description: z.string().max(5000).default(""),
  /** Pounds as typed ("12,500"); stored as `price` in piastres. */
  priceEgp: amount("Price"),
  condition: z.enum(CONDITIONS),
  governorate,
  city: text(1, 80),
};

export const CarListingDisplay = z.strictObject({
  kind: z.literal("car"),
  ...common,
  make: text(1, 40),
  model: text(1, 60),
  year: whole(MIN_YEAR, maxYear()),
  mileageKm: whole(0),
  transmission: z.enum(TRANSMISSIONS),
  fuel: z.enum(FUELS),
  bodyType: text(1, 40).optional(),
  color: text(1, 40).optional(),
});

export const PartListingDisplay = z.strictObject({
  kind: z.literal("part"),
  ...common,
  partNumber: text(1, 60),
  compatibleMakes: z.array(text(1, 40)).max(50).optional(),
  stock: whole(0),
});

export const ListingDisplay = z.discriminatedUnion("kind", [CarListingDisplay, PartListingDisplay]);
export type ListingDisplayInput = z.input<typeof ListingDisplay>;

/** The stored fields (SPEC section 3) for a listing typed as display values; vendorId and status are the caller's. */
export function listingFieldsOf(input: ListingDisplayInput): Record<string, unknown> {
  const parsed = ListingDisplay.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { priceEgp, ...rest } = parsed.data;
  return { ...rest, price: priceEgp, currency: "EGP" };
}

export { LISTING_KINDS };

/** A rules denial of a direct write (the client cannot know which rule). */
export function rulesDenied(error: unknown): SoukError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "permission-denied") {
    return new SoukError("permission-denied", "RULES_DENIED", "This change is not allowed for this listing or account.");
  }
  return new SoukError("unavailable", "NETWORK_ERROR", error instanceof Error ? error.message : String(error));
}
