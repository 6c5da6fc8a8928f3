import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordPayloadSchemas, recordRuleProblems, validate, type AnyRecordDraft } from '../../model/index.ts';
import { bundledDataDir } from '../federation.ts';
import { DELSA_FILE, LEAD_TIMES_FILE, PH_AREAS_FILE, delsaHoldings, delsaLeadTimes, parseDelsaLeadTimes, parseDelsaWarehouses, parsePhAreas, receivingPoints } from './data.ts';
import { aseanPolicies } from './policies.ts';
import { aseanParticipantByKey, aseanParticipants } from './scenario.ts';

const delsaText = readFileSync(path.join(bundledDataDir, 'asean', DELSA_FILE), 'utf8');
const areasText = readFileSync(path.join(bundledDataDir, 'asean', PH_AREAS_FILE), 'utf8');
const leadTimesText = readFileSync(path.join(bundledDataDir, 'asean', LEAD_TIMES_FILE), 'utf8');
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

  it('turns the lead-time file into one assumption per warehouse to Region VIII, each valid, labelled illustrative and carrying its reasoning', () => {
    const warehouses = parseDelsaWarehouses(delsaText);
    if (!warehouses.ok) throw new Error('bundled file');
    const parsed = parseDelsaLeadTimes(leadTimesText, warehouses.value);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const drafts = delsaLeadTimes('asean-aha-centre', parsed.value, at);
    for (const d of drafts) expect(modelProblems(d), d.id).toEqual([]);
    expect(drafts.map((d) => [d.data.from.id, d.data.mode, d.data.hours])).toEqual([
      ['asean-aha-centre:delsa-camp-aguinaldo', 'road', 48], ['asean-aha-centre:delsa-subang', 'sea', 168], ['asean-aha-centre:delsa-chainat', 'sea', 192],
    ]);
    expect(drafts.every((d) => d.data.basis === 'assumption' && d.data.source.includes('illustrative') && d.quality?.level === 'synthetic' && (d.data.note ?? '').length > 50)).toBe(true);
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
    expect(aseanPolicies(aseanParticipantByKey('aha-centre')).map((x) => x.policy.dataset).sort()).toEqual(['demands', 'facilities', 'lead-times', 'shipments', 'stock']);
    expect(aseanPolicies(aseanParticipantByKey('dswd-fo8')).map((x) => x.policy.dataset).sort()).toEqual(['demands', 'facilities', 'shipments']);
  });
});
