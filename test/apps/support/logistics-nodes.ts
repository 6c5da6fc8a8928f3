// Logistics nodes on loopback for the multi-node tests: a participant of the test trust world with the logistics
// application, PGlite in memory, its operator API behind one token, and an outbox dispatcher the test drives by hand.
import { logisticsApplication } from '../../../src/apps/logistics/application.ts';
import type { AuditLog } from '../../../src/audit/index.ts';
import { createFederationClient, type FederationClient } from '../../../src/federation/client.ts';
import type { NodeTarget } from '../../../src/federation/discovery.ts';
import type { AreaCode } from '../../../src/model/index.ts';
import type { NodePolicy } from '../../../src/node/node-policies.ts';
import { loadDeclarationBook } from '../../../src/node/declaration-book.ts';
import { createDeclarationBook, type DeclarationBook } from '../../../src/node/routes/declarations.ts';
import { createMemoryReplayGuard } from '../../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../../src/node/server.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/types.ts';
import type { ActiveTestParticipantName, TestTrust } from '../../../src/trust/test-fixtures.ts';
import { stopTestAppNode, testOutbox, type TestAppNode } from './app-node.ts';

export interface RunningNode<N extends ActiveTestParticipantName = ActiveTestParticipantName> extends TestAppNode {
  name: N;
}

export interface LogisticsNodeOptions<N extends ActiveTestParticipantName> {
  trust: TestTrust;
  name: N;
  url: string;
  port: number;
  policies: NodePolicy[];
  token: string;
  peers: () => NodeTarget[];
  /** Keep received declarations in the store, as `tsunagu serve` does, so a restarted node has them again. */
  keepDeclarations?: boolean;
}

export async function startLogisticsNode<N extends ActiveTestParticipantName>(o: LogisticsNodeOptions<N>): Promise<RunningNode<N>> {
  const { trust, name } = o;
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry });
  const app = await listeningServer(o, store, opened.log, client, o.keepDeclarations ? createDeclarationBook({ storage: store.declarations }) : undefined);
  return { name, url: o.url, store, log: opened.log, app, client, outbox: testOutbox(store, client) };
}

/**
 * Stop a node's server and start a new one on the same store and audit log, as a node process started again after a
 * crash finds its database: what the applications do at start-up runs again.
 */
export async function restartLogisticsNode<N extends ActiveTestParticipantName>(node: RunningNode<N>, o: LogisticsNodeOptions<N>): Promise<RunningNode<N>> {
  await node.outbox.stop().catch(() => undefined);
  await node.app.close();
  // The declarations it had received are in its store, and loaded before the server starts, as `tsunagu serve` does.
  const { book } = await loadDeclarationBook({ storage: node.store.declarations, registry: o.trust.registry, auditLog: node.log });
  const app = await listeningServer(o, node.store, node.log, node.client, book);
  return { ...node, app, outbox: testOutbox(node.store, node.client) };
}

async function listeningServer<N extends ActiveTestParticipantName>(o: LogisticsNodeOptions<N>, store: Store, log: AuditLog, client: FederationClient, declarationBook?: DeclarationBook) {
  const { trust, name } = o;
  const id = trust.participants[name].id;
  const opened = { log };
  const app = await buildNodeServer({
    applications: [logisticsApplication({ service: { deadlineMs: 5_000 } })],
    store,
    participantId: id,
    auditLog: opened.log,
    policies: o.policies,
    dataAreas: trust.participants[name].jurisdiction as AreaCode[],
    ...(declarationBook ? { declarationBook } : {}),
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
    operator: {
      token: o.token,
      context: {
        participantId: id, name: trust.participants[name].name as { ja: string; en: string }, store, auditLog: opened.log, client,
        peers: o.peers, declarations: () => [], now: () => new Date(),
        // Names from the trust world, as a served node names participants from its trust list.
        participantName: (participantId) => Object.values(trust.participants).find((p) => p.id === participantId)?.name as { ja: string; en: string } | undefined,
      },
    },
  });
  await app.listen({ port: o.port, host: '127.0.0.1' });
  return app;
}

export async function stopLogisticsNodes(nodes: readonly RunningNode[]): Promise<void> {
  for (const n of nodes) await stopTestAppNode(n);
}

/** The test participants `names` as the peers a node knows, at the URLs the test gave them. */
export function loopbackPeers(trust: TestTrust, names: readonly ActiveTestParticipantName[], urls: ReadonlyMap<string, string>): NodeTarget[] {
  return names.map((n) => {
    const p = trust.participants[n];
    return { participantId: p.id, nodeUrl: `${urls.get(p.id)}/`, role: p.role, jurisdiction: p.jurisdiction as AreaCode[], trustListId: 'jp-tsunagu-trust-list', catalogKnown: false };
  });
}

/** A node's audit entries matching `filter`, oldest first. */
export async function auditEntries(node: TestAppNode, filter: Record<string, string> = {}) {
  const r = await node.store.audit.query({ ...filter, order: 'oldest-first', limit: 1000 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}
