import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isTimeZone, timeZoneFromEnv } from './config.ts';

describe('the time zone a node shows times in (TSUNAGU_TIME_ZONE)', () => {
  it("is Japan's when unset or blank", () => {
    expect(timeZoneFromEnv({})).toEqual({ ok: true, value: DEFAULT_TIME_ZONE });
    expect(timeZoneFromEnv({ TSUNAGU_TIME_ZONE: '  ' })).toEqual({ ok: true, value: 'Asia/Tokyo' });
  });

  it('takes an IANA zone such as Asia/Manila or Asia/Jakarta', () => {
    expect(timeZoneFromEnv({ TSUNAGU_TIME_ZONE: 'Asia/Manila' })).toEqual({ ok: true, value: 'Asia/Manila' });
    expect(isTimeZone('Asia/Jakarta')).toBe(true);
  });

  it('refuses a name that is no zone, saying what to give, in Japanese and English', () => {
    const r = timeZoneFromEnv({ TSUNAGU_TIME_ZONE: 'Mars/Olympus' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toContain('TSUNAGU_TIME_ZONE="Mars/Olympus"');
    expect(r.problems[0]).toContain('IANA のタイムゾーン名');
    expect(r.problems[0]).toContain('must be an IANA time zone name');
  });
});
