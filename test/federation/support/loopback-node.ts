// A real node on loopback for multi-node tests: PGlite in memory, its audit log signed with the test identity's key,
// signed requests verified against the test trust list, and a federation client that signs as the same identity.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../src/audit/index.ts';
import { createFederationClient, type FederationClient, type FederationTarget } from '../../../src/federation/client.ts';
import type { Application } from '../../../src/node/application/index.ts';
import type { NodePolicy } from '../../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../../src/node/server.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/types.ts';
import type { TestParticipantName, TestTrust } from '../../../src/trust/test-fixtures.ts';

export interface LoopbackNode {
  name: TestParticipantName;
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  client: FederationClient;
}

export async function startLoopbackNode(
  trust: TestTrust,
  name: TestParticipantName,
  policies: NodePolicy[],
  applications?: Application[],
): Promise<LoopbackNode> {
  const id = trust.participants[name].id;
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const app = await buildNodeServer({
    ...(applications ? { applications } : {}),
    store,
    participantId: id,
    auditLog: opened.log,
    policies,
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const client = createFederationClient({ signer: trust.signers[name], credential: trust.credentials[name], registry: trust.registry });
  return { name, target: { participantId: id, url: `http://127.0.0.1:${port}` }, store, log: opened.log, app, client };
}

/** Close what startLoopbackNode opened, in order. */
export async function stopLoopbackNode(node: LoopbackNode | undefined): Promise<void> {
  if (!node) return;
  await node.app.close();
  await node.log.close().catch(() => undefined);
  await node.store.close();
}
