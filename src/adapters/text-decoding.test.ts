import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEucJp, encodeShiftJis } from '../../test/support/japanese-encoders.ts';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { decodeText } from './text-decoding.ts';

const nanaoCsv = readFileSync(sharedDataPath('noto-2024-nanao', 'open_shelter_Nanao-shi_2024-01-11-1800.csv'), 'utf8');

/** Characters that occur in real Japanese shelter data: kana, kanji, full-width forms, ASCII. */
const realCharacters = [...new Set(nanaoCsv)].filter((ch) => ch !== '\r');
const japaneseText = (minLength: number) =>
  fc
    .array(fc.constantFrom(...realCharacters), { minLength, maxLength: 200 })
    .map((chars) => chars.join(''))
    // Long enough to hold Japanese: a run of 8 characters that are all ASCII is ASCII text, not a test of detection.
    .filter((s) => [...s].filter((ch) => ch.codePointAt(0)! > 0x7f).length >= 8);

describe('decodeText', () => {
  it('reads plain UTF-8 as UTF-8 without conversion', () => {
    const result = decodeText(new TextEncoder().encode(nanaoCsv));
    expect(result).toEqual({ ok: true, text: nanaoCsv, encoding: 'utf-8' });
  });

  it('strips a UTF-8 byte-order mark and says it was there', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('共通ID,施設・場所名\n')]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: '共通ID,施設・場所名\n', encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 in either byte order when it starts with a byte-order mark', () => {
    const text = 'ID,名称\nNEW001,寄合い処みそぎ\n';
    const le = [0xff, 0xfe];
    const be = [0xfe, 0xff];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      le.push(c & 0xff, c >> 8);
      be.push(c >> 8, c & 0xff);
    }
    expect(decodeText(new Uint8Array(le))).toEqual({ ok: true, text, encoding: 'utf-16le' });
    expect(decodeText(new Uint8Array(be))).toEqual({ ok: true, text, encoding: 'utf-16be' });
  });

  it('detects a real Nanao snapshot saved as Shift_JIS and converts it exactly', () => {
    expect(decodeText(encodeShiftJis(nanaoCsv))).toEqual({ ok: true, text: nanaoCsv, encoding: 'shift_jis' });
  });

  it('detects a real Nanao snapshot saved as EUC-JP and converts it exactly', () => {
    expect(decodeText(encodeEucJp(nanaoCsv))).toEqual({ ok: true, text: nanaoCsv, encoding: 'euc-jp' });
  });

  it('refuses bytes containing NUL as binary', () => {
    expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, reason: 'binary' });
  });

  it('refuses bytes that are no Japanese text encoding rather than guessing', () => {
    // "café crème" in Windows-1252: not UTF-8, and no Japanese reading of it looks like Japanese.
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65]);
    expect(decodeText(latin1)).toEqual({ ok: false, reason: 'unknown-encoding' });
  });

  it('recovers any Japanese text of realistic length from Shift_JIS and from EUC-JP', () => {
    fc.assert(
      fc.property(japaneseText(8), (text) => {
        expect(decodeText(encodeShiftJis(text))).toEqual({ ok: true, text, encoding: 'shift_jis' });
        expect(decodeText(encodeEucJp(text))).toEqual({ ok: true, text, encoding: 'euc-jp' });
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = decodeText(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
