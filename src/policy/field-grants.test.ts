import { describe, expect, it } from 'vitest';
import { personsDataset, sheltersDataset } from './datasets.ts';
import { grantTreeOf, normalisePaths, pickGranted, resolveFields } from './field-grants.ts';

describe('resolving requested fields', () => {
  it('grants a requested field under a granted parent', () => {
    expect(resolveFields(personsDataset, ['care'], ['care.needs'])).toEqual({ granted: ['care.needs'], masked: [] });
  });

  it('grants the granted parts of a requested parent and masks the rest of it', () => {
    const r = resolveFields(personsDataset, ['care.needs', 'name'], ['care']);
    expect(r.granted).toEqual(['care.needs']);
    expect(r.masked).toEqual(['care.careLevel', 'care.dialysis', 'care.homeOxygen', 'care.language', 'care.note']);
  });

  it('masks requested fields nothing grants, and unknown ones as asked', () => {
    expect(resolveFields(personsDataset, ['name'], ['name', 'birthDate', 'bloodType'])).toEqual({
      granted: ['name'],
      masked: ['birthDate', 'bloodType'],
    });
  });

  it("lists, for '*', every field left out at the highest level possible", () => {
    const r = resolveFields(personsDataset, ['name', 'care.dialysis'], '*');
    expect(r.granted).toEqual(['name', 'care.dialysis']);
    expect(r.masked).toContain('address');
    expect(r.masked).toContain('care.needs');
    expect(r.masked).not.toContain('care');
    expect(r.masked).not.toContain('name.full');
  });

  it('takes the union of several grants without repeating covered paths', () => {
    expect(normalisePaths(['care.needs', 'care', 'name', 'care'])).toEqual(['care', 'name']);
  });
});

describe('masking a payload to granted paths', () => {
  const person = {
    name: { full: '七尾 花子', kana: 'ナナオ ハナコ' },
    areaCode: '172022',
    care: { needs: ['dialysis'], dialysis: { schedule: ['mon', 'thu'], clinic: 'jp-172022-nanao-dialysis-clinic' } },
    consent: { shareWithSupporters: true },
  };

  it('keeps exactly the granted subtrees', () => {
    expect(pickGranted(person, grantTreeOf(['name.full', 'care.dialysis.schedule']))).toEqual({
      name: { full: '七尾 花子' },
      care: { dialysis: { schedule: ['mon', 'thu'] } },
    });
  });

  it('drops objects with nothing granted in them', () => {
    expect(pickGranted(person, grantTreeOf(['care.homeOxygen', 'name']))).toEqual({ name: person.name });
  });

  it('applies a field of an array of objects to every element', () => {
    const shelter = { needs: [{ item: '水', quantity: 100, reportedAt: 'x' }, { item: '毛布', reportedAt: 'y' }] };
    expect(sheltersDataset.paths.has('needs.item')).toBe(true);
    expect(pickGranted(shelter, grantTreeOf(['needs.item']))).toEqual({ needs: [{ item: '水' }, { item: '毛布' }] });
  });
});
