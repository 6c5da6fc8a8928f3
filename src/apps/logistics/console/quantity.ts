// Quantities on the logistics page as people read them.

/** A quantity as people read it: grouped digits, at most three decimals (kilograms of formula), never float noise. */
export function quantityText(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 3 }).format(n);
}
