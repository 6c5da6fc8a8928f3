import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../model/index.ts';
import { LOADS_WHERE_HELD_KM, PORT_LEG_DEPOTS, PORT_LEG_MAX_MINUTES, portLegs, type RoadTime, type RoadTimesTo } from './port-legs.ts';

const PORT: LonLat = [136.6, 36.6];
/** A depot `km` east of the port (about 0.0112° of longitude a kilometre at this latitude). */
const east = (km: number): LonLat => [PORT[0] + km / 89.4, PORT[1]];
const craft = { depotPlace: 'facility:named', loadsAt: PORT };
const drive = (minutes: number): RoadTime => ({ minutes, vehicleClass: 'medium-truck', route: () => [] });
/** Road times from a table, answered as a road search would: only the depots asked about, the k fastest. */
const fromTable = (times: ReadonlyMap<string, RoadTime>): RoadTimesTo => (_to, among, k) =>
  new Map([...times].filter(([d]) => among.includes(d)).sort((a, b) => a[1].minutes - b[1].minutes).slice(0, k));

describe('which depots may truck stock to a craft’s loading place', () => {
  it('keeps the named depot however far, the nearest others within the time bound, at most their number, and a depot at the port without a truck', () => {
    const depots = new Map<string, LonLat>([['n|facility:named', east(300)], ['n|facility:at-port', east(LOADS_WHERE_HELD_KM / 2)]]);
    const times = new Map<string, RoadTime>([['n|facility:named', drive(PORT_LEG_MAX_MINUTES + 60)]]);
    for (let i = 0; i < PORT_LEG_DEPOTS + 3; i++) {
      depots.set(`n|facility:d${i}`, east(10 + i));
      times.set(`n|facility:d${i}`, drive(20 + i));
    }
    depots.set('n|facility:far', east(200));
    times.set('n|facility:far', drive(PORT_LEG_MAX_MINUTES + 1));
    const legs = portLegs(craft, depots, fromTable(times));
    expect(legs.map((l) => [l.depot, l.kind])).toEqual([
      ['n|facility:named', 'road'], ['n|facility:at-port', 'at-loading-place'],
      ...Array.from({ length: PORT_LEG_DEPOTS }, (_, i) => [`n|facility:d${i}`, 'road']),
    ]);
  });

  it('gives no leg to a depot no open road joins to the loading place, the named one included', () => {
    const depots = new Map<string, LonLat>([['n|facility:named', east(5)], ['n|facility:other', east(6)]]);
    expect(portLegs(craft, depots, fromTable(new Map()))).toEqual([]);
  });

  it('without road times, loads only the named depot, as where the craft loads (as before the truck leg)', () => {
    const depots = new Map<string, LonLat>([['n|facility:named', east(5)], ['n|facility:other', east(6)]]);
    expect(portLegs(craft, depots, undefined)).toEqual([{ depot: 'n|facility:named', kind: 'at-loading-place' }]);
  });

  it('never keeps more than the bound, nor a drive over the time bound except the named depot’s (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 1, max: 2 * PORT_LEG_MAX_MINUTES, noNaN: true }), { nil: undefined }), { minLength: 1, maxLength: 30 }), (minutes) => {
        const depots = new Map<string, LonLat>(minutes.map((_, i) => [`n|facility:${i === 0 ? 'named' : `d${i}`}`, east(5 + i)]));
        const times = new Map<string, RoadTime>(minutes.flatMap((m, i) => (m === undefined ? [] : [[`n|facility:${i === 0 ? 'named' : `d${i}`}`, drive(m)] as const])));
        const legs = portLegs(craft, depots, fromTable(times));
        const others = legs.filter((l) => l.depot !== 'n|facility:named');
        expect(others.length).toBeLessThanOrEqual(PORT_LEG_DEPOTS);
        for (const l of others) expect(l.kind === 'road' && l.minutes <= PORT_LEG_MAX_MINUTES).toBe(true);
        // Every leg is a drive the road times gave: none invented for a depot without an open road.
        for (const l of legs) expect(times.has(l.depot)).toBe(true);
        // The kept ones are the fastest: no depot left out within the bound is faster than one kept.
        const slowestKept = Math.max(...others.map((l) => (l.kind === 'road' ? l.minutes : 0)), 0);
        const left = [...times].filter(([d, t]) => d !== 'n|facility:named' && t.minutes <= PORT_LEG_MAX_MINUTES && !others.some((l) => l.depot === d));
        if (others.length < PORT_LEG_DEPOTS) expect(left).toEqual([]);
        else for (const [, t] of left) expect(t.minutes).toBeGreaterThanOrEqual(slowestKept);
      }),
      { numRuns: 100 },
    );
  });
});
