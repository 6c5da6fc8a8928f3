// A dataset page written as JSON bytes once (sendJsonBytes) must be the answer Fastify's serializer writes through
// the route's response schema — same value, same content type — and, signed, must verify only over its exact bytes.
// A refusal names the areas of its reasons for the person who reads it.
import Fastify from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryReplayGuard } from './request-verification/replay-guard.ts';
import { requestSignatureOf, signRequest } from '../trust/http-signatures/request-signature.ts';
import { verifyResponse } from '../trust/http-signatures/response-signature.ts';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { NODE_ID, openTestNode, type TestNode } from '../../test/node/support/test-node.ts';
import { decideAccess } from '../policy/decide-access.ts';
import { NANAO, NOTO_NOW, compiledExamplePolicies, declaration, participants } from '../policy/test-fixtures.ts';
import { deniedProblem, sendJsonBytes } from './access-reply.ts';
import { RecordsResponse } from './routes/datasets.ts';

const key = fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__');
const openValue = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
const item = fc.tuple(fc.string({ minLength: 1, maxLength: 30 }), openValue).map(([id, rest]) => ({ ...rest, id }));
const text = fc.string({ maxLength: 40 });
const access = fc.record(
  {
    requestId: fc.uuid(),
    decision: fc.constant('allow' as const),
    policy: fc.record({ id: text, version: fc.integer({ min: 1, max: 1000 }) }),
    purpose: text,
    purposeStated: fc.boolean(),
    retention: text,
    onwardSharing: fc.boolean(),
    grantedFields: fc.array(text, { maxLength: 5 }),
    maskedFields: fc.array(text, { maxLength: 5 }),
    reasons: fc.array(fc.record({ code: text, message: text }), { maxLength: 3 }),
  },
  { requiredKeys: ['requestId', 'decision', 'purpose', 'purposeStated', 'retention', 'onwardSharing', 'grantedFields', 'maskedFields', 'reasons'] },
);
const page = fc.record({ items: fc.array(item, { maxLength: 8 }), next: text, access }, { requiredKeys: ['items', 'access'] });

describe('a dataset page written as JSON bytes', () => {
  const app = Fastify();
  let current: unknown;
  const schema = { response: { 200: RecordsResponse } };
  app.get('/through-schema', { schema }, async (_request, reply) => reply.send(current));
  app.get('/as-bytes', { schema }, async (_request, reply) => sendJsonBytes(reply, current));
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  it('carries the value and content type that the response schema writes', async () => {
    await fc.assert(
      fc.asyncProperty(page, async (p) => {
        current = p;
        const viaSchema = await app.inject('/through-schema');
        const asBytes = await app.inject('/as-bytes');
        expect(asBytes.statusCode).toBe(200);
        expect(asBytes.headers['content-type']).toBe(viaSchema.headers['content-type']);
        expect(Number(asBytes.headers['content-length'])).toBe(asBytes.rawPayload.length);
        expect(JSON.parse(asBytes.body)).toEqual(JSON.parse(viaSchema.body));
      }),
      { numRuns: 100 },
    );
  });
});

describe('a signed dataset page', () => {
  const trust = buildTestTrust(new Date());
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao } });
  });
  afterAll(() => node.close());

  async function ask() {
    const url = '/api/v1/datasets/shelters/records?area=172022&limit=3&purpose=evacuation-support';
    const headers = signRequest({
      method: 'GET',
      url,
      body: null,
      credential: trust.credentials.ishikawa,
      signer: trust.signers.ishikawa,
      audience: NODE_ID,
      now: new Date(),
    });
    const r = await node.app.inject({ method: 'GET', url, headers });
    const check = (body: Uint8Array) =>
      verifyResponse(
        { status: r.statusCode, headers: r.headers as Record<string, string>, body },
        { requestSignature: requestSignatureOf(headers)!, provider: NODE_ID, registry: trust.registry, now: new Date() },
      );
    return { r, check };
  }

  it('verifies over the bytes sent, and a page whose bytes were changed does not', async () => {
    const { r, check } = await ask();
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.json().items.length).toBeGreaterThan(0);
    expect(check(r.rawPayload).ok).toBe(true);
    const tampered = Buffer.from(r.rawPayload);
    const at = tampered.length - 2;
    tampered[at] = tampered[at]! ^ 1;
    const outcome = check(tampered);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]!.code).toBe('FEDERATION_RESPONSE_DIGEST_MISMATCH');
  });
});

describe('a refusal as the requester reads it', () => {
  it('names the areas of its reasons in both languages, the decision’s reasons staying codes', () => {
    const decision = decideAccess(
      { requester: participants.wajimaCity, purpose: 'life-saving', action: 'read', dataset: 'persons', fields: '*', recordAreas: [NANAO], requestId: 'r' },
      { policies: compiledExamplePolicies, declarations: [declaration('emergency', [NANAO])], now: NOTO_NOW },
    );
    const before = structuredClone(decision.reasons);
    const problem = deniedProblem(decision, 'ja');
    expect(problem.detail).toContain('地域 七尾市 (172022)');
    expect(problem.detailAlt?.text).toContain('area Nanao City (172022)');
    expect(problem.reasons?.map((r) => r.code)).toEqual(decision.reasons.map((r) => r.code));
    expect(decision.reasons).toEqual(before);
  });
});
