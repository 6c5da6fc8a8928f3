// The ASEAN demo's trust: a key file (0600) per participant, and two anchors run like any other (`tsunagu trust --dir
// <root>/anchors/<list>` works on them): the AHA Centre's ASEAN list and the OCD's Philippine list, each naming its
// participants with their loopback node URLs, and a credential per participant from the first list that names it.
// Every node pins both anchors, ASEAN first, the Philippine one for PH only (scenario.ts says why). Created on the
// first run and kept; a list is published again only when its demo entries changed (ports) or it is about to lapse,
// and entries added through an anchor stay.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Participant } from '../../model/participant.ts';
import type { SignedCredential } from '../../trust/credential.ts';
import type { NodeSigner } from '../../trust/keys.ts';
import type { SignedTrustList } from '../../trust/trust-list.ts';
import { openAnchor } from '../../node/anchor-operations.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistry } from '../../trust/trust-registry.ts';
import { demoKeySigner } from '../trust-setup.ts';
import { DemoTrustError, ensureDemoAnchorDir, ensureDemoCredentials, publishedDemoList, syncDemoEntries } from '../demo-anchor.ts';
import { aseanParticipantByKey, aseanParticipants, aseanTrustLists, type AseanParticipant, type AseanTrustListDef, type AseanTrustListKey } from './scenario.ts';


export interface AseanPaths {
  root: string;
  keyFile(participantId: string): string;
  anchorDir(list: AseanTrustListKey): string;
  credentialFile(participantId: string): string;
  nodeDataDir(participantId: string): string;
  importMarker(participantId: string): string;
}

export function aseanPaths(root: string): AseanPaths {
  const r = path.resolve(root);
  return {
    root: r,
    keyFile: (id) => path.join(r, 'keys', `${id}.json`),
    anchorDir: (list) => path.join(r, 'anchors', list),
    credentialFile: (id) => path.join(r, 'credentials', `${id}.json`),
    nodeDataDir: (id) => path.join(r, 'nodes', id, 'db'),
    importMarker: (id) => path.join(r, 'nodes', id, 'imported.json'),
  };
}

export interface AseanTrust {
  config: TrustConfig;
  lists: ReadonlyMap<AseanTrustListKey, SignedTrustList>;
  registry: TrustRegistry;
  signers: ReadonlyMap<string, NodeSigner>;
  credentials: ReadonlyMap<string, SignedCredential>;
}

function participantOf(p: AseanParticipant, signer: NodeSigner, nodeUrl: string): Participant {
  return {
    id: p.id, name: p.name, role: p.role, jurisdiction: [...p.jurisdiction] as Participant['jurisdiction'], nodeUrl,
    keys: [{ kid: signer.kid, alg: 'Ed25519', publicKey: signer.publicKey }],
  };
}

/**
 * One anchor set up (once), its list synced with the participants it names and published when needed, and the
 * credentials it issues (to the participants whose first list it is).
 */
async function ensureList(
  paths: AseanPaths, def: AseanTrustListDef, participants: ReadonlyMap<string, Participant>, listUrl: string, now: Date, credentials: Map<string, SignedCredential>,
): Promise<SignedTrustList> {
  const anchorP = aseanParticipantByKey(def.anchor);
  const { keys: _k, ...listed } = participants.get(anchorP.id)!;
  await ensureDemoAnchorDir({ dir: paths.anchorDir(def.key), anchorId: anchorP.id, trustListId: def.id, listed, keyFile: paths.keyFile(anchorP.id), listUrl }, now);
  const opened = await openAnchor(paths.anchorDir(def.key));
  if (!opened.ok) throw new DemoTrustError(opened.problem);
  const session = opened.session;
  try {
    // Only the participants this list names are listed (and kept current) by it.
    const named = aseanParticipants.filter((x) => x.listedBy.includes(def.key));
    const wanted = new Map(named.map((p) => [p.id, participants.get(p.id)!]));
    const list = await publishedDemoList(session, anchorP.id, (l) => syncDemoEntries(l, { ...listed, keys: l.anchor.keys }, wanted, named, now), now);
    await mkdir(path.dirname(paths.credentialFile(anchorP.id)), { recursive: true });
    const issued = await ensureDemoCredentials(
      session,
      list,
      aseanParticipants
        .filter((x) => x.listedBy[0] === def.key)
        .map((p) => ({ id: p.id, listed: list.payload.entries.find((e) => e.participant.id === p.id)!.participant, file: paths.credentialFile(p.id) })),
      now,
    );
    for (const [id, c] of issued) credentials.set(id, c);
    return list;
  } finally {
    // Closed while the demo runs, so `tsunagu trust --dir …` can use the anchor meanwhile.
    await session.close();
  }
}

/**
 * Keys, both anchors and every credential, describing the federation at these node URLs (by participant id); the
 * configuration every node pins, and the registry built from it as a node builds it.
 */
export async function ensureAseanTrust(root: string, nodeUrls: ReadonlyMap<string, string>, now: Date = new Date()): Promise<AseanTrust> {
  const paths = aseanPaths(root);
  await mkdir(paths.root, { recursive: true });
  const signers = new Map<string, NodeSigner>();
  const participants = new Map<string, Participant>();
  for (const p of aseanParticipants) {
    const signer = await demoKeySigner(paths.keyFile(p.id), p.id, true);
    signers.set(p.id, signer);
    const url = nodeUrls.get(p.id);
    if (url === undefined) throw new Error(`no node URL for ${p.id}`);
    participants.set(p.id, participantOf(p, signer, url));
  }
  const credentials = new Map<string, SignedCredential>();
  const lists = new Map<AseanTrustListKey, SignedTrustList>();
  const anchors: TrustConfig['anchors'] = [];
  for (const def of aseanTrustLists) {
    const anchorUrl = nodeUrls.get(aseanParticipantByKey(def.anchor).id)!;
    const listUrl = new URL('api/v1/trust-list', anchorUrl).toString();
    const list = await ensureList(paths, def, participants, listUrl, now, credentials);
    lists.set(def.key, list);
    anchors.push({
      anchorId: list.payload.anchor.id, trustListId: def.id, keys: list.payload.anchor.keys, listUrl,
      ...(def.jurisdictions ? { jurisdictions: [...def.jurisdictions] as TrustConfig['anchors'][number]['jurisdictions'] } : {}),
    });
  }
  const config: TrustConfig = { anchors };
  const build = createTrustRegistry(config, [...lists.values()], now);
  if (build.rejected.length > 0) throw new DemoTrustError(build.rejected[0]!.problems[0]!);
  return { config, lists, registry: build.registry, signers, credentials };
}
