// The six Noto demo participants as real nodes on loopback (PGlite in memory, the demo's trust list and synthetic
// persons at small sizes), with an operator context and console API on Nanao City's node, and an outbox dispatcher
// per node that a test drives by hand.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deliverDeclaration, prepareDeclaration } from '../../../src/demo/declare.ts';
import { bundledDataDir, demoPopulation } from '../../../src/demo/federation.ts';
import { demoPersonsPolicy } from '../../../src/demo/persons-policy.ts';
import { DEMO_SEED, demoParticipants, type DemoParticipant, type DemoParticipantKey } from '../../../src/demo/scenario.ts';
import type { SyntheticPopulation, SyntheticSizes } from '../../../src/demo/synthetic-persons.ts';
import { ensureDemoTrust, type DemoTrust } from '../../../src/demo/trust-setup.ts';
import { createFederationClient } from '../../../src/federation/client.ts';
import { discoverNodes } from '../../../src/federation/discovery.ts';
import { createMemoryReplayGuard } from '../../../src/node/request-verification/replay-guard.ts';
import { areaCode } from '../../../src/model/area-code.ts';
import { builtInPolicies, type NodePolicy } from '../../../src/node/node-policies.ts';
import type { OperatorContext } from '../../../src/node/operator/context.ts';
import { createDeclarationBook, type DeclarationBook } from '../../../src/node/routes/declarations.ts';
import { buildNodeServer } from '../../../src/node/server.ts';
import { shippedApplications } from '../../../src/apps/index.ts';
import { freePorts } from '../../../src/node/free-ports.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { stopTestAppNode, testOutbox, type TestAppNode } from './app-node.ts';

export interface LifelineNode extends TestAppNode {
  participant: DemoParticipant;
  book: DeclarationBook;
  running: boolean;
}

export interface LifelineFederation {
  root: string;
  trust: DemoTrust;
  population: SyntheticPopulation;
  nodes: Record<DemoParticipantKey, LifelineNode>;
  /** Nanao City's operator token (its node serves the console API). */
  token: string;
  context: OperatorContext;
  /** Declare an emergency for these areas as the national agency, delivered to every node. */
  declare(areas: string): Promise<string>;
  /** Stop one node answering (its store stays open for inspection). */
  kill(key: DemoParticipantKey): Promise<void>;
  close(): Promise<void>;
}

export async function startLifelineFederation(sizes: Partial<SyntheticSizes>): Promise<LifelineFederation> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-lifeline-'));
  const ports = await freePorts('127.0.0.1', demoParticipants.length);
  const urls = new Map(demoParticipants.map((p, i) => [p.id, `http://127.0.0.1:${ports[i]}`]));
  const trust = await ensureDemoTrust(root, new Map([...urls].map(([id, u]) => [id, `${u}/`])));
  const population = await demoPopulation(bundledDataDir, DEMO_SEED, sizes);
  const credentialsById = new Map([...trust.credentials.values()].map((c) => [c.payload.id, c]));
  const token = randomBytes(24).toString('base64url');
  const nodes = {} as Record<DemoParticipantKey, LifelineNode>;
  let nanaoContext: OperatorContext | undefined;

  for (const [i, p] of demoParticipants.entries()) {
    const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    for (const d of p.datasets) if (d.kind === 'synthetic-persons') await store.upsert(population.lists[d.list]);
    const signer = trust.signers.get(p.id)!;
    const opened = await store.audit.open({ signer });
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const client = createFederationClient({ signer, credential: trust.credentials.get(p.id)!, registry: trust.registry });
    const book = createDeclarationBook();
    const holdsPersons = p.datasets.some((d) => d.kind === 'synthetic-persons');
    const policies: NodePolicy[] = [...builtInPolicies(p.id), ...(holdsPersons ? [demoPersonsPolicy(p)] : [])];
    let context: OperatorContext | undefined;
    if (p.key === 'nanao') {
      context = {
        participantId: p.id,
        name: p.name,
        store,
        auditLog: opened.log,
        client,
        peers: () => discoverNodes(trust.registry, { now: new Date() }),
        declarations: () => book.active(new Date()),
        now: () => new Date(),
        participantName: (id) => {
          const name = trust.registry.participants.get(id)?.entry.participant.name;
          return name?.ja !== undefined && name.en !== undefined ? { ja: name.ja, en: name.en } : undefined;
        },
      };
      nanaoContext = context;
    }
    const app = await buildNodeServer({
      applications: shippedApplications(),
      store,
      participantId: p.id,
      auditLog: opened.log,
      policies,
      dataAreas: p.jurisdiction.map((a) => areaCode(a)),
      federation: { registry: trust.registry, replayGuard: createMemoryReplayGuard(), signer, credentialById: (id) => credentialsById.get(id) },
      declarationBook: book,
      ...(context ? { operator: { token, context } } : {}),
    });
    await app.listen({ host: '127.0.0.1', port: ports[i]! });
    const outbox = testOutbox(store, client);
    nodes[p.key] = { participant: p, url: urls.get(p.id)!, store, log: opened.log, app, client, outbox, book, running: true };
  }

  return {
    root,
    trust,
    population,
    nodes,
    token,
    context: nanaoContext!,
    async declare(areas) {
      const prepared = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas });
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.problem));
      for (const n of Object.values(nodes)) {
        if (!n.running) continue;
        const delivered = await deliverDeclaration(n.url, prepared.value.signed);
        if (delivered.kind !== 'accepted') throw new Error(`declaration not accepted by ${n.participant.id}: ${JSON.stringify(delivered)}`);
      }
      return prepared.value.signed.payload.id;
    },
    async kill(key) {
      const n = nodes[key];
      n.running = false;
      await n.app.close();
    },
    async close() {
      for (const n of Object.values(nodes)) await stopTestAppNode(n, { serverRunning: n.running });
      await rm(root, { recursive: true, force: true });
    },
  };
}
