// The demo's persons policy on a real node on loopback: a prefecture or national agency asking for statistics gets
// counts per area and kind of care — groups under 5 withheld, never a row, a name or a record id — and the audit entry
// says an aggregate was answered without its numbers; per-person statistics and other purposes are refused.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonsPolicy } from '../../src/demo/persons-policy.ts';
import { demoParticipants } from '../../src/demo/scenario.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { renderPolicy } from '../../src/policy/render-policy.ts';
import type { CareNeed } from '../../src/model/index.ts';
import { personsWithNeeds } from '../support/statistics-persons.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { asNanaoIn, openTestNode, type TestNode } from '../node/support/test-node.ts';

const trust = buildTestTrust(new Date());
const nanao = demoParticipants.find((p) => p.key === 'nanao')!;
let node: TestNode;
let url: string;

/** Seven dialysis patients, six living alone, two bedridden: the two small groups cannot be told apart by subtraction. */
const groups: [CareNeed, number][] = [['dialysis', 7], ['lives-alone', 6], ['bedridden', 2]];

beforeAll(async () => {
  node = await openTestNode({ policies: [demoPersonsPolicy(nanao)], federation: asNanaoIn(trust) });
  const persons = personsWithNeeds(nanao.id, '172022', groups, 'nanao-person-stat');
  await node.store.upsert(persons);
  await node.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await node.close();
});

async function ask(asker: 'national' | 'ishikawa', query: string) {
  const path = `/api/v1/datasets/persons/records?${query}`;
  const headers = signRequest({ method: 'GET', url: path, body: null, credential: trust.credentials[asker], signer: trust.signers[asker], audience: nanao.id, now: new Date() });
  const r = await fetch(`${url}${path}`, { headers });
  const text = await r.text();
  return { status: r.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

async function auditEntry(requestId: string) {
  const audited = await node.store.audit.query({ requestId });
  if (!audited.ok) throw new Error(JSON.stringify(audited.problems));
  expect(audited.page.entries).toHaveLength(1);
  return audited.page.entries[0]!;
}

describe("the demo's persons policy and statistics", () => {
  it('answers the national agency and the prefecture with counts per area and kind of care, never an id or a name', async () => {
    for (const asker of ['national', 'ishikawa'] as const) {
      const r = await ask(asker, 'area=172022&purpose=statistics&answer=aggregate');
      expect(r.status).toBe(200);
      expect(r.text).not.toMatch(/person-stat|統計 \d/);
      expect(r.body).not.toHaveProperty('items');
      expect(r.body.aggregate).toEqual({
        groupBy: ['areaCode', 'care.needs'],
        sum: [],
        minimumCellSize: 5,
        cells: [
          { values: ['172022', 'bedridden'], status: 'withheld' },
          { values: ['172022', 'dialysis'], status: 'published', count: 7 },
          { values: ['172022', 'lives-alone'], status: 'withheld' },
        ],
        withheldCells: 2,
        tableWithheld: false,
      });
      expect(r.body.access).toMatchObject({ purpose: 'statistics', grantedFields: ['areaCode', 'care.needs'], retention: 'P90D', onwardSharing: false });

      const entry = await auditEntry((r.body.access as { requestId: string }).requestId);
      expect(entry).toMatchObject({ requester: trust.participants[asker].id, purpose: 'statistics', decision: 'allow', recordCount: 0 });
      expect(entry.recordIds ?? []).toEqual([]);
      const answered = entry.reasons.find((x) => x.code === 'NODE_AGGREGATE_ANSWERED');
      expect(answered?.params).toMatchObject({ groupBy: 'areaCode, care.needs', cells: 3, withheld: 2, minimum: 5 });
      // Which groups and how many withheld, never a count.
      expect(JSON.stringify(entry)).not.toMatch(/"count"|:7[,}]/);
    }
  });

  it('refuses per-person statistics, naming the aggregate the permit gives instead, and audits the refusal', async () => {
    const r = await ask('ishikawa', 'area=172022&purpose=statistics&fields=areaCode,care.needs');
    expect(r.status).toBe(403);
    expect(r.text).not.toContain('nanao-person-stat');
    expect((r.body.reasons as { code: string }[])[0]).toMatchObject({ code: 'POLICY_AGGREGATE_ONLY', permitId: 'statistics' });
    const entry = await auditEntry(r.body.requestId as string);
    expect(entry).toMatchObject({ purpose: 'statistics', decision: 'deny', recordCount: 0 });
  });

  it('refuses an aggregate for another purpose, and one narrowed by anything but area codes', async () => {
    const other = await ask('ishikawa', 'area=172022&purpose=life-saving&answer=aggregate');
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('nanao-person-stat');
    const boxed = await ask('ishikawa', 'bbox=136.9,37.0,137.0,37.1&purpose=statistics&answer=aggregate');
    expect(boxed.status).toBe(400);
    expect(boxed.body.code).toBe('NODE_AGGREGATE_FILTER');
  });

  it('shows the groups of one area exactly as the whole table does, so that narrowing by area cannot undo withholding', async () => {
    // Kanazawa's persons change which groups the whole table must withhold, Nanao's included.
    const kanazawa = personsWithNeeds(nanao.id, '172014', [['dialysis', 40], ['bedridden', 1]], 'kanazawa-person-stat');
    await node.store.upsert(kanazawa);
    type Table = { cells: { values: string[]; status: string }[]; withheldCells: number; tableWithheld: boolean };
    const whole = (await ask('ishikawa', 'purpose=statistics&answer=aggregate')).body.aggregate as Table;
    const nanaoOnly = (await ask('ishikawa', 'area=172022&purpose=statistics&answer=aggregate')).body.aggregate as Table;
    expect(whole.tableWithheld).toBe(false);
    expect(nanaoOnly.cells).toEqual(whole.cells.filter((c) => c.values[0] === '172022'));
    expect(nanaoOnly.withheldCells).toBe(nanaoOnly.cells.filter((c) => c.status === 'withheld').length);
  });

  it('states in Japanese and English that only counts are released and small counts withheld', () => {
    const policy = demoPersonsPolicy(nanao).policy;
    const en = renderPolicy(policy, 'en').permits.find((p) => p.id === 'statistics')!.text;
    const ja = renderPolicy(policy, 'ja').permits.find((p) => p.id === 'statistics')!.text;
    expect(en).toMatch(/releases only counts per area \(municipality or the like\) and kinds of care needed .* Counts under 5 are withheld/);
    expect(ja).toMatch(/地域（市区町村など）・支援が必要な事項ごとの件数だけを提供します。5件未満の区分は伏せ/);
  });
});
