import { describe, expect, it } from 'vitest';
import { durationParts, parseDuration } from './duration.ts';

describe('retention durations', () => {
  it('reads hours, days, weeks, minutes and seconds as seconds', () => {
    expect(parseDuration('PT72H')).toEqual({ ok: true, seconds: 259_200 });
    expect(parseDuration('P7D')).toEqual({ ok: true, seconds: 604_800 });
    expect(parseDuration('P2W')).toEqual({ ok: true, seconds: 1_209_600 });
    expect(parseDuration('P1DT12H30M')).toEqual({ ok: true, seconds: 131_400 });
    expect(parseDuration('PT0S')).toEqual({ ok: true, seconds: 0 });
  });

  it('refuses years and months, which have no fixed length, with their own problem', () => {
    expect(parseDuration('P1M')).toEqual({ ok: false, problem: 'calendar-unit' });
    expect(parseDuration('P1Y2D')).toEqual({ ok: false, problem: 'calendar-unit' });
  });

  it('refuses text that is not a duration', () => {
    for (const bad of ['', 'P', 'PT', 'P1DT', '72h', 'PT-1H', 'p7d', 'P7D ']) {
      expect(parseDuration(bad), bad).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('keeps the units the author wrote', () => {
    expect(durationParts('PT72H')).toEqual({ weeks: 0, days: 0, hours: 72, minutes: 0, seconds: 0 });
    expect(durationParts('P3D')).toEqual({ weeks: 0, days: 3, hours: 0, minutes: 0, seconds: 0 });
    expect(durationParts('P1M')).toBeUndefined();
  });
});
