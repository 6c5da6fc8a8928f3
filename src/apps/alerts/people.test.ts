import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.ts';
import { alertGeometry, circleRing } from '../../model/index.ts';
import { lifelineLinkFor } from './lifeline-link.ts';
import { builtInDatasets, fieldAt } from '../../policy/index.ts';
import { grantTreeOf, pickGranted } from '../../policy/field-grants.ts';
import { AT_RISK_FIELDS, figuresByMunicipality, personOf, shelterOf, type PersonAtRisk, type ShelterAtRisk } from './people.ts';

const R = 6371.0088;
function distanceKm([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

function alert(over: Partial<Alert> = {}): Alert {
  return {
    format: 'cap', identifier: 'x', sender: 's', sent: '2024-01-01T07:10:00Z', status: 'actual', messageType: 'alert', references: [], state: 'in-force',
    kinds: ['cap-geo'], severity: 'extreme', urgency: 'immediate', certainty: 'observed', areaCodes: ['172022'], areas: [], polygons: [], circles: [],
    signature: { state: 'unsigned' }, ...over,
  };
}

describe("an alert's geometry", () => {
  it('puts every vertex of a circle at its radius from the centre, and closes the ring', () => {
    fc.assert(
      fc.property(fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: 0.1, max: 500, noNaN: true }), (lon, lat, r) => {
        const ring = circleRing([lon, lat], r)!;
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (const p of ring) expect(Math.abs(distanceKm([lon, lat], p) - r)).toBeLessThan(Math.max(0.01, r * 1e-3));
      }),
    );
  });

  it('has none without polygons or circles, one Polygon for one, and a MultiPolygon for several', () => {
    expect(alertGeometry(alert())).toBeUndefined();
    expect(alertGeometry(alert({ circles: [{ center: [136.96, 37.04], radiusKm: 0 }] }))).toBeUndefined();
    expect(alertGeometry(alert({ circles: [{ center: [136.96, 37.04], radiusKm: 5 }] }))?.type).toBe('Polygon');
    const square = { type: 'Polygon' as const, coordinates: [[[136.9, 37], [137, 37], [137, 37.1], [136.9, 37.1], [136.9, 37]] as [number, number][]] };
    expect(alertGeometry(alert({ polygons: [square], circles: [{ center: [136.96, 37.04], radiusKm: 5 }] }))?.type).toBe('MultiPolygon');
  });
});

describe('figures per municipality', () => {
  it('counts every person and shelter exactly once, under its municipality and its node', () => {
    const person = fc.record({ node: fc.constantFrom('a', 'b'), recordId: fc.uuid(), areaCode: fc.option(fc.constantFrom('172022', '172049'), { nil: undefined }), safety: fc.option(fc.constantFrom('safe', 'unknown', 'missing'), { nil: undefined }) });
    const shelter = fc.record({ node: fc.constantFrom('a', 'c'), recordId: fc.uuid(), areaCode: fc.constantFrom('172022', '172049'), openStatus: fc.constantFrom('open', 'closed'), evacuees: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 30 }), fc.array(shelter, { maxLength: 10 }), (ps, ss) => {
        const persons = ps.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as PersonAtRisk);
        const shelters = ss.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as ShelterAtRisk);
        const f = figuresByMunicipality(persons, shelters);
        expect(f.flatMap((m) => m.persons).reduce((n, x) => n + x.count, 0)).toBe(persons.length);
        expect(f.flatMap((m) => Object.values(m.safety)).reduce((n, x) => n + x, 0)).toBe(persons.length);
        expect(f.flatMap((m) => m.shelters).reduce((n, x) => n + x.count, 0)).toBe(shelters.length);
        expect(f.reduce((n, m) => n + m.openShelters, 0)).toBe(shelters.filter((s) => s.openStatus === 'open').length);
        expect(f.reduce((n, m) => n + m.evacuees, 0)).toBe(shelters.reduce((n, s) => n + (s.evacuees ?? 0), 0));
      }),
    );
  });

  it('reads only what it shows from a provider record, ignoring what is missing or malformed', () => {
    expect(personOf('n', 'p1', { name: { full: '七尾 花子' }, areaCode: '172022', safety: { status: 'safe' }, care: { needs: ['dialysis', 3] } })).toEqual({
      node: 'n', recordId: 'p1', areaCode: '172022', safety: 'safe', needs: ['dialysis'],
    });
    expect(personOf('n', 'p2', 'not an object')).toEqual({ node: 'n', recordId: 'p2' });
    expect(shelterOf('n', 's1', { name: { ja: '七尾小学校' }, areaCode: '172022', openStatus: 'open', evacueeCounts: [{ count: 3 }, { count: 40 }] })).toEqual({
      node: 'n', recordId: 's1', name: '七尾小学校', areaCode: '172022', openStatus: 'open', evacuees: 40,
    });
  });
});

describe('the fields asked of providers', () => {
  const anything = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.array(fc.constantFrom('dialysis', 'wheelchair', 3), { maxLength: 3 }));
  const person = fc.record(
    {
      name: fc.record({ full: fc.string({ maxLength: 8 }) }),
      areaCode: fc.oneof(fc.constantFrom('172022', '172049'), anything),
      address: fc.record({ text: fc.string({ maxLength: 8 }), areaCode: fc.oneof(fc.constantFrom('172022', '172049'), anything) }, { requiredKeys: [] }),
      location: fc.constant({ type: 'Point', coordinates: [136.96, 37.04] }),
      safety: fc.record({ status: fc.oneof(fc.constantFrom('safe', 'unknown'), anything), reportedBy: fc.string({ maxLength: 8 }) }, { requiredKeys: [] }),
      care: fc.record({ needs: fc.oneof(fc.array(fc.constantFrom('dialysis', 'wheelchair', 3), { maxLength: 3 }), anything), careLevel: fc.string({ maxLength: 4 }) }, { requiredKeys: [] }),
      birthDate: fc.constant('1949-10-28'),
    },
    { requiredKeys: [] },
  );
  const shelter = fc.record(
    {
      name: fc.record({ ja: fc.string({ maxLength: 8 }), en: fc.string({ maxLength: 8 }) }, { requiredKeys: [] }),
      areaCode: fc.oneof(fc.constantFrom('172022', '172049'), anything),
      openStatus: fc.oneof(fc.constantFrom('open', 'closed'), anything),
      evacueeCounts: fc.array(fc.record({ count: fc.oneof(fc.integer({ min: 0, max: 500 }), anything), at: fc.string({ maxLength: 4 }) }), { maxLength: 3 }),
      capacity: fc.integer({ min: 0, max: 900 }),
      location: fc.constant({ type: 'Point', coordinates: [136.96, 37.04] }),
    },
    { requiredKeys: [] },
  );

  it('are fields of their datasets, so a provider decides them rather than refusing unknown paths', () => {
    for (const [dataset, fields] of Object.entries(AT_RISK_FIELDS)) {
      for (const f of fields) expect(fieldAt(builtInDatasets.get(dataset)!, f), `${dataset}: ${f}`).toBeDefined();
    }
  });

  it('are all a person or a shelter at risk is read from: a record cut down to them reads the same', () => {
    const persons = grantTreeOf(AT_RISK_FIELDS.persons);
    const shelters = grantTreeOf(AT_RISK_FIELDS.shelters);
    fc.assert(
      fc.property(person, shelter, (p, s) => {
        expect(personOf('n', 'p', pickGranted(p, persons) ?? {})).toEqual(personOf('n', 'p', p));
        expect(shelterOf('n', 's', pickGranted(s, shelters) ?? {})).toEqual(shelterOf('n', 's', s));
      }),
    );
  });
});

describe('the lives-to-save link', () => {
  const decl = [{ id: 'd-ishikawa', areas: ['170003'] }];
  it('is never offered for an exercise', () => {
    expect(lifelineLinkFor(alert({ status: 'exercise' }), undefined, decl)).toEqual({ kind: 'not-offered', reason: 'exercise' });
  });
  it('uses a declaration in force over the area (a prefecture covers its cities), else is not offered', () => {
    expect(lifelineLinkFor(alert(), undefined, decl)).toMatchObject({ kind: 'declaration', declarationId: 'd-ishikawa' });
    expect(lifelineLinkFor(alert({ areaCodes: ['152021'] }), undefined, decl)).toEqual({ kind: 'not-offered', reason: 'no-declaration' });
  });
  it("carries the alert's geometry when it has one", () => {
    const g = alertGeometry(alert({ circles: [{ center: [136.96, 37.04], radiusKm: 5 }] }));
    const link = lifelineLinkFor(alert(), g, []);
    expect(link.kind === 'hazard' && JSON.parse(decodeURIComponent(link.href.split('hazard=')[1]!))).toEqual(g);
  });
});
