import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Demand, LeadTime, LonLat, RoadSegment, Stock } from '../../model/index.ts';
import { timeReason } from './explain.ts';
import { leadTimeLookup, type LeadTimeLine } from './lead-times.ts';
import { logisticsMessages } from './messages.ts';
import { planSentences } from './plan-text.ts';
import { allocationProblem, STRAIGHT_LINE_KMH, type NeedLine, type StockLine } from './planning.ts';
import type { RoadSegmentRecord } from './road-network.ts';
import type { StoredPlan } from './types.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const at = (i: number): LonLat => [124.9 + i * 0.01, 11.2];

const lead = (id: string, from: string, to: LeadTime['to'], hours: number, over: Partial<LeadTime> = {}): LeadTimeLine => ({
  node: 'asean-aha-centre', id,
  leadTime: { from: { type: 'facility', id: from }, to, mode: 'sea', hours, validFrom: '2026-01-01T00:00:00+08:00', basis: 'assumption', source: 'AHA Centre', ...over },
});

const need = (shelter: number, areaCode = 'PH0803747', located = true): NeedLine => ({
  id: `need-${shelter}`, receiver: 'ph-dswd-fo8',
  demand: {
    origin: 'request', destination: { type: 'facility', id: `point-${shelter}` }, areaCode, ...(located ? { location: { type: 'Point', coordinates: at(shelter) } } : {}),
    item: { category: 'family-kit' }, quantity: 10, unit: 'set', neededBy: '2026-06-03T00:00:00+08:00', priority: 'high',
  } as Demand,
});
const stock = (depot: string, place: number): StockLine => ({
  node: 'asean-aha-centre', id: `${depot}:kits`, version: 1, observedAt: '2026-06-01T00:00:00Z',
  stock: { heldAt: { type: 'facility', id: depot }, areaCode: 'PH1307404', location: { type: 'Point', coordinates: at(place) }, item: { category: 'family-kit' }, quantity: 100, unit: 'set' } as Stock,
});
function road(id: string, a: number, b: number): RoadSegmentRecord {
  return {
    id,
    data: {
      from: { id: `n${a}`, coordinates: at(a) }, to: { id: `n${b}`, coordinates: at(b) }, geometry: { type: 'LineString', coordinates: [at(a), at(b)] },
      roadClass: 'national', lengthKm: 1, speedKmh: 60, status: 'open' as RoadSegment['status'], statusObservedAt: '2026-06-01T00:00:00Z', statusSource: 'test',
    },
  };
}
const DEST = 'ph-dswd-fo8|facility:point-1';

describe('the lead time the planner takes for a depot and a destination', () => {
  it('prefers one for the destination over one for its area, a smaller area over a larger, and the fastest among equals', () => {
    const lines = [
      lead('region', 'subang', { areaCode: 'PH08' }, 168),
      lead('province', 'subang', { areaCode: 'PH08037' }, 150),
      lead('province-air', 'subang', { areaCode: 'PH08037' }, 48, { mode: 'air' }),
      lead('point', 'subang', { destination: { type: 'facility', id: 'point-1' } }, 200),
    ];
    const lookup = leadTimeLookup(lines, AT);
    expect(lookup('asean-aha-centre|facility:subang', DEST, 'PH0803747')?.id).toBe('point');
    expect(lookup('asean-aha-centre|facility:subang', 'ph-dswd-fo8|facility:point-2', 'PH0803747')?.id).toBe('province-air');
    expect(lookup('asean-aha-centre|facility:subang', 'ph-dswd-fo8|facility:point-2', 'PH0801')?.id).toBe('region');
    expect(lookup('asean-aha-centre|facility:subang', 'ph-dswd-fo8|facility:point-2', 'PH13')).toBeUndefined();
    expect(lookup('asean-aha-centre|facility:chainat', DEST, 'PH0803747')).toBeUndefined();
  });

  it('finds a Japanese municipality inside its prefecture and a ward inside its designated city, which no string prefix says', () => {
    const lines = [
      lead('japan', 'kanazawa', { areaCode: 'JP' }, 96),
      lead('ishikawa', 'kanazawa', { areaCode: '170003' }, 48),
      lead('nanao', 'kanazawa', { areaCode: '172022' }, 12),
      lead('kanagawa', 'kanazawa', { areaCode: '140007' }, 30),
      lead('yokohama', 'kanazawa', { areaCode: '141003' }, 24),
    ];
    const lookup = leadTimeLookup(lines, AT);
    const from = 'asean-aha-centre|facility:kanazawa';
    expect(lookup(from, 'x|facility:a', '172022')?.id).toBe('nanao');
    expect(lookup(from, 'x|facility:a', '172049')?.id).toBe('ishikawa');
    expect(lookup(from, 'x|facility:a', '141011')?.id).toBe('yokohama');
    expect(lookup(from, 'x|facility:a', '142042')?.id).toBe('kanagawa');
    expect(lookup(from, 'x|facility:a', '011002')?.id).toBe('japan');
  });

  it('never takes one outside its validity', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (startDays, lengthDays) => {
        const from = new Date(AT.getTime() + startDays * 86_400_000);
        const until = new Date(from.getTime() + lengthDays * 86_400_000);
        const line = lead('x', 'subang', { areaCode: 'PH' }, 100, { validFrom: from.toISOString(), validUntil: until.toISOString() });
        const found = leadTimeLookup([line], AT)('a|facility:subang', DEST, 'PH08');
        expect(found !== undefined).toBe(from <= AT && AT < until);
      }),
    );
  });
});

describe('arcs with lead times', () => {
  it('replaces the straight-line estimate by a stated lead time when there is no road network, naming which is which', () => {
    const p = allocationProblem([need(1)], [stock('subang', 0), stock('camp-aguinaldo', 2)], [], [], undefined, { lines: [lead('l', 'subang', { areaCode: 'PH08' }, 168)], at: AT });
    const byDepot = new Map(p.input.arcs.map((a) => [a.depot, a]));
    expect(byDepot.get('asean-aha-centre|facility:subang')).toMatchObject({ minutes: 168 * 60, basis: { kind: 'lead-time', mode: 'sea', hours: 168 } });
    expect(byDepot.get('asean-aha-centre|facility:camp-aguinaldo')?.basis).toMatchObject({ kind: 'straight-line', kmh: STRAIGHT_LINE_KMH });
    expect(p.leadTimeArcs).toBe(1);
  });

  it('reaches a destination without a position through a lead time for its area', () => {
    const p = allocationProblem([need(1, 'PH0803747', false)], [stock('subang', 0)], [], [], undefined, { lines: [lead('l', 'subang', { areaCode: 'PH08' }, 168)], at: AT });
    expect(p.isolated).toEqual([]);
    expect(p.input.arcs).toHaveLength(1);
  });

  it('does not call a destination isolated when a stated road lead time serves it, and still does when only sea or air does', () => {
    // The destination at 1 is on no road of the network; the depot at 0 is.
    const roads = [road('r1', 0, 5)];
    const served = (mode: 'road' | 'sea') =>
      allocationProblem([need(1, 'PH0803747', false)], [stock('depot', 0)], [], roads, undefined, { lines: [lead('l', 'depot', { areaCode: 'PH08' }, 30, { mode })], at: AT });
    expect(served('road').isolated).toEqual([]);
    expect(served('road').leadTimeArcs).toBe(1);
    expect(served('sea').isolated).toEqual(['ph-dswd-fo8|facility:point-1']);
  });

  it('never uses a lead time where the road network has a path, and uses it where the network has none', () => {
    // The depot at 0 joins the destination at 1 by road; the depot at 30 (about 33 km away) is on no road at all.
    const roads = [road('r1', 0, 1)];
    const lines = [lead('near', 'near-depot', { areaCode: 'PH08' }, 1), lead('far', 'island-depot', { areaCode: 'PH08' }, 72)];
    const p = allocationProblem([need(1)], [stock('near-depot', 0), stock('island-depot', 300)], [], roads, undefined, { lines, at: AT });
    const byDepot = new Map(p.input.arcs.map((a) => [a.depot, a]));
    expect(byDepot.get('asean-aha-centre|facility:near-depot')!.basis).toBeUndefined();
    expect(byDepot.get('asean-aha-centre|facility:near-depot')!.route()).toEqual(['r1']);
    expect(byDepot.get('asean-aha-centre|facility:island-depot')).toMatchObject({ minutes: 72 * 60, basis: { kind: 'lead-time', id: 'far' } });
    expect(p.leadTimeArcs).toBe(1);
  });

  it('keeps every road arc as it was when no lead time is published', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (n) => {
        const roads = Array.from({ length: n }, (_, i) => road(`r${i}`, i, i + 1));
        const without = allocationProblem([need(n)], [stock('d', 0)], [], roads);
        const withNone = allocationProblem([need(n)], [stock('d', 0)], [], roads, undefined, { lines: [], at: AT });
        expect(withNone.input.arcs.map((a) => [a.depot, a.minutes, a.route()])).toEqual(without.input.arcs.map((a) => [a.depot, a.minutes, a.route()]));
      }),
    );
  });
});

describe('the explanation of a delivery’s time', () => {
  const stated = { kind: 'lead-time' as const, node: 'asean-aha-centre', id: 'l', mode: 'sea' as const, hours: 72, basis: 'stated' as const, source: 'AHA Centre' };

  it('names who stated the lead time, the hours and the mode, in Japanese and English', () => {
    const reason = timeReason(stated);
    const plan = { result: { explanation: { destinations: [{ destination: DEST, deliveries: [{ flow: { demand: 'd', supply: 's' }, route: [], reasons: [reason] }] }], shortages: [], optimality: { code: 'LOGISTICS_OPTIMALITY_EXACT', params: {} } }, notes: [] } } as unknown as StoredPlan;
    expect(planSentences(plan, [], 'en').destinations[0]!.deliveries[0]!.texts).toEqual(['Lead time stated by AHA Centre: 72 h by sea']);
    expect(planSentences(plan, [], 'ja').destinations[0]!.deliveries[0]!.texts).toEqual(['所要時間は AHA Centre が示したリードタイムです: 海路で 72 時間']);
  });

  it('says when the figure is an assumption, and when it is the straight-line estimate', () => {
    expect(logisticsMessages.text(timeReason({ ...stated, basis: 'assumption', mode: 'air', hours: 48 }).code, { source: 'AHA Centre', hours: 48, mode: 'air' }, 'en')).toBe(
      'Lead time assumed by AHA Centre: 48 h by air (an assumption, not a figure from operations)',
    );
    const straight = timeReason({ kind: 'straight-line', km: 580.04, kmh: 30 });
    expect(logisticsMessages.text(straight.code, straight.params, 'en')).toBe('Straight-line estimate at 30 km/h: 580 km, 19.3 h');
    expect(logisticsMessages.text(straight.code, straight.params, 'ja')).toBe('所要時間は直線距離 580 km を時速 30 km で走るとした見積もりです（19.3 時間）');
  });
});
