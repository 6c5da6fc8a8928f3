// Times the command line shows people: ISO 8601 in Japan time with its offset (2024-01-01T16:10:00.000+09:00), as the
// console shows them, while the log and --json keep the UTC instant they were stored with.

/** The zone the console and the command line show times in (Japan has no daylight saving time). */
export const DISPLAY_TIME_ZONE = 'Asia/Tokyo';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as local ISO 8601 with offset; a text that is not an instant is returned as it is. */
export function localIso(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMinutes = Math.round((local - (d.getTime() - d.getUTCMilliseconds())) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${ms}${offset}`;
}
