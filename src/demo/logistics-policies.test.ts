// The demo's logistics holdings and policies, without a node: every record the holders keep passes the model, the
// stores stock the basic eight items in the units the push standards count in, and the supermarket's stock policy
// allows exactly a prefecture or municipality of Ishikawa asking for supply logistics where an emergency is declared.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaContains, areaCode, codesOf, participantRoles, purposes, RecordEnvelopeSchemas, recordRuleProblems, validate, type AreaCode, type ParticipantRole, type Purpose, type RecordDraft } from '../model/index.ts';
import { decideAccess } from '../policy/decide-access.ts';
import { declaration, NOTO_NOW, verifiedParticipant } from '../policy/test-fixtures.ts';
import { bundledDataDir } from './federation.ts';
import { logisticsHoldings } from './logistics-holdings.ts';
import { demoLogisticsPolicies } from './logistics-policies.ts';
import { SHIPMENT_MESSAGE_FIELDS } from '../apps/logistics/outgoing-releases.ts';
import { demoParticipantByKey } from './scenario.ts';

const countedAt = new Date('2026-12-06T09:00:00+09:00');
const retailer = demoParticipantByKey('retailer');
const firm = demoParticipantByKey('logistics');
const ishikawa = demoParticipantByKey('ishikawa');
const pushStandards = JSON.parse(readFileSync(path.join(bundledDataDir, 'logistics', 'push-standards.json'), 'utf8')) as { items: { category: string; unit: string }[] };

function problemsOf(draft: RecordDraft): unknown[] {
  const checked = validate(RecordEnvelopeSchemas[draft.type], { ...draft, version: 1, recordedAt: countedAt.toISOString() });
  return checked.ok ? recordRuleProblems(draft) : checked.problems;
}

describe('the demo logistics holdings', () => {
  const all = [
    ...logisticsHoldings('retail-stores', retailer, countedAt),
    ...logisticsHoldings('transport-fleet', firm, countedAt),
    ...logisticsHoldings('prefectural-depot', ishikawa, countedAt),
  ];

  it('are records that pass the model’s schema and rules, each marked as fictional and owned by its holder', () => {
    for (const d of all) {
      expect(problemsOf(d)).toEqual([]);
      expect(d.quality.level).toBe('synthetic');
      expect(d.id.startsWith(`${d.sourceNode}:`)).toBe(true);
    }
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
  });

  it('stock every store with the basic eight push items in the units the push standards count in', () => {
    const stock = logisticsHoldings('retail-stores', retailer, countedAt).filter((d): d is RecordDraft<'stock'> => d.type === 'stock');
    const stores = new Set(stock.map((s) => s.data.heldAt.id));
    expect(stores.size).toBe(3);
    for (const store of stores) {
      const lines = stock.filter((s) => s.data.heldAt.id === store);
      for (const standard of pushStandards.items) expect(lines.some((l) => l.data.item.category === standard.category && l.data.unit === standard.unit)).toBe(true);
    }
  });

  it('name the allergens of every food line and give lots that add up to the line, expiring after the count', () => {
    const stock = all.filter((d): d is RecordDraft<'stock'> => d.type === 'stock');
    for (const s of stock) {
      if (['food', 'allergy-friendly-food', 'infant-formula'].includes(s.data.item.category)) expect(s.data.allergens).toBeDefined();
      if (s.data.lots) {
        expect(s.data.lots.reduce((sum, l) => sum + l.quantity, 0)).toBeCloseTo(s.data.quantity, 6);
        for (const l of s.data.lots) expect(Date.parse(l.expiresOn!)).toBeGreaterThan(countedAt.getTime());
      }
    }
    expect(stock.filter((s) => s.data.item.category === 'allergy-friendly-food').every((s) => s.data.allergens!.contains.length === 0)).toBe(true);
  });

  it('offer the firm’s spare vehicles from its own depots, and its ship and helicopter from the prefecture’s stockpile, available from the count onwards', () => {
    const fleet = logisticsHoldings('transport-fleet', firm, countedAt);
    const depots = new Set(fleet.filter((d) => d.type === 'facility').map((d) => d.id));
    const stockpile = logisticsHoldings('prefectural-depot', ishikawa, countedAt).find((d) => d.type === 'facility')!.id;
    const vehicles = fleet.filter((d): d is RecordDraft<'vehicle'> => d.type === 'vehicle');
    for (const v of vehicles) {
      expect(v.data.operator).toBe(firm.id);
      expect(v.data.mode === undefined ? depots : new Set([stockpile])).toContain(v.data.depot.id);
      expect(v.data.availableFrom).toBe(countedAt.toISOString());
      expect(recordRuleProblems({ type: 'vehicle', data: v.data })).toEqual([]);
    }
    expect(vehicles.filter((v) => v.data.mode !== undefined).map((v) => [v.data.mode, v.data.vehicleClass])).toEqual([['sea', 'ship'], ['air', 'helicopter']]);
  });
});

describe('the supermarket’s stock policy', () => {
  const policies = demoLogisticsPolicies(retailer).map((p) => p.policy);
  const stores: AreaCode[] = [areaCode('172014'), areaCode('172022'), areaCode('174611')];
  const elsewhere: AreaCode[] = [areaCode('172049'), areaCode('170003'), areaCode('160008')];

  it('allows exactly a prefecture or municipality of Ishikawa, for supply logistics, where an emergency is declared', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codesOf(participantRoles)),
        fc.constantFrom(...stores, ...elsewhere),
        fc.constantFrom(...codesOf(purposes)),
        fc.constantFrom(...stores),
        fc.option(fc.constantFrom('alert', 'emergency', 'recovery') as fc.Arbitrary<'alert' | 'emergency' | 'recovery'>, { nil: undefined }),
        fc.subarray([...stores, ...elsewhere], { minLength: 1 }),
        (role, jurisdiction, purpose, storeArea, phase, declared) => {
          const d = decideAccess(
            {
              requester: verifiedParticipant('jp-asker', role as ParticipantRole, [jurisdiction]),
              purpose: purpose as Purpose,
              action: 'read',
              dataset: 'stock',
              fields: '*',
              recordAreas: [storeArea],
              requestId: 'prop',
            },
            { policies, declarations: phase ? [declaration(phase, declared)] : [], now: NOTO_NOW },
          );
          const emergency = phase === 'emergency' && declared.some((a) => areaContains(a, storeArea));
          const allowed = (role === 'prefecture' || role === 'municipality') && jurisdiction.startsWith('17') && purpose === 'supply-logistics' && emergency;
          expect(d.effect).toBe(allowed ? 'allow' : 'deny');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the prefectural stockpile’s facility policy', () => {
  const policies = demoLogisticsPolicies(ishikawa).map((p) => p.policy);
  const ask = (role: ParticipantRole, jurisdiction: string, purpose: Purpose) =>
    decideAccess(
      {
        requester: verifiedParticipant('jp-asker', role, [areaCode(jurisdiction)]),
        purpose, action: 'read', dataset: 'facilities', fields: '*', recordAreas: [areaCode('172014')], requestId: 'facility',
      },
      { policies, declarations: [], now: NOTO_NOW },
    ).effect;

  it('names the stockpile to the prefecture’s own plans and its municipalities at all times, for supply logistics', () => {
    expect(ask('prefecture', '170003', 'supply-logistics')).toBe('allow');
    expect(ask('municipality', '172022', 'supply-logistics')).toBe('allow');
  });

  it('refuses another prefecture, a retailer and a purpose other than planning', () => {
    expect(ask('prefecture', '160008', 'supply-logistics')).toBe('deny');
    expect(ask('retailer', '172022', 'supply-logistics')).toBe('deny');
    expect(ask('prefecture', '170003', 'statistics')).toBe('deny');
  });
});

describe('the supply-chain parties’ shipments policies', () => {
  const parties = [ishikawa, retailer, firm, demoParticipantByKey('nanao')];
  const areas: AreaCode[] = [areaCode('172022'), areaCode('172049'), areaCode('160008')];

  it('let each party send its dispatch orders and status updates whole to a supply-chain party in the shipment’s prefecture, for supply logistics, in any phase (each recipient decides what it takes in) — and nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...parties),
        fc.constantFrom(...codesOf(participantRoles)),
        fc.constantFrom('172022', '170003', '160008'),
        fc.constantFrom(...codesOf(purposes)),
        fc.constantFrom(...areas),
        fc.option(fc.constantFrom('alert', 'emergency', 'recovery') as fc.Arbitrary<'alert' | 'emergency' | 'recovery'>, { nil: undefined }),
        (sender, role, jurisdiction, purpose, area, phase) => {
          const d = decideAccess(
            {
              requester: verifiedParticipant('jp-recipient', role as ParticipantRole, [areaCode(jurisdiction)]),
              purpose: purpose as Purpose, action: 'read', dataset: 'shipments', fields: [...SHIPMENT_MESSAGE_FIELDS], recordAreas: [area], requestId: 'push',
            },
            { policies: demoLogisticsPolicies(sender).map((p) => p.policy), declarations: phase ? [declaration(phase, [area])] : [], now: NOTO_NOW },
          );
          const allowed = ['prefecture', 'municipality', 'retailer', 'logistics-firm'].includes(role) && purpose === 'supply-logistics' && jurisdiction.slice(0, 2) === area.slice(0, 2);
          expect(d.effect).toBe(allowed ? 'allow' : 'deny');
          if (allowed) expect(d.obligations.maskedFields).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
