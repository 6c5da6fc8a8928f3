// The owner's record writes over the node's API, for persons: a signed write is validated, audited and stored, and
// every check on the way still refuses what it refused (a tampered body, a bad digest or signature, a replay, an
// expired credential, another participant, an invalid draft, a __proto__ key), with the same status and code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDigestOf } from '../../src/trust/http-signatures/content-digest.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import type { RecordDraft } from '../../src/model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../../src/policy/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

const DAY = 86_400_000;
const trust = buildTestTrust(new Date());
const URL_PERSONS = '/api/v1/datasets/persons/records';

function policies(): NodePolicy[] {
  const parsed = parsePolicy(nanaoPersonsPolicyDocument);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return [{ policy: parsed.value, source: 'examples.ts' }, ...builtInPolicies(NODE_ID)];
}

let node: TestNode;
/** A node whose clock is 181 days ahead, when Nanao's credential (valid 180 days) has expired. */
let later: TestNode;
const laterNow = new Date(Date.now() + 181 * DAY);

beforeAll(async () => {
  node = await openTestNode({
    policies: policies(),
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao },
  });
  later = await openTestNode({
    store: node.store,
    policies: policies(),
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao, now: () => laterNow },
  });
});
afterAll(async () => {
  await later?.close();
  await node?.close();
});

function person(n: number, over: { needs?: string[]; observedAt?: string; sourceNode?: string } = {}): RecordDraft<'person'> {
  return {
    id: `jp-172022-person-write-${n}`,
    type: 'person',
    sourceNode: over.sourceNode ?? NODE_ID,
    observedAt: over.observedAt ?? '2024-01-09T17:40:00+09:00',
    quality: { level: 'verified' },
    lineage: [{ activity: 'entry', at: '2024-01-09T17:45:12+09:00' }],
    data: {
      name: { full: `七尾 花子${n}`, kana: 'ナナオ ハナコ' },
      birthDate: '1940-02-29',
      areaCode: '172022',
      location: { type: 'Point', coordinates: [136.96, 37.04] },
      care: { needs: (over.needs ?? ['dialysis', 'lives-alone']) as RecordDraft<'person'>['data']['care']['needs'], dialysis: { schedule: ['mon', 'thu'] } },
      consent: { shareWithSupporters: true, recordedAt: '2023-06-01T10:00:00+09:00' },
      onEvacuationSupportList: true,
      safety: { status: 'unknown' },
    },
  } as RecordDraft<'person'>;
}

function signedAs(as: TestParticipantName, body: string, now = new Date()): Record<string, string> {
  return {
    ...signRequest({ method: 'POST', url: URL_PERSONS, body, credential: trust.credentials[as], signer: trust.signers[as], audience: NODE_ID, now }),
    'content-type': 'application/json',
  };
}

async function post(headers: Record<string, string>, body: string, on: TestNode = node) {
  return on.app.inject({ method: 'POST', url: URL_PERSONS, headers, payload: body });
}

async function lastAudit() {
  const r = await node.store.audit.query({ limit: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries[0]!;
}

describe('record writes of persons by the owner', () => {
  it('stores a signed write of valid drafts as new records and audits it', async () => {
    const body = JSON.stringify({ records: [person(1), person(2)] });
    const r = await post(signedAs('nanao', body), body);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      outcomes: [
        { id: 'jp-172022-person-write-1', kind: 'created', version: 1 },
        { id: 'jp-172022-person-write-2', kind: 'created', version: 1 },
      ],
    });
    expect(await lastAudit()).toMatchObject({ requester: NODE_ID, action: 'write', decision: 'allow', recordIds: ['jp-172022-person-write-1', 'jp-172022-person-write-2'] });
    expect((await node.store.get('person', 'jp-172022-person-write-1'))?.data.name.full).toBe('七尾 花子1');
  });

  it('refuses a body other than the one signed with 401: its digest differs, or a digest made anew breaks the signature', async () => {
    const signedBody = JSON.stringify({ records: [person(3)] });
    const tampered = JSON.stringify({ records: [person(3, { needs: ['bedridden'] })] });
    const swapped = await post(signedAs('nanao', signedBody), tampered);
    expect(swapped.statusCode).toBe(401);
    expect(swapped.json()).toMatchObject({ code: 'FEDERATION_DIGEST_MISMATCH' });
    const headers = { ...signedAs('nanao', signedBody), 'content-digest': contentDigestOf(tampered) };
    const redigested = await post(headers, tampered);
    expect(redigested.statusCode).toBe(401);
    expect(redigested.json()).toMatchObject({ code: 'FEDERATION_SIGNATURE_INVALID' });
    expect(await node.store.get('person', 'jp-172022-person-write-3')).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ requester: `unverified:${NODE_ID}`, decision: 'deny', reasons: [{ code: 'NODE_REQUESTER_UNVERIFIED' }, { code: 'FEDERATION_SIGNATURE_INVALID' }] });
  });

  it('refuses a malformed digest with 401 FEDERATION_REQUEST_MALFORMED', async () => {
    const body = JSON.stringify({ records: [person(4)] });
    const r = await post({ ...signedAs('nanao', body), 'content-digest': 'sha-256=:bm90IGEgZGlnZXN0:' }, body);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'FEDERATION_REQUEST_MALFORMED' });
  });

  it('refuses a signature that does not verify with 401 FEDERATION_SIGNATURE_INVALID', async () => {
    const body = JSON.stringify({ records: [person(5)] });
    const headers = signedAs('nanao', body);
    const sig = headers.signature!;
    const flipped = sig.replace(/:(.)/, (_: string, c: string) => `:${c === 'A' ? 'B' : 'A'}`);
    const r = await post({ ...headers, signature: flipped }, body);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'FEDERATION_SIGNATURE_INVALID' });
    expect(await node.store.get('person', 'jp-172022-person-write-5')).toBeUndefined();
  });

  it('refuses the same signed request sent again with 401 FEDERATION_REPLAYED', async () => {
    const body = JSON.stringify({ records: [person(6)] });
    const headers = signedAs('nanao', body);
    expect((await post(headers, body)).statusCode).toBe(200);
    const again = await post(headers, body);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'FEDERATION_REPLAYED' });
    expect((await node.store.get('person', 'jp-172022-person-write-6'))?.version).toBe(1);
  });

  it('refuses an expired credential with 401 FEDERATION_CREDENTIAL_INVALID', async () => {
    const body = JSON.stringify({ records: [person(7)] });
    const r = await post(signedAs('nanao', body, laterNow), body, later);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'FEDERATION_CREDENTIAL_INVALID' });
    expect(r.json().errors.map((e: { message: string }) => e.message)).toContain('CREDENTIAL_EXPIRED');
  });

  it("refuses another participant's signed write with 403 NODE_WRITE_OWNER_ONLY", async () => {
    const body = JSON.stringify({ records: [person(8)] });
    const r = await post(signedAs('ishikawa', body), body);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'NODE_WRITE_OWNER_ONLY' });
    expect(await node.store.get('person', 'jp-172022-person-write-8')).toBeUndefined();
  });

  it('refuses the whole write with 422 NODE_RECORDS_INVALID when any draft breaks the model, naming each', async () => {
    const drafts = [
      person(9),
      person(10, { needs: ['dialysis', 'dialysis'] }),
      person(11, { observedAt: '2024-02-30T10:00:00+09:00' }),
      person(12, { observedAt: '2024-01-09T25:00:00+09:00' }),
      person(13, { sourceNode: 'jp-172049-wajima-city' }),
    ];
    const body = JSON.stringify({ records: drafts });
    const r = await post(signedAs('nanao', body), body);
    expect(r.statusCode).toBe(422);
    const problem = r.json();
    expect(problem).toMatchObject({ code: 'NODE_RECORDS_INVALID' });
    for (const at of ['/records/1/data/care/needs', '/records/2/observedAt', '/records/3/observedAt', '/records/4/sourceNode']) expect(problem.detail).toContain(at);
    expect(problem.detail).not.toContain('/records/0');
    expect(await node.store.get('person', 'jp-172022-person-write-9')).toBeUndefined();
  });

  it('refuses a signed body with a __proto__ key, plain or escaped, with 400 NODE_BODY_NOT_JSON', async () => {
    for (const key of ['__proto__', '\\u005f_proto__', '__pr\\u006Fto__']) {
      const body = `{"records":[{"${key}":{"polluted":true}}]}`;
      const r = await post(signedAs('nanao', body), body);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'NODE_BODY_NOT_JSON' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
