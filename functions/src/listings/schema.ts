// The listing document contract (SPEC section 3). firestore.rules enforces the same
// limits on client writes; these schemas describe documents for the API, OpenAPI and
// tests. Keep the two in step: test/rules/firestore.listings.test.ts pins the rules side.
import { z } from "zod";
import { GOVERNORATES } from "../shared/egypt";
import { documentId } from "../shared/ids";

export const LISTING_KINDS = ["car", "part"] as const;
export const LISTING_STATUSES = ["draft", "pending_review", "active", "rejected", "reserved", "sold", "archived", "suspended"] as const;
export const CONDITIONS = ["new", "used"] as const;
export const TRANSMISSIONS = ["manual", "automatic"] as const;
export const FUELS = ["petrol", "diesel", "hybrid", "electric", "natural_gas"] as const;
export const MAX_IMAGES = 20;
export const MIN_YEAR = 1950;
export const maxYear = (now = new Date()) => now.getUTCFullYear() + 1;

// Upper bounds of every number a vendor writes (firestore.rules enforces the same ones).
// Firestore stores int64, but JavaScript reads integers exactly only up to 2^53 - 1, and
// the API's cursors, order totals and JSON answers need exact integers. The bounds sit far
// below that, with room for arithmetic: an order multiplies a price by at most
// MAX_PART_QUANTITY (100) and adds a fee, and 10^12 x 100 = 10^14 < 2^53 (9 x 10^15).
/** EGP 10 billion in piastres: more than any car or part sells for. */
export const MAX_PRICE_PIASTRES = 1_000_000_000_000;
/** Ten million km: several times the highest odometer reading ever recorded. */
export const MAX_MILEAGE_KM = 10_000_000;
/** A million units of one part: more than any shop holds. */
export const MAX_STOCK = 1_000_000;

/** Fields a vendor writes through the client SDK (rules-validated). */
export const VENDOR_FIELDS_COMMON = ["vendorId", "kind", "title", "description", "price", "currency", "condition", "governorate", "city", "images", "status"] as const;
export const VENDOR_FIELDS_CAR = ["make", "model", "year", "mileageKm", "transmission", "fuel", "bodyType", "color"] as const;
export const VENDOR_FIELDS_PART = ["partNumber", "compatibleMakes", "stock"] as const;
/** Fields only the server writes. */
export const SERVER_FIELDS = ["searchTokens", "makeKey", "modelKey", "vendor", "favoriteCount", "publishedAt", "createdAt", "updatedAt", "moderation", "suspension", "lastOrder", "stockSplit"] as const;

export type ListingKind = (typeof LISTING_KINDS)[number];
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const VendorSummary = z.object({
  displayName: z.string(),
  rating: z.object({ avg: z.number(), count: z.number().int() }),
  type: z.enum(["dealer", "individual", "parts_shop"]),
});

const common = {
  id: z.string(),
  vendorId: z.string(),
  title: z.string().min(3).max(120),
  description: z.string().max(5000),
  price: z.number().int().positive().max(MAX_PRICE_PIASTRES).describe("Integer piastres: 1250000 is EGP 12,500.00"),
  currency: z.literal("EGP"),
  condition: z.enum(CONDITIONS),
  governorate: z.enum(GOVERNORATES),
  city: z.string().min(1).max(80),
  images: z.array(z.string()).max(MAX_IMAGES),
  status: z.enum(LISTING_STATUSES),
  vendor: VendorSummary.nullable(),
  favoriteCount: z.number().int().nonnegative(),
  publishedAt: z.string().datetime().nullable(),
  createdAt: z.string().datetime().nullable(),
  updatedAt: z.string().datetime().nullable(),
};

export const CarListing = z.object({
  ...common,
  kind: z.literal("car"),
  make: z.string().min(1).max(40),
  model: z.string().min(1).max(60),
  year: z.number().int().min(MIN_YEAR),
  mileageKm: z.number().int().nonnegative().max(MAX_MILEAGE_KM),
  transmission: z.enum(TRANSMISSIONS),
  fuel: z.enum(FUELS),
  bodyType: z.string().min(1).max(40),
  color: z.string().min(1).max(40),
});

export const PartListing = z.object({
  ...common,
  kind: z.literal("part"),
  partNumber: z.string().min(1).max(60),
  compatibleMakes: z.array(z.string().min(1).max(40)).max(50),
  stock: z.number().int().nonnegative().max(MAX_STOCK),
});

/** A listing as the public API returns it. */
export const PublicListing = z.discriminatedUnion("kind", [CarListing, PartListing]);
export type PublicListing = z.output<typeof PublicListing>;

export const ModerateListingInput = z.strictObject({
  listingId: documentId,
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().min(3).max(500).optional(),
}).refine((input) => input.decision === "approve" || input.reason !== undefined, {
  message: "A rejection needs a reason the vendor can act on",
  path: ["reason"],
});
