// One node of the demo federation in this process: its own embedded database (bundled data imported once), audit log,
// key, live trust list, Fastify server and background work. The in-process federation (tests) runs eight of these in
// one process; `npm start` runs each in a process of its own (node-process.ts).
import type { Lang } from '../i18n/index.ts';
import { builtInPolicies, type NodePolicy } from '../node/node-policies.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { SignedTrustList } from '../trust/trust-list.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import type { StoreProblem } from '../store/errors.ts';
import { ensureImported } from './bundled-data.ts';
import { openDemoNodeStore } from './node-import.ts';
import { demoPersonsPolicy } from './persons-policy.ts';
import { demoLogisticsPolicies } from './logistics-policies.ts';
import { demoParticipants, type DemoParticipant } from './scenario.ts';
import { closeParts, serveFederatedNode, servingOf, startWithParts, type DemoLogLevel, type NodeParts } from './served-node.ts';
import type { SyntheticPopulation } from './synthetic-persons.ts';
import type { DemoPaths } from './trust-setup.ts';

export { DEMO_SHARED_BUFFERS_MB } from './node-import.ts';
export type { DemoLogLevel } from './served-node.ts';

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
  /** Every participant's credential by participant id. */
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

export function demoNodePolicies(p: DemoParticipant): NodePolicy[] {
  const holdsPersons = p.datasets.some((d) => d.kind === 'synthetic-persons');
  return [...builtInPolicies(p.id), ...(holdsPersons ? [demoPersonsPolicy(p)] : []), ...demoLogisticsPolicies(p)];
}

/** Each node's checkpoints go to the anchor's node and to one peer it chose: the prefecture, or Nanao for it. */
function demoAuditKeeperOf(p: DemoParticipant): string {
  return demoParticipants.find((q) => q.key === (p.key === 'ishikawa' ? 'nanao' : 'ishikawa'))!.id;
}

export function startDemoNode(s: DemoNodeSetting): Promise<StartedDemoNode> {
  return startWithParts((parts) => startParts(s, parts));
}

async function startParts(s: DemoNodeSetting, parts: NodeParts): Promise<StartedDemoNode> {
  const p = s.participant;
  const { paths, trust } = s;
  const store = await openDemoNodeStore(s);
  parts.store = store;
  await ensureImported(store, paths, p, s.seed, s.population, s.dataDir, s.lang);
  const { operatorToken } = await serveFederatedNode(parts, {
    participantId: p.id,
    jurisdiction: p.jurisdiction,
    store,
    signer: s.signer,
    credential: trust.credentials.get(p.id)!,
    // A request names its credential by the credential's own id.
    credentialById: (id) => [...trust.credentials.values()].find((c) => c.payload.id === id),
    trustConfig: trust.config,
    trustLists: [trust.trustList],
    policies: demoNodePolicies(p),
    auditKeepers: [demoAuditKeeperOf(p)],
    // The anchor's node serves the list its operator publishes and takes join requests sent online.
    ...(p.id === trust.anchorId ? { anchorDir: paths.anchorDir } : {}),
    root: paths.root,
    ...servingOf(s),
  });
  const shelters = await store.count({ type: 'shelter' });
  const persons = await store.count({ type: 'person' });
  const node: DemoNode = { participant: p, url: s.url, port: s.port, summary: { shelters, persons }, operatorToken, consoleUrl: `${s.url}/console/#token=${operatorToken}` };
  let closing: Promise<void> | undefined;
  return { node, close: () => (closing ??= closeParts(parts)) };
}
