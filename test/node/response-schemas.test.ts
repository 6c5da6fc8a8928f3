// Response serializers are compiled at a route's first answer (src/node/lazy-serializers.ts), so a response schema
// Fastify cannot compile would show only when that route first answers. This compiles every route's response schema
// of a node with every shipped application and its operator routes, as Fastify did at start before.
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { shippedApplications } from '../../src/apps/index.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { createDeclarationBook } from '../../src/node/routes/declarations.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { testOperatorContext } from './support/operator-context.ts';

describe('response schemas', () => {
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('compile for every route of a node with every shipped application, when compiled all at start', async () => {
    const trust = buildTestTrust(new Date());
    const party = trust.participants.nanao;
    store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    const opened = await store.audit.open({ signer: trust.signers.nanao });
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const book = createDeclarationBook();
    const context = testOperatorContext(trust, 'nanao', { store, log: opened.log, book, peers: [] });
    app = await buildNodeServer({
      store,
      participantId: party.id,
      auditLog: opened.log,
      policies: builtInPolicies(party.id),
      federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer: trust.signers.nanao },
      declarationBook: book,
      applications: shippedApplications(),
      operator: { token: 'test-operator-token-response-schemas-0123', context },
      responseSerializers: 'at-start',
    });
    await app.ready();
    const routes = app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/operator/logistics/needs');
    expect(routes).toContain('/operator/lifeline/runs');
  });
});
