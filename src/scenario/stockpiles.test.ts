import { beforeAll, describe, expect, it } from 'vitest';
import { RecordEnvelopeSchemas, recordRuleProblems, type RecordDraft } from '../model/record.ts';
import { validate } from '../model/validate.ts';
import type { ScenarioPlan } from './plan.ts';
import { scenarioRows } from './rows.ts';
import { stockPlanning } from './stockpiles.ts';
import { testPlan } from './test-support.ts';

interface Holdings {
  plan: ScenarioPlan;
  facilities: Map<string, { node: string; draft: RecordDraft<'facility'> }>;
  stock: { node: string; draft: RecordDraft<'stock'> }[];
}

async function holdings(scale: 'town' | 'prefecture', seed: number, persons?: number): Promise<Holdings> {
  const plan = await testPlan(scale, seed, persons);
  const out: Holdings = { plan, facilities: new Map(), stock: [] };
  for (const row of scenarioRows(plan)) {
    if (row.kind !== 'record') continue;
    if (row.draft.type === 'facility') out.facilities.set(row.draft.id, { node: row.node.id, draft: row.draft });
    if (row.draft.type === 'stock') {
      // A stock line follows the facility holding it, so its holder is already known here.
      expect(row.file).toBe('stock');
      expect(out.facilities.has(row.draft.data.heldAt.id)).toBe(true);
      out.stock.push({ node: row.node.id, draft: row.draft });
    }
  }
  return out;
}

const sum = (xs: readonly { draft: RecordDraft<'stock'> }[]) => xs.reduce((s, x) => s + x.draft.data.quantity, 0);
const population = (plan: ScenarioPlan) => plan.municipalities.reduce((s, m) => s + m.muni.population, 0);
const isDepotOf = (kind: string) => (x: { node: string; draft: RecordDraft<'stock'> }) => x.node.endsWith(kind) && x.draft.data.heldAt.id.includes(':depot-');

describe('scenario stock', () => {
  let town: Holdings;
  let county: Holdings;
  beforeAll(async () => {
    town = await holdings('town', 20240101);
    county = await holdings('prefecture', 20240101, 8000);
  });

  it('is held by every depot, care site and dialysis clinic, in the holder’s node, area and position', () => {
    for (const h of [town, county]) {
      const holders = new Set(h.stock.map((s) => s.draft.data.heldAt.id));
      expect([...h.facilities.keys()].filter((id) => !holders.has(id))).toEqual([]);
      for (const { node, draft } of h.stock) {
        const holder = h.facilities.get(draft.data.heldAt.id)!;
        expect(draft.sourceNode).toBe(node);
        expect(holder.node).toBe(node);
        expect(draft.data.areaCode).toBe(holder.draft.data.areaCode);
        expect(draft.data.location).toEqual(holder.draft.data.location);
      }
      const ids = h.stock.map((s) => s.draft.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('gives every municipal depot the push-support basic items and water, and prefectural hubs their complement', () => {
    const categoriesAt = (h: Holdings, pred: (x: { node: string; draft: RecordDraft<'stock'> }) => boolean) =>
      new Set(h.stock.filter(pred).map((s) => s.draft.data.item.category));
    const municipal = categoriesAt(county, isDepotOf('-city'));
    for (const c of ['drinking-water', 'food', 'allergy-friendly-food', 'infant-formula', 'baby-diaper', 'adult-diaper', 'portable-toilet', 'toilet-paper', 'menstrual-product', 'blanket']) {
      expect(municipal.has(c as never), c).toBe(true);
    }
    expect(categoriesAt(county, isDepotOf('-pref')).has('drinking-water')).toBe(true);
    expect(categoriesAt(county, (s) => s.node.includes('-dialysis-'))).toEqual(new Set(['medical-supplies', 'generator', 'fuel']));
  });

  it('consists of drafts the stock schema and its rules accept, marked synthetic, with expiry within the shelf life', () => {
    expect(county.stock.length).toBeGreaterThan(300);
    for (const { draft } of [...town.stock, ...county.stock]) {
      const r = validate(RecordEnvelopeSchemas.stock, { ...draft, version: 1, recordedAt: '2024-01-01T00:00:00Z' });
      if (!r.ok) throw new Error(`${draft.id}: ${JSON.stringify(r.problems)}`);
      expect(recordRuleProblems(r.value)).toEqual([]);
      expect(draft.quality.level).toBe('synthetic');
      expect(draft.data.quantity).toBeGreaterThan(0);
      if (draft.data.expiresOn) {
        expect(draft.data.expiresOn > '2024-01-01').toBe(true);
        expect(draft.data.expiresOn <= '2034-01-01').toBe(true);
      }
      if (draft.data.item.category === 'allergy-friendly-food') expect(draft.data.allergens).toEqual({ contains: [] });
    }
  });

  it('is the same for the same seed, and other quantities (same lines) for another seed', async () => {
    const again = await holdings('town', 20240101);
    expect(again.stock).toEqual(town.stock);
    const other = await holdings('town', 7);
    expect(other.stock.map((s) => s.draft.id)).toEqual(town.stock.map((s) => s.draft.id));
    expect(other.stock.map((s) => s.draft.data.quantity)).not.toEqual(town.stock.map((s) => s.draft.data.quantity));
  });

  it('plans municipal water as 3 L a day for 3 days per planned evacuee, so totals scale with the population served', () => {
    const litresPerResident = (h: Holdings, kind: string) =>
      sum(h.stock.filter((s) => isDepotOf(kind)(s) && s.draft.data.item.category === 'drinking-water')) / population(h.plan);
    const plannedPerResident = stockPlanning.evacueeShare * 3 * stockPlanning.municipalDays;
    for (const h of [town, county]) {
      // Each depot holds between fillMin and fillMax of its plan, rounded up to whole cases of 12 L.
      expect(litresPerResident(h, '-city')).toBeGreaterThan(plannedPerResident * stockPlanning.fillMin);
      expect(litresPerResident(h, '-city')).toBeLessThan(plannedPerResident * stockPlanning.fillMax + 0.01);
    }
    const hubs = litresPerResident(county, '-pref');
    expect(hubs).toBeGreaterThan(stockPlanning.evacueeShare * 3 * stockPlanning.prefecturalDays * stockPlanning.fillMin);
    expect(hubs).toBeLessThan(stockPlanning.evacueeShare * 3 * stockPlanning.prefecturalDays * stockPlanning.fillMax + 0.01);
    const water = (h: Holdings) => sum(h.stock.filter((s) => s.draft.data.item.category === 'drinking-water' && isDepotOf('-city')(s)));
    const ratio = water(county) / water(town);
    const populationRatio = population(county.plan) / population(town.plan);
    expect(ratio).toBeGreaterThan(populationRatio * 0.5);
    expect(ratio).toBeLessThan(populationRatio * 2);
  });

  it('sizes a care site’s stock by its beds and a clinic’s dialysis sets by its stations', () => {
    for (const { draft } of county.stock) {
      const holder = county.facilities.get(draft.data.heldAt.id)!.draft.data;
      if (holder.kind === 'care-facility' && draft.data.item.category === 'drinking-water') {
        const planned = holder.capacity!.beds! * (1 + stockPlanning.careStaffPerBed) * 3 * stockPlanning.careDays;
        expect(draft.data.quantity).toBeGreaterThanOrEqual(planned * stockPlanning.fillMin);
        expect(draft.data.quantity).toBeLessThan(planned * stockPlanning.fillMax + 12);
      }
      if (holder.kind === 'dialysis-clinic' && draft.data.item.category === 'medical-supplies') {
        const planned = holder.capacity!.dialysisStations! * stockPlanning.dialysisSessionsPerStationDay * stockPlanning.dialysisDays;
        expect(draft.data.quantity).toBeGreaterThanOrEqual(planned * stockPlanning.fillMin);
        expect(draft.data.quantity).toBeLessThan(planned * stockPlanning.fillMax + 10);
      }
    }
  });
});
