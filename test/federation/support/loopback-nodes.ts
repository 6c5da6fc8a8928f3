// What the multi-node tests on loopback share: trust-list node URLs (https://<id>.node.example.jp/) routed to the
// nodes' loopback ports as DNS would route them, closing the nodes, and reading a node's audit entries by action.
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../src/audit/index.ts';
import type { Store } from '../../../src/store/types.ts';

export interface LoopbackNode {
  app: FastifyInstance;
  log: AuditLog;
  store: Store;
}

/** A fetch that sends requests for a registered trust-list origin to that node's loopback URL. */
export function loopbackRouting(): { route(nodeUrl: string, local: string): void; fetch: typeof fetch } {
  const routes = new Map<string, string>();
  return {
    route: (nodeUrl, local) => routes.set(new URL(nodeUrl).origin, local),
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const local = routes.get(url.origin);
      // A node's loopback URL itself goes straight there; any other host is unreachable, as in a sealed test.
      if (local === undefined) return url.hostname === '127.0.0.1' ? fetch(input, init) : Promise.reject(new Error(`no route to ${url.origin}`));
      return fetch(`${local}${url.pathname}${url.search}`, init);
    },
  };
}

export async function closeNodes(nodes: readonly (LoopbackNode | undefined)[]): Promise<void> {
  for (const n of nodes) {
    if (!n) continue;
    // Keep-alive sockets of the shared HTTP client would hold the server open for Fastify's keepAliveTimeout (72 s).
    const closing = n.app.close();
    n.app.server.closeAllConnections();
    await closing;
    await n.log.close().catch(() => undefined);
    await n.store.close();
  }
}

/** Audit entries matching the log's own filter, then (the log cannot filter by it) the action. */
export async function auditOf(node: Pick<LoopbackNode, 'store'>, filter: Record<string, string>) {
  const { action, ...rest } = filter;
  const r = await node.store.audit.query({ ...rest, order: 'oldest-first' });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries.filter((e) => action === undefined || e.action === action);
}
