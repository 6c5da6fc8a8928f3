// ISO 8601 durations for retention limits. Only fixed-length units (weeks, days, hours, minutes, seconds): a
// retention of "1 month" has no single length, and the strictest of several limits must be comparable.
export type DurationResult =
  | { ok: true; seconds: number }
  | { ok: false; problem: 'format' | 'calendar-unit' };

const DURATION = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?)$/;
const CALENDAR = /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

export function parseDuration(text: string): DurationResult {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    if (text !== 'P' && !text.endsWith('T') && CALENDAR.test(text)) return { ok: false, problem: 'calendar-unit' };
    return { ok: false, problem: 'format' };
  }
  const [, w, d, h, min, s] = m;
  const seconds =
    Number(w ?? 0) * 604_800 + Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return { ok: true, seconds };
}

export interface DurationParts {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The units of a duration as its author wrote them, so "PT72H" reads "72 hours", not "3 days". */
export function durationParts(text: string): DurationParts | undefined {
  const m = DURATION.exec(text);
  if (!m || !parseDuration(text).ok) return undefined;
  const [, w, d, h, min, s] = m;
  return { weeks: Number(w ?? 0), days: Number(d ?? 0), hours: Number(h ?? 0), minutes: Number(min ?? 0), seconds: Number(s ?? 0) };
}
