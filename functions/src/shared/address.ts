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
