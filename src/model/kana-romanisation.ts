// A place name's kana reading in Latin letters, as Japanese municipalities write their own names in English: modified
// Hepburn without macrons (おおさか → osaka, とうきょう → tokyo), so names read as on road signs and city websites. Pure.

const mora: Readonly<Record<string, string>> = {
  あ: 'a', い: 'i', う: 'u', え: 'e', お: 'o',
  か: 'ka', き: 'ki', く: 'ku', け: 'ke', こ: 'ko',
  さ: 'sa', し: 'shi', す: 'su', せ: 'se', そ: 'so',
  た: 'ta', ち: 'chi', つ: 'tsu', て: 'te', と: 'to',
  な: 'na', に: 'ni', ぬ: 'nu', ね: 'ne', の: 'no',
  は: 'ha', ひ: 'hi', ふ: 'fu', へ: 'he', ほ: 'ho',
  ま: 'ma', み: 'mi', む: 'mu', め: 'me', も: 'mo',
  や: 'ya', ゆ: 'yu', よ: 'yo',
  ら: 'ra', り: 'ri', る: 'ru', れ: 're', ろ: 'ro',
  わ: 'wa', ゐ: 'i', ゑ: 'e', を: 'o',
  が: 'ga', ぎ: 'gi', ぐ: 'gu', げ: 'ge', ご: 'go',
  ざ: 'za', じ: 'ji', ず: 'zu', ぜ: 'ze', ぞ: 'zo',
  だ: 'da', ぢ: 'ji', づ: 'zu', で: 'de', ど: 'do',
  ば: 'ba', び: 'bi', ぶ: 'bu', べ: 'be', ぼ: 'bo',
  ぱ: 'pa', ぴ: 'pi', ぷ: 'pu', ぺ: 'pe', ぽ: 'po',
  ゔ: 'vu',
  ぁ: 'a', ぃ: 'i', ぅ: 'u', ぇ: 'e', ぉ: 'o',
};

/** Two kana read as one sound: a consonant-i kana with a small ya/yu/yo, or one of the loanword pairs. */
const digraph: Readonly<Record<string, string>> = {
  ゃ: 'a', ゅ: 'u', ょ: 'o',
};
const palatal: Readonly<Record<string, string>> = {
  き: 'ky', ぎ: 'gy', し: 'sh', じ: 'j', ち: 'ch', ぢ: 'j', に: 'ny', ひ: 'hy', び: 'by', ぴ: 'py', み: 'my', り: 'ry',
};
const loanPairs: Readonly<Record<string, string>> = {
  ふぁ: 'fa', ふぃ: 'fi', ふぇ: 'fe', ふぉ: 'fo', てぃ: 'ti', でぃ: 'di', うぃ: 'wi', うぇ: 'we', うぉ: 'wo', ヴぁ: 'va',
};

/** Katakana to hiragana (the readings mix both; ー stays as the long mark it is). */
function toHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

export type Romanised = { ok: true; value: string } | { ok: false; at: number; char: string };

/**
 * The reading in lower-case Latin letters. A long o or u (おう, おお, うう, and ゅう, ょう) is written once; ー adds
 * nothing; ん is n everywhere, with no apostrophe before a vowel (かんおんじ → kanonji, as 観音寺市 writes itself) and
 * no m before b or p (ぐんま → gunma); っ doubles the consonant that follows (tch before ch). Anything that is not kana is refused with its position, so a bad reading never becomes a
 * plausible name.
 */
export function romaniseKana(reading: string): Romanised {
  const s = toHiragana(reading.normalize('NFKC'));
  const syllables: string[] = [];
  let geminate = false;
  // Whether the last vowel written was already lengthened (おおう: o + long mark, then a real u).
  let lengthened = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1];
    const prev = syllables[syllables.length - 1] ?? '';
    const lastVowel = prev.slice(-1);
    if (c === 'ー') {
      lengthened = true;
      continue;
    }
    if (!lengthened && !geminate && ((c === 'う' && (lastVowel === 'o' || lastVowel === 'u')) || (c === 'お' && lastVowel === 'o'))) {
      lengthened = true;
      continue;
    }
    lengthened = false;
    if (c === 'っ') {
      geminate = true;
      continue;
    }
    if (c === 'ん') {
      syllables.push('n');
      continue;
    }
    let sound: string | undefined;
    if (next !== undefined && loanPairs[c + next] !== undefined) {
      sound = loanPairs[c + next];
      i++;
    } else if (next !== undefined && digraph[next] !== undefined && palatal[c] !== undefined) {
      sound = palatal[c] + digraph[next]!;
      i++;
    } else {
      sound = mora[c];
    }
    if (sound === undefined) return { ok: false, at: i, char: c };
    if (geminate) {
      sound = (sound.startsWith('ch') ? 't' : sound[0]!) + sound;
      geminate = false;
    }
    syllables.push(sound);
  }
  if (geminate) return { ok: false, at: s.length - 1, char: 'っ' };
  return { ok: true, value: syllables.join('') };
}

/** "nanao" → "Nanao". */
export function capitalised(word: string): string {
  return word.length === 0 ? word : word[0]!.toUpperCase() + word.slice(1);
}
