// Fan-out against real loopback HTTP servers: fast, silent, dead, flaky and refusing peers, and cached answers for
// the ones that do not answer. No exact timings: only that the call comes back within a generous bound.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOut, fetchJson, PeerFailure, type MissingTarget } from '../../src/federation/fan-out.ts';

interface Peer {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** A peer on 127.0.0.1 with an ephemeral port; `handle` gets the request count (1 for the first request). */
async function peer(handle: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<Peer> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => handle(req, res, ++hits));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};

/** A port nothing listens on: bound once, then closed. */
async function deadPort(): Promise<string> {
  const p = await peer(() => {});
  await p.close();
  return p.url;
}

const fastRetry = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 };

describe('fan-out to loopback peers', () => {
  let fast: Peer;
  let slow: Peer;
  let flaky: Peer;
  let refusing: Peer;
  let broken: Peer;
  let busy: Peer;
  let dead: string;

  beforeAll(async () => {
    fast = await peer((_req, res) => json(res, 200, { node: 'fast', records: 3 }));
    // Accepts the connection and never answers: the socket stays open until the test closes the server.
    slow = await peer(() => {});
    flaky = await peer((_req, res, hit) => {
      if (hit <= 2) {
        res.socket?.destroy();
        return;
      }
      json(res, 200, { node: 'flaky', records: 1 });
    });
    refusing = await peer((_req, res) =>
      json(res, 403, { type: 'https://tsunagu.dev/problems/policy-purpose-not-permitted', title: 'POLICY_PURPOSE_NOT_PERMITTED', status: 403, code: 'POLICY_PURPOSE_NOT_PERMITTED', detail: 'statistics is not permitted' }, 'application/problem+json'),
    );
    broken = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    busy = await peer((_req, res, hit) => (hit === 1 ? json(res, 503, { detail: 'restarting' }, 'application/problem+json') : json(res, 200, { node: 'busy' })));
    dead = await deadPort();
  });

  afterAll(async () => {
    await Promise.all([fast, slow, flaky, refusing, broken, busy].map((p) => p.close()));
  });

  const get = (url: string, signal: AbortSignal) => fetchJson(url, { signal }) as Promise<{ node: string }>;

  it('answers by the deadline with the fast peer live and the silent peer listed as a timeout', async () => {
    const deadlineMs = 400;
    const t0 = Date.now();
    const outcome = await fanOut({ targets: [fast.url, slow.url], request: get, deadlineMs, retry: fastRetry });
    expect(Date.now() - t0).toBeLessThan(deadlineMs + 1000);
    expect(outcome.results).toEqual([{ target: fast.url, value: { node: 'fast', records: 3 }, source: 'live', attempts: 1 }]);
    expect(outcome.missing).toEqual([expect.objectContaining({ target: slow.url, reason: 'timeout', cached: false })]);
    expect(outcome.complete).toBe(false);
  });

  it('returns by the deadline even when the request function ignores the abort signal', async () => {
    const t0 = Date.now();
    const outcome = await fanOut({
      targets: ['never'],
      request: () => new Promise<never>(() => {}),
      deadlineMs: 150,
      retry: fastRetry,
    });
    expect(Date.now() - t0).toBeLessThan(150 + 1000);
    expect(outcome.missing).toEqual([expect.objectContaining({ target: 'never', reason: 'timeout', attempts: 1 })]);
  });

  it('lists a dead port as unreachable after retrying it', async () => {
    const outcome = await fanOut({ targets: [dead], request: get, deadlineMs: 3000, retry: fastRetry });
    expect(outcome.results).toEqual([]);
    expect(outcome.missing).toEqual([expect.objectContaining({ target: dead, reason: 'unreachable', attempts: 3 })]);
  });

  it('retries a flaky peer that drops the first two connections and then answers', async () => {
    const outcome = await fanOut({ targets: [flaky.url], request: get, deadlineMs: 5000, retry: fastRetry });
    expect(outcome.complete).toBe(true);
    expect(outcome.results).toEqual([{ target: flaky.url, value: { node: 'flaky', records: 1 }, source: 'live', attempts: 3 }]);
    expect(flaky.hits()).toBe(3);
  });

  it('retries a 503 but not a 403 refusal, and keeps the problem detail and code of the refusal', async () => {
    const outcome = await fanOut({ targets: [refusing.url, busy.url], request: get, deadlineMs: 5000, retry: fastRetry });
    expect(refusing.hits()).toBe(1);
    expect(outcome.missing).toEqual([
      { target: refusing.url, reason: 'refused', status: 403, code: 'POLICY_PURPOSE_NOT_PERMITTED', detail: 'statistics is not permitted', attempts: 1, cached: false },
    ]);
    expect(outcome.results).toEqual([{ target: busy.url, value: { node: 'busy' }, source: 'live', attempts: 2 }]);
  });

  it('does not retry a policy denial the request function reports itself', async () => {
    let calls = 0;
    const outcome = await fanOut({
      targets: ['provider'],
      request: async () => {
        calls++;
        throw new PeerFailure('refused', 'denied by policy', { code: 'POLICY_PURPOSE_NOT_PERMITTED' });
      },
      deadlineMs: 2000,
      retry: fastRetry,
    });
    expect(calls).toBe(1);
    expect(outcome.missing[0]).toMatchObject({ reason: 'refused', code: 'POLICY_PURPOSE_NOT_PERMITTED', attempts: 1 });
  });

  it('lists an answer that is not JSON as an invalid response without retrying it', async () => {
    const outcome = await fanOut({ targets: [broken.url], request: get, deadlineMs: 2000, retry: fastRetry });
    expect(outcome.missing).toEqual([expect.objectContaining({ reason: 'invalid-response', attempts: 1 })]);
    expect(broken.hits()).toBe(1);
  });

  it('uses the cached answer for peers that do not answer and reports its age', async () => {
    const now = new Date('2026-01-10T09:00:00.000Z');
    const storedAt = '2026-01-10T08:55:00.000Z';
    const cache = new Map<string, { value: { node: string }; storedAt: string }>([
      [dead, { value: { node: 'dead (cached)' }, storedAt }],
      [fast.url, { value: { node: 'fast (cached)' }, storedAt }],
    ]);
    const outcome = await fanOut({
      targets: [fast.url, dead, slow.url],
      request: get,
      deadlineMs: 500,
      retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
      cache: { get: (t) => cache.get(t) },
      now: () => now,
    });
    expect(outcome.results).toEqual([
      { target: fast.url, value: { node: 'fast', records: 3 }, source: 'live', attempts: 1 },
      { target: dead, value: { node: 'dead (cached)' }, source: 'cache', ageSeconds: 300, storedAt },
    ]);
    const missing = outcome.missing.map((m: MissingTarget<string>) => [m.target, m.reason, m.cached]);
    expect(missing).toEqual([
      [dead, 'unreachable', true],
      [slow.url, 'timeout', false],
    ]);
    expect(outcome.complete).toBe(false);
  });

  it('is complete when every peer answers live', async () => {
    const outcome = await fanOut({ targets: [fast.url, fast.url], request: get, deadlineMs: 2000, retry: fastRetry });
    expect(outcome.complete).toBe(true);
    expect(outcome.missing).toEqual([]);
    expect(outcome.results.map((r) => r.source)).toEqual(['live', 'live']);
  });

  it('retries a silent peer after the attempt timeout while the deadline allows', async () => {
    let calls = 0;
    const outcome = await fanOut({
      targets: ['sometimes-silent'],
      request: (_t, signal) => {
        calls++;
        return calls === 1 ? new Promise<never>((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason))) : Promise.resolve('ok');
      },
      deadlineMs: 3000,
      retry: { ...fastRetry, attemptTimeoutMs: 100 },
    });
    expect(outcome.results).toEqual([{ target: 'sometimes-silent', value: 'ok', source: 'live', attempts: 2 }]);
  });
});

describe('fetchJson error classification', () => {
  it('classifies a refused connection as unreachable and retryable', async () => {
    const url = await deadPort();
    const e = await fetchJson(url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PeerFailure);
    expect(e).toMatchObject({ reason: 'unreachable', retryable: true });
  });

  it('classifies an aborted request as a timeout', async () => {
    const silent = await peer(() => {});
    try {
      const e = await fetchJson(silent.url, { signal: AbortSignal.timeout(50) }).catch((x: unknown) => x);
      expect(e).toMatchObject({ reason: 'timeout' });
    } finally {
      await silent.close();
    }
  });

  it('rejects an answer that does not match the expected schema as an invalid response', async () => {
    const { Type } = await import('@sinclair/typebox');
    const p = await peer((_req, res) => json(res, 200, { records: 'many' }));
    try {
      const e = await fetchJson(p.url, { schema: Type.Object({ records: Type.Integer() }) }).catch((x: unknown) => x);
      expect(e).toMatchObject({ reason: 'invalid-response', retryable: false });
      expect((e as PeerFailure).detail).toContain('/records');
    } finally {
      await p.close();
    }
  });
});

describe('fetchJson answer size', () => {
  it('refuses to buffer an answer larger than the limit', async () => {
    const p = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ padding: 'x'.repeat(10_000) }));
    });
    try {
      const e = await fetchJson(p.url, { maxBytes: 1000 }).catch((x: unknown) => x);
      expect(e).toMatchObject({ reason: 'invalid-response', retryable: false });
      expect(await fetchJson(p.url, { maxBytes: 20_000 })).toMatchObject({ padding: expect.any(String) });
    } finally {
      await p.close();
    }
  });

  it('refuses an endless answer without a content length once it passes the limit', async () => {
    const p = await peer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const chunk = `${'1,'.repeat(1000)}`;
      for (let i = 0; i < 20; i++) res.write(chunk);
      // Never ends: only the size limit can stop the read.
    });
    try {
      const e = await fetchJson(p.url, { maxBytes: 8000 }).catch((x: unknown) => x);
      expect(e).toMatchObject({ reason: 'invalid-response' });
    } finally {
      await p.close();
    }
  });
});
