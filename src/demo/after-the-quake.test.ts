// The facts after the quake, drawn for any seed: a shelter among the few nearest open ones, allergens of the eight
// specified, infants under one year old all through January 2024, and a safety every holder can store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allergens } from '../model/codes.ts';
import { metresBetween } from '../model/geo.ts';
import { SafetySchema } from '../model/person.ts';
import { validate } from '../model/validate.ts';
import { allergyNote, chooseShelter, drawAllergens, drawWhereabouts, infantBirthDate, safetyOf, type OpenShelter } from './after-the-quake.ts';
import { mulberry32 } from './prng.ts';

const OBSERVED = '2024-01-18T06:00:00+09:00';
const shelter = (i: number, lon: number, lat: number, evacuees: number): OpenShelter => ({ id: `172022-CC${i}`, name: `避難所${i}`, location: [lon, lat], evacuees, observedAt: OBSERVED });
const shelters = fc.array(
  fc.record({ lon: fc.double({ min: 136.8, max: 137.1, noNaN: true }), lat: fc.double({ min: 36.95, max: 37.2, noNaN: true }), evacuees: fc.integer({ min: 0, max: 300 }) }),
  { minLength: 1, maxLength: 12 },
).map((xs) => xs.map((x, i) => shelter(i, x.lon, x.lat, x.evacuees)));
const home = fc.tuple(fc.double({ min: 136.8, max: 137.1, noNaN: true }), fc.double({ min: 36.95, max: 37.2, noNaN: true }));
const seed = fc.integer({ min: 0, max: 0xffffffff });

describe('the facts after the quake', () => {
  it('send a person to one of the three open shelters nearest home, never further', () => {
    fc.assert(
      fc.property(seed, home, shelters, (s, at, open) => {
        const chosen = chooseShelter(mulberry32(s), at, open)!;
        const nearer = open.filter((o) => metresBetween(at, o.location) < metresBetween(at, chosen.location));
        expect(nearer.length).toBeLessThan(3);
      }),
    );
  });

  it('leave everyone unknown in a city without open-shelter data', () => {
    fc.assert(
      fc.property(seed, home, (s, at) => {
        expect(drawWhereabouts(mulberry32(s), at, [])).toEqual({ kind: 'unknown' });
      }),
    );
  });

  it('write a safety the person schema accepts, naming the shelter and when it was open', () => {
    fc.assert(
      fc.property(seed, home, shelters, (s, at, open) => {
        const w = drawWhereabouts(mulberry32(s), at, open);
        const safety = safetyOf(w);
        expect(validate(SafetySchema, safety).ok).toBe(true);
        if (w.kind === 'shelter') expect(safety).toEqual({ status: 'evacuated', shelter: w.shelter.id, whereabouts: w.shelter.name, reportedAt: OBSERVED });
        if (w.kind === 'unknown') expect(safety).toEqual({ status: 'unknown' });
      }),
    );
  });

  it('draw one or two distinct allergens of the eight specified, or none, and name them in the note', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const found = drawAllergens(mulberry32(s));
        expect(found.length).toBeLessThanOrEqual(2);
        expect(new Set(found).size).toBe(found.length);
        for (const a of found) expect(Object.keys(allergens)).toContain(a);
        const note = allergyNote(found);
        if (found.length === 0) expect(note).toBeUndefined();
        else for (const a of found) expect(note).toContain(allergens[a].ja);
      }),
    );
  });

  it('give an infant a birth date that keeps it under one year old throughout January 2024', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const born = infantBirthDate(mulberry32(s));
        expect(born).toMatch(/^2023-(0[2-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$/);
        expect(Date.parse(`${born}T00:00:00+09:00`)).toBeGreaterThan(Date.parse('2023-01-31T23:59:59+09:00'));
      }),
    );
  });
});
