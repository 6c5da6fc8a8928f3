import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordPayloadSchemas, recordRuleProblems, validate, type AnyRecordDraft } from '../../model/index.ts';
import { bundledDataDir } from '../federation.ts';
import {
  CRAFT_FILE, DELSA_FILE, LEAD_TIMES_FILE, PH_AREAS_FILE, delsaCraft, delsaHoldings, delsaLeadTimes, parseDelsaCraft, parseDelsaLeadTimes, parseDelsaWarehouses, parsePhAreas, receivingPoints,
} from './data.ts';
import { aseanPolicies } from './policies.ts';
import { aseanParticipantByKey, aseanParticipants } from './scenario.ts';

const delsaText = readFileSync(path.join(bundledDataDir, 'asean', DELSA_FILE), 'utf8');
const areasText = readFileSync(path.join(bundledDataDir, 'asean', PH_AREAS_FILE), 'utf8');
const leadTimesText = readFileSync(path.join(bundledDataDir, 'asean', LEAD_TIMES_FILE), 'utf8');
const craftText = readFileSync(path.join(bundledDataDir, 'asean', CRAFT_FILE), 'utf8');
const at = new Date('2026-11-09T10:00:00Z');

function modelProblems(d: AnyRecordDraft) {
  const v = validate(recordPayloadSchemas[d.type], d.data);
  return [...(v.ok ? [] : v.problems), ...recordRuleProblems(d)];
}

describe('the ASEAN demo data', () => {
  it('turns the DELSA file into three warehouses and their stock lines, every one valid against the model', () => {
    const parsed = parseDelsaWarehouses(delsaText);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const drafts = delsaHoldings('asean-aha-centre', parsed.value, at);
    for (const d of drafts) expect(modelProblems(d), d.id).toEqual([]);
    const depots = drafts.filter((d) => d.type === 'facility').map((d) => d.data.areaCode);
    expect(depots).toEqual(['MY10', 'TH18', 'PH1307404']);
    const categories = new Set(drafts.flatMap((d) => (d.type === 'stock' ? [d.data.item.category] : [])));
    for (const c of ['family-kit', 'tarpaulin', 'jerry-can', 'hygiene-kit', 'shelter-repair-kit']) expect(categories).toContain(c);
    // Every quantity says it is illustrative.
    expect(drafts.filter((d) => d.type === 'stock').every((d) => d.quality?.note?.includes('illustrative'))).toBe(true);
  });

  it('turns the P-coded areas into DSWD Field Office VIII’s receiving points, valid and inside its jurisdiction', () => {
    const parsed = parsePhAreas(areasText);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const points = receivingPoints('ph-dswd-fo8', aseanParticipantByKey('dswd-fo8').jurisdiction, parsed.value, at);
    for (const d of points) expect(modelProblems(d), d.id).toEqual([]);
    expect(points.map((p) => p.data.areaCode)).toEqual(['PH0803747', 'PH0803731', 'PH0803748']);
  });

  it('refuses an area in the 2017 nine-digit form and a parent that does not contain its child, naming the field', () => {
    const doc = JSON.parse(areasText) as { areas: { pcode: string; parent?: string }[] };
    const legacy = structuredClone(doc);
    legacy.areas[2]!.pcode = 'PH083747000';
    const r1 = parsePhAreas(JSON.stringify(legacy));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.problems[0]!.path).toBe('/areas/2/pcode');
    const orphan = structuredClone(doc);
    orphan.areas[2]!.parent = 'PH13';
    const r2 = parsePhAreas(JSON.stringify(orphan));
    expect(r2).toMatchObject({ ok: false, problems: [{ path: '/areas/2/parent' }] });
  });

  it('refuses a warehouse whose position names no source, and a file that is not JSON', () => {
    const doc = JSON.parse(delsaText) as { warehouses: { locationSource: string }[] };
    doc.warehouses[1]!.locationSource = 'a map somewhere';
    expect(parseDelsaWarehouses(JSON.stringify(doc))).toMatchObject({ ok: false, problems: [{ path: '/warehouses/1/locationSource' }] });
    expect(parseDelsaWarehouses('{').ok).toBe(false);
  });

  it('turns the lead-time file into assumptions from each warehouse to Region VIII, each valid, labelled illustrative and carrying its reasoning', () => {
    const warehouses = parseDelsaWarehouses(delsaText);
    if (!warehouses.ok) throw new Error('bundled file');
    const parsed = parseDelsaLeadTimes(leadTimesText, warehouses.value);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const drafts = delsaLeadTimes('asean-aha-centre', parsed.value, at);
    for (const d of drafts) expect(modelProblems(d), d.id).toEqual([]);
    expect(drafts.map((d) => [d.data.from.id, d.data.mode, d.data.hours])).toEqual([
      ['asean-aha-centre:delsa-camp-aguinaldo', 'road', 48], ['asean-aha-centre:delsa-subang', 'sea', 168], ['asean-aha-centre:delsa-subang', 'air', 24],
      ['asean-aha-centre:delsa-chainat', 'sea', 192],
    ]);
    expect(drafts.every((d) => d.data.basis === 'assumption' && d.data.source.includes('illustrative') && d.quality?.level === 'synthetic' && (d.data.note ?? '').length > 50)).toBe(true);
  });

  it('gives every stock line its weight and volume per unit, so ships and aircraft can count their loads', () => {
    const parsed = parseDelsaWarehouses(delsaText);
    if (!parsed.ok) throw new Error('bundled file');
    const stock = delsaHoldings('asean-aha-centre', parsed.value, at).flatMap((d) => (d.type === 'stock' ? [d.data] : []));
    expect(stock.every((s) => s.unitLoad !== undefined && s.unitLoad.kg > 0 && (s.unitLoad.litres ?? 0) > 0)).toBe(true);
  });

  it('turns the craft file into two chartered ships and a freighter aircraft, valid vehicle records labelled illustrative, landing for DSWD’s receiving points', () => {
    const warehouses = parseDelsaWarehouses(delsaText);
    const areas = parsePhAreas(areasText);
    if (!warehouses.ok || !areas.ok) throw new Error('bundled files');
    const parsed = parseDelsaCraft(craftText, warehouses.value, areas.value);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const drafts = delsaCraft('asean-aha-centre', 'ph-dswd-fo8', parsed.value, at);
    for (const d of drafts) expect(modelProblems(d), d.id).toEqual([]);
    expect(drafts.map((d) => [d.data.mode, d.data.depot.id, d.data.loadsAt?.name.en])).toEqual([
      ['sea', 'asean-aha-centre:delsa-subang', 'Port Klang (Westport), Malaysia'],
      ['sea', 'asean-aha-centre:delsa-chainat', 'Laem Chabang port, Thailand'],
      ['air', 'asean-aha-centre:delsa-subang', 'Sultan Abdul Aziz Shah Airport (Subang), Malaysia'],
    ]);
    const points = receivingPoints('ph-dswd-fo8', aseanParticipantByKey('dswd-fo8').jurisdiction, areas.value, at).map((p) => p.id);
    for (const d of drafts) expect(d.data.landingPoints!.flatMap((l) => l.serves.map((s) => s.id)).sort()).toEqual([...points].sort());
    expect(drafts.every((d) => d.quality?.level === 'synthetic' && d.data.name?.en?.includes('illustrative') && (d.data.note ?? '').length > 50)).toBe(true);
  });

  it('refuses a craft loading at an unknown place, a landing point without coordinates, negative trips, and one landing for no receiving point, naming the field', () => {
    const warehouses = parseDelsaWarehouses(delsaText);
    const areas = parsePhAreas(areasText);
    if (!warehouses.ok || !areas.ok) throw new Error('bundled files');
    const parse = (edit: (doc: { places: { location?: unknown }[]; craft: { loadsAt: string; tripsPerDay?: number; warehouse: string; landingPoints: { serves: string[] }[] }[] }) => void) => {
      const doc = JSON.parse(craftText);
      edit(doc);
      return parseDelsaCraft(JSON.stringify(doc), warehouses.value, areas.value);
    };
    expect(parse((d) => { d.craft[0]!.loadsAt = 'port-of-jakarta'; })).toEqual({ ok: false, problems: [{ path: '/craft/0/loadsAt', message: 'no place "port-of-jakarta"' }] });
    // The fields named (the schema may name one field twice, once per rule it breaks).
    const fields = (r: ReturnType<typeof parse>) => (r.ok ? [] : [...new Set(r.problems.map((x) => x.path))]);
    expect(fields(parse((d) => { delete d.places[3]!.location; }))).toEqual(['/places/3/location']);
    expect(fields(parse((d) => { d.craft[2]!.tripsPerDay = -1; }))).toEqual(['/craft/2/tripsPerDay']);
    expect(fields(parse((d) => { d.craft[1]!.warehouse = 'delsa-jakarta'; }))).toEqual(['/craft/1/warehouse']);
    expect(fields(parse((d) => { d.craft[0]!.landingPoints[0]!.serves = ['PH08037']; }))).toEqual(['/craft/0/landingPoints/0/serves/0']);
    expect(parseDelsaCraft('{', warehouses.value, areas.value).ok).toBe(false);
  });

  it('refuses a lead time for a warehouse the warehouse file does not hold, naming the field', () => {
    const warehouses = parseDelsaWarehouses(delsaText);
    if (!warehouses.ok) throw new Error('bundled file');
    const r = parseDelsaLeadTimes(leadTimesText.replace('"warehouse": "delsa-subang"', '"warehouse": "delsa-jakarta"'), warehouses.value);
    expect(r).toEqual({ ok: false, problems: [{ path: '/leadTimes/1/warehouse', message: 'no warehouse "delsa-jakarta"' }] });
    expect(parseDelsaLeadTimes(leadTimesText.replace('"hours": 168', '"hours": -1'), warehouses.value).ok).toBe(false);
  });

  it('never yields a record the model refuses, whatever the warehouse scales and quantities (property)', () => {
    const parsed = parseDelsaWarehouses(delsaText);
    if (!parsed.ok) throw new Error('bundled file');
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.array(fc.nat({ max: 1_000_000 }), { minLength: 9, maxLength: 9 }), (scales, quantities) => {
        const file = { ...parsed.value, warehouses: parsed.value.warehouses.map((w, i) => ({ ...w, scale: scales[i]! })), lines: parsed.value.lines.map((l, i) => ({ ...l, quantity: quantities[i]! })) };
        for (const d of delsaHoldings('asean-aha-centre', file, at)) expect(modelProblems(d)).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('gives every participant policies that parse, the AHA Centre’s covering stock, facilities and the requests sent to it, DSWD’s its receiving points and the requests it sends', () => {
    for (const p of aseanParticipants) expect(() => aseanPolicies(p)).not.toThrow();
    expect(aseanPolicies(aseanParticipantByKey('aha-centre')).map((x) => x.policy.dataset).sort()).toEqual(['demands', 'facilities', 'lead-times', 'shipments', 'stock', 'vehicles']);
    expect(aseanPolicies(aseanParticipantByKey('dswd-fo8')).map((x) => x.policy.dataset).sort()).toEqual(['demands', 'facilities', 'shipments']);
  });
});
