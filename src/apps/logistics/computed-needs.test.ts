import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nanaoOpenSheltersImporter } from '../../adapters/nanao-open-shelters.ts';
import { DemandSchema, validate, type RecordDraft } from '../../model/index.ts';
import { computedNeeds, headcountOf, shelterNeeds, type ShelterHeadcount } from './computed-needs.ts';
import { parsePushStandards, pushStandards } from './push-standards.ts';

const FILE = 'open_shelter_Nanao-shi_2024-01-18-0600.csv';
const bytes = readFileSync(new URL(`../../../data/noto-2024-nanao/${FILE}`, import.meta.url));
const parsed = nanaoOpenSheltersImporter.parse(FILE, bytes, { sourceNode: 'jp-172022-nanao-city', now: '2024-01-18T06:00:00+09:00' });
const headcounts = parsed.items
  .map((i) => i.draft as RecordDraft<'shelter'>)
  .map((d) => headcountOf(d.id, d.data))
  .filter((h): h is ShelterHeadcount => h !== undefined);
const window = { days: 1, neededBy: '2024-01-19T06:00:00+09:00' };
const total = (category: string) => (lines: ReturnType<typeof computedNeeds>) => lines.filter((d) => d.item.category === category).reduce((n, d) => n + d.quantity, 0);

describe('push standards', () => {
  it('load from data/logistics/push-standards.json with a source and a kind for every figure, and cover the basic eight items', () => {
    expect(pushStandards.items.map((i) => i.category).sort()).toEqual(
      ['adult-diaper', 'baby-diaper', 'blanket', 'food', 'infant-formula', 'menstrual-product', 'portable-toilet', 'toilet-paper'],
    );
    for (const i of pushStandards.items) expect(i.source.length).toBeGreaterThan(10);
  });
  it('refuse a standard that is both daily and once-only, or has an unknown item', () => {
    const both = { ...pushStandards, items: [{ ...pushStandards.items[0]!, perPerson: 1 }] };
    expect(parsePushStandards(both)).toMatchObject({ ok: false, problems: [{ path: '/items/0' }] });
    const unknown = { ...pushStandards, items: [{ ...pushStandards.items[0]!, category: 'beer' }] };
    expect(parsePushStandards(unknown).ok).toBe(false);
  });
});

describe('needs from Nanao’s real evacuee counts (18 January 2024, 06:00)', () => {
  const needs = computedNeeds(headcounts, [], pushStandards, window);
  const evacuees = headcounts.reduce((n, h) => n + h.evacuees, 0);

  it('give three meals, five toilet uses and two blankets per evacuee across the open shelters', () => {
    expect(headcounts.length).toBeGreaterThan(20);
    expect(total('food')(needs)).toBe(3 * evacuees);
    expect(total('portable-toilet')(needs)).toBe(5 * evacuees);
    expect(total('blanket')(needs)).toBe(2 * evacuees);
  });

  it('give the 御祓地区コミュニティセンター’s 91 evacuees 273 meals and 455 toilet uses for a day, each line saying how it was computed', () => {
    const misogi = needs.filter((d) => d.destination.id.endsWith('CC0000000504'));
    expect(misogi.find((d) => d.item.category === 'food')).toMatchObject({ quantity: 273, unit: 'meal', origin: 'push-estimate' });
    expect(misogi.find((d) => d.item.category === 'portable-toilet')?.quantity).toBe(455);
    expect(misogi.find((d) => d.item.category === 'food')?.basis).toContain('内閣府');
  });

  it('are every one a valid demand record', () => {
    for (const d of needs) expect(validate(DemandSchema, d).ok, JSON.stringify(d)).toBe(true);
  });
});

describe('needs from care counts per shelter', () => {
  const h: ShelterHeadcount = { shelterId: 'nanao-open-shelter-CC0000000504', areaCode: '172022', evacuees: 91 };
  const care = { shelterId: h.shelterId, allergenFree: [{ freeFrom: ['egg', 'milk'] as const, persons: 4 }], bedridden: 2, infants: 1 };

  it('serve allergic persons allergen-free meals instead of ordinary ones, and the counted persons diapers and formula by the care standard', () => {
    const needs = shelterNeeds(h, { ...care, allergenFree: care.allergenFree.map((a) => ({ ...a, freeFrom: [...a.freeFrom] })) }, pushStandards, { ...window, days: 2 });
    expect(needs.find((d) => d.item.category === 'food')?.quantity).toBe((91 - 4) * 3 * 2);
    expect(needs.find((d) => d.item.category === 'allergy-friendly-food')).toMatchObject({ quantity: 4 * 3 * 2, freeFrom: ['egg', 'milk'], origin: 'care-estimate', priority: 'high' });
    // 91 evacuees × 29.1 % aged 65+ × 10 % ≈ 2.65 adults needing diapers, 2 of them counted: the estimate covers 0.65.
    expect(needs.filter((d) => d.item.category === 'adult-diaper')).toMatchObject([
      { quantity: Math.ceil((91 * 0.291 * 0.1 - 2) * 5 * 2), origin: 'push-estimate', basis: expect.stringContaining('要配慮者として数えた 2人') as unknown as string },
      { quantity: 2 * 6 * 2, origin: 'care-estimate' },
    ]);
    // 91 × 0.59 % ≈ 0.54 infants, fewer than the one counted: formula for the counted infant only.
    expect(needs.filter((d) => d.item.category === 'infant-formula')).toMatchObject([{ quantity: 0.28, unit: 'kg', origin: 'care-estimate' }]);
  });

  it('treat a care count as a lower bound: a shelter with more infants or bedridden adults than its lists name still gets the estimate for the rest', () => {
    const big: ShelterHeadcount = { ...h, evacuees: 2_000 };
    const persons = (needs: readonly { item: { category: string }; origin: string; quantity: number }[], category: string, origin: string, perDay: number) =>
      needs.filter((d) => d.item.category === category && d.origin === origin).reduce((n, d) => n + d.quantity, 0) / perDay;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(100), fc.nat(100), (evacuees, bedridden, infants) => {
        const at = { ...big, evacuees };
        const needs = shelterNeeds(at, { shelterId: h.shelterId, allergenFree: [], bedridden, infants }, pushStandards, { ...window, days: 1 });
        const estimatedDiaperUsers = evacuees * 0.291 * 0.1;
        const estimatedInfants = evacuees * 0.0059;
        // Everyone counted gets the care standard; together the two lines cover at least the larger of count and estimate.
        expect(persons(needs, 'adult-diaper', 'care-estimate', 6)).toBe(bedridden);
        expect(persons(needs, 'adult-diaper', 'care-estimate', 6) + persons(needs, 'adult-diaper', 'push-estimate', 5)).toBeGreaterThanOrEqual(Math.max(bedridden, estimatedDiaperUsers) - 1e-9);
        expect(persons(needs, 'infant-formula', 'care-estimate', 0.14) + persons(needs, 'infant-formula', 'push-estimate', 0.14)).toBeGreaterThanOrEqual(Math.max(infants, estimatedInfants) - 1e-6);
        // And nobody counted twice: the estimate line covers only those beyond the count.
        expect(persons(needs, 'adult-diaper', 'push-estimate', 5)).toBeLessThan(Math.max(0, estimatedDiaperUsers - bedridden) + 1 / 5 + 1e-9);
      }),
    );
  });

  it('always give as many meals in all as three per evacuee per day, never a zero or negative line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.nat(200), fc.nat(50), fc.nat(50), fc.integer({ min: 1, max: 7 }), (evacuees, allergic, bedridden, infants, days) => {
        const needs = shelterNeeds({ ...h, evacuees }, { shelterId: h.shelterId, allergenFree: [{ freeFrom: ['wheat'], persons: allergic }], bedridden, infants }, pushStandards, { ...window, days });
        for (const d of needs) expect(d.quantity).toBeGreaterThan(0);
        const meals = total('food')(needs) + total('allergy-friendly-food')(needs);
        expect(meals).toBe(evacuees === 0 ? 0 : 3 * days * Math.max(evacuees, allergic));
      }),
    );
  });
});
