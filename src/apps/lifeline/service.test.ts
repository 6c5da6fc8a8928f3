// The lifeline service's parts without a network: hazard parsing, gathering with paging and refusals, run selection,
// safety-delivery planning and the CSV export.
import { describe, expect, it } from 'vitest';
import type { FederationClient, FederationResult, QueryParams } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import type { AreaCode } from '../../model/index.ts';
import type { StoredSafetyReport } from './storage.ts';
import { federatedQuery } from '../../federation/federated-query.ts';
import type { ApplicationContext, ApplicationFederation } from '../../node/application/index.ts';
import { csvCell, lifelineCsv } from './csv-export.ts';
import { catalogMemory, gatherPersons } from './gather.ts';
import { DEFAULT_PRIORITY_WEIGHTS } from './index.ts';
import { lifelineRow } from './rows.ts';
import { buildRun, createRunBook, currentSafetyOf, selectPersons, type LifelineRun } from './runs.ts';
import { ownPartOf } from './service.ts';
import { planSafetyDeliveries, safetyIdempotencyKey } from './safety.ts';
import { createLifelineService, parseHazard } from './service.ts';
import { markVerified } from '../../trust/verified.ts';
import { problem } from '../../trust/problems.ts';
import type { Declaration } from '../../model/index.ts';
import type { ResolvedPerson, SourcedPerson } from './types.ts';

const NANAO = 'jp-172022-nanao-city';
const CLINIC = 'jp-172022-nanao-dialysis-clinic';
const FAR = 'jp-172049-wajima-city';

function target(id: string, jurisdiction: string): NodeTarget {
  return { participantId: id, nodeUrl: `http://${id}.test/`, role: 'municipality', jurisdiction: [jurisdiction as AreaCode], trustListId: 't', catalogKnown: false };
}

const access = (purpose: string) => ({
  requestId: 'r',
  decision: 'allow' as const,
  purpose,
  purposeStated: true,
  retention: 'PT72H',
  onwardSharing: false,
  grantedFields: ['name'],
  maskedFields: [],
  reasons: [],
});

function record(id: string, name: string, extra: Record<string, unknown> = {}) {
  return { id, type: 'person', version: 1, observedAt: '2024-01-01T00:00:00.000Z', data: { name: { full: name }, ...extra } };
}

function answer(status: number, body: unknown): FederationResult {
  return { ok: true, status, body, headers: new Headers(), verified: { responder: 'x', kid: 'k', publicKey: 'p', created: '2024-01-01T00:00:00Z' } };
}

/** The node's federated query over a test client, as the node builds it for an application (no copies kept). */
function federationOf(client: Pick<FederationClient, 'query' | 'request'>): ApplicationFederation {
  return {
    query: ({ keepCopies: _keep, ...options }) => federatedQuery({ ...options, client, now: () => new Date() }),
    request: (target, method, path, body, signal) => client.request(target, method, path, body, signal),
  };
}

/** A client whose nodes answer from lists, in pages of `pageSize`; `refuse` nodes answer 403. */
function fakeClient(data: Record<string, ReturnType<typeof record>[]>, options: { refuse?: string[]; noPersons?: string[]; unverified?: string[] } = {}) {
  const asked: { node: string; params: QueryParams }[] = [];
  const client: Pick<FederationClient, 'query' | 'request'> = {
    async request(t) {
      const holds = !(options.noPersons ?? []).includes(t.participantId);
      return answer(200, { publisher: t.participantId, dataset: holds ? [{ identifier: 'persons' }] : [{ identifier: 'shelters' }] });
    },
    async query(t, _dataset, params) {
      asked.push({ node: t.participantId, params });
      if ((options.refuse ?? []).includes(t.participantId)) return answer(403, { code: 'NODE_ACCESS_DENIED', detail: 'denied' });
      if ((options.unverified ?? []).includes(t.participantId)) {
        // What the client says of an answer whose signature is not the node's: the records in it are never seen.
        return { ok: false, reason: 'unverified', status: 200, problems: [problem('TRUST_SIGNATURE_INVALID')] };
      }
      const all = data[t.participantId] ?? [];
      const start = params.after === undefined ? 0 : all.findIndex((r) => r.id === params.after) + 1;
      const page = all.slice(start, start + (params.limit ?? 1000));
      const next = start + page.length < all.length ? page[page.length - 1]!.id : undefined;
      return answer(200, { items: page, ...(next ? { next } : {}), access: access(params.purpose) });
    },
  };
  return { client, asked };
}

function sourced(node: string, recordId: string, person: SourcedPerson['person'], observedAt = '2024-01-01T00:00:00.000Z'): SourcedPerson {
  return { key: `${node}/${recordId}`, sourceNode: node, dataset: 'persons', recordId, observedAt, person, fetchedAt: '2024-01-02T00:00:00.000Z' };
}

function report(personId: string, at: string, extra: Partial<StoredSafetyReport> = {}): StoredSafetyReport {
  return { id: `r-${at}`, personId, status: 'safe', by: 'op', node: NANAO, at, ...extra };
}

describe('parseHazard', () => {
  it('accepts a closed GeoJSON polygon given as an object or as JSON text', async () => {
    const polygon = { type: 'Polygon', coordinates: [[[136, 37], [137, 37], [137, 38], [136, 37]]] };
    expect(await parseHazard(polygon)).toEqual({ ok: true, value: polygon });
    expect((await parseHazard(JSON.stringify(polygon))).ok).toBe(true);
  });

  it.each([
    ['text that is not JSON', 'polygon please'],
    ['a point', { type: 'Point', coordinates: [136, 37] }],
    ['an open ring', { type: 'Polygon', coordinates: [[[136, 37], [137, 37], [137, 38], [136, 38]]] }],
    ['a latitude out of range', { type: 'Polygon', coordinates: [[[136, 37], [137, 95], [137, 38], [136, 37]]] }],
    ['a ring crossing itself', { type: 'Polygon', coordinates: [[[136, 37], [137, 38], [137, 37], [136, 38], [136, 37]]] }],
  ])('refuses %s with LIFELINE_HAZARD_INVALID', async (_what, value) => {
    const parsed = await parseHazard(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject({ status: 400, code: 'LIFELINE_HAZARD_INVALID' });
  });
});

describe('starting a run', () => {
  const declaration = (areas: string[]): Declaration => ({
    id: 'decl-1',
    issuer: 'jp-fdma',
    hazard: 'earthquake',
    phase: 'emergency',
    areas: areas as Declaration['areas'],
    title: { ja: '地震', en: 'Earthquake' },
    issuedAt: '2024-01-01T07:10:00.000Z',
    expiresAt: '2024-01-08T07:10:00.000Z',
  });
  const contextWith = (areas: string[]) =>
    ({
      node: { id: NANAO, name: { ja: '七尾市', en: 'Nanao City' } },
      peers: () => [target(NANAO, '172022'), target(CLINIC, '172022')],
      declarations: () => [markVerified({ declaration: declaration(areas), issuerRole: 'national-agency' as const })],
      now: () => new Date(),
    }) as unknown as ApplicationContext;

  it('needs a declaration or a hazard polygon', async () => {
    const r = await createLifelineService(contextWith(['172022'])).startRun({});
    expect(r).toEqual({ ok: false, problem: { status: 400, code: 'LIFELINE_RUN_TARGET_REQUIRED', params: {} } });
  });

  it('refuses a declaration whose areas no node serves, naming them', async () => {
    const r = await createLifelineService(contextWith(['172049'])).startRun({ declarationId: 'decl-1' });
    expect(r).toEqual({ ok: false, problem: { status: 400, code: 'LIFELINE_AREA_OUTSIDE_JURISDICTION', params: { areas: '172049' } } });
  });

  it('says which declarations are in force when the one named is not', async () => {
    const r = await createLifelineService(contextWith(['172022'])).startRun({ declarationId: 'decl-2' });
    expect(r.ok === false && r.problem).toMatchObject({ status: 404, code: 'LIFELINE_DECLARATION_UNKNOWN', params: { known: 'decl-1' } });
  });
});

describe('gatherPersons', () => {
  it('pages through every answer, asks only nodes serving the area that hold persons, and keys records by node', async () => {
    const many = Array.from({ length: 7 }, (_, i) => record(`p-${i}`, `七尾 ${i}`));
    const { client, asked } = fakeClient({ [NANAO]: many, [CLINIC]: [record('c-1', '七尾 1')] }, { noPersons: ['jp-fdma'] });
    const peers = [target(NANAO, '172022'), target(CLINIC, '172022'), target(FAR, '172049'), target('jp-fdma', 'JP')];
    const outcome = await gatherPersons({ federation: federationOf(client), peers, area: { areas: ['172022' as AreaCode] }, deadlineMs: 5_000, now: () => new Date(), pageSize: 3, catalogs: catalogMemory() });
    expect(outcome.persons.map((p) => p.key).sort()).toEqual([...many.map((r) => `${NANAO}/${r.id}`), `${CLINIC}/c-1`].sort());
    expect(outcome.answered).toEqual([
      { node: NANAO, dataset: 'persons', count: 7 },
      { node: CLINIC, dataset: 'persons', count: 1 },
    ]);
    expect(outcome.missing).toEqual([]);
    expect(new Set(asked.map((a) => a.node))).toEqual(new Set([NANAO, CLINIC]));
    expect(asked.filter((a) => a.node === NANAO).map((a) => a.params.after)).toEqual([undefined, 'p-2', 'p-5']);
    expect(asked.every((a) => a.params.purpose === 'life-saving' && a.params.area?.[0] === '172022')).toBe(true);
  });

  it('lists a refusing node as missing with its code and takes no record from it', async () => {
    const { client } = fakeClient({ [NANAO]: [record('p-1', 'a')], [CLINIC]: [record('c-1', 'b')] }, { refuse: [CLINIC] });
    const outcome = await gatherPersons({ federation: federationOf(client), peers: [target(NANAO, '172022'), target(CLINIC, '172022')], area: { areas: ['172022' as AreaCode] }, deadlineMs: 5_000, now: () => new Date() });
    expect(outcome.persons.map((p) => p.sourceNode)).toEqual([NANAO]);
    expect(outcome.missing).toMatchObject([{ node: CLINIC, reason: 'refused', code: 'NODE_ACCESS_DENIED', status: 403 }]);
  });

  it('lists a node whose answer does not verify as missing and takes no record from it', async () => {
    const { client } = fakeClient({ [NANAO]: [record('p-1', 'a')], [CLINIC]: [record('c-1', 'forged')] }, { unverified: [CLINIC] });
    const outcome = await gatherPersons({ federation: federationOf(client), peers: [target(NANAO, '172022'), target(CLINIC, '172022')], area: { areas: ['172022' as AreaCode] }, deadlineMs: 5_000, now: () => new Date() });
    expect(outcome.persons.map((p) => p.key)).toEqual([`${NANAO}/p-1`]);
    expect(outcome.missing).toMatchObject([{ node: CLINIC, reason: 'invalid-response' }]);
  });

  it('sends the hazard polygon as `within`', async () => {
    const { client, asked } = fakeClient({ [NANAO]: [] });
    const hazard = { type: 'Polygon' as const, coordinates: [[[136, 37], [137, 37], [137, 38], [136, 37]]] as [number, number][][] };
    await gatherPersons({ federation: federationOf(client), peers: [target(NANAO, '172022')], area: { areas: ['172022' as AreaCode], hazard }, deadlineMs: 5_000, now: () => new Date() });
    expect(asked[0]!.params.within).toEqual(hazard);
  });
});

describe('runs', () => {
  const now = new Date('2024-01-02T00:00:00.000Z');
  const noReports = async () => new Map<string, StoredSafetyReport[]>();
  const records = [
    sourced(NANAO, 'a', { name: { full: '高橋 花子', kana: 'タカハシ ハナコ' }, address: { text: '石川県七尾市府中町1-1' }, care: { needs: ['dialysis'] }, areaCode: '172022' as AreaCode }),
    sourced(NANAO, 'b', { name: { full: '山田 太郎', kana: 'ヤマダ タロウ' }, contact: { phone: '0767-53-0000' }, care: { needs: ['bedridden', 'lives-alone'] }, safety: { status: 'needs-rescue', reportedAt: '2024-01-01T12:00:00.000Z' } }),
    sourced(NANAO, 'c', { name: { full: '池田 梅子', kana: 'イケダ ウメコ' }, care: { needs: [] }, safety: { status: 'safe', reportedAt: '2024-01-01T12:00:00.000Z' } }),
  ];
  const input = { id: 'run-1', generatedAt: now.toISOString(), area: { areas: ['172022' as AreaCode] }, answered: [], missing: [], records, weights: DEFAULT_PRIORITY_WEIGHTS };

  it('filters by need, status and text, sorts and pages, with ties in id order', async () => {
    const run = await buildRun(input, [], noReports, now);
    expect(run.persons).toHaveLength(3);
    const base = { offset: 0, limit: 10, sort: 'priority' as const, order: 'desc' as const };
    expect(selectPersons(run, { ...base, needs: ['dialysis'] }).items.map((p) => p.person.members[0]!.recordId)).toEqual(['a']);
    expect(selectPersons(run, { ...base, status: ['needs-rescue'] }).items.map((p) => p.person.members[0]!.recordId)).toEqual(['b']);
    expect(selectPersons(run, { ...base, q: 'ﾀｶﾊｼ' }).total).toBe(1);
    expect(selectPersons(run, { ...base, q: '府中町' }).total).toBe(1);
    const byName = selectPersons(run, { ...base, sort: 'name', order: 'asc' }).items.map((p) => p.person.merged.name?.kana);
    expect(byName).toEqual(['イケダ ウメコ', 'タカハシ ハナコ', 'ヤマダ タロウ']);
    const byStatus = selectPersons(run, { ...base, sort: 'status', order: 'asc' }).items.map((p) => p.safety.status);
    expect(byStatus).toEqual(['needs-rescue', 'unknown', 'safe']);
    const page = selectPersons(run, { ...base, offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(1);
    const scores = selectPersons(run, base).items.map((p) => p.priority.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it("shows the newer of this node's settled report and the sources' status, with newer conflicting reports beside it", async () => {
    const run: LifelineRun = await buildRun(input, [], noReports, now);
    const person = run.persons.find((p) => p.person.members[0]!.recordId === 'b')!.person as ResolvedPerson;
    expect(currentSafetyOf(person, []).status).toBe('needs-rescue');
    const older = report(person.id, '2024-01-01T10:00:00.000Z', { status: 'safe' });
    expect(currentSafetyOf(person, [older]).status).toBe('needs-rescue');
    const newer = report(person.id, '2024-01-01T13:00:00.000Z', { status: 'evacuated' });
    const conflict = report(person.id, '2024-01-01T14:00:00.000Z', { status: 'missing', conflictWith: { ...older } });
    const shown = currentSafetyOf(person, [conflict, newer]);
    expect(shown).toMatchObject({ status: 'evacuated', at: newer.at, by: 'op' });
    expect(shown.conflicting?.map((c) => c.status)).toEqual(['missing']);
  });

  it('keeps the most recently used runs only', () => {
    const book = createRunBook(2);
    const mk = (id: string) => ({ id }) as LifelineRun;
    book.put(mk('1'));
    book.put(mk('2'));
    book.get('1');
    book.put(mk('3'));
    expect([book.get('1')?.id, book.get('2')?.id, book.get('3')?.id]).toEqual(['1', undefined, '3']);
  });

  it('exports rows as CSV with a BOM, a localised header and quoted cells that cannot start a formula', async () => {
    const run = await buildRun(input, [], noReports, now);
    const rows = run.persons.map((p) => lifelineRow(run, p, 'ja'));
    const csv = lifelineCsv(rows, 'ja');
    expect(csv.startsWith('\uFEFF優先度,人物ID,氏名,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(rows.length + 2);
    expect(csv).toContain('人工透析');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it("gives a row the released phone number, and for a dialysis patient without a schedule names the clinic whose policy withheld it", async () => {
    const withheldBy = { ...input, answered: [{ node: NANAO, dataset: 'persons', count: 3, withheld: ['care.dialysis', 'birthDate'] }] };
    const run = await buildRun(withheldBy, [], noReports, now);
    const dialysis = run.persons.find((p) => p.person.members[0]!.recordId === 'a')!;
    const row = lifelineRow(run, dialysis, 'en', (node) => (node === NANAO ? { ja: '七尾市', en: 'Nanao City' } : undefined));
    expect(row.withheld).toEqual([
      {
        fact: 'dialysis-schedule',
        field: 'care.dialysis.schedule',
        factors: ['dialysis-overdue', 'dialysis-due-soon'],
        withheldBy: [NANAO],
        message: '"Dialysis overdue" cannot be computed: Nanao City did not release the dialysis schedule under its policy',
      },
    ]);
    const others = run.persons.filter((p) => p !== dialysis).map((p) => lifelineRow(run, p, 'en'));
    expect(others.every((r) => r.withheld === undefined)).toBe(true);
    const phoned = others.find((r) => r.phone !== undefined);
    expect(phoned?.phone).toBe('0767-53-0000');
    const csv = lifelineCsv([row, ...others], 'en');
    expect(csv.split('\r\n')[0]).toContain('Phone');
    expect(csv).toContain('0767-53-0000');
    expect(csv).toContain('cannot be computed');
  });
});

describe('planSafetyDeliveries', () => {
  it('addresses one message per member record to its owner, keyed by report and record, and reports unknown owners', () => {
    const person: ResolvedPerson = {
      id: 'lp-1',
      members: [sourced(NANAO, 'n-1', {}), sourced(CLINIC, 'c-1', {}), sourced('jp-unknown-node', 'u-1', {})],
      links: [],
      merged: {},
      conflicts: [],
    };
    const r = report('lp-1', '2024-01-02T00:00:00.000Z', { status: 'evacuated', shelter: 'shelter-7' });
    const plan = planSafetyDeliveries(person, r, NANAO, [target(NANAO, '172022'), target(CLINIC, '172022')]);
    expect(plan.unroutable).toEqual([{ node: 'jp-unknown-node', recordId: 'u-1' }]);
    expect(plan.drafts.map((d) => [d.message.peer, d.message.idempotencyKey])).toEqual([
      [NANAO, safetyIdempotencyKey(r.id, 'n-1')],
      [CLINIC, safetyIdempotencyKey(r.id, 'c-1')],
    ]);
    expect(plan.drafts[1]!.message.payload).toEqual({
      personId: 'c-1',
      purpose: 'life-saving',
      safety: { status: 'evacuated', reportedBy: NANAO, reportedAt: r.at, shelter: 'shelter-7' },
    });
  });
});

describe('the areas a declaration run covers', () => {
  const nanao = '172022' as AreaCode;
  const wajima = '172049' as AreaCode;
  const ishikawa = '170003' as AreaCode;

  it('keeps only the declared areas a city answers for', () => {
    expect(ownPartOf([nanao, wajima], [nanao])).toEqual([nanao]);
  });

  it('narrows a prefecture-wide declaration to the city asking', () => {
    expect(ownPartOf([ishikawa], [nanao])).toEqual([nanao]);
  });

  it('keeps every declared area inside a prefecture that asks', () => {
    expect(ownPartOf([nanao, wajima], [ishikawa])).toEqual([nanao, wajima]);
  });

  it('finds nothing when the declaration lies outside the jurisdiction', () => {
    expect(ownPartOf([wajima], [nanao])).toEqual([]);
  });
});
