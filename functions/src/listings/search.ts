// Keyword search tokens for listings (SPEC section 5 `q`, issue 3). Pure.
// Arabic and English text is folded to one comparable form so that a query finds a
// listing whatever spelling variant either side used:
//   - case folded, Latin accents removed (NFD),
//   - Arabic diacritics (tashkeel), the superscript alef and tatweel removed,
//   - alef forms أ إ آ ٱ -> ا, taa marbuta ة -> ه, alef maqsura ى -> ي, ؤ -> و, ئ -> ي,
//   - Arabic-Indic and Persian digits -> 0-9.
// Each word is indexed whole, without the Arabic article "ال", and by its prefixes
// (from 2 letters), so "toyo" and "تويو" find Toyota while the user is still typing.
// The class holds combining marks on purpose: removing them is the point.
// eslint-disable-next-line no-misleading-character-class
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]/g;
const LATIN_MARKS = /\p{M}/gu;
const LETTER_MAP: Record<string, string> = {
  "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
};
const ARABIC_DIGIT_ZERO = 0x0660;
const PERSIAN_DIGIT_ZERO = 0x06f0;
const MIN_PREFIX = 2;
const MAX_WORD = 24;
export const MAX_TOKENS = 200;

function foldDigit(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= ARABIC_DIGIT_ZERO && code <= ARABIC_DIGIT_ZERO + 9) return String(code - ARABIC_DIGIT_ZERO);
  if (code >= PERSIAN_DIGIT_ZERO && code <= PERSIAN_DIGIT_ZERO + 9) return String(code - PERSIAN_DIGIT_ZERO);
  return char;
}

/** One comparable form of a text, in Arabic or English. */
export function normalizeText(text: string): string {
  return text
    .replace(ARABIC_MARKS, "")
    .normalize("NFD")
    .replace(LATIN_MARKS, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u0600-\u06FF]/g, (c) => LETTER_MAP[c] ?? foldDigit(c));
}

/** The words of a text after normalisation (letters and digits only). */
export function wordsOf(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_WORD));
}

function variantsOf(word: string): string[] {
  const withoutArticle = word.startsWith("ال") && word.length > 4 ? word.slice(2) : undefined;
  return withoutArticle ? [word, withoutArticle] : [word];
}

function prefixesOf(word: string): string[] {
  const prefixes: string[] = [];
  for (let length = MIN_PREFIX; length <= word.length; length += 1) prefixes.push(word.slice(0, length));
  return prefixes.length > 0 ? prefixes : [word];
}

/**
 * Tokens stored on a listing: every word, article-less variant and prefix, deduplicated.
 * Anything that is not a string is skipped: the trigger feeds stored data, which an older
 * rule or an Admin SDK write may have left with a number where a word belongs.
 */
export function searchTokensOf(texts: readonly unknown[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (typeof text !== "string" || text.length === 0) continue;
    for (const word of wordsOf(text)) for (const variant of variantsOf(word)) for (const t of prefixesOf(variant)) tokens.add(t);
  }
  return [...tokens].slice(0, MAX_TOKENS);
}

/** The words a query must match: each one is a stored token when the listing matches. */
export function queryTokensOf(q: string): string[] {
  return [...new Set(wordsOf(q).flatMap((w) => (w.length >= MIN_PREFIX || /\d/.test(w) ? [w] : [])))];
}

/** The searchable fields of a stored listing; typed loosely because stored data is not trusted. */
interface SearchableListing {
  title?: unknown;
  make?: unknown;
  model?: unknown;
  partNumber?: unknown;
  compatibleMakes?: unknown;
  bodyType?: unknown;
}

export function listingSearchTokens(listing: SearchableListing): string[] {
  const makes = Array.isArray(listing.compatibleMakes) ? (listing.compatibleMakes as unknown[]) : [];
  return searchTokensOf([listing.title, listing.make, listing.model, listing.partNumber, listing.bodyType, ...makes]);
}

/**
 * The stored, comparable form of a car's make or model (makeKey, modelKey), and the form
 * the API looks a `make`/`model` filter up by: its words normalised as above and joined by
 * one space, so "Toyota", "TOYOTA " and "toyota" are one key, "Citroën" is "citroen" and
 * "Land-Cruiser" is "land cruiser". Undefined for anything that is no text with a word in it.
 */
export function facetKeyOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const key = wordsOf(value).join(" ");
  return key.length > 0 ? key : undefined;
}

/** A car's makeKey and modelKey as the listing trigger stores them (absent: not a car, or no word). */
export function listingFacetKeys(listing: SearchableListing & { kind?: unknown }): { makeKey?: string; modelKey?: string } {
  if (listing.kind !== "car") return {};
  const makeKey = facetKeyOf(listing.make);
  const modelKey = facetKeyOf(listing.model);
  return { ...(makeKey ? { makeKey } : {}), ...(modelKey ? { modelKey } : {}) };
}
