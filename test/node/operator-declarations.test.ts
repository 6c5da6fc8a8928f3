// Declarations issued from the console on real nodes (PGlite in memory, test trust identities, signed requests on
// loopback): Nanao City declares for itself and every other node takes it in; a declaration outside the jurisdiction
// and one by a clinic (which may not declare) are refused with what to do, audited, and leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import { areaCode } from '../../src/model/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { operatorRequest, runningNode, startOperatorNode, type OperatorNode } from './support/operator-node.ts';
import { runCli } from '../cli/support/run-cli.ts';

const trust = buildTestTrust(new Date());
const id = (n: TestParticipantName) => trust.participants[n].id;

type RunningNode = OperatorNode;

const peers: NodeTarget[] = [];
const nodes: Partial<Record<TestParticipantName, RunningNode>> = {};

const startNode = (name: TestParticipantName) => startOperatorNode(trust, name, peers);

const node = (n: TestParticipantName): RunningNode => runningNode(nodes, n);
const op = (n: TestParticipantName, url: string, init: Parameters<typeof operatorRequest>[2] = {}) => operatorRequest(node(n), url, init);

const order = (areas: string[], extra: object = {}) => ({
  hazard: 'earthquake',
  phase: 'emergency',
  areas,
  validHours: 72,
  title: { ja: '七尾市 地震（試験）', en: 'Nanao earthquake (test)' },
  ...extra,
});

async function auditOf(n: TestParticipantName, kind: string) {
  const r = await node(n).store.audit.query({ kind, order: 'oldest-first' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

beforeAll(async () => {
  for (const n of ['nanao', 'ishikawa', 'dialysis'] as const) nodes[n] = await startNode(n);
  // Wajima is in the trust list but its node is down: a port nothing listens on.
  peers.push({ participantId: id('wajima'), nodeUrl: 'http://127.0.0.1:9/', role: 'municipality', jurisdiction: [areaCode('172049')], trustListId: 'test', catalogKnown: false });
}, 60_000);

afterAll(async () => {
  for (const r of Object.values(nodes)) await r.close();
});

describe('who may declare, as the console asks', () => {
  it('gives a prefecture its own area and the listed municipalities inside it, named', async () => {
    const res = await op('ishikawa', '/operator/declarations/authority');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.kind).toBe('may-declare');
    expect(body.jurisdiction).toEqual(['170003']);
    expect(body.areas).toEqual(
      expect.arrayContaining([
        { code: '170003', name: { ja: '石川県', en: 'Ishikawa Prefecture' } },
        { code: '172022', name: { ja: '七尾市', en: 'Nanao City' } },
        { code: '172049', name: { ja: '輪島市', en: 'Wajima City' } },
      ]),
    );
  });

  it('tells a dialysis clinic that it may not declare, and why, in the reader\'s language', async () => {
    const res = await op('dialysis', '/operator/declarations/authority', { lang: 'en' });
    expect(res.json()).toMatchObject({ kind: 'may-not-declare', code: 'OPERATOR_MAY_NOT_DECLARE', detail: expect.stringContaining('may not issue declarations') });
    // Named as a person reads it: the clinic's name and its role's label, not the participant id and role code.
    const detail = (res.json() as { detail: string }).detail;
    expect(detail).toContain('(Dialysis clinic)');
    expect(detail).not.toContain('dialysis-clinic)');
  });
});

describe('issuing a declaration from the console', () => {
  it('checks a dry run without signing, keeping or sending anything', async () => {
    const res = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172022'], { dryRun: true }) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ issued: false, deliveries: [], declaration: { issuer: id('nanao'), areas: ['172022'], areaNames: ['七尾市'], active: false } });
    expect(node('nanao').book.all()).toHaveLength(0);
    expect(await node('nanao').store.query({ type: 'declaration' })).toHaveLength(0);
    expect(node('ishikawa').book.all()).toHaveLength(0);
  });

  it('signs with the node key, keeps it in force at home, sends it to every peer and audits each step', async () => {
    const res = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172022']) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ issued: true, declaration: { issuer: id('nanao'), hazard: 'earthquake', phase: 'emergency', areas: ['172022'], active: true } });
    const declarationId: string = body.declaration.id;
    const outcomes = Object.fromEntries(body.deliveries.map((d: { participantId: string; outcome: string }) => [d.participantId, d.outcome]));
    expect(outcomes).toEqual({ [id('ishikawa')]: 'accepted', [id('dialysis')]: 'accepted', [id('wajima')]: 'unreachable' });

    // In force on the issuing node and on the peers, each verified against the trust list on its own.
    const listed = (await op('nanao', '/operator/declarations')).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: declarationId, active: true, title: { ja: '七尾市 地震（試験）', en: 'Nanao earthquake (test)' } })]);
    expect(node('ishikawa').book.active(new Date()).map((v) => v.declaration.id)).toEqual([declarationId]);
    expect(node('dialysis').book.active(new Date()).map((v) => v.declaration.id)).toEqual([declarationId]);

    const issued = await auditOf('nanao', 'declaration-issued');
    expect(issued.filter((e) => e.decision === 'allow')).toEqual([expect.objectContaining({ requester: 'operator:console', action: 'declare', declarationId })]);
    const sent = await auditOf('nanao', 'declaration-sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.reasons.map((r) => r.code).sort()).toEqual(['OPERATOR_DECLARATION_DELIVERED', 'OPERATOR_DECLARATION_DELIVERED', 'OPERATOR_DECLARATION_NOT_DELIVERED']);
    expect((await auditOf('nanao', 'declaration-received')).map((e) => [e.requester, e.decision])).toEqual([[id('nanao'), 'allow']]);
    expect((await auditOf('ishikawa', 'declaration-received')).map((e) => [e.requester, e.decision, e.declarationId])).toEqual([[id('nanao'), 'allow', declarationId]]);
  });

  it('lets a prefecture declare for a named city inside it', async () => {
    const res = await op('ishikawa', '/operator/declarations', { method: 'POST', body: order(['172049'], { hazard: 'tsunami' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().declaration).toMatchObject({ issuer: id('ishikawa'), areas: ['172049'], areaNames: ['輪島市'], active: true });
  });

  it('refuses an area outside the jurisdiction with what to do, audits it, and keeps and sends nothing', async () => {
    const before = { nanao: node('nanao').book.all().length, ishikawa: node('ishikawa').book.all().length };
    const res = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172022', '172049']), lang: 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION', detail: expect.stringContaining('172049 lies outside') });
    const ja = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172049']) });
    expect(ja.json().detail).toContain('管轄（172022）の外です');
    expect({ nanao: node('nanao').book.all().length, ishikawa: node('ishikawa').book.all().length }).toEqual(before);
    const denied = (await auditOf('nanao', 'declaration-issued')).filter((e) => e.decision === 'deny');
    expect(denied.map((e) => e.reasons[0]!.code)).toEqual(['OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION', 'OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION']);
  });

  it('refuses a participant that may not declare, even for its own area, and audits it', async () => {
    const res = await op('dialysis', '/operator/declarations', { method: 'POST', body: order(['172022']) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'OPERATOR_MAY_NOT_DECLARE', detail: expect.stringContaining('発出を依頼してください') });
    expect(node('dialysis').book.all().map((v) => v.declaration.issuer)).not.toContain(id('dialysis'));
    expect((await auditOf('dialysis', 'declaration-issued')).map((e) => [e.decision, e.reasons[0]!.code])).toEqual([['deny', 'OPERATOR_MAY_NOT_DECLARE']]);
  });

  it('refuses an unreadable area code, an empty title and an unknown hazard before anything is signed', async () => {
    const before = node('nanao').book.all().length;
    const bad = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['17202X']) });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'OPERATOR_DECLARATION_AREA_INVALID', errors: [{ path: 'areas[0]' }] });
    const untitled = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172022'], { title: { ja: ' ', en: 'x' } }) });
    expect(untitled.json()).toMatchObject({ code: 'OPERATOR_DECLARATION_TITLE_REQUIRED' });
    const hazard = await op('nanao', '/operator/declarations', { method: 'POST', body: order(['172022'], { hazard: 'meteor' }) });
    expect(hazard.statusCode).toBe(400);
    expect(node('nanao').book.all()).toHaveLength(before);
  });

  it('answers without an operator token with 401 and issues nothing', async () => {
    const before = node('nanao').book.all().length;
    const res = await node('nanao').app.inject({ method: 'POST', url: '/operator/declarations', payload: order(['172022']) });
    expect(res.statusCode).toBe(401);
    expect(node('nanao').book.all()).toHaveLength(before);
  });
});

describe('tsunagu declare --node', () => {
  const nodeUrl = () => peers.find((p) => p.participantId === id('ishikawa'))!.nodeUrl;

  it('issues through the running node, which signs, keeps, audits and sends it', async () => {
    const before = (await auditOf('ishikawa', 'declaration-issued')).length;
    const run = await runCli(['--lang', 'en', 'declare', '--node', nodeUrl(), '--hazard', 'flood', '--phase', 'alert', '--area', '172022', '--expires', '24h'], {
      TSUNAGU_OPERATOR_TOKEN: node('ishikawa').token,
    });
    expect(run.out.join('\n')).toMatch(/Declaration decl-jp-170003-ishikawa-pref-\S+ was issued/);
    expect(run.out.join('\n')).toContain('Nanao City (jp-172022-nanao-city): accepted');
    expect(run.err.join('\n')).toContain('unreachable');
    expect(run.code).toBe(1);
    const issued = await auditOf('ishikawa', 'declaration-issued');
    expect(issued.slice(before).map((e) => e.decision)).toEqual(['allow']);
    expect(node('nanao').book.all().some((v) => v.declaration.issuer === id('ishikawa') && v.declaration.hazard === 'flood')).toBe(true);
  });

  it('says what is wrong without a token, and passes on the node\'s refusal of an area outside its jurisdiction', async () => {
    const noToken = await runCli(['--lang', 'en', 'declare', '--node', nodeUrl(), '--hazard', 'flood', '--phase', 'alert', '--area', '172022'], {});
    expect(noToken.err.join('\n')).toContain('set TSUNAGU_OPERATOR_TOKEN');
    expect(noToken.code).toBe(2);
    const nanaoUrl = peers.find((p) => p.participantId === id('nanao'))!.nodeUrl;
    const outside = await runCli(['--lang', 'ja', 'declare', '--node', nanaoUrl, '--hazard', 'flood', '--phase', 'alert', '--area', '172049'], {
      TSUNAGU_OPERATOR_TOKEN: node('nanao').token,
    });
    expect(outside.err.join('\n')).toContain('管轄（172022）の外です');
    expect(outside.err.join('\n')).toContain('OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION');
    expect(outside.code).toBe(2);
  });
});
