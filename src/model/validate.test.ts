import { describe, expect, it } from 'vitest';
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
