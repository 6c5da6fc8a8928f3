// Starts the ASEAN logistics demo in one process: the AHA Centre (ASEAN trust anchor, the DELSA warehouses, the
// logistics planner), the Philippines' Office of Civil Defense (the Philippine anchor; declares, requests) and DSWD
// Field Office VIII (receives in Leyte), each with its own embedded database, audit log, key and policies, on
// consecutive loopback ports, every node trusting both lists.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { message, type Lang } from '../../i18n/index.ts';
import type { AnyRecordDraft } from '../../model/index.ts';
import { builtInPolicies, type NodePolicy } from '../../node/node-policies.ts';
import { freePorts } from '../../node/free-ports.ts';
import { openStore } from '../../store/open-store.ts';
import { claimDataDir, restrictToOwner } from '../../store/data-dir.ts';
import type { StoreProblem } from '../../store/errors.ts';
import type { Store } from '../../store/types.ts';
import { bundledDataDir, DEMO_SHARED_BUFFERS_MB } from '../federation.ts';
import { closeParts, serveFederatedNode, type NodeParts } from '../served-node.ts';
import { DELSA_FILE, PH_AREAS_FILE, delsaHoldings, parseDelsaWarehouses, parsePhAreas, receivingPoints } from './data.ts';
import { aseanPolicies } from './policies.ts';
import { aseanParticipants, aseanTrustLists, type AseanParticipant, type AseanParticipantKey } from './scenario.ts';
import { aseanPaths, ensureAseanTrust, type AseanPaths, type AseanTrust } from './trust.ts';

/** Bump when what a node imports changes, so existing demo databases import again. */
const ASEAN_DATA_VERSION = 1;

export interface AseanFederationOptions {
  /** Where keys, anchors, credentials and databases live (`.tsunagu/demo-asean` from the CLI). */
  root: string;
  /** First port; nodes take consecutive ports. 0 picks free ports. */
  basePort: number;
  host?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir?: string;
  lang?: Lang;
  onNodeStarting?: (participant: AseanParticipant) => void;
  onNotice?: (notice: StoreProblem) => void;
  /** Seconds between fetches of both anchors' lists by every node (default 30; 0: only at start). */
  trustRefreshSeconds?: number;
  deadLetterRetentionDays?: number;
}

export interface AseanNode {
  participant: AseanParticipant;
  url: string;
  port: number;
  operatorToken: string;
  consoleUrl: string;
  /** Records the node imported from data/asean (facilities and stock). */
  records: number;
}

export interface AseanFederation {
  paths: AseanPaths;
  trust: AseanTrust;
  nodes: AseanNode[];
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
    case 'delsa-warehouses':
      return delsaHoldings(p.id, await read(DELSA_FILE, parseDelsaWarehouses), at);
    case 'receiving-points':
      return receivingPoints(p.id, p.jurisdiction, await read(PH_AREAS_FILE, parsePhAreas), at);
    case 'nothing':
      return [];
  }
}

/** Import a node's bundled data once, in one transaction; a marker names the data version it was imported with. */
async function ensureImported(store: Store, paths: AseanPaths, p: AseanParticipant, dataDir: string, lang: Lang): Promise<number> {
  const marker = paths.importMarker(p.id);
  const wanted = { version: ASEAN_DATA_VERSION };
  const existing = await readFile(marker, 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
  if (JSON.stringify(existing) === JSON.stringify(wanted)) return 0;
  const drafts = await holdingsOf(p, dataDir, new Date(), lang);
  if (drafts.length > 0) await store.transaction(async (tx) => { await tx.upsert(drafts); });
  await writeFile(marker, `${JSON.stringify(wanted)}\n`);
  return drafts.length;
}

function policiesFor(p: AseanParticipant): NodePolicy[] {
  return [...builtInPolicies(p.id), ...aseanPolicies(p)];
}

export async function startAseanFederation(options: AseanFederationOptions): Promise<AseanFederation> {
  const host = options.host ?? '127.0.0.1';
  const lang = options.lang ?? 'en';
  const dataDir = options.dataDir ?? bundledDataDir;
  const paths = aseanPaths(options.root);
  const ports = options.basePort === 0 ? await freePorts(host, aseanParticipants.length) : aseanParticipants.map((p) => options.basePort + p.portOffset);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const urls = new Map(aseanParticipants.map((p, i) => [p.id, `http://${urlHost}:${ports[i]}`]));
  const rootClaim = claimDataDir(paths.root);
  if (rootClaim.notice) options.onNotice?.(rootClaim.notice);
  let trust: AseanTrust;
  try {
    trust = await ensureAseanTrust(paths.root, new Map([...urls].map(([id, u]) => [id, `${u}/`])));
    restrictToOwner(paths.root);
  } catch (e) {
    rootClaim.release();
    throw e;
  }
  const credentialsById = new Map([...trust.credentials.values()].map((c) => [c.payload.id, c]));
  const running: NodeParts[] = [];
  const nodes: AseanNode[] = [];
  const closeAll = async () => {
    for (const n of running.reverse()) await closeParts(n);
    running.length = 0;
    rootClaim.release();
  };
  const anchorDirOf = (p: AseanParticipant) => aseanTrustLists.find((l) => l.anchor === p.key);

  const startNode = async (p: AseanParticipant, i: number, node: NodeParts): Promise<AseanNode> => {
    options.onNodeStarting?.(p);
    await mkdir(path.dirname(paths.nodeDataDir(p.id)), { recursive: true, mode: 0o700 });
    const store = await openStore(
      { backend: 'pglite', dataDir: paths.nodeDataDir(p.id) },
      { sharedBuffersMb: DEMO_SHARED_BUFFERS_MB, ...(options.onNotice ? { onNotice: options.onNotice } : {}) },
    );
    node.store = store;
    await ensureImported(store, paths, p, dataDir, lang);
    const anchored = anchorDirOf(p);
    const url = urls.get(p.id)!;
    const { operatorToken } = await serveFederatedNode(node, {
      participantId: p.id,
      jurisdiction: p.jurisdiction,
      store,
      signer: trust.signers.get(p.id)!,
      credential: trust.credentials.get(p.id)!,
      credentialById: (id) => credentialsById.get(id),
      // Both lists, held for offline work and fetched from their anchors' nodes on a schedule.
      trustConfig: trust.config,
      trustLists: [...trust.lists.values()],
      policies: policiesFor(p),
      // Checkpoints go to the anchor of the participant's first list (the AHA Centre keeps its own with the OCD).
      auditKeepers: [p.key === 'aha-centre' ? 'ph-ocd' : 'asean-aha-centre'],
      // Each anchor's node serves the list its operator publishes and takes join requests sent online.
      ...(anchored ? { anchorDir: paths.anchorDir(anchored.key) } : {}),
      timeZone: p.timeZone,
      root: paths.root,
      host,
      port: ports[i]!,
      url,
      lang,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: options.deadLetterRetentionDays }),
      ...(options.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: options.trustRefreshSeconds }),
    });
    const records = await store.count({ type: 'stock' }) + await store.count({ type: 'facility' });
    return { participant: p, url, port: ports[i]!, operatorToken, consoleUrl: `${url}/console/#token=${operatorToken}&lang=en`, records };
  };
  try {
    for (const [i, p] of aseanParticipants.entries()) {
      const node: NodeParts = {};
      running.push(node);
      nodes.push(await startNode(p, i, node));
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { paths, trust, nodes, close: closeAll };
}

export type { AseanParticipantKey };
