import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['0767-53-1233', '0767531233'],
    ['(0767) 53-1233', '0767531233'],
    ['0767 53 1233', '0767531233'],
    ['０７６７－５３－１２３３', '0767531233'],
    ['+81 767-53-1233', '0767531233'],
    ['+81 (0)767-53-1233', '0767531233'],
    ['+81-90-1234-5678', '09012345678'],
    ['0081 90 1234 5678', '09012345678'],
    ['090-1234-5678 内線12', '09012345678'],
  ])('reads %s as %s', (written, digits) => {
    expect(normalisePhone(written)).toBe(digits);
  });

  it('gives nothing for text without a callable number', () => {
    expect(normalisePhone('')).toBeUndefined();
    expect(normalisePhone('不明')).toBeUndefined();
    expect(normalisePhone('110')).toBeUndefined();
  });

  it('sees the same number in every way the registers write it', () => {
    const arb = fc.tuple(
      fc.constantFrom('0767', '0768', '090', '080', '070'),
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    );
    fc.assert(
      fc.property(arb, ([area, exchange, line]) => {
        const forms = [
          `${area}-${exchange}-${line}`,
          `${area}${exchange}${line}`,
          `(${area}) ${exchange}-${line}`,
          `${area} ${exchange} ${line}`,
          `+81 ${area.slice(1)}-${exchange}-${line}`,
        ];
        return new Set(forms.map(normalisePhone)).size === 1 && normalisePhone(forms[0]!) === `${area}${exchange}${line}`;
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789０１２+-() 　'), maxLength: 20 }), (s) => {
      const once = normalisePhone(s);
      return once === undefined || normalisePhone(once) === once;
    }));
  });
});
