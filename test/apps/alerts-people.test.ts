// From an alert to people, on the six Noto demo nodes on loopback: the persons requiring care and the shelters in
// the alert's municipalities, asked of every node serving them. Without a declaration the person holders refuse
// life-saving and the answer lists each refusal; once one is in force the persons come, each figure with its node.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { capImporter } from '../../src/adapters/cap/cap-importer.ts';
import { nanaoOpenSheltersImporter } from '../../src/adapters/nanao-open-shelters.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { startLifelineFederation, type LifelineFederation } from './support/lifeline-nodes.ts';

let fed: LifelineFederation;

function cap(identifier: string, status: 'Actual' | 'Exercise', areas: string[], polygon?: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${identifier}</identifier>` +
    `<sender>jma@example.jp</sender><sent>2024-01-01T16:10:00+09:00</sent><status>${status}</status><msgType>Alert</msgType><scope>Public</scope>` +
    `<info><category>Geo</category><event>地震</event><urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>` +
    `<headline>震度7</headline><area><areaDesc>能登</areaDesc>${polygon ? `<polygon>${polygon}</polygon>` : ''}` +
    `${areas.map((a) => `<geocode><valueName>LGCode</valueName><value>${a}</value></geocode>`).join('')}</area></info></alert>`
  );
}

async function storeAlert(xml: string): Promise<string> {
  const n = fed.nodes.nanao;
  const s = await applyImport(n.store, capImporter, [{ name: 'alert.cap', bytes: new TextEncoder().encode(xml) }], { sourceNode: n.participant.id, now: new Date().toISOString() });
  if (!s.applied) throw new Error(JSON.stringify(s.rejected));
  const all = await n.store.query({ type: 'alert' });
  return all.find((r) => xml.includes(`<identifier>${r.data.identifier}</identifier>`))!.id;
}

interface People {
  purpose: string;
  municipalities: { code: string; persons: { node: string; count: number }[]; shelters: { node: string; count: number }[]; openShelters: number; evacuees: number }[];
  persons: { node: string; recordId: string; areaCode?: string }[];
  shelters: { node: string; recordId: string }[];
  answered: { node: string; dataset: string; count: number }[];
  missing: { node: string; dataset: string; reason: string; code?: string; message: string }[];
  notOffered: { node: string; dataset: string }[];
  lifeline: { kind: string; href?: string; reason?: string };
  declaration: { kind: string; hazard?: string; areas?: string[]; href?: string; reason?: string };
}

async function people(id: string, lang = 'en'): Promise<People> {
  const r = await fed.nodes.nanao.app.inject({ method: 'GET', url: `/operator/alerts/${encodeURIComponent(id)}/people?lang=${lang}`, headers: { authorization: `Bearer ${fed.token}` } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as People;
}

beforeAll(async () => {
  fed = await startLifelineFederation({ nanao: 30, wajima: 10, clinicPatients: 8, careClients: 10 });
  const files = ['open_shelter_Nanao-shi_2024-01-11-1800.csv'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(sharedDataPath('noto-2024-nanao', name))) }));
  await applyImport(fed.nodes.nanao.store, nanaoOpenSheltersImporter, files, { sourceNode: fed.nodes.nanao.participant.id, now: new Date().toISOString() });
}, 120_000);
afterAll(async () => {
  await fed?.close();
});

describe('from an alert to people', () => {
  let alertId: string;

  it('without a declaration, lists each person holder that refused life-saving, and still gives the open shelters', async () => {
    alertId = await storeAlert(cap('quake-1', 'Actual', ['172022']));
    const p = await people(alertId);
    expect(p.purpose).toBe('life-saving');
    expect(p.persons).toEqual([]);
    const refused = p.missing.filter((m) => m.dataset === 'persons');
    // Nanao City, the dialysis clinic and the care provider serve 172022 and hold persons; each said no.
    expect(refused.map((m) => m.node).sort()).toEqual([fed.nodes.care.participant.id, fed.nodes.dialysis.participant.id, fed.nodes.nanao.participant.id].sort());
    for (const m of refused) {
      expect(m).toMatchObject({ reason: 'refused', code: 'NODE_ACCESS_DENIED' });
      // The reason in the provider's own words, once, in the reader's language; the console names the node before it.
      expect(m.message).toMatch(/usage policy/);
      expect(m.message).not.toContain(m.node);
      expect(m.message).not.toMatch(/HTTP|NODE_ACCESS_DENIED|refused the request/);
    }
    // Wajima (172049) is not asked about Nanao.
    expect(p.answered.concat(p.missing as never[]).some((a) => a.node === fed.nodes.wajima.participant.id)).toBe(false);
    const nanao = p.municipalities.find((m) => m.code === '172022')!;
    expect(nanao.shelters).toEqual([{ node: fed.nodes.nanao.participant.id, count: p.shelters.length }]);
    expect((nanao as { name?: unknown }).name).toEqual({ ja: '七尾市', en: 'Nanao City' });
    expect(p.shelters.length).toBeGreaterThan(0);
    expect(p.lifeline).toEqual({ kind: 'not-offered', reason: 'no-declaration' });
    // Without a declaration in force, the operator is offered one prepared from the alert, to check and issue.
    expect(p.declaration).toMatchObject({ kind: 'proposed', areas: expect.arrayContaining(['172022']) });
    expect(p.declaration.href).toMatch(/^#\/declarations\?propose=1&/);
    const audit = await fed.nodes.nanao.store.audit.query({ limit: 1 });
    expect(audit.ok && audit.page.entries[0]).toMatchObject({ kind: 'alert-people', recordCount: 0 });
  });

  it('with a declaration in force, gives every person of the area with its node, counted per municipality', async () => {
    const declarationId = await fed.declare('172022');
    const p = await people(alertId);
    expect(p.missing.filter((m) => m.dataset === 'persons')).toEqual([]);
    const expected = fed.population.lists['nanao-support-list'].length + fed.population.lists['dialysis-patients'].length + fed.population.lists['care-clients'].filter((r) => r.data.areaCode === '172022').length;
    expect(p.persons.length).toBe(expected);
    const counted = p.municipalities.flatMap((m) => m.persons).reduce((n, x) => n + x.count, 0);
    expect(counted).toBe(p.persons.length);
    for (const person of p.persons) expect([fed.nodes.nanao, fed.nodes.dialysis, fed.nodes.care].map((n) => n.participant.id)).toContain(person.node);
    expect(p.lifeline).toEqual({ kind: 'declaration', declarationId, href: `#/lifeline?declaration=${encodeURIComponent(declarationId)}` });
    const audit = await fed.nodes.nanao.store.audit.query({ limit: 1 });
    expect(audit.ok && audit.page.entries[0]).toMatchObject({ kind: 'alert-people', recordCount: p.persons.length });
  });

  it('keeps to the polygon of an alert that has one, and links the lifeline with it', async () => {
    // A small box around central Nanao: fewer persons than the whole city, all of them inside it.
    const id = await storeAlert(cap('quake-2', 'Actual', ['172022'], '37.0,136.9 37.0,137.0 37.1,137.0 37.1,136.9 37.0,136.9'));
    const whole = (await people(alertId)).persons.length;
    const p = await people(id);
    expect(p.persons.length).toBeLessThan(whole);
    expect(p.lifeline.kind).toBe('hazard');
    expect(decodeURIComponent(p.lifeline.href!.split('hazard=')[1]!)).toContain('"Polygon"');
  });

  it('asks for training, never life-saving, for an exercise, and offers no lives-to-save list', async () => {
    const id = await storeAlert(cap('drill-1', 'Exercise', ['172022']));
    const p = await people(id, 'ja');
    expect(p.purpose).toBe('training');
    expect(p.lifeline).toEqual({ kind: 'not-offered', reason: 'exercise' });
    for (const m of p.missing) expect(m.message.length).toBeGreaterThan(0);
  });
});

describe('a situation report', () => {
  const post = (url: string, body: unknown) =>
    fed.nodes.nanao.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${fed.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  it('is drafted for chosen areas with the alerts in force and the persons and shelters per municipality, each with its node', async () => {
    const r = await post('/operator/alerts/reports', { status: 'actual', areas: ['172022'], by: '七尾 太郎' });
    expect(r.statusCode, r.body).toBe(201);
    const report = r.json() as { id: string; approval: { state: string }; body: { alerts: { id: string }[]; municipalities: { code: string; persons: { node: string; count: number }[]; shelters: { node: string }[] }[]; sources: { node: string; dataset: string; count: number }[]; unmetNeeds: { state: string; municipalities: { code: string; items: { needed: number }[] }[] } } };
    expect(report.approval).toEqual({ state: 'draft' });
    // Logistics runs on the node but has proposed no plan: the report gives the open needs against the stock known.
    expect(report.body.unmetNeeds).toMatchObject({ state: 'needs-against-stock', why: 'no-plan', href: '#/logistics' });
    // Nanao's open shelters have evacuees, so they have needs computed for them.
    expect(report.body.unmetNeeds.municipalities.find((m) => m.code === '172022')?.items.some((i) => i.needed > 0)).toBe(true);
    expect(report.body.alerts.length).toBeGreaterThanOrEqual(2);
    const nanao = report.body.municipalities.find((m) => m.code === '172022')!;
    const persons = nanao.persons.reduce((n, p) => n + p.count, 0);
    // The figures add up to what the sources said they gave.
    expect(persons, JSON.stringify(report.body.municipalities.map((m) => [m.code, m.persons]))).toBe(report.body.sources.filter((s) => s.dataset === 'persons').reduce((n, s) => n + s.count, 0));
    expect(persons).toBeGreaterThan(0);
    expect(nanao.shelters.map((s) => s.node)).toEqual([fed.nodes.nanao.participant.id]);
    const audit = await fed.nodes.nanao.store.audit.query({ limit: 1 });
    expect(audit.ok && audit.page.entries[0]).toMatchObject({ kind: 'situation-report', reasons: [{ code: 'ALERTS_REPORT_DRAFTED', params: { areas: '172022', unmetNeeds: 'needs-against-stock' } }] });
    // The operator reads the entry in words: the area by name, what the report had for unmet needs, in each language.
    const words = async (lang: string) => {
      const page = await fed.nodes.nanao.app.inject({ url: `/operator/audit?kind=situation-report&limit=1&lang=${lang}`, headers: { authorization: `Bearer ${fed.token}` } });
      return (page.json() as { items: { reasons: { message: string }[] }[] }).items[0]!.reasons[0]!.message;
    };
    expect(await words('ja')).toContain('地域 七尾市 (172022)、要配慮者');
    expect(await words('ja')).toContain('充足されない需要: 需要と把握している在庫の比較');
    expect(await words('en')).toContain('areas Nanao City (172022),');
    expect(await words('en')).toContain('unmet needs: needs against the stock known');

    const approved = await post(`/operator/alerts/reports/${report.id}/approval`, { by: '七尾 花子' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as { approval: { state: string; by: string } }).approval).toMatchObject({ state: 'approved', by: '七尾 花子' });
    const audited = await fed.nodes.nanao.store.audit.query({ limit: 1 });
    expect(audited.ok && audited.page.entries[0]).toMatchObject({ kind: 'situation-report', reasons: [{ code: 'ALERTS_REPORT_APPROVED', params: { by: '七尾 花子' } }] });

    const again = await post(`/operator/alerts/reports/${report.id}/approval`, { by: '別の人' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALERTS_REPORT_ALREADY_APPROVED' });
    const read = await fed.nodes.nanao.app.inject({ url: `/operator/alerts/reports/${report.id}`, headers: { authorization: `Bearer ${fed.token}` } });
    expect((read.json() as { approval: { by: string } }).approval.by).toBe('七尾 花子');
  });

  it('is drafted for a municipality chosen when no alert of the picture is in force, named from the code table, with the same figures', async () => {
    const r = await post('/operator/alerts/reports', { status: 'test', areas: ['172022'], by: '七尾 太郎' });
    expect(r.statusCode, r.body).toBe(201);
    const body = (r.json() as { body: { alerts: unknown[]; purpose: string; municipalities: { code: string; names: string[]; shelters: { node: string }[] }[]; sources: { node: string; dataset: string }[] } }).body;
    expect(body.alerts).toEqual([]);
    expect(body.purpose).toBe('training');
    const nanao = body.municipalities.find((m) => m.code === '172022')! as { names: string[]; name?: unknown };
    expect(nanao.names).toEqual(['七尾市']);
    // Its name in both languages from the code table, so the console can show it in English.
    expect(nanao.name).toEqual({ ja: '七尾市', en: 'Nanao City' });
    expect(body.sources.some((s) => s.dataset === 'shelters' && s.node === fed.nodes.nanao.participant.id)).toBe(true);
  });

  it('offers the municipalities of its jurisdiction by name', async () => {
    const r = await fed.nodes.nanao.app.inject({ url: '/operator/alerts/report-areas', headers: { authorization: `Bearer ${fed.token}` } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ jurisdiction: ['172022'], areas: [{ code: '172022', name: { ja: '七尾市', en: 'Nanao City' }, whole: true }] });
    const anonymous = await fed.nodes.nanao.app.inject({ url: '/operator/alerts/report-areas' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses areas outside the jurisdiction and codes no table knows, naming each, and drafts nothing', async () => {
    const last = async () => {
      const r = await fed.nodes.nanao.app.inject({ url: '/operator/alerts/timeline?status=actual', headers: { authorization: `Bearer ${fed.token}` } });
      return (r.json() as { items: { kind: string }[] }).items.filter((i) => i.kind === 'report').length;
    };
    const before = await last();
    const outside = await fed.nodes.nanao.app.inject({
      method: 'POST', url: '/operator/alerts/reports?lang=en', headers: { authorization: `Bearer ${fed.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 'actual', areas: ['172022', '172049'], by: 'x' }),
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'ALERTS_REPORT_AREA_OUTSIDE', errors: [{ path: '/areas/1' }] });
    expect((outside.json() as { detail: string }).detail).toMatch(/172049 lies outside this node's jurisdiction \(172022\)/);
    // 17299x passes the check digit but names no municipality.
    const unknown = await post('/operator/alerts/reports', { status: 'actual', areas: ['172995', '172049'], by: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'ALERTS_REPORT_AREA_UNKNOWN', errors: [{ path: '/areas/0' }] });
    expect((unknown.json() as { detail: string }).detail).toMatch(/172995/);
    expect(await last()).toBe(before);
  });

  it('refuses bad areas, no approver, and an unknown report, changing nothing', async () => {
    expect((await post('/operator/alerts/reports', { status: 'actual', areas: ['17202'], by: 'x' })).statusCode).toBe(400);
    expect((await post('/operator/alerts/reports', { status: 'actual', areas: [], by: 'x' })).statusCode).toBe(400);
    expect((await post('/operator/alerts/reports/none/approval', {})).statusCode).toBe(400);
    const unknown = await post('/operator/alerts/reports/none/approval', { by: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ALERTS_REPORT_UNKNOWN' });
  });
});
