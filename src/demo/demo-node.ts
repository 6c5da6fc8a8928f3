// One node of the demo federation in this process: its own embedded database (bundled data imported once), audit log,
// key, live trust list, Fastify server and background work. The in-process federation (tests) runs eight of these in
// one process; `npm start` runs each in a process of its own (node-process.ts).
import type { FastifyInstance } from 'fastify';
import type { AuditLogWriter } from '../audit/index.ts';
import { message, type Lang } from '../i18n/index.ts';
import { areaCode } from '../model/area-code.ts';
import { builtInPolicies, type NodePolicy } from '../node/node-policies.ts';
import { buildNodeServer } from '../node/server.ts';
import { shippedApplications } from '../apps/index.ts';
import { startBackgroundWork, type BackgroundWork } from '../node/background-work.ts';
import { createAccessGate } from '../node/access-gate.ts';
import { generateOperatorToken, trustedOperatorContext } from '../node/operator/trusted-context.ts';
import { createFederationClient } from '../federation/client.ts';
import { createDurableReplayGuard } from '../node/request-verification/durable-replay-guard.ts';
import { loadDeclarationBook } from '../node/declaration-book.ts';
import { createLiveTrust, DEFAULT_TRUST_REFRESH_SECONDS, type LiveTrust } from '../node/live-trust.ts';
import { heldTrust } from '../trust/trust-list-update.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { SignedTrustList } from '../trust/trust-list.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import type { StoreProblem } from '../store/errors.ts';
import type { Store } from '../store/types.ts';
import { ensureImported } from './bundled-data.ts';
import { openDemoNodeStore } from './node-import.ts';
import { removeOperatorAccess, writeOperatorAccess } from './operator-access.ts';
import { demoPersonsPolicy } from './persons-policy.ts';
import { demoLogisticsPolicies } from './logistics-policies.ts';
import { demoParticipants, type DemoParticipant } from './scenario.ts';
import type { SyntheticPopulation } from './synthetic-persons.ts';
import type { DemoPaths } from './trust-setup.ts';

export { DEMO_SHARED_BUFFERS_MB } from './node-import.ts';

export type DemoLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface DemoNodeSummary {
  shelters: number;
  persons: number;
}

export interface DemoNode {
  participant: DemoParticipant;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8702 */
  url: string;
  port: number;
  summary: DemoNodeSummary;
  /** The node's operator token for this run (a new one on every start). */
  operatorToken: string;
  /** The console with the token in the fragment (never sent to the server), e.g. http://127.0.0.1:8702/console/#token=… */
  consoleUrl: string;
}

/** The public part of the demo's trust every node decides by: the anchor's list and configuration, every credential. */
export interface DemoNodeTrust {
  anchorId: string;
  config: TrustConfig;
  trustList: SignedTrustList;
  credentials: ReadonlyMap<string, SignedCredential>;
}

export interface DemoNodeSetting {
  paths: DemoPaths;
  participant: DemoParticipant;
  host: string;
  port: number;
  /** Base URL without a trailing slash, as the trust list gives it. */
  url: string;
  trust: DemoNodeTrust;
  /** This participant's own key. */
  signer: NodeSigner;
  lang: Lang;
  logLevel?: DemoLogLevel;
  /** Bundled data directory (tests may point to a smaller one). */
  dataDir: string;
  seed: number;
  /** The synthetic persons, asked for only when this node imports some (its first start). */
  population: () => Promise<SyntheticPopulation>;
  deadLetterRetentionDays?: number;
  trustRefreshSeconds?: number;
  onNotice?: (notice: StoreProblem) => void;
}

export interface StartedDemoNode {
  node: DemoNode;
  /** Stop answering, make the audit log's tail durable and signed, release the database. */
  close(): Promise<void>;
}

/** What a started demo node holds open, for closing it in order (also the ASEAN scenario's, src/demo/asean). */
export interface NodeParts {
  forget?: () => Promise<void>;
  live?: LiveTrust;
  app?: FastifyInstance;
  auditLog?: AuditLogWriter;
  store?: Store;
  background?: BackgroundWork;
}

export async function closeParts(n: NodeParts): Promise<void> {
  // Stop sending and sweeping first (both write to the database and the log), then stop answering, then make the
  // log's tail durable and signed, then let the database go.
  await n.forget?.();
  await n.background?.stop();
  await n.live?.stop();
  await n.app?.close().catch(() => undefined);
  await n.auditLog?.close().catch(() => undefined);
  await n.store?.close().catch(() => undefined);
}

export function demoNodePolicies(p: DemoParticipant): NodePolicy[] {
  const holdsPersons = p.datasets.some((d) => d.kind === 'synthetic-persons');
  return [...builtInPolicies(p.id), ...(holdsPersons ? [demoPersonsPolicy(p)] : []), ...demoLogisticsPolicies(p)];
}

/** Each node's checkpoints go to the anchor's node and to one peer it chose: the prefecture, or Nanao for it. */
function demoAuditKeeperOf(p: DemoParticipant): string {
  return demoParticipants.find((q) => q.key === (p.key === 'ishikawa' ? 'nanao' : 'ishikawa'))!.id;
}

export async function startDemoNode(s: DemoNodeSetting): Promise<StartedDemoNode> {
  const parts: NodeParts = {};
  try {
    return await startParts(s, parts);
  } catch (e) {
    await closeParts(parts);
    throw e;
  }
}

async function startParts(s: DemoNodeSetting, parts: NodeParts): Promise<StartedDemoNode> {
  const p = s.participant;
  const { paths, trust, lang } = s;
  const store = await openDemoNodeStore(s);
  parts.store = store;
  await ensureImported(store, paths, p, s.seed, s.population, s.dataDir, lang);
  const signer = s.signer;
  const opened = await store.audit.open({ signer });
  if (!opened.ok) throw new Error(opened.problems.map((x) => message(x.code, x.params, lang)).join('; '));
  parts.auditLog = opened.log;
  // Each node keeps the anchor's list current on its own (fetched from the anchor's node, verified, audited), so a
  // participant added or revoked with `tsunagu trust` counts at the next fetch; everything below decides by it.
  const live = createLiveTrust({
    participantId: p.id,
    held: heldTrust(trust.config, [trust.trustList], new Date()),
    auditLog: opened.log,
  });
  parts.live = live;
  const registry = live.registry;
  // Declarations kept from earlier runs, verified again against today's trust list, weigh in as before the restart.
  const declarations = await loadDeclarationBook({ storage: store.declarations, registry, auditLog: opened.log });
  // One client signs this node's requests: outbox deliveries and what its operator asks through the console.
  const credential = trust.credentials.get(p.id)!;
  const client = createFederationClient({ signer, credential, registry });
  const operatorToken = generateOperatorToken();
  const dataAreas = p.jurisdiction.map((a) => areaCode(a));
  const app = await buildNodeServer({
    applications: shippedApplications(),
    store,
    participantId: p.id,
    auditLog: opened.log,
    policies: demoNodePolicies(p),
    dataAreas,
    logger: { level: s.logLevel ?? 'warn' },
    // Signed requests, answers signed with the node's key, and received declarations, all checked against the
    // demo's trust list.
    federation: {
      registry,
      replayGuard: createDurableReplayGuard(store.replayNonces),
      signer,
      credentialById: (id) => trust.credentials.get(id),
    },
    declarationBook: declarations.book,
    operator: {
      token: operatorToken,
      context: trustedOperatorContext({
        participantId: p.id,
        store,
        auditLog: opened.log,
        client,
        registry,
        declarations: () => declarations.book.active(new Date()),
        trustLists: live.states,
        refreshTrust: live.refresh,
      }),
    },
    trustLists: live.states,
    // The anchor's node serves the list its operator publishes and takes join requests sent online.
    ...(p.id === trust.anchorId ? { trustPublication: { anchorDir: paths.anchorDir } } : {}),
  });
  for (const d of declarations.dropped) app.log.warn({ declaration: d.declarationId, issuer: d.issuer, problems: d.problems.map((x) => x.code) }, 'kept declaration left out');
  parts.app = app;
  await app.listen({ host: s.host, port: s.port });
  live.start(s.trustRefreshSeconds ?? DEFAULT_TRUST_REFRESH_SECONDS);
  // Messages for peers are signed per delivery and sent until each peer has them, however long it was away; copies
  // received from peers are deleted (and the deletion audited) once their retention runs out.
  parts.background = startBackgroundWork({
    store,
    auditLog: opened.log,
    client,
    log: app.log,
    // Notifications to subscribers are decided by the node's own policies and declarations when they leave.
    notifications: {
      decide: createAccessGate({
        policies: demoNodePolicies(p).map((x) => x.policy),
        auditLog: opened.log,
        declarations: () => declarations.book.active(new Date()),
        dataAreas,
      }).decide,
      registry,
      signer,
      credential,
      dataAreas,
    },
    ...(s.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: s.deadLetterRetentionDays }),
    anchoring: { participantId: p.id, registry, keepers: [demoAuditKeeperOf(p)] },
  });
  const shelters = await store.count({ type: 'shelter' });
  const persons = await store.count({ type: 'person' });
  await writeOperatorAccess(paths.root, { participantId: p.id, url: `${s.url}/`, token: operatorToken });
  parts.forget = () => removeOperatorAccess(paths.root, p.id);
  const node: DemoNode = { participant: p, url: s.url, port: s.port, summary: { shelters, persons }, operatorToken, consoleUrl: `${s.url}/console/#token=${operatorToken}` };
  let closing: Promise<void> | undefined;
  return { node, close: () => (closing ??= closeParts(parts)) };
}
