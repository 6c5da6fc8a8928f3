// Read the date-times Japanese municipalities write in their notices (令和6年1月11日午後6時) and in file names
// (2024-01-11-1800) as ISO 8601 in Japan Standard Time. Japan has no daylight saving time, so +09:00 is always right.

/** First year of each era in the Gregorian calendar: 令和元年 = 2019, 平成元年 = 1989. */
const ERA_START: Readonly<Record<string, number>> = { 令和: 2019, R: 2019, 平成: 1989, H: 1989 };

// Every form Nanao's notices used (午前6時, 午後6時, 正午, 午後1時30分) and the variants other notices use: 西暦 or
// 和暦, seconds, 半, 頃 ("about"), 時点/現在, a weekday in brackets. 頃 is read as the time it names.
const ERA_PATTERN =
  /^(?:西暦)?(?:(令和|平成|R|H)(元|\d{1,2})年|(\d{4})年)(\d{1,2})月(\d{1,2})日(?:[(（][^)）]*[)）])?(?:(正午)|(午前|午後)?(\d{1,2})時(?:(\d{1,2})分(?:(\d{1,2})秒)?|(半))?)(?:頃|ごろ)?(?:時点|現在)?(?:頃|ごろ)?$/;
const NUMERIC_PATTERN = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const FILE_NAME_PATTERN = /(\d{4})-(\d{2})-(\d{2})[-_T](\d{2})(\d{2})(?!\d)/;

const pad = (v: number, width = 2) => String(v).padStart(width, '0');

/**
 * An ISO date-time in JST from calendar fields, or undefined when they name no real moment. Hour 24 (午後12時 in the
 * 1872 convention still used in notices) rolls over to midnight of the next day.
 */
function jstIso(year: number, month: number, day: number, hour: number, minute: number, second = 0): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (hour === 24 && (minute > 0 || second > 0)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const t = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+09:00`;
}

/**
 * Parse 令和6年1月11日午後6時, 令和6年6月14日正午, 令和元年5月1日午前9時30分, 平成31年4月30日18時, 2024年1月9日午後6時時点,
 * 西暦2024年1月9日午後6時頃, 令和6年7月25日午後1時30分15秒 or 2024-01-11 18:00(:00) (full-width digits and spaces
 * allowed) into ISO 8601 with +09:00. 正午 and 午後0時 are noon, 午前0時 midnight; 午前12時 is read as noon and 午後12時
 * as the following midnight, as in the official convention.
 */
export function parseJapaneseDateTime(raw: string): string | undefined {
  const normalized = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const numeric = NUMERIC_PATTERN.exec(normalized);
  if (numeric) {
    const [, y, mo, d, h, mi, sec] = numeric;
    return Number(h) > 23 ? undefined : jstIso(Number(y), Number(mo), Number(d), Number(h), Number(mi), sec === undefined ? 0 : Number(sec));
  }
  const m = ERA_PATTERN.exec(normalized.replaceAll(' ', ''));
  if (!m) return undefined;
  const [, era, eraYear, gregorianYear, month, day, noon, ampm, hourText, minuteText, secondText, half] = m;
  let year: number;
  if (era !== undefined) {
    const n = eraYear === '元' ? 1 : Number(eraYear);
    if (n < 1) return undefined;
    year = ERA_START[era]! + n - 1;
  } else {
    year = Number(gregorianYear);
  }
  if (noon !== undefined) return jstIso(year, Number(month), Number(day), 12, 0);
  let hour = Number(hourText);
  const minute = half ? 30 : minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (ampm !== undefined) {
    if (hour > 12) return undefined;
    if (ampm === '午後') hour += 12;
  } else if (hour > 23) {
    return undefined;
  }
  return jstIso(year, Number(month), Number(day), hour, minute, second);
}

/** A time stamp in a file name such as open_shelter_Nanao-shi_2024-01-11-1800.csv, read as JST. */
export function timeFromFileName(fileName: string): string | undefined {
  const m = FILE_NAME_PATTERN.exec(fileName);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  return Number(h) > 23 ? undefined : jstIso(Number(y), Number(mo), Number(d), Number(h), Number(mi));
}
