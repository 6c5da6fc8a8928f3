// Units of outbox delivery that need no database: backoff, status classification, the HTTP transport's request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../store/outbox-store.ts';
import {
  backoffDelayMs,
  classifyDeliveryStatus,
  createHttpTransport,
  createOutboxDispatcher,
  DEFAULT_BACKOFF,
  OUTBOX_DELIVERY_PATH,
  outboxProblemOf,
} from './outbox.ts';
import { message as render } from '../i18n/index.ts';

const message: OutboxMessage = {
  seq: 7,
  peer: 'did:web:ishikawa.example',
  peerUrl: 'https://ishikawa.example/tsunagu',
  kind: 'safety-status-update',
  idempotencyKey: 'upd-123',
  payload: { person: 'p-42', status: 'injured' },
  createdAt: '2024-01-01T07:30:00.000Z',
  state: 'delivering',
  attempts: 1,
  nextAttemptAt: '2024-01-01T07:30:00.000Z',
};

describe('backoffDelayMs', () => {
  it('stays between zero and the exponential ceiling, which the cap bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, r) => {
        const delay = backoffDelayMs(attempts, DEFAULT_BACKOFF, () => r);
        const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** (attempts - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('doubles its ceiling with every attempt from one second up to five minutes', () => {
    const ceilings = [1, 2, 3, 4, 9, 10, 30].map((n) => backoffDelayMs(n, DEFAULT_BACKOFF, () => 1));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000]);
  });
});

describe('classifyDeliveryStatus', () => {
  it('counts 2xx as delivered, retries throttling, timeouts and server errors, and refuses other statuses for good', () => {
    expect(classifyDeliveryStatus(200)).toEqual({ ok: true });
    expect(classifyDeliveryStatus(204)).toEqual({ ok: true });
    for (const status of [408, 425, 429, 500, 502, 503]) expect(classifyDeliveryStatus(status)).toEqual({ ok: false, retry: true, reason: `HTTP ${status}` });
    for (const status of [301, 400, 401, 403, 404, 409, 422]) expect(classifyDeliveryStatus(status)).toEqual({ ok: false, retry: false, reason: `HTTP ${status}` });
  });
});

describe('createHttpTransport', () => {
  it('POSTs the message as JSON to the peer with its idempotency key in a header and the signer’s headers', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const transport = createHttpTransport({
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init! });
        return new Response(null, { status: 202 });
      },
      headers: (m, body) => ({ signature: `sig(${m.idempotencyKey},${body.length})` }),
    });
    expect(await transport(message, new AbortController().signal)).toEqual({ ok: true });
    const [call] = calls;
    expect(call!.url).toBe(`https://ishikawa.example/tsunagu${OUTBOX_DELIVERY_PATH}`);
    expect(call!.init.method).toBe('POST');
    const body = String(call!.init.body);
    expect(call!.init.headers).toEqual({ 'content-type': 'application/json', 'idempotency-key': 'upd-123', signature: `sig(upd-123,${body.length})` });
    expect(JSON.parse(body)).toEqual({
      kind: 'safety-status-update',
      idempotencyKey: 'upd-123',
      createdAt: '2024-01-01T07:30:00.000Z',
      payload: { person: 'p-42', status: 'injured' },
    });
  });

  it('reports a refusal or a network failure without anything the peer or the error said about the payload', async () => {
    const refusing = createHttpTransport({ fetch: async () => new Response('person p-42 is unknown', { status: 422 }) });
    expect(await refusing(message, new AbortController().signal)).toEqual({ ok: false, retry: false, reason: 'HTTP 422' });

    const unreachable = createHttpTransport({
      fetch: async () => {
        throw new TypeError('fetch failed for p-42', { cause: Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }) });
      },
    });
    expect(await unreachable(message, new AbortController().signal)).toEqual({ ok: false, retry: true, reason: 'network: ECONNREFUSED' });
  });
});

describe('createOutboxDispatcher', () => {
  it('refuses a lease no longer than the attempt deadline, which would let a live claim be taken over', () => {
    const storage = {
      claimDue: async () => [],
      markDelivered: async () => true,
      markRetry: async () => true,
      markFailed: async () => true,
    };
    expect(() => createOutboxDispatcher({ storage, transport: async () => ({ ok: true }), attemptTimeoutMs: 10_000, leaseMs: 10_000 })).toThrow(RangeError);
  });
});

describe('outboxProblemOf', () => {
  it('explains a message that is waiting for a retry in Japanese and English, and nothing for one that never failed', () => {
    const waiting = { ...message, attempts: 3, lastError: { code: 'OUTBOX_PEER_UNAVAILABLE' as const, reason: 'HTTP 503' } };
    const problem = outboxProblemOf(waiting)!;
    expect(problem).toEqual({ code: 'OUTBOX_PEER_UNAVAILABLE', params: { peer: message.peer, reason: 'HTTP 503', attempts: 3 } });
    expect(render(problem.code, problem.params, 'en')).toBe(`Could not reach peer ${message.peer} (HTTP 503). Will retry after attempt 3`);
    expect(render(problem.code, problem.params, 'ja')).toContain('3 回目');
    expect(outboxProblemOf(message)).toBeUndefined();
  });
});
