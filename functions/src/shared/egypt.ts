// Egypt's 27 governorates as stable slugs. Clients may send the English name in any
// case ("Cairo", "Kafr El Sheikh"); inputs are normalised to the slug, which is what
// queries, dispatch and rules compare.
import { z } from "zod";

export const GOVERNORATES = [
  "cairo", "giza", "alexandria", "qalyubia", "sharqia", "dakahlia", "gharbia", "monufia", "beheira",
  "kafr_el_sheikh", "damietta", "port_said", "ismailia", "suez", "north_sinai", "south_sinai", "faiyum",
  "beni_suef", "minya", "asyut", "sohag", "qena", "luxor", "aswan", "red_sea", "new_valley", "matrouh",
] as const;

export type Governorate = (typeof GOVERNORATES)[number];

export function toGovernorateSlug(value: unknown): unknown {
  return typeof value === "string" ? value.trim().toLowerCase().replace(/[\s-]+/g, "_") : value;
}

export const governorateSchema = z.preprocess(
  toGovernorateSlug,
  z.enum(GOVERNORATES, { error: "Must be one of Egypt's governorates, e.g. cairo, giza, alexandria" }),
);

/**
 * Phone numbers are stored in E.164. Egyptian local numbers ("010 1234 5678") are
 * accepted and converted; other countries must already carry their "+" prefix.
 */
export function normalisePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s().-]/g, "");
  const local = /^0(1[0125]\d{8})$/.exec(compact);
  if (local) return `+20${local[1]}`;
  const egyptian = /^(?:\+|00)20(1[0125]\d{8})$/.exec(compact);
  if (egyptian) return `+20${egyptian[1]}`;
  const international = /^(?:\+|00)([1-9]\d{7,14})$/.exec(compact);
  return international && !international[1].startsWith("20") ? `+${international[1]}` : undefined;
}

export const phoneSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const phone = normalisePhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "Must be a valid phone number, e.g. +201001234567" });
      return z.NEVER;
    }
    return phone;
  });
