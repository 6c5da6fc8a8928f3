// Normalisation of Japanese names and readings for matching only: the same person is written 髙橋／高橋, 渡邊／渡辺,
// 山田　花子／山田 花子, ハナコ／はなこ on different registers. Never used to rewrite what a source stored.

/**
 * Variant (異体字) and old (旧字体) forms common in Japanese personal and family names, mapped to the standard form the
 * 常用漢字表 or 人名用漢字 uses. Only pairs that are the same character written differently are listed: two spellings
 * that are different names (斉藤 and 斎藤, 龍 and 竜 in given names, 辺 and 部) are not, because a register that wrote
 * one did not mean the other; their equal reading is weighed separately as weaker evidence.
 *
 * Compatibility ideographs that NFKC already maps (e.g. U+FA10 塚, U+F9DC 隆) need no entry; the twelve "unified"
 * ideographs of that block NFKC leaves alone (﨑 U+FA11 among them) do.
 */
const KANJI_VARIANT_PAIRS: readonly (readonly [string, string])[] = [
  ['髙', '高'],
  ['﨑', '崎'],
  ['碕', '崎'],
  ['嵜', '崎'],
  ['邊', '辺'],
  ['邉', '辺'],
  ['齋', '斎'],
  ['齊', '斉'],
  ['澤', '沢'],
  ['濱', '浜'],
  ['濵', '浜'],
  ['廣', '広'],
  ['德', '徳'],
  ['櫻', '桜'],
  ['國', '国'],
  ['圀', '国'],
  ['瀨', '瀬'],
  ['眞', '真'],
  ['惠', '恵'],
  ['嶋', '島'],
  ['嶌', '島'],
  ['冨', '富'],
  ['藏', '蔵'],
  ['亞', '亜'],
  ['實', '実'],
  ['與', '与'],
  ['榮', '栄'],
  ['壽', '寿'],
  ['𠮷', '吉'],
  ['栁', '柳'],
  ['曾', '曽'],
  ['增', '増'],
  ['橫', '横'],
  ['淸', '清'],
  ['靑', '青'],
  ['戶', '戸'],
  ['黑', '黒'],
  ['淺', '浅'],
  ['關', '関'],
  ['鐵', '鉄'],
  ['團', '団'],
  ['萬', '万'],
  ['佛', '仏'],
  ['縣', '県'],
  ['條', '条'],
  ['來', '来'],
  ['學', '学'],
  ['驛', '駅'],
  ['兒', '児'],
  ['會', '会'],
  ['寶', '宝'],
  ['彌', '弥'],
  ['禮', '礼'],
  ['圓', '円'],
  ['濟', '済'],
  ['稻', '稲'],
  ['嶽', '岳'],
  ['莊', '荘'],
  ['槇', '槙'],
  ['峯', '峰'],
  ['鷗', '鴎'],
  ['舊', '旧'],
  ['假', '仮'],
  ['邨', '村'],
  ['絲', '糸'],
  ['晉', '晋'],
  ['傳', '伝'],
  ['惡', '悪'],
  ['豐', '豊'],
  ['爲', '為'],
];

/** The variant → standard table, as a read-only map (exported for tests and for the console's explanation). */
export const kanjiVariants: ReadonlyMap<string, string> = new Map(KANJI_VARIANT_PAIRS);

/** Ideographic variation selectors (IVS, U+E0100–E01EF) and standard variation selectors pick a glyph, not a character. */
const VARIATION_SELECTORS = /[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/gu;
/** Every kind of space and the zero-width ones; NFKC turns U+3000 into U+0020 but we do not rely on the order. */
const SPACES = /[\s\u3000\u200B-\u200D\u2060\uFEFF]/gu;

/** NFKC, variation selectors and spaces removed: the width- and spacing-insensitive form of any text. */
export function normaliseWidthAndSpaces(text: string): string {
  // Removing a space can bring a combining mark next to a base it composes with, and NFKC turns the spacing marks
  // ゛゜ into a space plus the combining mark; repeating until nothing changes keeps the function idempotent.
  let current = text;
  for (let i = 0; i < 4; i++) {
    const next = current.normalize('NFKC').replace(VARIATION_SELECTORS, '').replace(SPACES, '');
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Replace every variant kanji by its standard form. Iterates by code point, so 𠮷 (outside the BMP) is one unit. */
export function foldKanjiVariants(text: string): string {
  let out = '';
  for (const ch of text) out += kanjiVariants.get(ch) ?? ch;
  return out;
}

const HIRAGANA_FIRST = 0x3041;
const HIRAGANA_LAST = 0x3096; // ゖ
const KANA_OFFSET = 0x60;

/** Hiragana → katakana (ゝゞ → ヽヾ too). Other characters are left as they are. */
export function toKatakana(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += (c >= HIRAGANA_FIRST && c <= HIRAGANA_LAST) || c === 0x309d || c === 0x309e ? String.fromCodePoint(c + KANA_OFFSET) : ch;
  }
  return out;
}

/** Katakana → hiragana, the inverse of toKatakana on the kana both scripts have. */
export function toHiragana(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out +=
      (c >= HIRAGANA_FIRST + KANA_OFFSET && c <= HIRAGANA_LAST + KANA_OFFSET) || c === 0x30fd || c === 0x30fe
        ? String.fromCodePoint(c - KANA_OFFSET)
        : ch;
  }
  return out;
}

/**
 * The matching form of a written name: NFKC, no spaces, standard kanji forms, kana in katakana (a given name written
 * はなこ on one list and ハナコ on another is the same writing). Idempotent.
 */
export function normaliseName(name: string): string {
  return toKatakana(foldKanjiVariants(normaliseWidthAndSpaces(name)));
}

/** Whether a text is written in kana only (after normalisation): a reading, or a given name written in kana. */
export function isKanaOnly(text: string): boolean {
  const t = normaliseName(text);
  return t.length > 0 && /^[\u30A1-\u30FA\u30FC-\u30FE]+$/u.test(t);
}

const SMALL_KANA: Readonly<Record<string, string>> = {
  ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ',
};
/** Spellings that the modern kana orthography merged: a register written before 1946 or by hand may keep them. */
const OLD_KANA: Readonly<Record<string, string>> = { ヂ: 'ジ', ヅ: 'ズ', ヲ: 'オ', ヰ: 'イ', ヱ: 'エ', ヴ: 'ブ' };

const VOWEL_ROWS: readonly (readonly [string, string])[] = [
  ['ア', 'アカガサザタダナハバパマヤラワ'],
  ['イ', 'イキギシジチヂニヒビピミリ'],
  ['ウ', 'ウクグスズツヅヌフブプムユル'],
  ['エ', 'エケゲセゼテデネヘベペメレ'],
  ['オ', 'オコゴソゾトドノホボポモヨロ'],
];
const VOWEL_OF = new Map<string, string>(VOWEL_ROWS.flatMap(([v, row]) => [...row].map((k) => [k, v] as const)));

/**
 * The matching form of a reading: katakana, no spaces, small kana written large (registers kept in katakana often
 * write キヨウコ for キョウコ), merged old spellings (ヂ→ジ …), and long vowels spelled one way: ー becomes the
 * vowel it lengthens, and the お-row ウ and え-row イ that the orthography uses for long vowels become オ and エ
 * (サイトウ, サイトー and サイトオ are one reading). Lossy on purpose: two different readings can fold together, which
 * is why an equal reading weighs less than an equal written name.
 */
export function readingKey(reading: string): string {
  // Enlarging a small kana can give a combining voicing mark a base it composes with (ッ + ゙ → ツ + ゙ → ヅ), so the
  // folding repeats until nothing changes; that keeps the key idempotent.
  let current = reading;
  for (let i = 0; i < 4; i++) {
    const next = readingKeyOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

function readingKeyOnce(reading: string): string {
  const kana = toKatakana(normaliseWidthAndSpaces(reading));
  let out = '';
  for (const ch of kana) {
    const large = SMALL_KANA[ch] ?? OLD_KANA[ch] ?? ch;
    const prev = out.at(-1);
    const prevVowel = prev === undefined ? undefined : VOWEL_OF.get(prev);
    if (large === 'ー') out += prevVowel ?? '';
    else if (large === 'ウ' && prevVowel === 'オ') out += 'オ';
    else if (large === 'イ' && prevVowel === 'エ') out += 'エ';
    else out += large;
  }
  return out;
}

/** A name split into family and given parts. Registers that give only `full` separate the parts with a space. */
export interface NameParts {
  full: string;
  family?: string;
  given?: string;
}

/** Family and given name of a written name, from the fields when the source gave them, else from the space in `full`. */
export function splitName(name: { full?: string; family?: string; given?: string }): NameParts | undefined {
  const full = name.full ?? [name.family, name.given].filter((p) => p !== undefined).join(' ');
  if (full.trim() === '') return undefined;
  if (name.family !== undefined || name.given !== undefined) {
    return { full, ...(name.family !== undefined ? { family: name.family } : {}), ...(name.given !== undefined ? { given: name.given } : {}) };
  }
  const parts = full.normalize('NFKC').trim().split(/\s+/u);
  if (parts.length === 2) return { full, family: parts[0]!, given: parts[1]! };
  return { full };
}

/** A reading split at its space (タカハシ ハナコ): registers write readings with the same separator as names. */
export function splitReading(reading: string): { family?: string; given?: string } {
  const parts = reading.normalize('NFKC').trim().split(/\s+/u);
  return parts.length === 2 ? { family: parts[0]!, given: parts[1]! } : {};
}
