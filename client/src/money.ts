// Money on the wire is an integer number of piastres (SPEC section 3): 125000 is EGP 1,250.00.
import type { Locale } from "./governorates";

/** "EGP 1,250.00" in English, "‏١٬٢٥٠٫٠٠ ج.م.‏" in Arabic. */
export function formatPiastres(piastres: number, locale: Locale): string {
  const format = new Intl.NumberFormat(locale === "ar" ? "ar-EG" : "en-EG", { style: "currency", currency: "EGP", minimumFractionDigits: 2 });
  return format.format(piastres / 100);
}

const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

/**
 * Piastres from what a person types as pounds: "12,500", "12500.5", "١٢٬٥٠٠" or a number.
 * Undefined when it is not a positive amount with at most two decimals.
 */
export function piastresFromPounds(value: string | number): number | undefined {
  const text = String(value)
    .trim()
    .replace(/[٠-٩]/g, (d) => String(ARABIC_DIGITS.indexOf(d)))
    .replace(/[,٬\s]/g, "")
    .replace("٫", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  const piastres = Math.round(Number(text) * 100);
  return Number.isSafeInteger(piastres) && piastres > 0 ? piastres : undefined;
}
