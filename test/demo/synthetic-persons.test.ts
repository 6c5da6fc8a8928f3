// The demo's synthetic persons: deterministic from the seed, valid, marked synthetic, living in real localities, and
// with an overlap ground truth whose records differ in writing but describe the same person.
import { describe, expect, it, beforeAll } from 'vitest';
import { bundledDataDir, demoPopulation } from '../../src/demo/federation.ts';
import { localityOf } from '../../src/scenario/localities.ts';
import { mulberry32 } from '../../src/demo/prng.ts';
import { listHolders, type PersonListName, type SyntheticPopulation } from '../../src/demo/synthetic-persons.ts';
import { PersonSchema, type Person } from '../../src/model/person.ts';
import { RecordEnvelopeSchemas } from '../../src/model/record.ts';
import { validate } from '../../src/model/validate.ts';
import type { RecordDraft } from '../../src/model/record.ts';

const SEED = 20240101;
let population: SyntheticPopulation;
let all: RecordDraft<'person'>[];

beforeAll(async () => {
  population = await demoPopulation(bundledDataDir, SEED);
  all = Object.values(population.lists).flat();
});

function byId(): Map<string, RecordDraft<'person'>> {
  return new Map(all.map((r) => [r.id, r]));
}

describe('the seeded generator (mulberry32)', () => {
  it('gives the same numbers for the same seed and different numbers for another', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('synthetic persons of the Noto demo', () => {
  it('are the same for the same seed and differ for another seed', async () => {
    const again = await demoPopulation(bundledDataDir, SEED);
    expect(again).toEqual(population);
    const other = await demoPopulation(bundledDataDir, SEED + 1);
    expect(other.lists['nanao-support-list'].map((r) => r.data)).not.toEqual(population.lists['nanao-support-list'].map((r) => r.data));
  });

  it('have the planned sizes per list and unique record ids', () => {
    expect(population.lists['nanao-support-list']).toHaveLength(300);
    expect(population.lists['wajima-support-list']).toHaveLength(200);
    expect(population.lists['dialysis-patients']).toHaveLength(60);
    expect(population.lists['care-clients']).toHaveLength(80);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('validate against the person schema and the record envelope, each marked synthetic and held by its list holder', () => {
    for (const [list, records] of Object.entries(population.lists) as [PersonListName, RecordDraft<'person'>[]][]) {
      for (const r of records) {
        const person = validate(PersonSchema, r.data);
        expect(person.ok, `${r.id}: ${JSON.stringify(person.ok ? [] : person.problems)}`).toBe(true);
        const envelope = validate(RecordEnvelopeSchemas.person, { ...r, version: 1, recordedAt: r.observedAt });
        expect(envelope.ok, r.id).toBe(true);
        expect(r.quality.level).toBe('synthetic');
        expect(r.sourceNode).toBe(listHolders[list]);
      }
    }
  });

  it('live in real localities of Nanao and Wajima, near the shelters there', () => {
    for (const r of all) {
      const p = r.data;
      const city = p.areaCode === '172022' ? '七尾市' : '輪島市';
      expect(['172022', '172049']).toContain(p.areaCode);
      expect(p.address?.municipality).toBe(city);
      expect(localityOf(p.address!.text, city)).toBe(p.address?.locality);
      const [lon, lat] = p.location!.coordinates;
      // The Noto peninsula and its islands (Hegura-jima, Wajima, lies at 37.85° N).
      expect(lon).toBeGreaterThan(136.6);
      expect(lon).toBeLessThan(137.4);
      expect(lat).toBeGreaterThan(36.9);
      expect(lat).toBeLessThan(37.9);
    }
  });

  it('skew old, and carry the care the lists are about', () => {
    const ages = all.filter((r) => r.data.birthDate).map((r) => 2024 - Number(r.data.birthDate!.slice(0, 4)));
    const over75 = ages.filter((a) => a >= 75).length / ages.length;
    expect(over75).toBeGreaterThan(0.5);
    for (const r of population.lists['dialysis-patients']) {
      expect(r.data.care.needs).toContain('dialysis');
      const schedule = r.data.care.dialysis?.schedule.join(',');
      expect(['mon,wed,fri', 'tue,thu,sat']).toContain(schedule);
      expect(r.data.care.dialysis?.clinic).toBe(listHolders['dialysis-patients']);
    }
    const oxygen = all.filter((r) => r.data.care.needs.includes('home-oxygen'));
    expect(oxygen.length).toBeGreaterThan(0);
    for (const r of oxygen) expect(r.data.care.homeOxygen?.supplyHoursLeft).toBeGreaterThan(0);
    expect(all.some((r) => r.data.care.needs.includes('lives-alone'))).toBe(true);
    expect(all.some((r) => r.data.care.needs.includes('bedridden'))).toBe(true);
    for (const r of population.lists['nanao-support-list']) expect(r.data.onEvacuationSupportList).toBe(true);
  });
});

describe('the overlap ground truth', () => {
  const comparable = (p: Person) => ({ name: p.name.full, birthDate: p.birthDate, address: p.address?.text, phone: p.contact?.phone });

  it('names a known subset of clinic patients and care clients that are also on a city list', () => {
    const clinicOnList = population.overlaps.filter((o) => o.records.some((r) => r.list === 'dialysis-patients'));
    const careOnList = population.overlaps.filter((o) => o.records.some((r) => r.list === 'care-clients'));
    expect(clinicOnList.length).toBe(40);
    expect(careOnList.length).toBe(50);
    expect(population.overlaps.some((o) => o.records.length === 3)).toBe(true);
    for (const o of population.overlaps) {
      expect(o.records.filter((r) => r.list === 'nanao-support-list' || r.list === 'wajima-support-list')).toHaveLength(1);
    }
  });

  it('holds records that differ in writing but describe the same person', () => {
    const records = byId();
    for (const o of population.overlaps) {
      const [reference, ...others] = o.records.map((r) => records.get(r.recordId)!.data);
      expect(o.variants.length).toBeGreaterThan(0);
      for (const other of others) {
        expect(comparable(other!), o.personKey).not.toEqual(comparable(reference!));
        expect(other!.name.kana).toBe(reference!.name.kana);
        expect(other!.sex).toBe(reference!.sex);
        expect(other!.areaCode).toBe(reference!.areaCode);
        expect(other!.address?.locality).toBe(reference!.address?.locality);
        if (other!.birthDate !== undefined) expect(other!.birthDate).toBe(reference!.birthDate);
        if (o.variants.includes('no-birth-date')) expect(other!.birthDate).toBeUndefined();
      }
    }
  });

  it('uses each kind of spelling variant somewhere', () => {
    const used = new Set(population.overlaps.flatMap((o) => o.variants));
    expect([...used].sort()).toEqual(['full-width', 'kana-given-name', 'no-birth-date', 'old-kanji', 'phone-format']);
    const records = byId();
    const oldKanji = population.overlaps.find((o) => o.variants.includes('old-kanji'))!;
    const [a, b] = oldKanji.records.map((r) => records.get(r.recordId)!.data.name.family!);
    expect(a).not.toBe(b);
    expect(/[髙邊齋濱澤﨑廣櫻]/.test(`${a}${b}`)).toBe(true);
  });

  it('never pairs records that are not in the ground truth by the same hidden identity', () => {
    const inTruth = new Set(population.overlaps.flatMap((o) => o.records.map((r) => r.recordId)));
    const clinicOnly = population.lists['dialysis-patients'].filter((r) => !inTruth.has(r.id));
    expect(clinicOnly).toHaveLength(20);
    for (const r of clinicOnly) expect(r.data.onEvacuationSupportList).toBe(false);
  });
});
