import { describe, expect, it } from 'vitest';
import { oxygenHoursLeft } from '../apps/lifeline/priority.ts';
import { reportedAtDemoStart } from './scenario-clock.ts';
import type { RecordDraft } from '../model/index.ts';

const person = (id: string, hoursLeft?: number): RecordDraft<'person'> =>
  ({
    id,
    type: 'person',
    sourceNode: 'jp-172022-nanao-home-care',
    observedAt: '2024-01-01T07:10:00.000Z',
    quality: { level: 'synthetic' },
    lineage: [],
    data: {
      name: { full: '試験 花子' },
      areaCode: '172022',
      onEvacuationSupportList: true,
      care: { needs: hoursLeft === undefined ? ['bedridden'] : ['home-oxygen'], ...(hoursLeft !== undefined ? { homeOxygen: { supplyHoursLeft: hoursLeft, asOf: '2024-01-01T16:10:00+09:00' } } : {}) },
      safety: { status: 'unknown' },
    },
  }) as unknown as RecordDraft<'person'>;

describe('the demo persons as of its first start', () => {
  it('dates each home-oxygen report at the start, so the supply left is what the record says then and runs down after', () => {
    const start = new Date('2026-12-06T00:00:00.000Z');
    const [low, plenty, none] = reportedAtDemoStart([person('a', 10), person('b', 60), person('c')], start);
    expect(oxygenHoursLeft(low!.data.care.homeOxygen!, start)).toBe(10);
    expect(oxygenHoursLeft(plenty!.data.care.homeOxygen!, new Date(start.getTime() + 12 * 3_600_000))).toBe(48);
    expect(none).toEqual(person('c'));
  });

  it('leaves everything but the oxygen report as generated', () => {
    const [shifted] = reportedAtDemoStart([person('a', 10)], new Date('2026-12-06T00:00:00.000Z'));
    const original = person('a', 10);
    expect({ ...shifted!, data: { ...shifted!.data, care: { ...shifted!.data.care, homeOxygen: undefined } } }).toEqual({
      ...original,
      data: { ...original.data, care: { ...original.data.care, homeOxygen: undefined } },
    });
  });
});
