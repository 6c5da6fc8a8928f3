// Three real nodes on loopback (PGlite in memory, test trust identities): Nanao owns a list of persons requiring
// care, Ishikawa Prefecture consumes it, Wajima acts as Nanao's delegate. Every request between them is signed, every
// answer verified; a declaration turns a denial into an allow; forged and replayed requests are refused and audited;
// a safety-status update travels through Ishikawa's outbox and is applied once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationClient } from '../../src/federation/client.ts';
import { createHttpTransport, createOutboxDispatcher } from '../../src/federation/outbox.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { areaCode } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { shippedApplications } from '../../src/apps/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { nanaoPersonsPolicy, syntheticNanaoPerson } from './support/nanao-persons.ts';
import { startLoopbackNode, stopLoopbackNode, type LoopbackNode } from './support/loopback-node.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;

type RunningNode = LoopbackNode;

const startNode = (name: TestParticipantName, policies: NodePolicy[]) => startLoopbackNode(trust, name, policies, shippedApplications());

let nanao: RunningNode;
let ishikawa: RunningNode;
let wajima: RunningNode;

beforeAll(async () => {
  nanao = await startNode('nanao', [nanaoPersonsPolicy(), ...builtInPolicies(NANAO)]);
  ishikawa = await startNode('ishikawa', builtInPolicies(ISHIKAWA));
  wajima = await startNode('wajima', builtInPolicies(trust.participants.wajima.id));
  await nanao.store.upsert([1, 2, 3].map((n) => syntheticNanaoPerson(n)));
}, 60_000);

afterAll(async () => {
  for (const n of [nanao, ishikawa, wajima]) await stopLoopbackNode(n);
});

async function auditOf(node: RunningNode, filter: Record<string, string>) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

describe('three nodes on loopback', () => {
  it('denies Ishikawa the persons list before any declaration, with its reasons, audited', async () => {
    const r = await ishikawa.client.query(nanao.target, 'persons', { purpose: 'life-saving', area: ['172022'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.verified.responder).toBe(NANAO);
    expect(r.status).toBe(403);
    const problem = r.body as { code: string; reasons: { code: string }[]; requestId: string };
    expect(problem.code).toBe('NODE_ACCESS_DENIED');
    expect(problem.reasons.length).toBeGreaterThan(0);
    const entries = await auditOf(nanao, { requestId: problem.requestId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ requester: ISHIKAWA, decision: 'deny', dataset: 'persons', recordCount: 0 });
  });

  it('refuses a declaration by an issuer outside its jurisdiction, stores nothing and audits it', async () => {
    const r = await wajima.client.sendDeclaration(nanao.target, trust.declare('wajima', { areas: [areaCode('172022')] }));
    expect(r.ok && r.status).toBe(403);
    expect(r.ok && (r.body as { code: string }).code).toBe('NODE_DECLARATION_INVALID');
    expect(await nanao.store.query({ type: 'declaration' })).toEqual([]);
    const refused = await auditOf(nanao, { kind: 'declaration-received', decision: 'deny' });
    expect(refused.map((e) => e.reasons[0]!.code)).toContain('DECLARATION_AREA_OUTSIDE_JURISDICTION');
  });

  it('refuses a declaration whose payload was changed after signing with 422', async () => {
    const signed = trust.declare('ishikawa');
    const forged = { ...signed, payload: { ...signed.payload, phase: 'recovery' as const } };
    const r = await ishikawa.client.sendDeclaration(nanao.target, forged);
    expect(r.ok && r.status).toBe(422);
    expect(await nanao.store.query({ type: 'declaration' })).toEqual([]);
  });

  it("turns the denial into an allow once Ishikawa's emergency declaration is received, masking what the permit does not grant", async () => {
    const declared = await ishikawa.client.sendDeclaration(nanao.target, trust.declare('ishikawa'));
    expect(declared.ok && declared.status).toBe(201);
    expect(declared.ok && (declared.body as { active: boolean }).active).toBe(true);
    expect(await nanao.store.query({ type: 'declaration' })).toHaveLength(1);
    const listed = await fetch(`${nanao.target.url}/api/v1/declarations`);
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);

    const r = await ishikawa.client.query(nanao.target, 'persons', { purpose: 'life-saving', area: ['172022'] });
    expect(r.ok && r.status).toBe(200);
    if (!r.ok) return;
    const body = r.body as { items: { id: string; data: Record<string, unknown> }[]; access: { policy: { id: string } } };
    expect(body.items.map((p) => p.id)).toEqual(['nanao-person-1', 'nanao-person-2', 'nanao-person-3']);
    expect(body.items[0]!.data.name).toEqual({ full: '試験 1郎' });
    expect(body.items[0]!.data.birthDate).toBeUndefined();
    expect(body.access.policy.id).toBe('nanao-persons');
    const received = await auditOf(nanao, { kind: 'declaration-received', decision: 'allow' });
    expect(received).toHaveLength(1);
  });

  it('finds persons inside a polygon sent in the body', async () => {
    const within = { type: 'Polygon', coordinates: [[[136.9605, 37.0], [136.9615, 37.0], [136.9615, 37.1], [136.9605, 37.1], [136.9605, 37.0]]] };
    const r = await ishikawa.client.query(nanao.target, 'persons', { purpose: 'life-saving', within });
    expect(r.ok && r.status).toBe(200);
    expect(r.ok && (r.body as { items: { id: string }[] }).items.map((p) => p.id)).toEqual(['nanao-person-1']);
  });

  it('lets Wajima read for Nanao only with the delegation Nanao signed', async () => {
    const without = await wajima.client.query(nanao.target, 'persons', { purpose: 'life-saving', area: ['172022'] });
    expect(without.ok && without.status).toBe(403);
    const delegation = trust.delegate('nanao', 'wajima');
    const withIt = await wajima.client.query(nanao.target, 'persons', { purpose: 'life-saving', area: ['172022'], delegation });
    expect(withIt.ok && withIt.status).toBe(200);
    const entries = await auditOf(nanao, { requester: trust.participants.wajima.id, decision: 'allow' });
    expect(entries.at(-1)).toMatchObject({ onBehalfOf: NANAO, delegationId: delegation.payload.id });
  });

  it('answers unknown datasets with 404 problem+json, audited', async () => {
    const r = await ishikawa.client.query(nanao.target, 'secrets', { purpose: 'life-saving' });
    expect(r.ok && r.status).toBe(404);
    expect(r.ok && (r.body as { code: string }).code).toBe('NODE_DATASET_UNKNOWN');
    expect(await auditOf(nanao, { dataset: 'secrets' })).toHaveLength(1);
  });

  it('refuses a request with a tampered signature and a replayed request with 401, auditing both as unverified', async () => {
    const url = `${nanao.target.url}/api/v1/datasets/persons/query`;
    const body = JSON.stringify({ purpose: 'life-saving' });
    const headers = signRequest({ method: 'POST', url, body, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NANAO, now: new Date() });
    const sig = headers.signature!;
    const tampered = { ...headers, signature: sig.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`) };
    const send = (h: Record<string, string>) => fetch(url, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body });

    const forged = await send(tampered);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await forged.json()) as { code: string }).code).toBe('FEDERATION_SIGNATURE_INVALID');

    expect((await send(headers)).status).toBe(200);
    const replayed = await send(headers);
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { code: string }).code).toBe('FEDERATION_REPLAYED');

    const refusals = await auditOf(nanao, { requester: `unverified:${ISHIKAWA}` });
    expect(refusals.map((e) => e.reasons[1]!.code)).toEqual(['FEDERATION_SIGNATURE_INVALID', 'FEDERATION_REPLAYED']);
    expect(refusals.every((e) => e.decision === 'deny' && e.reasons[0]!.code === 'NODE_REQUESTER_UNVERIFIED')).toBe(true);
  });

  it("applies Ishikawa's safety-status update from its outbox once, even when it is delivered twice", async () => {
    const reportedAt = new Date().toISOString();
    await ishikawa.store.outbox.enqueue({
      peer: NANAO,
      peerUrl: nanao.target.url,
      kind: 'safety-status-update',
      idempotencyKey: 'status-nanao-person-2-1',
      payload: { personId: 'nanao-person-2', safety: { status: 'safe', shelter: '172022-CC0000000504', reportedBy: ISHIKAWA, reportedAt } },
      createdAt: reportedAt,
    });
    const transport = createHttpTransport({ headers: (m, body) => ishikawa.client.deliveryHeaders(m, body) });
    const dispatcher = createOutboxDispatcher({ storage: ishikawa.store.outbox, transport });
    expect(await dispatcher.deliverDue()).toMatchObject({ delivered: 1 });

    const [message] = await ishikawa.store.outbox.list();
    expect(message).toBeDefined();
    const again = await transport(message!, new AbortController().signal);
    expect(again).toEqual({ ok: true });

    const versions = await nanao.store.history('person', 'nanao-person-2');
    expect(versions).toHaveLength(2);
    expect(versions[1]!.data.safety).toMatchObject({ status: 'safe', reportedBy: ISHIKAWA });
    const applied = await auditOf(nanao, { recordId: 'nanao-person-2', requester: ISHIKAWA });
    expect(applied.filter((e) => e.action === 'write-status')).toHaveLength(1);
  });

  it('answers 503 when the owner cannot write the audit entry of an applied update, and writes it once on redelivery', async () => {
    const reportedAt = new Date().toISOString();
    await ishikawa.store.outbox.enqueue({
      peer: NANAO,
      peerUrl: nanao.target.url,
      kind: 'safety-status-update',
      idempotencyKey: 'status-nanao-person-3-1',
      payload: { personId: 'nanao-person-3', safety: { status: 'safe', shelter: '172022-CC0000000504', reportedBy: ISHIKAWA, reportedAt } },
      createdAt: reportedAt,
    });
    const [message] = (await ishikawa.store.outbox.list()).filter((m) => m.idempotencyKey === 'status-nanao-person-3-1');
    const transport = createHttpTransport({ headers: (m, body) => ishikawa.client.deliveryHeaders(m, body) });
    // The log refuses once, after the change committed: what a crash between the two would leave.
    const append = nanao.log.append.bind(nanao.log);
    let refusals = 1;
    nanao.log.append = async (drafts) => (refusals-- > 0 ? { ok: false, problems: [{ code: 'AUDIT_TEST_REFUSED', params: {} }] } as never : append(drafts));
    try {
      const first = await transport(message!, new AbortController().signal);
      expect(first).toMatchObject({ ok: false, retry: true });
    } finally {
      nanao.log.append = append;
    }
    expect(await nanao.store.history('person', 'nanao-person-3')).toHaveLength(2);
    expect((await auditOf(nanao, { recordId: 'nanao-person-3', requester: ISHIKAWA })).filter((e) => e.action === 'write-status')).toHaveLength(0);

    expect(await transport(message!, new AbortController().signal)).toEqual({ ok: true });
    expect(await transport(message!, new AbortController().signal)).toEqual({ ok: true });
    expect(await nanao.store.history('person', 'nanao-person-3')).toHaveLength(2);
    const entries = (await auditOf(nanao, { recordId: 'nanao-person-3', requester: ISHIKAWA })).filter((e) => e.action === 'write-status');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.reasons.map((r) => r.code)).toContain('NODE_DELIVERY_AUDITED_ON_REDELIVERY');
  });

  it('records an older safety report as a conflict without applying it', async () => {
    const body = {
      kind: 'safety-status-update',
      idempotencyKey: 'status-nanao-person-2-old',
      createdAt: new Date().toISOString(),
      payload: { personId: 'nanao-person-2', safety: { status: 'needs-rescue', reportedBy: ISHIKAWA, reportedAt: '2024-01-01T08:00:00+09:00' } },
    };
    const url = `${nanao.target.url}/federation/deliveries`;
    const text = JSON.stringify(body);
    const headers = signRequest({ method: 'POST', url, body: text, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NANAO, now: new Date() });
    const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': body.idempotencyKey }, body: text });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { result: string }).result).toBe('conflict');
    const current = await nanao.store.get('person', 'nanao-person-2');
    expect(current!.data.safety.status).toBe('safe');
    const conflicts = await auditOf(nanao, { recordId: 'nanao-person-2', requester: ISHIKAWA });
    expect(conflicts.at(-1)!.reasons.map((r) => r.code)).toContain('NODE_STATUS_CONFLICT');
  });

  it('refuses deliveries from the unauthenticated public and of unknown kinds, auditing both', async () => {
    const body = { kind: 'safety-status-update', idempotencyKey: 'anon-1', createdAt: new Date().toISOString(), payload: {} };
    const anon = await fetch(`${nanao.target.url}/federation/deliveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'anon-1' },
      body: JSON.stringify(body),
    });
    expect(anon.status).toBe(401);
    const odd = await ishikawa.client.request(nanao.target, 'POST', '/federation/deliveries', { ...body, kind: 'launch-missiles', idempotencyKey: 'odd-1' });
    // The client cannot set Idempotency-Key through `request`, so the mismatch is what is refused here.
    expect(odd.ok && odd.status).toBe(400);
    const refusals = await auditOf(nanao, { dataset: 'deliveries', decision: 'deny' });
    expect(refusals.map((e) => e.reasons[0]!.code)).toEqual(['NODE_DELIVERY_UNAUTHENTICATED', 'NODE_DELIVERY_INVALID']);
  });

  it('rejects an answer that is not signed by the node asked, or whose body was changed on the way', async () => {
    const impostor = { participantId: trust.participants.wajima.id, url: nanao.target.url };
    const wrong = await ishikawa.client.query(impostor, 'shelters', { purpose: 'evacuation-support' });
    expect(wrong).toMatchObject({ ok: false, reason: 'unverified' });
    // Nanao refuses a request meant for Wajima and signs its refusal as Nanao: not the node asked, so nothing in it is used.
    expect(wrong).toMatchObject({ status: 401, problems: [{ code: 'FEDERATION_RESPONDER_MISMATCH' }] });

    const tampering: typeof fetch = async (input, init) => {
      const real = await fetch(input, init);
      const text = (await real.text()).replace('"items":[', '"items":[{"id":"planted"},');
      return new Response(text, { status: real.status, headers: real.headers });
    };
    const client = createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry, fetch: tampering });
    const changed = await client.query(nanao.target, 'shelters', { purpose: 'evacuation-support' });
    expect(changed).toMatchObject({ ok: false, reason: 'unverified', problems: [{ code: 'FEDERATION_RESPONSE_DIGEST_MISMATCH' }] });
  });
});
