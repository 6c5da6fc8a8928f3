// Telephone numbers reduced to their digits as dialled inside Japan, so 0767-53-1233, (0767) 53-1233, ０７６７５３１２３３
// and +81 767 53 1233 compare equal. For matching only: what the source wrote is kept as it was.

/** Fewer digits than this is not a number one can call (the shortest Japanese numbers in use have ten). */
const MIN_DIGITS = 5;

/**
 * The digits of a phone number with the country code +81 (or 0081, 010-81 from abroad) turned into the trunk prefix 0,
 * or undefined when fewer than five digits are left. An extension written after 内線/ext is dropped.
 */
export function normalisePhone(text: string): string | undefined {
  let t = text.normalize('NFKC').trim();
  t = t.replace(/(?:内線|ext\.?|x)\s*[0-9]+\s*$/iu, '');
  // The trunk 0 written in brackets after the country code, +81 (0)767 …, is not part of the number.
  t = t.replace(/^((?:\+|00|010)[\s\-]*81)[\s\-]*\(0\)/u, '$1');
  // Decided on the digits (and a leading +) only, so the result parses to itself again.
  const compact = t.replace(/[^0-9+]/gu, '');
  // A Japanese number without its trunk 0 has nine or ten digits; fewer after 81 means the 81 was not a country code.
  const international = /^(?:\+|00|010)81([0-9]{9,})$/u.exec(compact);
  const digits = international
    ? // +81 0767 … writes the trunk 0 that the country code replaces; it must not be doubled.
      international[1]!.startsWith('0')
      ? international[1]!
      : `0${international[1]!}`
    : compact.replace(/\+/gu, '');
  return digits.length < MIN_DIGITS ? undefined : digits;
}
