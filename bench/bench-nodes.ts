// Real Tsunagu nodes on loopback for the federation and write benchmarks: a store, an audit log opened with the
// node's key, the Fastify server with signed requests, and a client that signs with a test identity. No mocks:
// every request is verified, decided, audited and its answer signed exactly as in production.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../src/audit/index.ts';
import { createFederationClient, type FederationClient, type FederationTarget } from '../src/federation/client.ts';
import { createMemoryReplayGuard } from '../src/node/request-verification/replay-guard.ts';
import { builtInPolicies, type NodePolicy } from '../src/node/node-policies.ts';
import { buildNodeServer } from '../src/node/server.ts';
import { nanaoPersonsPolicyDocument, parsePolicy } from '../src/policy/index.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/types.ts';
import { buildTestTrust, type TestParticipantName } from '../src/trust/test-fixtures.ts';

export const trust = buildTestTrust(new Date());

export interface BenchNode {
  target: FederationTarget;
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  /** Time this node spent on requests, each from its arrival to its answer written (overlaps when concurrent). */
  served(): ServedTime;
  close(): Promise<void>;
}

export interface ServedTime {
  requests: number;
  ms: number;
}

/** Nanao's real persons policy (life-saving under an emergency declaration) and the built-in shelters policy. */
export function nanaoPolicies(): NodePolicy[] {
  const parsed = parsePolicy(nanaoPersonsPolicyDocument);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return [{ policy: parsed.value, source: 'examples.ts' }, ...builtInPolicies(trust.participants.nanao.id)];
}

/** Start a node serving as `as`, with Ishikawa's emergency declaration for Nanao in force. */
export async function startBenchNode(config: StoreConfig, as: TestParticipantName = 'nanao'): Promise<BenchNode> {
  const store = await openStore(config);
  const opened = await store.audit.open({ signer: trust.signers[as] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const emergency = trust.verifiedDeclaration('ishikawa');
  const app = await buildNodeServer({
    store,
    participantId: trust.participants[as].id,
    auditLog: opened.log,
    policies: nanaoPolicies(),
    declarations: () => [emergency],
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard({ maxEntries: 1_000_000 }), signer: trust.signers[as] },
  });
  const served: ServedTime = { requests: 0, ms: 0 };
  const arrived = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => {
    arrived.set(request, performance.now());
  });
  app.addHook('onResponse', async (request) => {
    const at = arrived.get(request);
    if (at === undefined) return;
    served.requests++;
    served.ms += performance.now() - at;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    target: { participantId: trust.participants[as].id, url: `http://127.0.0.1:${port}` },
    store,
    log: opened.log,
    app,
    served: () => ({ ...served }),
    async close() {
      await app.close();
      await opened.log.close().catch(() => undefined);
      await store.close();
    },
  };
}

export function benchClient(as: TestParticipantName): FederationClient {
  return createFederationClient({ signer: trust.signers[as], credential: trust.credentials[as], registry: trust.registry });
}
