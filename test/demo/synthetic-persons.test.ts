// The demo's synthetic persons: deterministic from the seed, valid, marked synthetic, living in real localities, and
// with an overlap ground truth whose records differ in writing but describe the same person.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, beforeAll } from 'vitest';
import { allergens } from '../../src/model/codes.ts';
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

  it('have the planned sizes per list, the infants of listed households added to their city list, and unique record ids', () => {
    const infants = (list: PersonListName) => population.lists[list].filter((r) => r.data.care.needs.includes('infant')).length;
    expect(population.lists['nanao-support-list']).toHaveLength(300 + infants('nanao-support-list'));
    expect(population.lists['wajima-support-list']).toHaveLength(200 + infants('wajima-support-list'));
    expect(infants('nanao-support-list') + infants('wajima-support-list')).toBe(3);
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

describe('the facts after the quake', () => {
  it('put persons only in shelters open in Nanao’s newest snapshot, as evacuated when it was taken; Wajima’s persons in none', async () => {
    const shelters = await nanaoSheltersOpenOn18January();
    const evacuated = all.filter((r) => r.data.safety.shelter !== undefined);
    expect(evacuated.length).toBeGreaterThan(50);
    for (const r of evacuated) {
      expect(r.data.areaCode).toBe('172022');
      const shelter = shelters.get(r.data.safety.shelter!);
      expect(shelter, r.id).toBeDefined();
      expect(r.data.safety).toEqual({ status: 'evacuated', shelter: r.data.safety.shelter, whereabouts: shelter!.name, reportedAt: '2024-01-18T06:00:00+09:00' });
    }
    const atHome = all.filter((r) => r.data.safety.status === 'safe');
    expect(atHome.length).toBeGreaterThan(50);
    for (const r of atHome) expect(r.data.safety).toEqual({ status: 'safe', whereabouts: '自宅', reportedAt: '2024-01-18T06:00:00+09:00' });
    expect(all.filter((r) => r.data.safety.status === 'unknown').length).toBeGreaterThan(evacuated.length);
    for (const r of population.lists['wajima-support-list']) expect(r.data.safety).toEqual({ status: 'unknown' });
    // Several persons in one shelter: the counts per shelter have something to count.
    const perShelter = new Map<string, number>();
    for (const r of evacuated) perShelter.set(r.data.safety.shelter!, (perShelter.get(r.data.safety.shelter!) ?? 0) + 1);
    expect(Math.max(...perShelter.values())).toBeGreaterThanOrEqual(10);
  });

  it('leave dialysis and home-oxygen patients as the lifeline walkthrough has them: whereabouts unknown, no care added', () => {
    const walkthrough = all.filter((r) => r.data.care.needs.includes('dialysis') || r.data.care.needs.includes('home-oxygen'));
    expect(walkthrough.length).toBeGreaterThan(60);
    for (const r of walkthrough) {
      expect(r.data.safety).toEqual({ status: 'unknown' });
      expect(r.data.care.needs).not.toContain('food-allergy');
      expect(r.data.care.note).toBeUndefined();
    }
  });

  it('write the same whereabouts and allergies on every list that holds the same person', () => {
    const records = byId();
    for (const o of population.overlaps) {
      const [reference, ...others] = o.records.map((r) => records.get(r.recordId)!.data);
      for (const other of others) {
        expect(other!.safety, o.personKey).toEqual(reference!.safety);
        expect(other!.care.note, o.personKey).toEqual(reference!.care.note);
        expect(other!.care.needs.includes('food-allergy')).toBe(reference!.care.needs.includes('food-allergy'));
      }
    }
  });

  it('name the specified allergens of every person with a food allergy, and of nobody else', () => {
    const allergic = all.filter((r) => r.data.care.needs.includes('food-allergy'));
    expect(allergic.length).toBeGreaterThan(10);
    const labels = Object.values(allergens).map((a) => a.ja);
    for (const r of all) {
      if (!r.data.care.needs.includes('food-allergy')) {
        expect(r.data.care.note).toBeUndefined();
        continue;
      }
      const named = /^食物アレルギー（特定原材料）: (.+)$/.exec(r.data.care.note ?? '')?.[1]?.split('・') ?? [];
      expect(named.length, r.id).toBeGreaterThanOrEqual(1);
      expect(named.length).toBeLessThanOrEqual(2);
      expect(new Set(named).size).toBe(named.length);
      for (const a of named) expect(labels).toContain(a);
    }
  });

  it('add infants under one year old to listed households: a woman aged 20 to 44 at the same address, phone and shelter', () => {
    for (const list of ['nanao-support-list', 'wajima-support-list'] as const) {
      const records = population.lists[list];
      for (const infant of records.filter((r) => r.data.care.needs.includes('infant'))) {
        expect(infant.data.care.needs).toEqual(['infant']);
        expect(infant.data.care.careLevel).toBeUndefined();
        expect(infant.data.onEvacuationSupportList).toBe(true);
        // Born from February 2023: under one year old throughout January 2024.
        expect(infant.data.birthDate! >= '2023-02-01' && infant.data.birthDate! <= '2023-12-31', infant.data.birthDate).toBe(true);
        const mothers = records.filter((r) => {
          const age = 2024 - Number(r.data.birthDate?.slice(0, 4));
          return r !== infant && r.data.sex === 'female' && age >= 20 && age <= 44 && r.data.name.family === infant.data.name.family &&
            r.data.address?.text === infant.data.address?.text && r.data.contact?.phone === infant.data.contact?.phone;
        });
        expect(mothers, infant.id).toHaveLength(1);
        expect(infant.data.safety).toEqual(mothers[0]!.data.safety);
        expect(infant.data.consent).toEqual(mothers[0]!.data.consent);
      }
    }
  });
});

/** The shelters Nanao's snapshot of 18 January 2024, 06:00 lists, by the id the city's node stores them under. */
async function nanaoSheltersOpenOn18January(): Promise<Map<string, { name: string }>> {
  const text = await readFile(path.join(bundledDataDir, 'noto-2024-nanao', 'open_shelter_Nanao-shi_2024-01-18-0600.csv'), 'utf8');
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [`172022-${r['ID']}`, { name: r['名称']! }]));
}
