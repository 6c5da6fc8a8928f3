import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAreaCode } from '../model/area-code.ts';
import type { Person } from '../model/person.ts';
import { RecordEnvelopeSchemas, type AnyRecordDraft, type RecordDraft } from '../model/record.ts';
import { validate } from '../model/validate.ts';
import { careLevels } from './rates.ts';
import { scenarioRows, type OverlapTruth } from './rows.ts';
import { testPlan } from './test-support.ts';

function digest(rows: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
}

function* lines(plan: Awaited<ReturnType<typeof testPlan>>) {
  for (const row of scenarioRows(plan)) yield row.kind === 'record' ? [row.node.id, row.file, row.draft] : row.truth;
}

interface Town {
  drafts: AnyRecordDraft[];
  byNode: Map<string, Map<string, RecordDraft<'person'>>>;
  overlaps: OverlapTruth[];
  kindOf: Map<string, string>;
}

async function collect(scale: 'town' | 'prefecture', seed: number, persons?: number): Promise<Town> {
  const plan = await testPlan(scale, seed, persons);
  const town: Town = { drafts: [], byNode: new Map(), overlaps: [], kindOf: new Map(plan.nodes.map((n) => [n.id, n.kind])) };
  for (const row of scenarioRows(plan)) {
    if (row.kind === 'overlap') {
      town.overlaps.push(row.truth);
      continue;
    }
    town.drafts.push(row.draft);
    if (row.draft.type === 'person') {
      const m = town.byNode.get(row.node.id) ?? new Map();
      expect(m.has(row.draft.id)).toBe(false);
      m.set(row.draft.id, row.draft);
      town.byNode.set(row.node.id, m);
    }
  }
  return town;
}

describe('scenario rows', () => {
  let town: Town;
  let county: Town;
  beforeAll(async () => {
    town = await collect('town', 20240101);
    county = await collect('prefecture', 20240101, 8000);
  });

  it('are the same rows for the same seed and scale, and different rows for another seed', async () => {
    const a = digest(lines(await testPlan('town', 5)));
    const b = digest(lines(await testPlan('town', 5)));
    const c = digest(lines(await testPlan('town', 6)));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('are drafts the record schemas accept once the store adds version and recordedAt, all marked synthetic', () => {
    // Every facility and every fourth person: the schema check is the slow part of this suite.
    const sample = [...town.drafts, ...county.drafts].filter((d, i) => d.type !== 'person' || i % 4 === 0);
    expect(sample.length).toBeGreaterThan(3000);
    for (const d of sample) {
      const r = validate(RecordEnvelopeSchemas[d.type], { ...d, version: 1, recordedAt: '2024-01-01T00:00:00Z' });
      if (!r.ok) throw new Error(`${d.id}: ${JSON.stringify(r.problems)}`);
      expect(d.quality.level).toBe('synthetic');
    }
  });

  it('use valid local government codes (check digit included) for every person and facility', () => {
    for (const d of county.drafts) {
      if (d.type !== 'person' && d.type !== 'facility') continue;
      expect(parseAreaCode(d.data.areaCode).ok).toBe(true);
      expect(d.data.areaCode.startsWith('17')).toBe(true);
    }
  });

  it('hold depots as facilities of kind depot, and clinic and care sites as their own kinds', () => {
    const kinds = new Set(county.drafts.flatMap((d) => (d.type === 'facility' ? [d.data.kind] : [])));
    expect([...kinds].sort()).toEqual(['care-facility', 'depot', 'dialysis-clinic']);
  });

  describe('distributions on a town-scale run', () => {
    const cityPersons = (): Person[] => [...town.byNode.get('jp-172022-city')!.values()].map((d) => d.data);
    const age = (p: Person) => 2024 - Number(p.birthDate!.slice(0, 4));
    const share = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).length / xs.length;

    it('skew old: about 70 % of the listed people are 75 or over and few are children', () => {
      const people = cityPersons();
      expect(people.length).toBeGreaterThan(3500);
      expect(share(people, (p) => age(p) >= 75)).toBeGreaterThan(0.65);
      expect(share(people, (p) => age(p) >= 75)).toBeLessThan(0.76);
      expect(share(people, (p) => age(p) < 18)).toBeLessThan(0.03);
    });

    it('have more women than men among the oldest', () => {
      const oldest = cityPersons().filter((p) => age(p) >= 85);
      expect(share(oldest, (p) => p.sex === 'female')).toBeGreaterThan(0.6);
      expect(share(oldest, (p) => p.sex === 'female')).toBeLessThan(0.76);
    });

    it('spread care levels over 要支援1–要介護5, 要介護1 the most common unless bedridden', () => {
      const levelsOf = (people: Person[]) => people.flatMap((p) => (p.care.careLevel ? [p.care.careLevel] : []));
      const all = levelsOf(cityPersons());
      for (const l of careLevels) expect(all.filter((x) => x === l).length / all.length).toBeGreaterThan(0.04);
      const mobile = levelsOf(cityPersons().filter((p) => !p.care.needs.includes('bedridden')));
      const counts = careLevels.map((l) => mobile.filter((x) => x === l).length);
      expect(Math.max(...counts)).toBe(counts[careLevels.indexOf('要介護1')]);
    });

    it('make about 0.27 % of residents dialysis patients and 0.13 % home-oxygen users (relative to the records)', () => {
      const all = [...town.byNode.values()].flatMap((m) => [...m.values()]);
      const dialysisPatients = [...town.byNode.entries()].filter(([id]) => town.kindOf.get(id) === 'dialysis-provider').flatMap(([, m]) => [...m.values()]);
      const perRecord = 1 / (0.068 + 0.0027 + 0.01);
      expect(dialysisPatients.length / all.length).toBeGreaterThan(0.0027 * perRecord * 0.8);
      expect(dialysisPatients.length / all.length).toBeLessThan(0.0027 * perRecord * 1.2);
      const oxygen = cityPersons().filter((p) => p.care.needs.includes('home-oxygen')).length;
      expect(oxygen / all.length).toBeGreaterThan(0.0013 * perRecord * 0.7);
      expect(oxygen / all.length).toBeLessThan(0.0013 * perRecord * 1.3);
      for (const p of dialysisPatients) expect(p.data.care.dialysis?.schedule.length).toBe(3);
    });

    it('make lives-alone common among the old and bedridden people certified at high care levels', () => {
      const people = cityPersons();
      const old = people.filter((p) => age(p) >= 65);
      expect(share(old, (p) => p.care.needs.includes('lives-alone'))).toBeGreaterThan(0.33);
      expect(share(old, (p) => p.care.needs.includes('lives-alone'))).toBeLessThan(0.43);
      const bedridden = people.filter((p) => p.care.needs.includes('bedridden'));
      expect(bedridden.length / people.length).toBeGreaterThan(0.1);
      for (const p of bedridden) expect(['要介護3', '要介護4', '要介護5']).toContain(p.care.careLevel);
    });
  });

  describe('overlap truth', () => {
    it('names records that exist, one on the city list and one or two on providers’ lists', () => {
      for (const s of [town, county]) {
        expect(s.overlaps.length).toBeGreaterThan(0);
        for (const t of s.overlaps) {
          expect(t.records.length).toBeGreaterThanOrEqual(2);
          expect(t.records[0]!.node).toMatch(/-city$/);
          for (const r of t.records) expect(s.byNode.get(r.node)?.has(r.recordId)).toBe(true);
        }
      }
    });

    it('covers every listed person a provider holds, and nobody else', () => {
      for (const s of [town, county]) {
        const truthIds = new Set(s.overlaps.flatMap((t) => t.records.slice(1).map((r) => r.recordId)));
        const providerListed = [...s.byNode.entries()]
          .filter(([id]) => s.kindOf.get(id) !== 'municipality')
          .flatMap(([, m]) => [...m.values()].filter((d) => d.data.onEvacuationSupportList).map((d) => d.id));
        expect(providerListed.length).toBeGreaterThan(0);
        expect(new Set(providerListed)).toEqual(truthIds);
      }
    });

    it('links records of the same person written differently: same reading and area, differing text', () => {
      const nodes = town.byNode;
      let differing = 0;
      for (const t of town.overlaps) {
        const [city, ...others] = t.records.map((r) => nodes.get(r.node)!.get(r.recordId)!.data);
        for (const o of others) {
          expect(o.name.kana).toBe(city!.name.kana);
          expect(o.areaCode).toBe(city!.areaCode);
          const same = o.name.full === city!.name.full && o.birthDate === city!.birthDate && o.address?.text === city!.address?.text && o.contact?.phone === city!.contact?.phone;
          if (!same) differing++;
        }
        expect(t.variants.length).toBeGreaterThan(0);
      }
      const pairs = town.overlaps.reduce((s, t) => s + t.records.length - 1, 0);
      expect(differing).toBe(pairs);
    });

    it('never shares record ids between nodes, so ids alone cannot give the match away', () => {
      for (const t of town.overlaps) {
        const locals = t.records.map((r) => r.recordId.split(':')[1]);
        expect(new Set(locals).size).toBe(locals.length);
      }
    });
  });
});
