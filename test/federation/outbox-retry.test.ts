// Re-sending a message a peer refused, on two real nodes on loopback: Nanao City sends Ishikawa Prefecture an EDXL-RM
// RequestResource before any disaster is declared; Ishikawa's policy grants requests for supplies only in an
// emergency, so it refuses it (403) and Nanao's outbox settles it as a dead letter. Once Ishikawa declares, Nanao's
// operator sends it again with `tsunagu outbox retry <seq> --node`, under the same idempotency key: delivered once,
// its lines taken in once, the retry in Nanao's audit log; a second retry, or one of a delivered message, is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import { DEMAND_FIELDS } from '../../src/apps/logistics/rm-delivery.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import type { AreaCode, Demand } from '../../src/model/index.ts';
import { freePorts } from '../../src/node/free-ports.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { parsePolicy } from '../../src/policy/index.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLogisticsNode, stopLogisticsNodes, type RunningNode } from '../apps/support/logistics-nodes.ts';
import { ALL_PHASES, emergencyPolicy } from '../apps/support/logistics-policies.ts';
import { runCli } from '../cli/support/run-cli.ts';

const trust = buildTestTrust(new Date());
const ISHIKAWA = trust.participants.ishikawa.id;
const NANAO = trust.participants.nanao.id;
const TOKEN = 'outbox-retry-test-operator-token-0123456789';
type Name = 'ishikawa' | 'nanao';
const nodes = {} as Record<Name, RunningNode<Name>>;
const urls = new Map<string, string>();
const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-outbox-retry-'));

function peers(): NodeTarget[] {
  return (['ishikawa', 'nanao'] as const).map((n) => {
    const p = trust.participants[n];
    return { participantId: p.id, nodeUrl: `${urls.get(p.id)}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
  });
}

/** Municipalities may ask the prefecture for supplies in an emergency only. */
function demandsPolicy(): NodePolicy {
  const parsed = parsePolicy({
    id: 'ishikawa-demands', version: 1, owner: ISHIKAWA, dataset: 'demands', fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00', description: { ja: '物資支援', en: 'Supply logistics' },
    permits: [{
      id: 'ishikawa-demands-0', description: { ja: '物資支援（緊急時）', en: 'Supply logistics (emergency)' }, purposes: ['supply-logistics'], roles: ['municipality'], actions: ['write'],
      requesterJurisdiction: 'any', phases: ['emergency'], fields: DEMAND_FIELDS, retention: 'P7D', onwardSharing: false, consentRequiredOutsideEmergency: false,
    }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: 'ishikawa-demands.json' };
}

const demand: Demand = {
  origin: 'request', requestedBy: NANAO, destination: { type: 'shelter', id: '172022-CC0000000518' }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
  item: { category: 'blanket' }, quantity: 120, unit: 'piece', neededBy: '2024-01-13T12:00:00+09:00', priority: 'high',
};

function requestXml(messageId: string): string {
  const header = { messageId, sentAt: '2024-01-12T09:00:00+09:00', originatingMessageId: messageId, contact: { role: 'Requester' as const, description: '七尾市災害対策本部' } };
  const written = writeRmMessage(requestResourceOf(header, [{ id: 'b1', demand }]));
  if (!written.ok) throw new Error(JSON.stringify(written.problems));
  return written.xml;
}

async function operator(node: RunningNode, method: string, pathAndQuery: string, xml?: string) {
  const res = await fetch(`${node.url}/operator${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en', ...(xml !== undefined ? { 'content-type': 'application/xml' } : {}) },
    ...(xml !== undefined ? { body: xml } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function audit(node: RunningNode, filter: Record<string, string>) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first', limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

beforeAll(async () => {
  const ports = await freePorts('127.0.0.1', 2);
  (['ishikawa', 'nanao'] as const).forEach((n, i) => urls.set(trust.participants[n].id, `http://127.0.0.1:${ports[i]}`));
  const start = (name: Name, policies: NodePolicy[], port: number) => startLogisticsNode({ trust, name, url: urls.get(trust.participants[name].id)!, port, policies, token: TOKEN, peers });
  nodes.ishikawa = await start('ishikawa', [...builtInPolicies(ISHIKAWA), demandsPolicy()], ports[0]!);
  nodes.nanao = await start('nanao', [...builtInPolicies(NANAO), emergencyPolicy('nanao-requests-sent', NANAO, 'demands', [{ roles: ['prefecture'], actions: ['read'], fields: DEMAND_FIELDS, phases: ALL_PHASES }])], ports[1]!);
}, 180_000);

afterAll(async () => {
  await stopLogisticsNodes(Object.values(nodes));
  rmSync(dir, { recursive: true, force: true });
});

describe('a request the receiver refused before the declaration, sent again after it', () => {
  it('is refused and kept as a dead letter, then delivered once after the declaration and `tsunagu outbox retry`, audited', async () => {
    const sent = await operator(nodes.nanao, 'POST', `/logistics/edxl-rm/send?to=${ISHIKAWA}&by=Nanao desk`, requestXml('nanao-rr-early'));
    expect(sent.status, sent.text).toBe(202);
    const seq = sent.json.seq as number;
    await nodes.nanao.outbox.deliverDue();
    const dead = await nodes.nanao.store.outbox.get(seq);
    expect(dead).toMatchObject({ state: 'failed', lastError: { code: 'OUTBOX_PEER_REFUSED' } });
    expect(dead!.lastError!.reason).toContain('403');
    const denied = await audit(nodes.ishikawa, { requester: NANAO, decision: 'deny' });
    expect(denied.length).toBeGreaterThan(0);

    // Ishikawa declares; its declaration reaches both nodes.
    for (const n of [nodes.ishikawa, nodes.nanao]) {
      const declared = await nodes.ishikawa.client.sendDeclaration({ participantId: trust.participants[n.name].id, url: n.url }, trust.declare('ishikawa'));
      expect(declared.ok && declared.status).toBe(201);
    }

    const env = { TSUNAGU_OPERATOR_TOKEN: TOKEN };
    const retried = await runCli(['--lang', 'en', 'outbox', 'retry', String(seq), '--node', nodes.nanao.url], env);
    expect(retried.code, retried.err.join('\n')).toBe(0);
    expect(retried.out).toEqual([`#${seq} ${ISHIKAWA} ${dead!.kind}: back to pending (sent under the same idempotency key)`]);
    const pending = await nodes.nanao.store.outbox.get(seq);
    expect(pending).toMatchObject({ state: 'pending', idempotencyKey: dead!.idempotencyKey });

    // A second retry while it waits is refused, and changes nothing.
    const twice = await runCli(['--lang', 'en', 'outbox', 'retry', String(seq), '--node', nodes.nanao.url], env);
    expect(twice.code).toBe(1);
    expect(twice.err.join('\n')).toContain(`Message ${seq} is pending, so it is not sent again`);

    await nodes.nanao.outbox.deliverDue();
    expect(await nodes.nanao.store.outbox.get(seq)).toMatchObject({ state: 'delivered', attempts: 1 });
    const needs = (await operator(nodes.ishikawa, 'GET', '/logistics/needs')).json.needs as { id: string; demand: Demand }[];
    expect(needs.filter((n) => n.demand.origin === 'request').map((n) => [n.id, n.demand.quantity])).toEqual([['rm:nanao-rr-early/b1', 120]]);
    const taken = (await audit(nodes.ishikawa, { requester: NANAO, decision: 'allow' })).filter((e) => e.reasons.some((r) => r.code === 'LOGISTICS_RM_TAKEN'));
    expect(taken).toHaveLength(1);

    // Delivered: a retry now is refused too.
    const after = await runCli(['--lang', 'en', 'outbox', 'retry', String(seq), '--node', nodes.nanao.url], env);
    expect(after.code).toBe(1);
    expect(after.err.join('\n')).toContain(`Message ${seq} is delivered`);

    const retries = await audit(nodes.nanao, { purpose: 'outbox-retry' });
    expect(retries.map((e) => [e.decision, e.requester, e.reasons[0]!.code])).toEqual([
      ['allow', 'operator:console', 'OUTBOX_RETRY_QUEUED'],
      ['deny', 'operator:console', 'OUTBOX_RETRY_NOT_FAILED'],
      ['deny', 'operator:console', 'OUTBOX_RETRY_NOT_FAILED'],
    ]);
    expect(retries[0]!.recordIds).toEqual([`outbox:${seq}`]);
  });
});
