// One node of the ASEAN demo in this process (a node process of `npm start -- --scenario asean`): its embedded
// database with the participant's bundled data imported once, then served like any demo node (served-node.ts), every
// node trusting both lists.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { message, type Lang } from '../../i18n/index.ts';
import type { AnyRecordDraft } from '../../model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../node/node-policies.ts';
import { openStore } from '../../store/open-store.ts';
import type { StoreProblem } from '../../store/errors.ts';
import type { Store } from '../../store/types.ts';
import type { SignedCredential } from '../../trust/credential.ts';
import type { NodeSigner } from '../../trust/keys.ts';
import type { SignedTrustList } from '../../trust/trust-list.ts';
import type { TrustConfig } from '../../trust/trust-registry.ts';
import { DEMO_SHARED_BUFFERS_MB } from '../node-import.ts';
import { closeParts, serveFederatedNode, servingOf, startWithParts, type DemoLogLevel, type NodeParts } from '../served-node.ts';
import {
  CRAFT_FILE, DELSA_FILE, LEAD_TIMES_FILE, PH_AREAS_FILE, delsaCraft, delsaHoldings, delsaLeadTimes, parseDelsaCraft, parseDelsaLeadTimes, parseDelsaWarehouses, parsePhAreas, receivingPoints,
} from './data.ts';
import { aseanPolicies } from './policies.ts';
import { aseanParticipantByKey, aseanTrustLists, type AseanParticipant } from './scenario.ts';
import type { AseanPaths } from './trust.ts';

/** Bump when what a node imports changes, so existing demo databases import again. */
// 2: the DELSA warehouses' lead times (delsa-lead-times.json) were added.
// 3: the ships and aircraft (delsa-craft.json), the stock lines' unit loads and Subang's air lead time were added.
const ASEAN_DATA_VERSION = 3;

export interface AseanNodeSetting {
  paths: AseanPaths;
  participant: AseanParticipant;
  host: string;
  port: number;
  /** Base URL without a trailing slash, as the lists give it. */
  url: string;
  trust: {
    config: TrustConfig;
    /** Both lists, held for offline work and fetched from their anchors' nodes on a schedule. */
    lists: readonly SignedTrustList[];
    /** Every participant's credential (its own among them). */
    credentials: readonly SignedCredential[];
  };
  /** This participant's own key. */
  signer: NodeSigner;
  lang: Lang;
  logLevel?: DemoLogLevel;
  /** Bundled data directory (data/, holding asean/). */
  dataDir: string;
  deadLetterRetentionDays?: number;
  trustRefreshSeconds?: number;
  onNotice?: (notice: StoreProblem) => void;
}

export interface StartedAseanNode {
  url: string;
  port: number;
  operatorToken: string;
  consoleUrl: string;
  /** Records the node holds from data/asean (facilities and stock; lead times and craft are not counted). */
  records: number;
  /** Stop answering, make the audit log's tail durable and signed, release the database. */
  close(): Promise<void>;
}

/** What a participant's node holds, as drafts, from the bundled files (refused whole when a file does not check). */
async function holdingsOf(p: AseanParticipant, dataDir: string, at: Date, lang: Lang): Promise<AnyRecordDraft[]> {
  const read = async <T>(file: string, parse: (t: string) => { ok: true; value: T } | { ok: false; problems: { path: string; message: string }[] }) => {
    const parsed = parse(await readFile(path.join(dataDir, 'asean', file), 'utf8'));
    if (!parsed.ok) {
      const detail = parsed.problems.slice(0, 3).map((x) => `${file}${x.path}: ${x.message}`).join('; ');
      throw new Error(message('DEMO_DATA_IMPORT_FAILED', { node: p.id, kind: p.holds, detail }, lang));
    }
    return parsed.value;
  };
  switch (p.holds) {
    case 'delsa-warehouses': {
      const warehouses = await read(DELSA_FILE, parseDelsaWarehouses);
      const areas = await read(PH_AREAS_FILE, parsePhAreas);
      const craft = await read(CRAFT_FILE, (t) => parseDelsaCraft(t, warehouses, areas));
      return [
        ...delsaHoldings(p.id, warehouses, at), ...delsaLeadTimes(p.id, await read(LEAD_TIMES_FILE, (t) => parseDelsaLeadTimes(t, warehouses)), at),
        // The craft land for DSWD Field Office VIII's receiving points.
        ...delsaCraft(p.id, aseanParticipantByKey('dswd-fo8').id, craft, at),
      ];
    }
    case 'receiving-points':
      return receivingPoints(p.id, p.jurisdiction, await read(PH_AREAS_FILE, parsePhAreas), at);
    case 'nothing':
      return [];
  }
}

const importMarkerOf = () => ({ version: ASEAN_DATA_VERSION });

/** Whether this node's bundled data is still to be imported (no marker of this data version). */
export async function aseanImportPending(paths: Pick<AseanPaths, 'importMarker'>, p: AseanParticipant): Promise<boolean> {
  if (p.holds === 'nothing') return false;
  const existing = await readFile(paths.importMarker(p.id), 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
  return JSON.stringify(existing) !== JSON.stringify(importMarkerOf());
}

/** Import a node's bundled data once, in one transaction; a marker names the data version it was imported with. */
async function ensureImported(store: Store, s: Pick<AseanNodeSetting, 'paths' | 'participant' | 'dataDir' | 'lang'>): Promise<void> {
  if (!(await aseanImportPending(s.paths, s.participant))) return;
  const drafts = await holdingsOf(s.participant, s.dataDir, new Date(), s.lang);
  if (drafts.length > 0) await store.transaction(async (tx) => { await tx.upsert(drafts); });
  await writeFile(s.paths.importMarker(s.participant.id), `${JSON.stringify(importMarkerOf())}\n`);
}

async function openAseanNodeStore(s: Pick<AseanNodeSetting, 'paths' | 'participant' | 'onNotice'>): Promise<Store> {
  await mkdir(path.dirname(s.paths.nodeDataDir(s.participant.id)), { recursive: true, mode: 0o700 });
  return openStore(
    { backend: 'pglite', dataDir: s.paths.nodeDataDir(s.participant.id) },
    { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB, ...(s.onNotice ? { onNotice: s.onNotice } : {}) },
  );
}

/**
 * Import a node's bundled data (if not yet imported) and close its database again: the first start runs this in a
 * short-lived process of its own, as the Noto demo does (node-import.ts says why).
 */
export async function importAseanNodeData(s: Pick<AseanNodeSetting, 'paths' | 'participant' | 'dataDir' | 'lang' | 'onNotice'>): Promise<void> {
  const store = await openAseanNodeStore(s);
  try {
    await ensureImported(store, s);
  } finally {
    await store.close();
  }
}

function policiesFor(p: AseanParticipant): NodePolicy[] {
  return [...builtInPolicies(p.id), ...aseanPolicies(p)];
}

export function startAseanNode(s: AseanNodeSetting): Promise<StartedAseanNode> {
  return startWithParts((parts) => startParts(s, parts));
}

async function startParts(s: AseanNodeSetting, parts: NodeParts): Promise<StartedAseanNode> {
  const p = s.participant;
  const store = await openAseanNodeStore(s);
  parts.store = store;
  await ensureImported(store, s);
  const anchored = aseanTrustLists.find((l) => l.anchor === p.key);
  const own = s.trust.credentials.find((c) => c.payload.subject.id === p.id);
  if (!own) throw new Error(`no credential for ${p.id}`);
  const byId = new Map(s.trust.credentials.map((c) => [c.payload.id, c]));
  const { operatorToken } = await serveFederatedNode(parts, {
    participantId: p.id,
    jurisdiction: p.jurisdiction,
    store,
    signer: s.signer,
    credential: own,
    credentialById: (id) => byId.get(id),
    trustConfig: s.trust.config,
    trustLists: s.trust.lists,
    policies: policiesFor(p),
    // Checkpoints go to the anchor of the participant's first list (the AHA Centre keeps its own with the OCD).
    auditKeepers: [p.key === 'aha-centre' ? 'ph-ocd' : 'asean-aha-centre'],
    // Each anchor's node serves the list its operator publishes and takes join requests sent online.
    ...(anchored ? { anchorDir: s.paths.anchorDir(anchored.key) } : {}),
    timeZone: p.timeZone,
    root: s.paths.root,
    ...servingOf(s),
  });
  const records = (await store.count({ type: 'stock' })) + (await store.count({ type: 'facility' }));
  let closing: Promise<void> | undefined;
  return { url: s.url, port: s.port, operatorToken, consoleUrl: `${s.url}/console/#token=${operatorToken}&lang=en`, records, close: () => (closing ??= closeParts(parts)) };
}
