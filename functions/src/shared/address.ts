// A postal address as users give it (profile, order delivery): one free-text line or a
// structured address. Shared by the users and orders groups without either loading the other.
import { z } from "zod";
import { governorateSchema } from "./egypt";

export const PostalAddress = z.strictObject({
  line1: z.string().trim().min(3).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(2).max(80),
  governorate: governorateSchema,
  postalCode: z.string().trim().max(10).optional(),
  notes: z.string().trim().max(300).optional(),
});

/** An address is either one free-text line or a structured postal address. */
export const AddressInput = z.union([z.string().trim().min(5).max(500), PostalAddress]);

function maskLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.length <= 4 ? "•••" : `${trimmed.slice(0, 4)}•••`;
}

/**
 * What the order shows of a delivery address: enough for the buyer to recognise it, not
 * enough to find it. Free text has no reliable structure (the city may come first or not
 * at all), so only its first characters show; a structured address shows its area.
 */
export function maskAddress(address: string | { line1: string; city: string; governorate: string }): string {
  if (typeof address === "string") return maskLine(address);
  return `${maskLine(address.line1)}, ${address.city}, ${address.governorate}`;
}
