// The lives-to-save list across real nodes on loopback: Nanao City's operator asks the city's own node, the dialysis
// clinic and the home-care provider for life-saving, gets one list with their records joined, reports a safety status
// that reaches the clinic through the outbox (decided and audited there), sees a stale report kept as a conflict, and
// sees a silent node reported as missing. Without a declaration the policies refuse, and no person comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifelineRow } from '../../src/apps/lifeline/rows.ts';
import { startLifelineFederation, type LifelineFederation } from './support/lifeline-nodes.ts';

let fed: LifelineFederation;
let declarationId: string;

const NANAO_POLYGON = {
  type: 'Polygon',
  coordinates: [
    [
      [136.5, 36.8],
      [137.3, 36.8],
      [137.3, 37.4],
      [136.5, 37.4],
      [136.5, 36.8],
    ],
  ],
};

interface RunSummary {
  runId: string;
  generatedAt: string;
  total: number;
  reviewCount: number;
  area: { areas: string[] };
  sources: {
    answered: { node: string; dataset: string; count: number; cachedAgeSeconds?: number }[];
    missing: { node: string; reason: string; detail: string; code?: string }[];
  };
  weights: Record<string, number>;
}

async function operator(method: string, path: string, body?: unknown, lang: 'ja' | 'en' = 'ja'): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const res = await fetch(`${fed.nodes.nanao.url}/operator${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fed.token}`,
      'accept-language': lang,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function allRows(runId: string, query = ''): Promise<LifelineRow[]> {
  const r = await operator('GET', `/lifeline/runs/${runId}/persons?limit=1000${query}`);
  expect(r.status).toBe(200);
  return (r.json as { items: LifelineRow[] }).items;
}

const ids = () => ({
  nanao: fed.nodes.nanao.participant.id,
  clinic: fed.nodes.dialysis.participant.id,
  care: fed.nodes.care.participant.id,
});

beforeAll(async () => {
  fed = await startLifelineFederation({ nanao: 40, wajima: 10, clinicPatients: 12, careClients: 16 });
}, 120_000);

afterAll(async () => {
  await fed?.close();
}, 60_000);

describe('the lifeline service on six nodes', () => {
  it('yields no person while the policies refuse life-saving (no declaration), and lists every refusing node', async () => {
    const r = await operator('POST', '/lifeline/runs', { hazard: NANAO_POLYGON });
    expect(r.status).toBe(201);
    const run = r.json as RunSummary;
    expect(run.total).toBe(0);
    const refused = run.sources.missing.filter((m) => m.reason === 'refused').map((m) => m.node).sort();
    expect(refused).toEqual([ids().nanao, ids().clinic, ids().care].sort());
    expect(run.sources.missing.every((m) => m.code === 'NODE_ACCESS_DENIED')).toBe(true);
    expect(run.sources.answered).toEqual([]);
  });

  it('refuses an unreadable hazard polygon with a problem in the request language', async () => {
    const open = { type: 'Polygon', coordinates: [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1]]] };
    const ja = await operator('POST', '/lifeline/runs', { hazard: open });
    expect(ja.status).toBe(400);
    expect(ja.headers.get('content-type')).toContain('application/problem+json');
    expect(ja.json).toMatchObject({ code: 'LIFELINE_HAZARD_INVALID', status: 400 });
    expect((ja.json as { detail: string }).detail).toContain('ポリゴン');
    const en = await operator('POST', '/lifeline/runs', { hazard: 'not json' }, 'en');
    expect(en.status).toBe(400);
    expect((en.json as { detail: string }).detail).toMatch(/hazard polygon cannot be read/);
    const none = await operator('POST', '/lifeline/runs', {}, 'en');
    expect(none.json).toMatchObject({ code: 'LIFELINE_RUN_TARGET_REQUIRED' });
  });

  it('refuses a declaration that is not in force with 404', async () => {
    const r = await operator('POST', '/lifeline/runs', { declarationId: 'decl-nowhere' });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'LIFELINE_DECLARATION_UNKNOWN' });
  });

  let run: RunSummary;

  it("finds the clinic's and the care provider's persons joined with the city's list in a run from the declaration", async () => {
    declarationId = await fed.declare('172022');
    const r = await operator('POST', '/lifeline/runs', { declarationId });
    expect(r.status).toBe(201);
    run = r.json as RunSummary;
    expect(run.area.areas).toEqual(['172022']);
    expect(run.sources.missing).toEqual([]);
    const answered = Object.fromEntries(run.sources.answered.map((a) => [a.node, a.count]));
    const lists = fed.population.lists;
    expect(answered[ids().nanao]).toBe(lists['nanao-support-list'].length);
    expect(answered[ids().clinic]).toBe(lists['dialysis-patients'].length);
    const careInNanao = lists['care-clients'].filter((d) => d.data.areaCode === '172022').length;
    expect(answered[ids().care]).toBe(careInNanao);
    // Nodes outside the area or without persons are not asked.
    expect(Object.keys(answered).sort()).toEqual([ids().nanao, ids().clinic, ids().care].sort());

    const records = careInNanao + lists['nanao-support-list'].length + lists['dialysis-patients'].length;
    expect(run.total).toBeLessThan(records);
    const rows = await allRows(run.runId);
    expect(rows).toHaveLength(run.total);
    const nodesOf = (row: LifelineRow) => new Set(row.sources.map((s) => s.node));
    const clinicJoined = rows.filter((row) => nodesOf(row).has(ids().clinic) && nodesOf(row).has(ids().nanao));
    const careJoined = rows.filter((row) => nodesOf(row).has(ids().care) && nodesOf(row).has(ids().nanao));
    expect(clinicJoined.length).toBeGreaterThan(0);
    expect(careJoined.length).toBeGreaterThan(0);
    // Every join is one the generator made on purpose: the same hidden person behind both records.
    const truthOf = new Map<string, string>();
    for (const t of fed.population.overlaps) for (const rec of t.records) truthOf.set(rec.recordId, t.personKey);
    for (const row of [...clinicJoined, ...careJoined]) {
      const keys = new Set(row.sources.map((s) => truthOf.get(s.recordId) ?? s.recordId));
      expect(keys.size).toBe(1);
    }
    // Sorted by priority, highest first, each factor with its points and a sentence.
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.priority.score).toBeGreaterThanOrEqual(rows[i]!.priority.score);
    const withFactor = rows.find((row) => row.priority.factors.length > 0)!;
    expect(withFactor.priority.factors[0]!.message.length).toBeGreaterThan(0);
    expect(withFactor.sources[0]!.nodeName).toBeDefined();
  });

  it('filters, searches and pages on the server', async () => {
    const page = await operator('GET', `/lifeline/runs/${run.runId}/persons?limit=5&offset=5&sort=name&order=asc`);
    expect(page.status).toBe(200);
    const body = page.json as { total: number; offset: number; items: LifelineRow[] };
    expect(body.total).toBe(run.total);
    expect(body.offset).toBe(5);
    expect(body.items).toHaveLength(5);
    const dialysis = await allRows(run.runId, '&needs=dialysis');
    expect(dialysis.length).toBeGreaterThan(0);
    expect(dialysis.every((row) => row.needs.includes('dialysis'))).toBe(true);
    const someone = dialysis[0]!;
    const family = someone.name.slice(0, 2);
    const found = await allRows(run.runId, `&q=${encodeURIComponent(family)}`);
    expect(found.map((row) => row.id)).toContain(someone.id);
    const bad = await operator('GET', `/lifeline/runs/${run.runId}/persons?needs=flying`, undefined, 'en');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'LIFELINE_FILTER_INVALID' });
    const gone = await operator('GET', '/lifeline/runs/no-such-run/persons');
    expect(gone.status).toBe(404);
  });

  it("records in Nanao's own audit log that its operator was shown the run, with the nodes it came from", async () => {
    const runs = await fed.nodes.nanao.store.audit.query({ kind: 'lifeline-run' });
    if (!runs.ok) throw new Error('audit query failed');
    const entry = runs.page.entries.find((e) => e.reasons[0]?.params.runId === run.runId);
    expect(entry).toMatchObject({ requester: 'operator:console', purpose: 'life-saving', action: 'list', dataset: 'persons', declarationId });
    expect(String(entry?.reasons[0]?.params.sources)).toContain(ids().clinic);
  });

  it('exports the list as CSV with a BOM and an English header, audited as an export', async () => {
    const r = await operator('GET', `/lifeline/runs/${run.runId}/persons.csv?needs=dialysis`, undefined, 'en');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    // fetch's text() drops a BOM, so look at the bytes.
    const raw = await fetch(`${fed.nodes.nanao.url}/operator/lifeline/runs/${run.runId}/persons.csv?lang=en`, { headers: { authorization: `Bearer ${fed.token}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^Priority,Person ID,Name,/);
    const exports = await fed.nodes.nanao.store.audit.query({ kind: 'export' });
    if (!exports.ok) throw new Error('audit query failed');
    const entry = exports.page.entries.find((e) => e.reasons[0]?.params.runId === run.runId && e.recordCount === lines.length - 1);
    expect(entry).toMatchObject({ action: 'export', dataset: 'persons', recordCount: lines.length - 1 });
  });

  it('delivers a safety report to the clinic, where it is decided, applied and audited', async () => {
    const rows = await allRows(run.runId);
    const target = rows.find((row) => row.sources.some((s) => s.node === ids().clinic) && row.sources.some((s) => s.node === ids().nanao))!;
    const clinicRecord = target.sources.find((s) => s.node === ids().clinic)!.recordId;
    const r = await operator('POST', '/lifeline/safety', {
      runId: run.runId,
      personId: target.id,
      status: 'evacuated',
      by: '七尾市 受付 花子',
      ...(target.safety.at !== undefined ? { basedOnAt: target.safety.at } : {}),
    });
    expect(r.status).toBe(201);
    const reported = r.json as { report: { at: string; status: string }; deliveries: { node: string; recordId: string; state: string }[]; conflict?: unknown };
    expect(reported.conflict).toBeUndefined();
    expect(reported.deliveries.map((d) => d.node).sort()).toEqual(target.sources.map((s) => s.node).sort());
    expect(reported.deliveries.every((d) => d.state === 'queued')).toBe(true);

    await fed.nodes.nanao.outbox.deliverDue();
    const person = await fed.nodes.dialysis.store.get('person', clinicRecord);
    expect(person?.data.safety).toMatchObject({ status: 'evacuated', reportedBy: ids().nanao });
    expect(Date.parse(person!.data.safety.reportedAt!)).toBe(Date.parse(reported.report.at));
    const audit = await fed.nodes.dialysis.store.audit.query({ requester: ids().nanao, decision: 'allow' });
    if (!audit.ok) throw new Error('audit query failed');
    const applied = audit.page.entries.find((e) => e.action === 'write-status' && e.recordIds?.includes(clinicRecord));
    expect(applied?.reasons.map((x) => x.code)).toContain('NODE_STATUS_APPLIED');
    // The owner's log says to what and by whom.
    expect(applied?.reasons.find((x) => x.code === 'NODE_STATUS_APPLIED')?.params).toMatchObject({ statusEn: 'Evacuated', reportedBy: ids().nanao });
    const local = await fed.nodes.nanao.store.audit.query({ kind: 'safety-report' });
    if (!local.ok) throw new Error('audit query failed');
    expect(local.page.entries.some((e) => e.reasons[0]?.params.person === target.id && e.reasons[0]?.code === 'LIFELINE_SAFETY_RECORDED')).toBe(true);

    const history = await operator('GET', `/lifeline/persons/${encodeURIComponent(target.id)}/safety?runId=${run.runId}`);
    expect(history.status).toBe(200);
    const h = history.json as { reports: { status: string }[]; deliveries: { node: string; state: string }[] };
    expect(h.reports.map((x) => x.status)).toEqual(['evacuated']);
    expect(h.deliveries.find((d) => d.node === ids().clinic)?.state).toBe('delivered');
    const row = (await allRows(run.runId)).find((x) => x.id === target.id)!;
    expect(row.safety).toMatchObject({ status: 'evacuated', by: '七尾市 受付 花子' });
  });

  it('keeps a report based on an older status as a conflict, sends nothing and overwrites nothing', async () => {
    const rows = await allRows(run.runId, '&status=evacuated');
    const target = rows[0]!;
    const clinicRecord = target.sources.find((s) => s.node === ids().clinic)!.recordId;
    const before = await fed.nodes.dialysis.store.get('person', clinicRecord);
    const queuedBefore = (await fed.nodes.nanao.store.outbox.list()).length;
    const stale = new Date(Date.parse(target.safety.at!) - 60_000).toISOString();
    const r = await operator('POST', '/lifeline/safety', { runId: run.runId, personId: target.id, status: 'missing', by: '別の担当者', basedOnAt: stale }, 'en');
    expect(r.status).toBe(201);
    const body = r.json as { report: { status: string }; deliveries: unknown[]; conflict?: { current: { status: string }; message: string } };
    expect(body.deliveries).toEqual([]);
    expect(body.conflict?.current.status).toBe('evacuated');
    expect(body.conflict?.message).toMatch(/older status/);
    expect((await fed.nodes.nanao.store.outbox.list()).length).toBe(queuedBefore);
    await fed.nodes.nanao.outbox.deliverDue();
    expect((await fed.nodes.dialysis.store.get('person', clinicRecord))?.version).toBe(before?.version);
    const row = (await allRows(run.runId)).find((x) => x.id === target.id)!;
    expect(row.safety.status).toBe('evacuated');
    expect(row.safety.conflicting?.map((c) => c.status)).toEqual(['missing']);
  });

  it('joins or splits a pair as an operator decides, and the decision holds for later runs', async () => {
    const rows = await allRows(run.runId);
    const joined = rows.find((row) => row.sources.length === 2)!;
    const [a, b] = joined.sources.map((s) => `${s.node}/${s.recordId}`);
    const split = await operator('POST', '/lifeline/decisions', { runId: run.runId, a, b, decision: 'split', by: '七尾市 受付 花子' });
    expect(split.status).toBe(200);
    expect((split.json as { total: number }).total).toBe(run.total + 1);
    const again = await operator('POST', '/lifeline/runs', { declarationId });
    const later = again.json as RunSummary;
    const laterRows = await allRows(later.runId);
    expect(laterRows.some((row) => row.sources.some((s) => `${s.node}/${s.recordId}` === a) && row.sources.some((s) => `${s.node}/${s.recordId}` === b))).toBe(false);
    const unknown = await operator('POST', '/lifeline/decisions', { runId: later.runId, a, b: 'nowhere/x', decision: 'confirm', by: 'x' });
    expect(unknown.status).toBe(404);
    const review = await operator('GET', `/lifeline/runs/${later.runId}/review`, undefined, 'en');
    expect(review.status).toBe(200);
    for (const item of (review.json as { items: { match: { evidence: { message: string }[] } }[] }).items) {
      expect(item.match.evidence.every((e) => e.message.length > 0)).toBe(true);
    }
  });

  it('reports a node that stopped answering as missing, its kept copies standing in with their age', async () => {
    await fed.kill('care');
    const r = await operator('POST', '/lifeline/runs', { declarationId });
    expect(r.status).toBe(201);
    const later = r.json as RunSummary;
    const missing = later.sources.missing.find((m) => m.node === ids().care);
    expect(missing?.reason).toBe('unreachable');
    expect(missing?.detail.length).toBeGreaterThan(0);
    const cached = later.sources.answered.find((a) => a.node === ids().care);
    expect(cached?.cachedAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(later.sources.answered.find((a) => a.node === ids().clinic)?.cachedAgeSeconds).toBeUndefined();
  });

  it('refuses the console API without the operator token', async () => {
    const res = await fetch(`${fed.nodes.nanao.url}/operator/lifeline/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });
});
