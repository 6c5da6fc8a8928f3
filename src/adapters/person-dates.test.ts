import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateFormats, eras, formatDate, localDate, parseDate, parseDateTime } from './person-dates.ts';

function ok(raw: string, format: Parameters<typeof parseDate>[1] = 'auto'): string {
  const r = parseDate(raw, format);
  if (!r.ok) throw new Error(`${raw}: ${r.code}`);
  return r.value;
}

function codeOf(raw: string, format: Parameters<typeof parseDate>[1] = 'auto'): string | undefined {
  const r = parseDate(raw, format);
  return r.ok ? undefined : r.code;
}

describe('parseDate', () => {
  it('reads Gregorian dates with hyphens, slashes, dots, compact digits and 年月日', () => {
    expect(ok('1940-03-02')).toBe('1940-03-02');
    expect(ok('1940-3-2')).toBe('1940-03-02');
    expect(ok('1940/3/2')).toBe('1940-03-02');
    expect(ok('1940/03/02')).toBe('1940-03-02');
    expect(ok('1940.3.2')).toBe('1940-03-02');
    expect(ok('19400302')).toBe('1940-03-02');
    expect(ok('1940年3月2日')).toBe('1940-03-02');
  });

  it('reads full-width digits and surrounding spaces', () => {
    expect(ok('　１９４０／３／２ ')).toBe('1940-03-02');
    expect(ok('昭和１５年３月２日')).toBe('1940-03-02');
  });

  it('reads Japanese era dates written in kanji, in one-letter forms and with 元年', () => {
    expect(ok('昭和15年3月2日')).toBe('1940-03-02');
    expect(ok('S15.3.2')).toBe('1940-03-02');
    expect(ok('s15.3.2')).toBe('1940-03-02');
    expect(ok('S.15.3.2')).toBe('1940-03-02');
    expect(ok('昭15.3.2')).toBe('1940-03-02');
    expect(ok('H2/4/1')).toBe('1990-04-01');
    expect(ok('R1.5.1')).toBe('2019-05-01');
    expect(ok('令和元年5月1日')).toBe('2019-05-01');
    expect(ok('平成元年1月8日')).toBe('1989-01-08');
    expect(ok('大正14年8月1日')).toBe('1925-08-01');
    expect(ok('T14.8.1')).toBe('1925-08-01');
    expect(ok('明治45年7月29日')).toBe('1912-07-29');
    expect(ok('M40-1-1')).toBe('1907-01-01');
    expect(ok('㍼15年3月2日')).toBe('1940-03-02');
  });

  it('accepts the last day of each era and the first day of the next, and refuses the day after an era ended', () => {
    expect(ok('昭和64年1月7日')).toBe('1989-01-07');
    expect(ok('平成元年1月8日')).toBe('1989-01-08');
    expect(codeOf('昭和64年1月8日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('平成31年4月30日')).toBe('2019-04-30');
    expect(codeOf('平成31年5月1日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('令和元年5月1日')).toBe('2019-05-01');
    expect(codeOf('令和元年4月30日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('大正15年12月24日')).toBe('1926-12-24');
    expect(codeOf('大正15年12月25日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('昭和元年12月25日')).toBe('1926-12-25');
    expect(codeOf('昭和元年12月24日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('大正元年7月30日')).toBe('1912-07-30');
    expect(codeOf('明治45年7月30日')).toBe('PERSON_DATE_ERA_RANGE');
  });

  it('names the era and its span when a date is outside it', () => {
    const r = parseDate('昭和64年1月8日');
    expect(r).toEqual({
      ok: false,
      code: 'PERSON_DATE_ERA_RANGE',
      params: { value: '昭和64年1月8日', era: '昭和', first: '1926-12-25', last: '1989-01-07' },
    });
  });

  it('refuses Meiji dates before the Gregorian calendar was adopted and era year 0', () => {
    expect(codeOf('明治5年12月2日')).toBe('PERSON_DATE_ERA_RANGE');
    expect(ok('明治6年1月1日')).toBe('1873-01-01');
    expect(codeOf('平成0年5月1日')).toBe('PERSON_DATE_ERA_RANGE');
  });

  it('calls a well-formed date that does not exist impossible', () => {
    expect(codeOf('1940-02-30')).toBe('PERSON_DATE_IMPOSSIBLE');
    expect(codeOf('19410229')).toBe('PERSON_DATE_IMPOSSIBLE');
    expect(ok('19400229')).toBe('1940-02-29');
    expect(codeOf('1900/2/29')).toBe('PERSON_DATE_IMPOSSIBLE');
    expect(ok('2000/2/29')).toBe('2000-02-29');
    expect(codeOf('1940-13-01')).toBe('PERSON_DATE_IMPOSSIBLE');
    expect(codeOf('昭和15年2月30日')).toBe('PERSON_DATE_IMPOSSIBLE');
    expect(codeOf('0000-01-01')).toBe('PERSON_DATE_IMPOSSIBLE');
  });

  it('lists the accepted formats when a value is not a date', () => {
    const r = parseDate('3月2日');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('PERSON_DATE_INVALID');
    expect(String(r.params.formats)).toContain('1940-03-02');
    expect(String(r.params.formats)).toContain('S15.3.2');
    for (const bad of ['', 'abc', '1940/3-2', '15.3.2', 'X15.3.2', '昭和15年3月', '40/3/2', '1940年3月2']) {
      expect(codeOf(bad), bad).toBe('PERSON_DATE_INVALID');
    }
  });

  it('accepts only the configured format when one is set, and says which', () => {
    expect(ok('19400302', 'YYYYMMDD')).toBe('1940-03-02');
    expect(codeOf('1940-03-02', 'YYYYMMDD')).toBe('PERSON_DATE_INVALID');
    const r = parseDate('S15.3.2', 'YYYY/M/D');
    expect(r.ok ? undefined : r.params.formats).toBe('1940/3/2, 1940.3.2');
    expect(ok('S15.3.2', 'era')).toBe('1940-03-02');
    expect(codeOf('1940/3/2', 'era')).toBe('PERSON_DATE_INVALID');
  });
});

describe('parseDate properties', () => {
  const gregorian = fc.date({ min: new Date('1873-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const anyYear = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('reads back any valid date written in any Gregorian format, with the format set or auto', () => {
    fc.assert(
      fc.property(anyYear, fc.constantFrom(...dateFormats.filter((f) => f !== 'era')), (iso, format) => {
        const written = formatDate(iso, format);
        expect(parseDate(written, format)).toEqual({ ok: true, value: iso });
        expect(parseDate(written, 'auto')).toEqual({ ok: true, value: iso });
      }),
    );
  });

  it('reads back any date since 明治6年 written in each era style', () => {
    fc.assert(
      fc.property(gregorian, fc.constantFrom('kanji', 'letter', 'slash') as fc.Arbitrary<'kanji' | 'letter' | 'slash'>, (iso, style) => {
        const written = formatDate(iso, 'era', style);
        expect(parseDate(written, 'era')).toEqual({ ok: true, value: iso });
        expect(parseDate(written, 'auto')).toEqual({ ok: true, value: iso });
      }),
    );
  });

  it('refuses any date written with the era before or after the one in force', () => {
    fc.assert(
      fc.property(gregorian, (iso) => {
        const i = [...eras].reverse().findIndex((e) => iso >= e.first);
        const inForce = eras.length - 1 - i;
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        for (const other of [eras[inForce - 1], eras[inForce + 1]]) {
          if (!other) continue;
          const n = y - other.epoch;
          if (n < 1 || n > 99) continue;
          const r = parseDate(`${other.name}${n}年${m}月${d}日`);
          expect(r.ok ? r.value : r.code).toBe('PERSON_DATE_ERA_RANGE');
        }
      }),
    );
  });

  it('never throws on any string, and returns a valid ISO date or a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9SHR昭平令和年月日元./-]{0,14}$/)), (s) => {
        for (const format of ['auto', ...dateFormats] as const) {
          const r = parseDate(s, format);
          if (r.ok) expect(r.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          else expect(['PERSON_DATE_INVALID', 'PERSON_DATE_IMPOSSIBLE', 'PERSON_DATE_ERA_RANGE']).toContain(r.code);
        }
        expect(() => parseDateTime(s)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseDateTime', () => {
  it('keeps an explicit offset and stores UTC', () => {
    expect(parseDateTime('2024-01-09T14:30:00+09:00')).toEqual({ ok: true, value: '2024-01-09T05:30:00Z' });
    expect(parseDateTime('2024-01-09T05:30Z')).toEqual({ ok: true, value: '2024-01-09T05:30:00Z' });
  });

  it('reads a local date with an optional clock time in the source offset', () => {
    expect(parseDateTime('2024/1/9 14:30')).toEqual({ ok: true, value: '2024-01-09T05:30:00Z' });
    expect(parseDateTime('2024-01-09 14:30:15')).toEqual({ ok: true, value: '2024-01-09T05:30:15Z' });
    expect(parseDateTime('令和6年1月9日 9:00')).toEqual({ ok: true, value: '2024-01-09T00:00:00Z' });
    expect(parseDateTime('2024/1/9')).toEqual({ ok: true, value: '2024-01-08T15:00:00Z' });
    expect(parseDateTime('2024/1/9 14:30', '+07:00')).toEqual({ ok: true, value: '2024-01-09T07:30:00Z' });
  });

  it('refuses clock times and dates that do not exist', () => {
    expect(parseDateTime('2024/1/9 24:00').ok).toBe(false);
    expect(parseDateTime('2024/1/9 12:60').ok).toBe(false);
    expect(parseDateTime('2023-02-29T10:00:00+09:00')).toMatchObject({ ok: false, code: 'PERSON_DATE_IMPOSSIBLE' });
    expect(parseDateTime('yesterday')).toMatchObject({ ok: false, code: 'PERSON_DATETIME_INVALID' });
  });
});

describe('localDate', () => {
  it('gives the calendar date in the source offset, which may differ from the UTC date', () => {
    expect(localDate('2024-01-09T16:00:00Z', '+09:00')).toBe('2024-01-10');
    expect(localDate('2024-01-09T16:00:00Z', '-05:00')).toBe('2024-01-09');
  });
});
