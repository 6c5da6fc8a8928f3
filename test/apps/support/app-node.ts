// What every application test node on loopback is made of (the lifeline's six demo participants, the logistics
// test participants): its URL, store, audit log, server, federation client and an outbox dispatcher the test drives
// by hand — and the one way to build that dispatcher and to stop such a node.
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../src/audit/index.ts';
import type { FederationClient } from '../../../src/federation/client.ts';
import { createHttpTransport, createOutboxDispatcher, type OutboxDispatcher } from '../../../src/federation/outbox.ts';
import type { Store } from '../../../src/store/types.ts';

export interface TestAppNode {
  url: string;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
  outbox: OutboxDispatcher;
}

/** The node's outbox, delivering over HTTP with the node's own signed delivery headers. */
export function testOutbox(store: Store, client: FederationClient): OutboxDispatcher {
  return createOutboxDispatcher({
    storage: store.outbox,
    transport: createHttpTransport({ headers: (m, body) => client.deliveryHeaders(m, body) }),
    attemptTimeoutMs: 5_000,
  });
}

/** Stop the outbox, the server (unless a test already closed it), the audit log and the store, ignoring errors. */
export async function stopTestAppNode(node: TestAppNode, options: { serverRunning?: boolean } = {}): Promise<void> {
  await node.outbox.stop().catch(() => undefined);
  if (options.serverRunning !== false) await node.app.close().catch(() => undefined);
  await node.log.close().catch(() => undefined);
  await node.store.close().catch(() => undefined);
}
