// The soak's link proxy in front of a real HTTP server on loopback: it passes requests, refuses connections, swallows
// them until the caller's deadline, holds bytes back by the delay asked, and cuts open connections when a link fails.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkProxy, type LinkProxy } from '../../bench/soak/link-proxy.ts';

let server: http.Server;
let proxy: LinkProxy;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2_000);
      return;
    }
    res.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = await startLinkProxy((server.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (path = '/', timeoutMs = 3_000) =>
  fetch(`http://127.0.0.1:${proxy.port}${path}`, { signal: AbortSignal.timeout(timeoutMs) }).then(
    async (r) => ({ ok: true as const, text: await r.text() }),
    (e: Error) => ({ ok: false as const, error: e.name, cause: String((e as { cause?: { code?: string } }).cause?.code ?? '') }),
  );

describe('the link proxy', () => {
  it('passes a request to the node and its answer back', async () => {
    proxy.set({ kind: 'pass' });
    expect(await get()).toEqual({ ok: true, text: 'pong' });
  });

  it('refuses connections while the link is cut, and passes again once healed', async () => {
    proxy.set({ kind: 'refuse' });
    expect((await get()).ok).toBe(false);
    proxy.set({ kind: 'pass' });
    expect(await get()).toEqual({ ok: true, text: 'pong' });
  });

  it('swallows a request when black-holed, so only the caller\'s deadline ends it', async () => {
    proxy.set({ kind: 'blackhole' });
    const t0 = Date.now();
    const r = await get('/', 500);
    expect(r).toMatchObject({ ok: false, error: 'TimeoutError' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    proxy.set({ kind: 'pass' });
  });

  it('holds each direction back by the delay asked', async () => {
    proxy.set({ kind: 'delay', ms: 300 });
    const t0 = Date.now();
    expect(await get()).toEqual({ ok: true, text: 'pong' });
    // At least one chunk each way: the request in, the answer out.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    proxy.set({ kind: 'pass' });
  });

  it('cuts a connection that is open when the link fails', async () => {
    proxy.set({ kind: 'pass' });
    const pending = get('/slow', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.set({ kind: 'refuse' });
    expect((await pending).ok).toBe(false);
    proxy.set({ kind: 'pass' });
  });
});
