import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJapaneseDateTime, timeFromFileName } from './japanese-datetime.ts';

describe('parseJapaneseDateTime', () => {
  it('reads the times of the Nanao snapshots in JST', () => {
    expect(parseJapaneseDateTime('令和6年1月11日午後6時')).toBe('2024-01-11T18:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月13日午前6時')).toBe('2024-01-13T06:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月9日午後6時時点')).toBe('2024-01-09T18:00:00+09:00');
  });

  it('reads every form Nanao published from January to August 2024: 午前6時, 午後6時, 正午 and 午後1時30分', () => {
    expect(parseJapaneseDateTime('令和6年6月14日正午')).toBe('2024-06-14T12:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年5月29日正午')).toBe('2024-05-29T12:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年7月25日午後1時30分')).toBe('2024-07-25T13:30:00+09:00');
    expect(parseJapaneseDateTime('令和6年9月2日午後6時')).toBe('2024-09-02T18:00:00+09:00');
  });

  it('reads 西暦, 頃, seconds and full-width digits in either calendar', () => {
    expect(parseJapaneseDateTime('西暦2024年6月14日正午')).toBe('2024-06-14T12:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月2日午前0時頃')).toBe('2024-01-02T00:00:00+09:00');
    expect(parseJapaneseDateTime('令和6年1月2日午後3時ごろ時点')).toBe('2024-01-02T15:00:00+09:00');
    expect(parseJapaneseDateTime('令和６年７月２５日午後１時３０分１５秒')).toBe('2024-07-25T13:30:15+09:00');
    expect(parseJapaneseDateTime('２０２４年６月１４日正午現在')).toBe('2024-06-14T12:00:00+09:00');
    expect(parseJapaneseDateTime('2024-06-14 12:00:30')).toBe('2024-06-14T12:00:30+09:00');
    expect(parseJapaneseDateTime('令和6年1月2日午前6時60秒')).toBeUndefined();
    expect(parseJapaneseDateTime('令和6年1月2日午後正午')).toBeUndefined();
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

/** A moment written the many ways a notice may write it, for the property below. */
function writtenForms(jst: Date): string[] {
  const y = jst.getUTCFullYear();
  const [mo, d, h, mi, sec] = [jst.getUTCMonth() + 1, jst.getUTCDate(), jst.getUTCHours(), jst.getUTCMinutes(), jst.getUTCSeconds()];
  const reiwa = y - 2018 === 1 ? '元' : String(y - 2018);
  const clock = `${h < 12 ? '午前' : '午後'}${h % 12}時${mi > 0 || sec > 0 ? `${mi}分` : ''}${sec > 0 ? `${sec}秒` : ''}`;
  const date = (era: boolean) => (era ? `令和${reiwa}年${mo}月${d}日` : `${y}年${mo}月${d}日`);
  const forms = [`${date(true)}${clock}`, `西暦${date(false)}${clock}頃`, `${date(true)}${clock}時点`, `${date(false)}${h}時${mi}分${sec}秒現在`];
  if (h === 12 && mi === 0 && sec === 0) forms.push(`${date(true)}正午`);
  const fullWidth = forms[0]!.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return [...forms, fullWidth];
}

describe('parseJapaneseDateTime on generated notices', () => {
  it('reads back the same instant from every way of writing it, in JST', () => {
    const moment = fc.date({ min: new Date('2019-05-01T00:00:00+09:00'), max: new Date('2080-12-31T23:59:59+09:00'), noInvalidDate: true });
    const noonToo = fc.oneof(moment, moment.map((d) => new Date(Math.floor((d.getTime() + 9 * 3600_000) / 86_400_000) * 86_400_000 + 3 * 3600_000)));
    fc.assert(
      fc.property(noonToo, (d) => {
        const jst = new Date(Math.floor(d.getTime() / 1000) * 1000 + 9 * 3600_000);
        const expected = jst.getTime() - 9 * 3600_000;
        for (const text of writtenForms(jst)) {
          const parsed = parseJapaneseDateTime(text);
          expect(parsed, text).toMatch(/\+09:00$/);
          expect(Date.parse(parsed!), text).toBe(expected);
        }
      }),
    );
  });

  it('never throws and either reads a JST instant or nothing, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^(令和|西暦|平成)?[0-9０-９]{1,4}年[0-9]{1,2}月[0-9]{1,2}日(正午|午前|午後)?[0-9]{0,2}時?[0-9]{0,2}分?(頃|時点)?$/)), (text) => {
        const parsed = parseJapaneseDateTime(text);
        if (parsed !== undefined) expect(Number.isNaN(Date.parse(parsed))).toBe(false);
        if (parsed !== undefined) expect(parsed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
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
