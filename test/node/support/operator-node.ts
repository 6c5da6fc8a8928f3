// A real node for operator tests, listening on loopback: one of the test trust identities, PGlite in memory, its own
// signed audit log and declaration book, signed requests against the test trust list, and the operator API behind a
// token. Once listening it is added to `peers`, so nodes started with the same list find each other.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../src/audit/index.ts';
import type { NodeTarget } from '../../../src/federation/discovery.ts';
import { areaCode } from '../../../src/model/index.ts';
import type { OperatorContext } from '../../../src/node/operator/context.ts';
import { builtInPolicies } from '../../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../../src/node/request-verification/replay-guard.ts';
import { createDeclarationBook, type DeclarationBook } from '../../../src/node/routes/declarations.ts';
import { buildNodeServer } from '../../../src/node/server.ts';
import { openStore } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/types.ts';
import type { TestParticipantName, TestTrust } from '../../../src/trust/test-fixtures.ts';
import { testOperatorContext } from './operator-context.ts';

export interface OperatorNode {
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  book: DeclarationBook;
  token: string;
  context: OperatorContext;
  url: string;
  close(): Promise<void>;
}

export async function startOperatorNode(trust: TestTrust, name: TestParticipantName, peers: NodeTarget[]): Promise<OperatorNode> {
  const party = trust.participants[name];
  const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers[name] });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const book = createDeclarationBook();
  const token = `test-operator-token-${name}-0123456789`;
  const context = testOperatorContext(trust, name, { store, log: opened.log, book, peers });
  const app = await buildNodeServer({
    store,
    participantId: party.id,
    auditLog: opened.log,
    policies: builtInPolicies(party.id),
    federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers[name] },
    declarationBook: book,
    operator: { token, context },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  peers.push({ participantId: party.id, nodeUrl: url, role: party.role, jurisdiction: party.jurisdiction.map((a) => areaCode(a)), trustListId: 'test', catalogKnown: false });
  return {
    store,
    log: opened.log,
    app,
    book,
    token,
    context,
    url,
    async close() {
      await app.close();
      await opened.log.close().catch(() => undefined);
      await store.close();
    },
  };
}

/** A running node of `nodes` by name, or a clear failure when the test did not start it. */
export function runningNode<N extends OperatorNode>(nodes: Partial<Record<TestParticipantName, N>>, name: TestParticipantName): N {
  const r = nodes[name];
  if (!r) throw new Error(`${name} is not running`);
  return r;
}

/** A request to the node's operator API with its token, in the language asked (Japanese by default). */
export function operatorRequest(node: OperatorNode, url: string, init: { method?: 'GET' | 'POST'; body?: object; lang?: 'ja' | 'en' } = {}) {
  return node.app.inject({
    method: init.method ?? 'GET',
    url,
    headers: { authorization: `Bearer ${node.token}`, 'accept-language': init.lang ?? 'ja' },
    ...(init.body ? { payload: init.body } : {}),
  });
}
