import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJapaneseDateTime, timeFromFileName } from './japanese-datetime.ts';

describe('parseJapaneseDateTime', () => {
  it('reads the times of the Nanao snapshots in JST', () => {
    expect(parseJapaneseDateTime('令和6年1月11日午後6時')).toBe('2024-01-11T18:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月13日午前6時')).toBe('2024-01-13T06:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月9日午後6時時点')).toBe('2024-01-09T18:00:00+09:00');
  });

  it('counts 元年 as the first year of the era: 令和元年 is 2019, 平成元年 1989', () => {
    expect(parseJapaneseDateTime('令和元年5月1日午前9時')).toBe('2019-05-01T09:00:00+09:00');
    expect(parseJapaneseDateTime('平成元年1月8日午後1時')).toBe('1989-01-08T13:00:00+09:00');
    expect(parseJapaneseDateTime('平成31年4月30日18時')).toBe('2019-04-30T18:00:00+09:00');
  });

  it('reads minutes, 半, full-width digits, spaces, a weekday and the 24-hour clock', () => {
    expect(parseJapaneseDateTime('令和６年１月１５日　午後６時３０分')).toBe('2024-01-15T18:30:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月15日(月)午前7時半')).toBe('2024-01-15T07:30:00+09:00');
    expect(parseJapaneseDateTime('2024年1月9日21時5分現在')).toBe('2024-01-09T21:05:00+09:00');
    expect(parseJapaneseDateTime('2024/01/09 21:05')).toBe('2024-01-09T21:05:00+09:00');
  });

  it('reads 午前0時 as midnight, 午後0時 and 午前12時 as noon, and 午後12時 as the next midnight', () => {
    expect(parseJapaneseDateTime('令和6年1月1日午前0時')).toBe('2024-01-01T00:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月1日午後0時')).toBe('2024-01-01T12:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月1日午前12時')).toBe('2024-01-01T12:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月31日午後12時')).toBe('2024-02-01T00:00:00+09:00');
  });

  it('refuses dates and hours that do not exist, and text that is not a date-time', () => {
    for (const s of ['令和6年2月30日午後6時', '令和6年13月1日午前6時', '令和6年1月1日午後13時', '令和6年1月1日25時', '令和0年1月1日午前6時', '令和6年1月1日午前6時60分', '令和6年1月11日', '昭和64年1月7日午前6時', '1月11日午後6時', '', '午後6時']) {
      expect(parseJapaneseDateTime(s), s).toBeUndefined();
    }
  });

  it('reads back any Reiwa date-time written the way municipalities write it', () => {
    const moment = fc.date({ min: new Date('2019-05-01T00:00:00+09:00'), max: new Date('2080-12-31T23:59:00+09:00'), noInvalidDate: true });
    fc.assert(
      fc.property(moment, fc.boolean(), (d, withMinutes) => {
        const jst = new Date(d.getTime() + 9 * 3600_000);
        const minute = withMinutes ? jst.getUTCMinutes() : 0;
        const hour = jst.getUTCHours();
        const year = jst.getUTCFullYear() - 2018;
        const text = `令和${year === 1 ? '元' : year}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日${hour < 12 ? '午前' : '午後'}${hour % 12}時${withMinutes ? `${minute}分` : ''}`;
        const expected = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), hour, minute) - 9 * 3600_000);
        const parsed = parseJapaneseDateTime(text);
        expect(parsed, text).toMatch(/\+09:00$/);
        expect(new Date(parsed!).getTime(), text).toBe(expected.getTime());
      }),
    );
  });
});

describe('timeFromFileName', () => {
  it('reads the time stamp of a Nanao snapshot file name as JST', () => {
    expect(timeFromFileName('open_shelter_Nanao-shi_2024-01-11-1800.csv')).toBe('2024-01-11T18:00:00+09:00');
    expect(timeFromFileName('open_shelter_Nanao-shi_2024-01-13-0600.csv')).toBe('2024-01-13T06:00:00+09:00');
  });

  it('finds nothing in a name without a valid time stamp', () => {
    expect(timeFromFileName('reference_data.csv')).toBeUndefined();
    expect(timeFromFileName('open_shelter_Nanao-shi_2024-01-11.csv')).toBeUndefined();
    expect(timeFromFileName('open_shelter_Nanao-shi_2024-02-30-1800.csv')).toBeUndefined();
    expect(timeFromFileName('open_shelter_Nanao-shi_2024-01-11-2500.csv')).toBeUndefined();
  });
});
