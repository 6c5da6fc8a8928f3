// A TCP proxy in front of one node's port: the address the trust list gives for that node, so every link to it
// (peers' queries and outbox deliveries, trust-list fetches, the soak's federated clients) can be cut, delayed or
// black-holed by the fault injector while the node itself runs on undisturbed.
import net from 'node:net';

/** What the link does now: pass bytes, hold each chunk back, close new and open connections, or swallow them. */
export type LinkMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'refuse' } | { kind: 'blackhole' };

export interface LinkProxy {
  port: number;
  mode(): LinkMode;
  /** Change the link; `refuse` and `blackhole` also cut every connection that is open now. */
  set(mode: LinkMode): void;
  close(): Promise<void>;
}

/** Forward one direction, holding each chunk back by `delay()` ms (order kept: each waits for the one before). */
function pipeDelayed(from: net.Socket, to: net.Socket, delay: () => number): void {
  let chain = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    const ms = delay();
    if (ms <= 0) {
      chain = chain.then(() => void to.write(chunk));
      return;
    }
    from.pause();
    chain = chain
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))
      .then(() => {
        if (!to.destroyed) to.write(chunk);
        from.resume();
      });
  });
  from.on('end', () => void chain.then(() => to.end()));
}

export async function startLinkProxy(targetPort: number, host = '127.0.0.1'): Promise<LinkProxy> {
  let mode: LinkMode = { kind: 'pass' };
  const open = new Set<net.Socket>();
  const delay = () => (mode.kind === 'delay' ? mode.ms : 0);
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode.kind === 'refuse') {
      client.destroy();
      return;
    }
    if (mode.kind === 'blackhole') {
      // Accepted and never answered: the caller's own deadline is all that ends it.
      client.resume();
      return;
    }
    const upstream = net.connect(targetPort, host);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    pipeDelayed(client, upstream, delay);
    pipeDelayed(upstream, client, delay);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    mode: () => mode,
    set(next) {
      mode = next;
      if (next.kind === 'refuse' || next.kind === 'blackhole') for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
