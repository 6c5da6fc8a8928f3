// Japanese addresses reduced to a comparable form without a network or a gazetteer: 町字 (locality) and the block and
// lot numbers as `n-n-n`, so 「七尾市千野町七十番地の二十九」 and 「千野町７０－２９」 compare equal. For matching only.
import { foldKanjiVariants, normaliseWidthAndSpaces } from './japanese-text.ts';

export interface NormalisedAddress {
  /** 町字 (and 大字・字 names) in matching form, prefecture and known municipality removed; '' when none is left. */
  locality: string;
  /** 丁目・番地・号 as arabic numbers joined by '-', e.g. `3-12-5`; '' when the address has none. */
  numbers: string;
}

/** What the caller knows about the address besides its text: the parts the source wrote in separate fields. */
export interface AddressContext {
  prefecture?: string;
  municipality?: string;
}

export type AddressComparison = 'equal' | 'same-locality' | 'different';

const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

const KANJI_DIGITS: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 壱: 1, 二: 2, 弐: 2, 三: 3, 参: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const KANJI_UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 千: 1000 };
const KANJI_NUMERAL = '[〇零一壱二弐三参四五六七八九十拾百千]';

/**
 * A kanji numeral as a number: positional (二〇二 → 202) when it has no unit characters, else by units
 * (三百五 → 305, 十 → 10, 千二百 → 1200). Undefined for anything else.
 */
export function kanjiNumeralValue(text: string): number | undefined {
  if (text === '' || ![...text].every((c) => c in KANJI_DIGITS || c in KANJI_UNITS)) return undefined;
  if (![...text].some((c) => c in KANJI_UNITS)) return Number([...text].map((c) => KANJI_DIGITS[c]).join(''));
  let total = 0;
  let digit: number | undefined;
  for (const c of text) {
    const unit = KANJI_UNITS[c];
    if (unit === undefined) {
      if (digit !== undefined) return undefined; // two digits in a row mixed with units (二三十) is not a numeral
      digit = KANJI_DIGITS[c];
    } else {
      total += (digit ?? 1) * unit;
      digit = undefined;
    }
  }
  return total + (digit ?? 0);
}

/**
 * Marks after a number. Strong ones (丁目, 番地, 号 …) always end a number; weak ones (の, ノ, 之, -) only when another
 * number follows, so 一の宮町 stays a name. 番町 and 丁町 are place names (一番町), not numbers.
 */
const STRONG_MARK = '(?:丁目|丁(?!町)|番地|番(?![町丁])|号|地割)';
const WEAK_MARK = '(?:の|ノ|之|-)';
const NUMBER_MARK = `(?:${STRONG_MARK}|${WEAK_MARK})`;
/**
 * Dashes people type between numbers: hyphen, minus, dashes, box-drawing lines and the long-vowel mark. Only between
 * numbers, because ー is also a long vowel in katakana place names (センター).
 */
const DASHES = new RegExp(
  `(?<=[0-9]|${KANJI_NUMERAL})[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF70\u2500\u2501](?=[0-9]|${KANJI_NUMERAL})`,
  'gu',
);
/** A postal code in front of the address (〒926-0811): not part of the place. */
const POSTAL_CODE = /^〒?[0-9]{3}-?[0-9]{4}/u;

/**
 * Turn kanji numerals into arabic ones where they are address numbers — before a number mark, or after a number and a
 * mark — but not inside place names (三島町, 一本杉町, 七尾市 keep their kanji).
 */
function arabicNumbers(text: string): string {
  const numeral = `${KANJI_NUMERAL}+`;
  const before = new RegExp(`${numeral}(?=${STRONG_MARK}|${WEAK_MARK}(?:[0-9]|${KANJI_NUMERAL}))`, 'gu');
  let t = text.replace(before, (m) => String(kanjiNumeralValue(m) ?? m));
  // Numbers that follow a number and a mark (5番地の二 → 5番地の2); repeated because each one enables the next.
  const after = new RegExp(`([0-9](?:${NUMBER_MARK})+)(${numeral})`, 'u');
  for (let guard = 0; guard < 10; guard++) {
    const next = t.replace(after, (_m, head: string, n: string) => head + String(kanjiNumeralValue(n) ?? n));
    if (next === t) break;
    t = next;
  }
  return t;
}

/**
 * A 郡 (county) in front of a town or village: 鳳珠郡穴水町. Registers write it or leave it out. A 市 right after the
 * candidate means the 郡 is inside a city's name (大和郡山市), which is left alone.
 */
const COUNTY = /^[^0-9市区町村]{1,6}?郡(?=[^0-9市]+?[町村])/u;

const matchingForm = (text: string) => foldKanjiVariants(normaliseWidthAndSpaces(text));

/** A municipality's name in matching form without its 郡: what both spellings of the address have in common. */
export function municipalityKey(municipality: string): string {
  return matchingForm(municipality).replace(COUNTY, '');
}

function stripPrefix(text: string, prefix: string | undefined): string {
  if (prefix === undefined) return text;
  const p = matchingForm(prefix);
  return p !== '' && text.startsWith(p) ? text.slice(p.length) : text;
}

/**
 * The comparable form of an address. The prefecture is removed (any of the 47) and so is a 郡; the municipality only
 * when the caller names it, because town and village names cannot be told from 町字 names without a gazetteer.
 */
export function normaliseAddress(text: string, context: AddressContext = {}): NormalisedAddress {
  let t = foldKanjiVariants(normaliseWidthAndSpaces(text)).replace(DASHES, '-').replace(POSTAL_CODE, '');
  t = stripPrefix(t, context.prefecture);
  const prefecture = PREFECTURES.find((p) => t.startsWith(p));
  if (prefecture) t = t.slice(prefecture.length);
  t = t.replace(COUNTY, '');
  if (context.municipality !== undefined) t = stripPrefix(t, municipalityKey(context.municipality));
  // 大字 and 字 are written on some registers and left out on others; they name no part of the place.
  t = t.replace(/大字/gu, '').replace(/(^|[町村])字/gu, '$1');
  // ヶ・ケ・が・ガ・ヵ in place names (上野ヶ丘, 袖ケ江) are one spelling choice.
  t = t.replace(/(?<=\p{Script=Han})[ヶヵがガ](?=\p{Script=Han})/gu, 'ケ');
  t = arabicNumbers(t);

  const firstDigit = t.search(/[0-9]/u);
  if (firstDigit < 0) return { locality: t.replace(/番地$/u, ''), numbers: '' };
  const locality = t.slice(0, firstDigit);
  // The numbers run until something that is neither a digit nor a number mark: a building name or a room is not part
  // of where the person lives for matching purposes.
  const rest = t.slice(firstDigit);
  const run = new RegExp(`^(?:[0-9]+|${NUMBER_MARK})+`, 'u').exec(rest)?.[0] ?? '';
  const numbers = (run.match(/[0-9]+/gu) ?? []).map((n) => n.replace(/^0+(?=[0-9])/u, '')).join('-');
  return { locality, numbers };
}

/** Equal (same locality and numbers), same locality with other or missing numbers, or different. */
export function compareAddresses(a: NormalisedAddress, b: NormalisedAddress): AddressComparison {
  if (a.locality !== b.locality) return 'different';
  return a.numbers === b.numbers && a.numbers !== '' ? 'equal' : 'same-locality';
}
