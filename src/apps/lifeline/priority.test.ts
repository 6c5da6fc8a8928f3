import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hanako } from '../../../test/support/lifeline-records.ts';
import { careNeeds, codesOf, type CareNeed, type Polygon } from '../../model/index.ts';
import {
  ageOn,
  DEFAULT_PRIORITY_WEIGHTS,
  dialysisTiming,
  hasFactor,
  oxygenHoursLeft,
  PRIORITY_FACTOR_CODES,
  prioritize,
  sortByPriority,
  type PriorityContext,
} from './priority.ts';
import type { PersonView, Priority, PriorityFactorCode, PriorityWeights, ResolvedPerson } from './types.ts';

const resolved = (merged: PersonView, id = 'lp-000000000001'): ResolvedPerson => ({ id, members: [], links: [], merged, conflicts: [] });
const at = (iso: string) => new Date(iso);
const DECLARED = '2024-01-01T16:10:00+09:00';

// A square around hanako's location, with a hole in the middle of its eastern half.
const [lon, lat] = hanako.location!.coordinates;
const square = (w: number, s: number, e: number, n: number): [number, number][] => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const hazard: Polygon = { type: 'Polygon', coordinates: [square(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01), square(lon + 0.002, lat - 0.002, lon + 0.006, lat + 0.002)] };

describe('dialysisTiming', () => {
  // 2024-01-01 was a Monday.
  const mwf = { schedule: ['mon', 'wed', 'fri'] as const, lastSessionAt: '2024-01-01T10:00:00+09:00' };

  it('is on schedule more than a day before the next session day', () => {
    expect(dialysisTiming({ ...mwf, schedule: [...mwf.schedule] }, at('2024-01-01T20:00:00+09:00'))).toEqual({ kind: 'on-schedule' });
  });

  it('is due soon within a day of the next session day, with the hours until that day ends', () => {
    expect(dialysisTiming({ ...mwf, schedule: [...mwf.schedule] }, at('2024-01-02T12:00:00+09:00'))).toEqual({ kind: 'due-soon', hours: 36, basis: 'last-session' });
    expect(dialysisTiming({ ...mwf, schedule: [...mwf.schedule] }, at('2024-01-03T18:00:00+09:00'))).toEqual({ kind: 'due-soon', hours: 6, basis: 'last-session' });
  });

  it('is overdue once the session day has ended, counting from its end', () => {
    expect(dialysisTiming({ ...mwf, schedule: [...mwf.schedule] }, at('2024-01-04T06:00:00+09:00'))).toEqual({ kind: 'overdue', hours: 6, basis: 'last-session' });
    expect(dialysisTiming({ ...mwf, schedule: [...mwf.schedule] }, at('2024-01-06T00:00:00+09:00'))).toEqual({ kind: 'overdue', hours: 48, basis: 'last-session' });
  });

  it('reckons weekdays in Japan time, not UTC', () => {
    // 00:30 on Monday in Japan is still Sunday in UTC: the next Mon/Wed/Fri day is Wednesday in Japan, Monday in UTC.
    const early = { schedule: ['mon', 'wed', 'fri'] as ('mon' | 'wed' | 'fri')[], lastSessionAt: '2024-01-01T00:30:00+09:00' };
    expect(dialysisTiming(early, at('2024-01-02T12:00:00+09:00'))?.kind).toBe('due-soon');
    expect(dialysisTiming(early, at('2024-01-02T12:00:00+09:00'), undefined, 0)?.kind).toBe('overdue');
  });

  it('without a recorded session, takes the first session day from the declaration as at risk', () => {
    expect(dialysisTiming({ schedule: ['mon', 'wed', 'fri'] }, at('2024-01-02T10:00:00+09:00'), DECLARED)).toEqual({ kind: 'overdue', hours: 10, basis: 'declaration' });
    expect(dialysisTiming({ schedule: ['tue', 'thu', 'sat'] }, at('2024-01-02T10:00:00+09:00'), DECLARED)).toEqual({ kind: 'due-soon', hours: 14, basis: 'declaration' });
    expect(dialysisTiming({ schedule: ['tue'] }, at('2024-01-02T10:00:00+09:00'))).toBeUndefined();
  });
});

describe('oxygenHoursLeft and ageOn', () => {
  it('counts the supply down from when it was reported', () => {
    expect(oxygenHoursLeft({ supplyHoursLeft: 24, asOf: DECLARED }, at('2024-01-02T02:10:00+09:00'))).toBe(14);
    expect(oxygenHoursLeft({ supplyHoursLeft: 24, asOf: DECLARED }, at('2024-01-02T22:10:00+09:00'))).toBe(-6);
  });

  it('counts age on the Japanese calendar date', () => {
    expect(ageOn('1938-03-07', at('2024-03-06T23:00:00+09:00'))).toBe(85);
    expect(ageOn('1938-03-07', at('2024-03-06T15:30:00Z'))).toBe(86); // 00:30 on 7 March in Japan
    expect(ageOn('not a date', at('2024-03-06T15:30:00Z'))).toBeUndefined();
  });
});

describe('prioritize', () => {
  const now = at('2024-01-02T10:00:00+09:00');
  const ctx: PriorityContext = { now, declarationStart: DECLARED, hazard };
  const codes = (p: Priority) => p.factors.map((f) => f.code).sort();

  it('finds each factor with its parameters', () => {
    const person = resolved({
      ...hanako,
      birthDate: '1930-01-01',
      care: {
        needs: ['bedridden', 'lives-alone', 'dialysis', 'home-oxygen'],
        dialysis: { schedule: ['mon', 'wed', 'fri'] },
        homeOxygen: { supplyHoursLeft: 20, asOf: DECLARED },
      },
      safety: { status: 'needs-rescue', reportedAt: '2024-01-02T08:00:00+09:00' },
    });
    const p = prioritize(person, ctx);
    expect(codes(p)).toEqual(['age-85-plus', 'bedridden', 'dialysis-overdue', 'in-hazard-area', 'lives-alone', 'needs-rescue', 'oxygen-low'].sort());
    expect(p.factors.find((f) => f.code === 'oxygen-low')?.params).toEqual({ hours: 2 });
    expect(p.factors.find((f) => f.code === 'dialysis-overdue')?.params).toEqual({ hours: 10, basis: 'declaration' });
    expect(p.factors.find((f) => f.code === 'age-85-plus')?.params).toEqual({ age: 94 });
    // Most points first.
    expect(p.factors[0]!.code).toBe('needs-rescue');
  });

  it('says oxygen is out once the supply is spent', () => {
    const p = prioritize(resolved({ ...hanako, care: { needs: ['home-oxygen'], homeOxygen: { supplyHoursLeft: 6, asOf: DECLARED } } }), ctx);
    expect(p.factors.find((f) => f.code === 'oxygen-out')?.params).toEqual({ hours: 11 });
    expect(hasFactor(p, 'oxygen-low')).toBe(false);
  });

  it('counts a safety status as news only when it was reported after the declaration', () => {
    const status = (safety: PersonView['safety']) => hasFactor(prioritize(resolved({ ...hanako, safety }), ctx), 'status-unknown');
    expect(status({ status: 'unknown' })).toBe(true);
    expect(status({ status: 'safe', reportedAt: '2023-12-31T10:00:00+09:00' })).toBe(true);
    expect(status({ status: 'safe' })).toBe(true);
    expect(status({ status: 'safe', reportedAt: '2024-01-02T09:00:00+09:00' })).toBe(false);
    expect(hasFactor(prioritize(resolved({ ...hanako, safety: { status: 'safe' } }), { now }), 'status-unknown')).toBe(false);
  });

  it('places a person inside the hazard polygon but not inside its hole', () => {
    expect(hasFactor(prioritize(resolved(hanako), ctx), 'in-hazard-area')).toBe(true);
    const inHole = { ...hanako, location: { type: 'Point' as const, coordinates: [lon + 0.004, lat] as [number, number] } };
    expect(hasFactor(prioritize(resolved(inHole), ctx), 'in-hazard-area')).toBe(false);
    expect(hasFactor(prioritize(resolved(hanako), { now }), 'in-hazard-area')).toBe(false);
  });

  it('puts a person nobody has reached ahead of a frail person confirmed safe', () => {
    const safeButFrail = resolved({
      ...hanako,
      birthDate: '1930-01-01',
      care: { needs: ['bedridden'] },
      safety: { status: 'safe', reportedAt: '2024-01-02T09:00:00+09:00' },
    });
    const unreached = resolved({ ...hanako, care: { needs: ['lives-alone'] }, safety: { status: 'unknown' } });
    expect(prioritize(unreached, { now, declarationStart: DECLARED }).score).toBeGreaterThan(prioritize(safeButFrail, { now, declarationStart: DECLARED }).score);
  });

  it('keeps names and addresses out of the parameters', () => {
    const person = resolved({ ...hanako, birthDate: '1930-01-01', care: { needs: ['bedridden'], homeOxygen: { supplyHoursLeft: 1, asOf: DECLARED } } });
    const text = JSON.stringify(prioritize(person, ctx).factors.map((f) => f.params));
    for (const personal of [hanako.name!.full!, '髙橋', '花子', '千野町', '0767']) expect(text).not.toContain(personal);
  });

  describe('properties', () => {
    const needArb = fc.subarray(codesOf(careNeeds));
    interface PersonArgs {
      needs: CareNeed[];
      birthDate: string | undefined;
      status: 'unknown' | 'safe' | 'needs-rescue';
      inside: boolean;
      oxygenHours: number | undefined;
      dialysis: readonly ('mon' | 'wed' | 'fri' | 'tue' | 'thu' | 'sat')[] | undefined;
    }
    const personArb: fc.Arbitrary<PersonArgs> = fc.record({
      needs: needArb,
      birthDate: fc.option(fc.constantFrom('1925-05-05', '1950-05-05', '2015-05-05'), { nil: undefined }),
      status: fc.constantFrom('unknown' as const, 'safe' as const, 'needs-rescue' as const),
      inside: fc.boolean(),
      oxygenHours: fc.option(fc.integer({ min: 0, max: 72 }), { nil: undefined }),
      dialysis: fc.option(fc.constantFrom(['mon', 'wed', 'fri'] as const, ['tue', 'thu', 'sat'] as const), { nil: undefined }),
    });
    const personOf = (a: PersonArgs): ResolvedPerson =>
      resolved({
        ...hanako,
        ...(a.birthDate !== undefined ? { birthDate: a.birthDate } : { birthDate: undefined }),
        location: { type: 'Point', coordinates: a.inside ? [lon, lat] : [lon + 1, lat] },
        care: {
          needs: a.needs,
          ...(a.oxygenHours !== undefined ? { homeOxygen: { supplyHoursLeft: a.oxygenHours, asOf: DECLARED } } : {}),
          ...(a.dialysis !== undefined ? { dialysis: { schedule: [...a.dialysis] } } : {}),
        },
        safety: { status: a.status, reportedAt: '2024-01-02T09:00:00+09:00' },
      });
    const weightsArb: fc.Arbitrary<PriorityWeights> = fc
      .tuple(...PRIORITY_FACTOR_CODES.map(() => fc.integer({ min: 0, max: 100 })))
      .map((ws) => Object.fromEntries(PRIORITY_FACTOR_CODES.map((c, i) => [c, ws[i]!])) as PriorityWeights);

    it('scores the sum of its factors’ points', () => {
      fc.assert(
        fc.property(personArb, weightsArb, (a, weights) => {
          const p = prioritize(personOf(a), { ...ctx, weights });
          return p.score === p.factors.reduce((s, f) => s + f.points, 0) && p.factors.every((f) => f.points === weights[f.code]);
        }),
      );
    });

    it('never lowers the score when a need is added or the person is in the hazard', () => {
      fc.assert(
        fc.property(personArb, fc.constantFrom(...codesOf(careNeeds)), weightsArb, (a, need: CareNeed, weights) => {
          const before = prioritize(personOf(a), { ...ctx, weights }).score;
          const more = [
            { ...a, needs: [...new Set([...a.needs, need])] },
            { ...a, inside: true },
          ];
          return more.every((b) => prioritize(personOf(b), { ...ctx, weights }).score >= before);
        }),
      );
    });

    it('raises the default score when a person is reported as needing rescue, though that replaces no-news', () => {
      fc.assert(
        fc.property(personArb, (a) => prioritize(personOf({ ...a, status: 'needs-rescue' }), ctx).score > prioritize(personOf({ ...a, status: 'unknown' }), ctx).score),
      );
    });

    it('leaves out a factor whose weight is 0', () => {
      fc.assert(
        fc.property(personArb, fc.constantFrom(...PRIORITY_FACTOR_CODES), (a, code: PriorityFactorCode) => {
          const withIt = prioritize(personOf(a), ctx);
          const without = prioritize(personOf(a), { ...ctx, weights: { ...DEFAULT_PRIORITY_WEIGHTS, [code]: 0 } });
          const points = withIt.factors.find((f) => f.code === code)?.points ?? 0;
          return !hasFactor(without, code) && without.score === withIt.score - points;
        }),
      );
    });
  });
});

describe('sortByPriority', () => {
  const item = (id: string, score: number, n = 1) => ({
    id,
    priority: { score, factors: Array.from({ length: n }, () => ({ code: 'lives-alone' as const, points: score / n, params: {} })) },
  });

  it('puts the highest score first, then more reasons, then the id', () => {
    const items = [item('c', 10), item('a', 10), item('b', 50), item('d', 10, 2)];
    expect(sortByPriority(items, (i) => i.id).map((i) => i.id)).toEqual(['b', 'd', 'a', 'c']);
    expect(items.map((i) => i.id)).toEqual(['c', 'a', 'b', 'd']);
  });
});
