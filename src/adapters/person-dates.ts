// Dates and times as Japanese person lists write them — ISO, slashes, compact digits, 年月日 and the Japanese era
// calendar (和暦) — turned into ISO 8601, or into a problem that says why the value is not a real date.
import type { Converted } from './person-values.ts';

export const dateFormats = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYYMMDD', 'YYYY年M月D日', 'era'] as const;
export type DateFormat = (typeof dateFormats)[number];
export type DateFormatSetting = DateFormat | 'auto';

/** One example per format, shown to the reader when a value fits none (examples are the same in every language). */
const formatExamples: Record<DateFormat, string> = {
  'YYYY-MM-DD': '1940-03-02',
  'YYYY/M/D': '1940/3/2, 1940.3.2',
  YYYYMMDD: '19400302',
  'YYYY年M月D日': '1940年3月2日',
  era: '昭和15年3月2日, S15.3.2, H2/4/1, R1.5.1, 令和元年5月1日',
};

export function acceptedDateFormats(setting: DateFormatSetting): string {
  const formats = setting === 'auto' ? dateFormats : [setting];
  return formats.map((f) => formatExamples[f]).join(', ');
}

export interface Era {
  name: '明治' | '大正' | '昭和' | '平成' | '令和';
  /** The one-letter abbreviation used in forms (S15.3.2). */
  letter: 'M' | 'T' | 'S' | 'H' | 'R';
  /** Gregorian year of the era's year 0, so year N of the era is `epoch + N`. */
  epoch: number;
  /** First and last Gregorian day (ISO) this era name may be used for. */
  first: string;
  last?: string;
}

/**
 * Eras from the day each began to the day before the next. Meiji starts at 明治6年1月1日 (1873-01-01), when Japan
 * adopted the Gregorian calendar: earlier Meiji dates are lunisolar and cannot be converted by arithmetic.
 */
export const eras: readonly Era[] = [
  { name: '明治', letter: 'M', epoch: 1867, first: '1873-01-01', last: '1912-07-29' },
  { name: '大正', letter: 'T', epoch: 1911, first: '1912-07-30', last: '1926-12-24' },
  { name: '昭和', letter: 'S', epoch: 1925, first: '1926-12-25', last: '1989-01-07' },
  { name: '平成', letter: 'H', epoch: 1988, first: '1989-01-08', last: '2019-04-30' },
  { name: '令和', letter: 'R', epoch: 2018, first: '2019-05-01' },
];

function eraOf(token: string): Era | undefined {
  return eras.find((e) => token === e.name || token === e.name[0] || token === e.letter);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Canonical form for matching: full-width digits and symbols to ASCII (NFKC, which also expands ㍼ to 昭和), no spaces. */
function canonical(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const ERA_TOKEN = '(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHR])';
const patterns: Record<DateFormat, RegExp> = {
  'YYYY-MM-DD': /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  'YYYY/M/D': /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/,
  YYYYMMDD: /^(\d{4})(\d{2})(\d{2})$/,
  'YYYY年M月D日': /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  era: new RegExp(`^${ERA_TOKEN}\\.?(\\d{1,2}|元)(?:年(\\d{1,2})月(\\d{1,2})日|([/.-])(\\d{1,2})\\5(\\d{1,2}))$`),
};

interface DateParts {
  year: number;
  month: number;
  day: number;
  era?: Era;
  eraYear?: number;
}

function partsOf(format: DateFormat, m: RegExpExecArray): DateParts {
  switch (format) {
    case 'YYYY/M/D':
      return { year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) };
    case 'era': {
      const era = eraOf(m[1]!)!;
      const eraYear = m[2] === '元' ? 1 : Number(m[2]);
      const month = Number(m[3] ?? m[6]);
      const day = Number(m[4] ?? m[7]);
      return { year: era.epoch + eraYear, month, day, era, eraYear };
    }
    default:
      return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
}

/** Parse a calendar date written in the given format (or any supported format) into `YYYY-MM-DD`. */
export function parseDate(raw: string, setting: DateFormatSetting = 'auto'): Converted<string> {
  const value = canonical(raw);
  const formats = setting === 'auto' ? dateFormats : [setting];
  for (const format of formats) {
    const m = patterns[format].exec(value);
    if (!m) continue;
    const { year, month, day, era, eraYear } = partsOf(format, m);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return { ok: false, code: 'PERSON_DATE_IMPOSSIBLE', params: { value: raw } };
    }
    const iso = isoDate(year, month, day);
    if (era && (eraYear! < 1 || iso < era.first || (era.last !== undefined && iso > era.last))) {
      return {
        ok: false,
        code: 'PERSON_DATE_ERA_RANGE',
        params: { value: raw, era: era.name, first: era.first, last: era.last ?? '' },
      };
    }
    return { ok: true, value: iso };
  }
  return { ok: false, code: 'PERSON_DATE_INVALID', params: { value: raw, formats: acceptedDateFormats(setting) } };
}

/** Write an ISO date in one of the supported formats; era dates use the era in force on that day. */
export function formatDate(iso: string, format: DateFormat, eraStyle: 'kanji' | 'letter' | 'slash' = 'kanji'): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  switch (format) {
    case 'YYYY-MM-DD':
      return iso;
    case 'YYYY/M/D':
      return `${y}/${m}/${d}`;
    case 'YYYYMMDD':
      return iso.replaceAll('-', '');
    case 'YYYY年M月D日':
      return `${y}年${m}月${d}日`;
    case 'era': {
      const era = [...eras].reverse().find((e) => iso >= e.first);
      if (!era) throw new RangeError(`${iso} is before the first supported era`);
      const n = y - era.epoch;
      if (eraStyle === 'letter') return `${era.letter}${n}.${m}.${d}`;
      if (eraStyle === 'slash') return `${era.letter}${n}/${m}/${d}`;
      return `${era.name}${n === 1 ? '元' : n}年${m}月${d}日`;
    }
  }
}

const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_AND_CLOCK = /^(.*?)(?:(?:T|\s)+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** ISO date-time in UTC without milliseconds, e.g. 2024-01-09T05:00:00Z. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Parse a date-time: ISO 8601 with an offset, or any supported date optionally followed by HH:MM[:SS], read in
 * `utcOffset` (the source's local time, +09:00 for Japan). The result is UTC, as Tsunagu stores times.
 */
export function parseDateTime(raw: string, utcOffset = '+09:00'): Converted<string> {
  const invalid: Converted<string> = {
    ok: false,
    code: 'PERSON_DATETIME_INVALID',
    params: { value: raw, formats: `2024-01-09T14:30:00+09:00, 2024-01-09 14:30, 2024/1/9 14:30, 令和6年1月9日 14:30, ${acceptedDateFormats('auto')}` },
  };
  const value = raw.normalize('NFKC').trim();
  if (DATE_TIME_WITH_OFFSET.test(value)) {
    const date = parseDate(value.slice(0, 10), 'YYYY-MM-DD');
    if (!date.ok) return date;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? invalid : { ok: true, value: utc(ms) };
  }
  const m = DATE_AND_CLOCK.exec(value);
  if (!m || m[1] === '') return invalid;
  const date = parseDate(m[1]!, 'auto');
  if (!date.ok) return date.code === 'PERSON_DATE_INVALID' ? invalid : date;
  const [h, min, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return invalid;
  const ms = Date.parse(`${date.value}T${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}${utcOffset}`);
  return Number.isNaN(ms) ? invalid : { ok: true, value: utc(ms) };
}

/** The calendar date of an instant in the given offset, e.g. today in Japan. */
export function localDate(instant: string, utcOffset = '+09:00'): string {
  const sign = utcOffset.startsWith('-') ? -1 : 1;
  const [hh, mm] = utcOffset.slice(1).split(':').map(Number) as [number, number];
  return new Date(Date.parse(instant) + sign * (hh * 60 + mm) * 60_000).toISOString().slice(0, 10);
}
