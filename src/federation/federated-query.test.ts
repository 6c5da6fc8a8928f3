import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/types.ts';
import type { FederationClient, FederationResult, FederationTarget } from './client.ts';
import { readCopies } from './copies.ts';
import { federatedQuery, nodeAnswerOf, type FederatedTarget } from './federated-query.ts';

const t0 = new Date('2026-01-10T09:00:00.000Z');
const verified = { responder: 'p', kid: 'k', publicKey: 'x', created: t0.toISOString() };

function access(overrides: Record<string, unknown> = {}) {
  return {
    requestId: 'req-1',
    decision: 'allow',
    policy: { id: 'nanao-persons', version: 3 },
    purpose: 'life-saving',
    purposeStated: true,
    retention: 'PT72H',
    onwardSharing: false,
    grantedFields: ['name'],
    maskedFields: ['birthDate'],
    reasons: [],
    ...overrides,
  };
}

function allowed(items: { id: string }[], terms = access(), headers: Record<string, string> = {}): FederationResult {
  return {
    ok: true,
    status: 200,
    body: { items, access: terms },
    headers: new Headers({ 'tsunagu-retention': String(terms.retention), 'tsunagu-onward-sharing': String(terms.onwardSharing), ...headers }),
    verified,
  };
}

function clientOf(answers: Record<string, () => FederationResult | Promise<FederationResult>>): Pick<FederationClient, 'query'> {
  return { query: async (target: FederationTarget) => answers[target.participantId]!() };
}

const targets: FederatedTarget[] = [
  { participantId: 'node-a', nodeUrl: 'http://a.invalid/' },
  { participantId: 'node-b', nodeUrl: 'http://b.invalid/' },
];
const params = { purpose: 'life-saving', area: ['172022'] };
const noRetry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };

describe('nodeAnswerOf', () => {
  it('counts an answer whose signature did not verify as an invalid response that is not retried', () => {
    const r: FederationResult = { ok: false, reason: 'unverified', status: 200, problems: [{ code: 'FEDERATION_RESPONSE_DIGEST_MISMATCH', params: {} }] };
    expect(() => nodeAnswerOf(r, 'life-saving')).toThrow(expect.objectContaining({ reason: 'invalid-response', retryable: false }));
  });

  it('keeps a signed denial as a refusal with its problem code', () => {
    const r: FederationResult = { ok: true, status: 403, body: { code: 'NODE_ACCESS_DENIED', detail: 'no' }, headers: new Headers(), verified };
    expect(() => nodeAnswerOf(r, 'life-saving')).toThrow(expect.objectContaining({ reason: 'refused', status: 403, code: 'NODE_ACCESS_DENIED', retryable: false }));
  });

  it('rejects an answer without its access terms, for another purpose, or with headers that disagree with them', () => {
    const bare: FederationResult = { ok: true, status: 200, body: { items: [] }, headers: new Headers(), verified };
    expect(() => nodeAnswerOf(bare, 'life-saving')).toThrow(expect.objectContaining({ reason: 'invalid-response' }));
    expect(() => nodeAnswerOf(allowed([], access({ purpose: 'research' })), 'life-saving')).toThrow(expect.objectContaining({ reason: 'invalid-response' }));
    expect(() => nodeAnswerOf(allowed([], access(), { 'tsunagu-retention': 'P30D' }), 'life-saving')).toThrow(
      expect.objectContaining({ reason: 'invalid-response' }),
    );
  });
});

describe('federatedQuery', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  }, 30_000);
  afterAll(async () => {
    await store?.close();
  });

  it('copies live answers under their retention, never stores an invalid one, and serves unexpired copies with their age', async () => {
    const now = { t: t0 };
    const first = await federatedQuery({
      client: clientOf({
        'node-a': () => allowed([{ id: 'a-1' }, { id: 'a-2' }]),
        'node-b': () => ({ ok: false, reason: 'unverified', status: 200, problems: [] }),
      }),
      targets,
      dataset: 'persons',
      params,
      deadlineMs: 2_000,
      retry: noRetry,
      store,
      now: () => now.t,
    });
    expect(first.complete).toBe(false);
    expect(first.results.map((r) => [r.target.participantId, r.source])).toEqual([['node-a', 'live']]);
    expect(first.results[0]!.value.copies).toEqual({ ok: true, stored: 2, expiresAt: '2026-01-13T09:00:00.000Z' });
    expect(first.missing).toMatchObject([{ target: { participantId: 'node-b' }, reason: 'invalid-response', cached: false }]);
    expect(await readCopies(store, { now: t0, provider: 'node-b' })).toEqual([]);

    now.t = new Date(t0.getTime() + 3_600_000);
    const second = await federatedQuery({
      client: clientOf({
        'node-a': () => ({ ok: false, reason: 'network', detail: 'ECONNREFUSED' }),
        'node-b': () => allowed([{ id: 'b-1' }]),
      }),
      targets,
      dataset: 'persons',
      params,
      deadlineMs: 2_000,
      retry: noRetry,
      store,
      now: () => now.t,
    });
    const cached = second.results.find((r) => r.target.participantId === 'node-a');
    expect(cached).toMatchObject({ source: 'cache', ageSeconds: 3600, storedAt: t0.toISOString() });
    expect(cached!.value.items.map((i) => i.id)).toEqual(['a-1', 'a-2']);
    expect(second.missing).toMatchObject([{ target: { participantId: 'node-a' }, reason: 'unreachable', cached: true }]);

    now.t = new Date(t0.getTime() + 73 * 3_600_000);
    const third = await federatedQuery({
      client: clientOf({ 'node-a': () => ({ ok: false, reason: 'network', detail: 'ECONNREFUSED' }), 'node-b': () => allowed([]) }),
      targets: targets.slice(0, 1),
      dataset: 'persons',
      params,
      deadlineMs: 2_000,
      retry: noRetry,
      store,
      now: () => now.t,
    });
    expect(third.results).toEqual([]);
    expect(third.missing).toMatchObject([{ reason: 'unreachable', cached: false }]);
  });

  it('keeps no copy of an answer whose retention it cannot read', async () => {
    const out = await federatedQuery({
      client: clientOf({ 'node-a': () => allowed([{ id: 'c-1' }], access({ retention: 'P1M' })) }),
      targets: targets.slice(0, 1),
      dataset: 'shelters',
      params,
      deadlineMs: 2_000,
      store,
      now: () => t0,
    });
    expect(out.complete).toBe(true);
    expect(out.results[0]!.value.copies).toMatchObject({ ok: false, problems: [{ code: 'COPY_NO_RETENTION' }] });
  });

  it('still returns a live answer when its copies cannot be written, saying so', async () => {
    const failing = { copies: { ...store.copies, put: () => Promise.reject(new Error('disk full')) } };
    const out = await federatedQuery({
      client: clientOf({ 'node-a': () => allowed([{ id: 'd-1' }]) }),
      targets: targets.slice(0, 1),
      dataset: 'persons',
      params,
      deadlineMs: 2_000,
      store: failing,
      now: () => t0,
    });
    expect(out.results.map((r) => r.value.items.map((i) => i.id))).toEqual([['d-1']]);
    expect(out.results[0]!.value.copies).toMatchObject({ ok: false, problems: [{ code: 'COPY_STORE_FAILED', params: { provider: 'node-a' } }] });
  });

  it('answers by its deadline when a node never answers, naming it as timed out', async () => {
    const out = await federatedQuery({
      client: clientOf({ 'node-a': () => allowed([{ id: 'a-9' }]), 'node-b': () => new Promise<FederationResult>(() => {}) }),
      targets,
      dataset: 'shelters',
      params: { purpose: 'life-saving' },
      deadlineMs: 200,
    });
    expect(out.results.map((r) => r.target.participantId)).toEqual(['node-a']);
    expect(out.missing).toMatchObject([{ target: { participantId: 'node-b' }, reason: 'timeout' }]);
  });
});
