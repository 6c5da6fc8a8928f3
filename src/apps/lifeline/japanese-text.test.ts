import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demoSources } from '../../../test/support/lifeline-demo.ts';
import { listHolders } from '../../demo/synthetic-persons.ts';
import {
  foldKanjiVariants,
  isKanaOnly,
  kanjiVariants,
  normaliseName,
  normaliseWidthAndSpaces,
  readingKey,
  splitName,
  splitReading,
  toHiragana,
  toKatakana,
} from './japanese-text.ts';

const variantChars = [...kanjiVariants.entries()].flat();
const alphabet = [
  ...variantChars,
  ...'山田花子太郎一二三あいうかがきゃっょアイウカガキャッョーヴゔゝゞヽヾｶﾞﾊﾟ１２ＡＢabc',
  ' ',
  '\u3000',
  '\t',
  '\u3099', // combining dakuten
  '\u309B', // spacing dakuten, which NFKC splits into a space and the combining mark
  '\u{E0100}', // an ideographic variation selector
];
const nameLike = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 });

describe('the kanji variant table', () => {
  it('holds at least forty pairs of one character each', () => {
    expect(kanjiVariants.size).toBeGreaterThanOrEqual(40);
    for (const [from, to] of kanjiVariants) {
      expect([...from]).toHaveLength(1);
      expect([...to]).toHaveLength(1);
    }
  });

  it('maps to standard forms that are not themselves variants, so one pass is enough', () => {
    for (const to of kanjiVariants.values()) expect(kanjiVariants.has(to)).toBe(false);
  });

  it('lists only characters NFKC leaves alone, so no entry is dead', () => {
    for (const [from, to] of kanjiVariants) {
      expect(from.normalize('NFKC')).toBe(from);
      expect(to.normalize('NFKC')).toBe(to);
    }
  });

  it('keeps different names apart: 斉藤 and 斎藤 stay different writings', () => {
    expect(normaliseName('斉藤')).not.toBe(normaliseName('斎藤'));
    expect(normaliseName('齊藤')).toBe(normaliseName('斉藤'));
    expect(normaliseName('齋藤')).toBe(normaliseName('斎藤'));
  });
});

describe('normaliseName', () => {
  it.each([
    ['髙橋 花子', '高橋花子'],
    ['渡邊　一郎', '渡辺一郎'],
    ['渡邉一郎', '渡辺一郎'],
    ['山﨑 太郎', '山崎太郎'],
    ['濱田 はなこ', '浜田ハナコ'],
    ['櫻井　ﾊﾅｺ', '桜井ハナコ'],
    ['𠮷田 花子', '吉田花子'],
    ['葛\u{E0100}西 花子', '葛西花子'],
  ])('folds %s to %s', (written, expected) => {
    expect(normaliseName(written)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(nameLike, (s) => normaliseName(normaliseName(s)) === normaliseName(s)));
  });

  it('ignores every space, half- or full-width, wherever it is', () => {
    fc.assert(
      fc.property(nameLike, fc.nat(), fc.constantFrom(' ', '\u3000', '  ', '\t'), (s, at, space) => {
        const chars = [...s];
        const i = chars.length === 0 ? 0 : at % (chars.length + 1);
        const spaced = [...chars.slice(0, i), space, ...chars.slice(i)].join('');
        return normaliseName(spaced) === normaliseName(s.replace(/[\s\u3000]/gu, ''));
      }),
    );
  });

  it('makes each old form and its standard form equal, in either order of comparison', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kanjiVariants.entries()), nameLike, nameLike, ([from, to], before, after) => {
        const a = normaliseName(before + from + after);
        const b = normaliseName(before + to + after);
        return a === b && (a === b) === (b === a);
      }),
    );
  });

  it('treats hiragana and katakana writings of a name as one', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'あいうえおかきくけこがぎぐさしすずたちつてとなにのはひふまみむやゆよらりるれろわをん'), minLength: 1 }), (h) =>
        normaliseName(h) === normaliseName(toKatakana(h)),
      ),
    );
  });
});

describe('kana conversion', () => {
  it('round-trips hiragana through katakana', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x3041, max: 0x3096 }).map((c) => String.fromCodePoint(c)) }), (h) => toHiragana(toKatakana(h)) === h),
    );
  });

  it('recognises a name written in kana only', () => {
    expect(isKanaOnly('ハナコ')).toBe(true);
    expect(isKanaOnly('はなこ')).toBe(true);
    expect(isKanaOnly('ｺﾞﾝﾍﾞｴ')).toBe(true);
    expect(isKanaOnly('花子')).toBe(false);
    expect(isKanaOnly('')).toBe(false);
  });
});

describe('readingKey', () => {
  it.each([
    ['サイトウ', 'サイトー'],
    ['サイトウ', 'さいとう'],
    ['オオモリ', 'オーモリ'],
    ['ゴンベエ', 'ゴンベー'],
    ['キョウコ', 'キヨウコ'],
    ['ｷｮｳｺ', 'キョーコ'],
    ['ヤマダ ハナコ', 'ヤマダ　ハナコ'],
    ['ミチヅレ', 'ミチズレ'],
    ['ッ\u3099', 'ズ'],
  ])('reads %s and %s as one reading', (a, b) => {
    expect(readingKey(a)).toBe(readingKey(b));
  });

  it.each([
    ['タカハシ', 'タカハマ'],
    ['ハナコ', 'ハルコ'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(readingKey(a)).not.toBe(readingKey(b));
  });

  it('is idempotent and space-insensitive', () => {
    fc.assert(
      fc.property(nameLike, (s) => readingKey(readingKey(s)) === readingKey(s) && readingKey(s) === readingKey(s.replace(/[\s\u3000]/gu, ''))),
    );
  });
});

describe('splitName and splitReading', () => {
  it('prefers the family and given fields the source gave', () => {
    expect(splitName({ full: '髙橋花子', family: '髙橋', given: '花子' })).toEqual({ full: '髙橋花子', family: '髙橋', given: '花子' });
  });

  it('splits a full name at its one space, half- or full-width', () => {
    expect(splitName({ full: '渡邊　一郎' })).toEqual({ full: '渡邊　一郎', family: '渡邊', given: '一郎' });
    expect(splitName({ full: '渡邊一郎' })).toEqual({ full: '渡邊一郎' });
    expect(splitName({})).toBeUndefined();
  });

  it('splits a reading the same way', () => {
    expect(splitReading('ワタナベ イチロウ')).toEqual({ family: 'ワタナベ', given: 'イチロウ' });
    expect(splitReading('ワタナベイチロウ')).toEqual({});
  });

  it('leaves text without variants unchanged by the kanji fold', () => {
    expect(foldKanjiVariants('山田花子')).toBe('山田花子');
    expect(normaliseWidthAndSpaces('Ａ　１')).toBe('A1');
  });
});

describe('normaliseName on the demo registers', () => {
  it('reads the family name of every record of one person the same, old kanji or not', async () => {
    const { population, sources } = await demoSources();
    const byKey = new Map(sources.map((s) => [s.key, s]));
    let oldKanji = 0;
    for (const o of population.overlaps) {
      const families = o.records.map((r) => byKey.get(`${listHolders[r.list]}/${r.recordId}`)!.person.name!.family!);
      expect(new Set(families.map(normaliseName)).size).toBe(1);
      if (new Set(families).size > 1) oldKanji++;
    }
    // The demo writes some of them in 旧字体 on one register and 新字体 on another.
    expect(oldKanji).toBeGreaterThan(0);
  });
});
