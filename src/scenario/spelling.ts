// How a clinic's or care provider's register writes a person differently from the city's list, as real registers
// do: the variants and the ways of writing digits and phone numbers every synthetic population uses.
import type { Draws } from './hash.ts';
import type { FamilyName, GivenName } from './names.ts';

/** How a provider's record differs from the same person on the city's list. */
export type SpellingVariant =
  | 'old-kanji' // 旧字体 vs 新字体: 髙/高, 邊/辺, 齋/斎 …
  | 'full-width' // 全角 digits and an ideographic space vs half-width
  | 'kana-given-name' // given name in katakana instead of kanji
  | 'no-birth-date' // the birth date is missing
  | 'phone-format'; // the same number written another way

export const spellingVariants: readonly SpellingVariant[] = ['old-kanji', 'full-width', 'kana-given-name', 'no-birth-date', 'phone-format'];

export interface PhoneNumber {
  area: string;
  exchange: string;
  line: string;
}

/** What a person offers to vary: a variant that would change nothing is never chosen. */
export interface Writable {
  family: FamilyName;
  given: GivenName;
  phone?: PhoneNumber;
}

/** One or two variants, always at least one that changes the text, sorted. */
export function chooseVariants(rng: Draws, p: Writable): SpellingVariant[] {
  const usable = spellingVariants.filter((v) =>
    v === 'old-kanji' ? p.family.old !== undefined : v === 'phone-format' ? p.phone !== undefined : v === 'kana-given-name' ? p.given.kanji !== p.given.kana : true,
  );
  return rng.sample(usable, rng.int(1, 2)).sort();
}

/** Digits and hyphens as 全角 characters. */
export function toFullWidth(s: string): string {
  return s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}

/** The number as the city writes it. */
export function phoneText(p: PhoneNumber): string {
  return `${p.area}-${p.exchange}-${p.line}`;
}

/** Other ways registers write the same number: no separators, the area code in brackets, spaces. */
export function phoneVariantForms(p: PhoneNumber): readonly [string, string, string] {
  return [`${p.area}${p.exchange}${p.line}`, `(${p.area}) ${p.exchange}-${p.line}`, `${p.area} ${p.exchange} ${p.line}`];
}
