import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AreaGeometrySchema } from './geo.ts';
import { PersonSchema, ShelterSchema, DeclarationSchema, validate } from './index.ts';

const shelter = {
  commonId: 'E1720200002111',
  name: { ja: '北大呑地区コミュニティセンター' },
  kinds: ['designated-shelter'],
  hazards: [],
  areaCode: '172022',
  location: { type: 'Point', coordinates: [137.046191, 37.040697] },
  openStatus: 'unknown',
  evacueeCounts: [],
  needs: [],
};

describe('validate', () => {
  it('accepts a well-formed shelter', () => {
    expect(validate(ShelterSchema, shelter).ok).toBe(true);
  });

  it('names the path of an out-of-range latitude', () => {
    const r = validate(ShelterSchema, { ...shelter, location: { type: 'Point', coordinates: [137.0, 97.0] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.path).toBe('/location/coordinates/1');
  });

  it('refuses an area code with a wrong check digit', () => {
    const r = validate(ShelterSchema, { ...shelter, areaCode: '172021' });
    expect(r.ok).toBe(false);
  });

  it('refuses a date-time without an offset and an impossible calendar date', () => {
    const base = { name: { full: '能登 花子' }, areaCode: '172022', care: { needs: [] }, consent: { shareWithSupporters: false }, onEvacuationSupportList: true, safety: { status: 'unknown' } };
    expect(validate(PersonSchema, base).ok).toBe(true);
    expect(validate(PersonSchema, { ...base, birthDate: '1940-02-30' }).ok).toBe(false);
    expect(validate(PersonSchema, { ...base, safety: { status: 'safe', reportedAt: '2024-01-01T16:10:00' } }).ok).toBe(false);
  });

  it('refuses a declaration polygon whose ring is not closed', () => {
    const d = {
      id: 'decl-1', issuer: 'jp-fdma', hazard: 'earthquake', phase: 'emergency', areas: ['172022'],
      geometry: { type: 'Polygon', coordinates: [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1]]] },
      title: { ja: '令和6年能登半島地震' }, issuedAt: '2024-01-01T16:10:00+09:00', expiresAt: '2024-03-01T00:00:00+09:00',
    };
    const r = validate(DeclarationSchema, d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/not closed/);
  });
});

describe('validate: polygons nested anywhere', () => {
  const open = [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1]]];
  const closed = [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.0]]];

  it('finds an unclosed ring deep in closed objects, arrays and a union, with its path', () => {
    const Schema = Type.Object(
      {
        name: Type.String(),
        zones: Type.Array(Type.Object({ label: Type.String(), area: Type.Optional(AreaGeometrySchema) }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    );
    const value = { name: 'x', zones: [{ label: 'a', area: { type: 'Polygon', coordinates: closed } }, { label: 'b', area: { type: 'MultiPolygon', coordinates: [closed, open] } }] };
    const r = validate(Schema, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: '/zones/1/area', message: 'polygon 1 ring 0 is not closed' }]);
    expect(validate(Schema, { ...value, zones: [value.zones[0]] }).ok).toBe(true);
  });

  it('finds an unclosed ring in the open part of a schema (an extra property, an unknown value)', () => {
    const Schema = Type.Object({ id: Type.String(), items: Type.Array(Type.Object({ id: Type.String() })) }, { additionalProperties: true });
    const value = { id: 'r', items: [{ id: '1' }, { id: '2', data: { within: [{ geometry: { type: 'Polygon', coordinates: open } }] } }] };
    const r = validate(Schema, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: '/items/1/data/within/0/geometry', message: 'polygon 0 ring 0 is not closed' }]);
    expect(validate(Type.Unknown(), value).ok).toBe(false);
  });

  it('refuses, with a problem and not a crash, a value in an open part shaped like a polygon that is not one', () => {
    const Schema = Type.Object({ x: Type.Unknown() });
    for (const x of [{ type: 'Polygon', coordinates: [[]] }, { type: 'Polygon', coordinates: [] }, { type: 'MultiPolygon', coordinates: [[['a']]] }, { type: 'Polygon', coordinates: [[[1, 2]]] }]) {
      const r = validate(Schema, { x });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems).toEqual([{ path: '/x', message: expect.stringContaining(`has "type": "${x.type}" but is not a GeoJSON ${x.type}`) as unknown as string }]);
    }
    fc.assert(
      fc.property(fc.constantFrom('Polygon', 'MultiPolygon'), fc.jsonValue(), (type, coordinates) => {
        const r = validate(Schema, { x: { type, coordinates: [coordinates] } });
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });

  it('reports the same problems as a walk of every key, for any JSON value under an open schema', () => {
    const naive = (v: unknown, path = ''): { path: string; message: string }[] => {
      if (v === null || typeof v !== 'object') return [];
      const o = v as Record<string, unknown>;
      if ((o.type === 'Polygon' || o.type === 'MultiPolygon') && Array.isArray(o.coordinates)) {
        const polys = (o.type === 'Polygon' ? [o.coordinates] : o.coordinates) as number[][][][];
        return polys.flatMap((rings, p) => rings.flatMap((ring, r) => (ring[0]![0] !== ring.at(-1)![0] || ring[0]![1] !== ring.at(-1)![1] ? [{ path, message: `polygon ${p} ring ${r} is not closed` }] : [])));
      }
      return Object.entries(o).flatMap(([k, x]) => naive(x, `${path}/${k}`));
    };
    const polygon = fc.record({ type: fc.constant('Polygon'), coordinates: fc.constantFrom(open, closed) });
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string(), polygon, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 })),
    })).value;
    const Schema = Type.Object({ id: Type.String(), extra: Type.Optional(Type.Unknown()) });
    fc.assert(
      fc.property(fc.string(), json, (id, extra) => {
        const value = { id, extra, more: extra };
        const r = validate(Schema, value);
        const expected = naive(value);
        expect(r.ok ? [] : r.problems).toEqual(expected);
      }),
    );
  });
});
