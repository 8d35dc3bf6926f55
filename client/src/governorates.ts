// Egypt's governorates for pickers and display: the server's slugs (functions/src/shared/
// egypt.ts) with Arabic and English names. The Record type makes a slug added on the
// server without names here a compile error.
import { GOVERNORATES, type Governorate } from "../../functions/src/shared/egypt";

export type { Governorate };
export type Locale = "ar" | "en";

const NAMES: Record<Governorate, { ar: string; en: string }> = {
  cairo: { ar: "القاهرة", en: "Cairo" },
  giza: { ar: "الجيزة", en: "Giza" },
  alexandria: { ar: "الإسكندرية", en: "Alexandria" },
  qalyubia: { ar: "القليوبية", en: "Qalyubia" },
  sharqia: { ar: "الشرقية", en: "Sharqia" },
  dakahlia: { ar: "الدقهلية", en: "Dakahlia" },
  gharbia: { ar: "الغربية", en: "Gharbia" },
  monufia: { ar: "المنوفية", en: "Monufia" },
  beheira: { ar: "البحيرة", en: "Beheira" },
  kafr_el_sheikh: { ar: "كفر الشيخ", en: "Kafr El Sheikh" },
  damietta: { ar: "دمياط", en: "Damietta" },
  port_said: { ar: "بورسعيد", en: "Port Said" },
  ismailia: { ar: "الإسماعيلية", en: "Ismailia" },
  suez: { ar: "السويس", en: "Suez" },
  north_sinai: { ar: "شمال سيناء", en: "North Sinai" },
  south_sinai: { ar: "جنوب سيناء", en: "South Sinai" },
  faiyum: { ar: "الفيوم", en: "Faiyum" },
  beni_suef: { ar: "بني سويف", en: "Beni Suef" },
  minya: { ar: "المنيا", en: "Minya" },
  asyut: { ar: "أسيوط", en: "Asyut" },
  sohag: { ar: "سوهاج", en: "Sohag" },
  qena: { ar: "قنا", en: "Qena" },
  luxor: { ar: "الأقصر", en: "Luxor" },
  aswan: { ar: "أسوان", en: "Aswan" },
  red_sea: { ar: "البحر الأحمر", en: "Red Sea" },
  new_valley: { ar: "الوادي الجديد", en: "New Valley" },
  matrouh: { ar: "مطروح", en: "Matrouh" },
};

export interface GovernorateInfo {
  slug: Governorate;
  ar: string;
  en: string;
}

/** All 27, in the server's order. */
export const governorates: readonly GovernorateInfo[] = GOVERNORATES.map((slug) => ({ slug, ...NAMES[slug] }));

export function governorateName(slug: string, locale: Locale): string {
  return (NAMES as Record<string, { ar: string; en: string } | undefined>)[slug]?.[locale] ?? slug;
}

const normalise = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, "_").replace(/^ال/, "");

/** A slug from a slug, an English name in any case, or an Arabic name; undefined when unknown. */
export function governorateSlug(value: string): Governorate | undefined {
  const wanted = normalise(value);
  return governorates.find((g) => g.slug === wanted || normalise(g.en) === wanted || normalise(g.ar) === wanted)?.slug;
}
