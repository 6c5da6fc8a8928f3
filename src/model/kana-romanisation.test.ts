import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { romaniseKana } from './kana-romanisation.ts';

const kana = [...'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽ'];
const yoon = ['きゃ', 'しゅ', 'ちょ', 'じゃ', 'りゅ', 'ぴょ'];

describe('romanising a kana reading (modified Hepburn, no macrons)', () => {
  it('writes a long o or u once, as municipalities write their names', () => {
    expect(romaniseKana('おおさか')).toEqual({ ok: true, value: 'osaka' });
    expect(romaniseKana('とうきょう')).toEqual({ ok: true, value: 'tokyo' });
    expect(romaniseKana('ほっかいどう')).toEqual({ ok: true, value: 'hokkaido' });
    expect(romaniseKana('りゅうがさき')).toEqual({ ok: true, value: 'ryugasaki' });
    expect(romaniseKana('おうめ')).toEqual({ ok: true, value: 'ome' });
  });

  it('keeps vowels that are not one long sound: ii, ei, uo, and a third vowel after a long one', () => {
    expect(romaniseKana('いいやま')).toEqual({ ok: true, value: 'iiyama' });
    expect(romaniseKana('うおづ')).toEqual({ ok: true, value: 'uozu' });
    expect(romaniseKana('おおうだ')).toEqual({ ok: true, value: 'ouda' });
  });

  it('doubles the consonant after っ (tch before ch), writes ん as n everywhere, and reads katakana and ー', () => {
    expect(romaniseKana('はっちょう')).toEqual({ ok: true, value: 'hatcho' });
    expect(romaniseKana('すっつ')).toEqual({ ok: true, value: 'suttsu' });
    expect(romaniseKana('かんおんじ')).toEqual({ ok: true, value: 'kanonji' });
    expect(romaniseKana('ぐんま')).toEqual({ ok: true, value: 'gunma' });
    expect(romaniseKana('ニセコ')).toEqual({ ok: true, value: 'niseko' });
    expect(romaniseKana('あるぷす')).toEqual({ ok: true, value: 'arupusu' });
  });

  it('refuses a reading with anything that is not kana, naming the character and where it is', () => {
    expect(romaniseKana('なな尾')).toEqual({ ok: false, at: 2, char: '尾' });
    expect(romaniseKana('ょうわ')).toEqual({ ok: false, at: 0, char: 'ょ' });
    expect(romaniseKana('なっ')).toEqual({ ok: false, at: 1, char: 'っ' });
  });

  it('gives only lower-case Latin letters for any reading of kana, never longer than three letters a kana', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...kana, ...yoon), { minLength: 1, maxLength: 12 }), (parts) => {
        const reading = parts.join('');
        const r = romaniseKana(reading);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.value).toMatch(/^[a-z]*$/);
          expect(r.value.length).toBeLessThanOrEqual(reading.length * 3);
        }
      }),
    );
  });

  it('refuses any reading with a Latin letter or a kanji in it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...kana)), fc.constantFrom('a', 'Z', '市', '1', ' '), fc.array(fc.constantFrom(...kana)), (a, bad, b) => {
        expect(romaniseKana(a.join('') + bad + b.join('')).ok).toBe(false);
      }),
    );
  });
});
