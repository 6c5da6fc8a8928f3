// The demo's trust: one key file (0600) per participant, the national agency as trust anchor (an anchor directory run
// like any other, so `tsunagu trust` works on it) listing every participant with its loopback node URL, and a credential
// per participant. Created on first run and kept afterwards: a new version is published only when the demo's own entries
// no longer describe the federation (ports changed) or the list is about to lapse, and entries added through the anchor
// are never dropped.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Participant } from '../model/participant.ts';
import type { SignedCredential } from '../trust/credential.ts';
import { generateKeyPair, type NodeSigner } from '../trust/keys.ts';
import { loadSigner, readTrustListFile, writeKeyFile } from '../trust/key-file.ts';
import type { SignedTrustList } from '../trust/trust-list.ts';
import { openAnchor, trustConfigOf } from '../node/anchor-operations.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem } from '../trust/verified.ts';
import { DemoTrustError, ensureDemoAnchorDir, ensureDemoCredentials, publishedDemoList, syncDemoEntries } from './demo-anchor.ts';
import { DEMO_TRUST_LIST_ID, demoParticipants, type DemoParticipant } from './scenario.ts';


export interface DemoPaths {
  root: string;
  keyFile(participantId: string): string;
  /** The trust anchor's directory (tsunagu trust --dir): its database, keys and published list. */
  anchorDir: string;
  /** The list the anchor last published (what nodes fetch from the anchor's node). */
  trustListFile: string;
  credentialFile(participantId: string): string;
  /** The embedded database of one node. */
  nodeDataDir(participantId: string): string;
  /** Marks that a node's bundled data was imported (so later starts skip the import). */
  importMarker(participantId: string): string;
  declarationsDir: string;
}

export function demoPaths(root: string): DemoPaths {
  const r = path.resolve(root);
  return {
    root: r,
    keyFile: (id) => path.join(r, 'keys', `${id}.json`),
    anchorDir: path.join(r, 'anchor'),
    trustListFile: path.join(r, 'anchor', 'trust-list.json'),
    credentialFile: (id) => path.join(r, 'credentials', `${id}.json`),
    nodeDataDir: (id) => path.join(r, 'nodes', id, 'db'),
    importMarker: (id) => path.join(r, 'nodes', id, 'imported.json'),
    declarationsDir: path.join(r, 'declarations'),
  };
}

export interface DemoTrust {
  anchorId: string;
  config: TrustConfig;
  trustList: SignedTrustList;
  registry: TrustRegistry;
  participants: ReadonlyMap<string, Participant>;
  signers: ReadonlyMap<string, NodeSigner>;
  credentials: ReadonlyMap<string, SignedCredential>;
}

export { DemoTrustError };

export function anchorOf(): DemoParticipant {
  return demoParticipants.find((p) => p.key === 'national')!;
}

/** A demo participant's signer from its key file, creating the file (0600, in a 0700 directory) on first use when asked. */
export async function demoKeySigner(file: string, participantId: string, create: boolean): Promise<NodeSigner> {
  let loaded = await loadSigner(file, participantId);
  if (!loaded.ok && loaded.problem.code === 'KEY_FILE_NOT_FOUND' && create) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const written = await writeKeyFile(file, { ...generateKeyPair(`${participantId}-demo-1`), participantId });
    if (!written.ok) throw new DemoTrustError(written.problem);
    loaded = await loadSigner(file, participantId);
  }
  if (!loaded.ok) throw new DemoTrustError(loaded.problem);
  return loaded.value;
}

/** The participant's signer, creating its key file on first use. */
function signerFor(paths: DemoPaths, p: DemoParticipant, create: boolean): Promise<NodeSigner> {
  return demoKeySigner(paths.keyFile(p.id), p.id, create);
}

function participantOf(p: DemoParticipant, signer: NodeSigner, nodeUrl: string): Participant {
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    jurisdiction: [...p.jurisdiction] as Participant['jurisdiction'],
    nodeUrl,
    keys: [{ kid: signer.kid, alg: 'Ed25519', publicKey: signer.publicKey }],
  };
}

/**
 * Make sure keys, the anchor (in `<root>/anchor`, the national agency with its demo key, as `tsunagu trust` runs it) and
 * credentials exist and describe the federation at these URLs (one per participant, by participant id). A new list is
 * published only when the demo's own entries changed (ports) or the list is about to go stale; participants added
 * through the anchor stay. Returns the demo's trust, verified like a node would verify it.
 */
export async function ensureDemoTrust(root: string, nodeUrls: ReadonlyMap<string, string>, now: Date = new Date()): Promise<DemoTrust> {
  const paths = demoPaths(root);
  await mkdir(paths.root, { recursive: true });
  const signers = new Map<string, NodeSigner>();
  const participants = new Map<string, Participant>();
  for (const p of demoParticipants) {
    const signer = await signerFor(paths, p, true);
    signers.set(p.id, signer);
    const url = nodeUrls.get(p.id);
    if (url === undefined) throw new Error(`no node URL for ${p.id}`);
    participants.set(p.id, participantOf(p, signer, url));
  }
  const anchor = anchorOf();
  const anchorSigner = signers.get(anchor.id)!;
  const anchorUrl = nodeUrls.get(anchor.id)!;
  const listUrl = new URL('api/v1/trust-list', anchorUrl).toString();
  const { keys: _keys, ...anchorListed } = participants.get(anchor.id)!;
  const anchorRoot = paths.anchorDir;
  await ensureDemoAnchorDir({ dir: anchorRoot, anchorId: anchor.id, trustListId: DEMO_TRUST_LIST_ID, listed: anchorListed, keyFile: paths.keyFile(anchor.id), listUrl }, now);
  const opened = await openAnchor(anchorRoot);
  if (!opened.ok) throw new DemoTrustError(opened.problem);
  const session = opened.session;
  let trustList: SignedTrustList;
  let credentials: Map<string, SignedCredential>;
  try {
    // The demo's participants are listed as the demo sets them up; the anchor's keys may have been rolled with
    // `tsunagu trust rotate-key`, so the anchor lists them, not the demo.
    trustList = await publishedDemoList(session, anchor.id, (list) => syncDemoEntries(list, { ...anchorListed, keys: list.anchor.keys }, participants, demoParticipants, now), now);
    await mkdir(path.dirname(paths.credentialFile(anchor.id)), { recursive: true });
    const listedOf = (id: string) => trustList.payload.entries.find((e) => e.participant.id === id)?.participant ?? participants.get(id)!;
    credentials = await ensureDemoCredentials(
      session,
      trustList,
      demoParticipants.map((p) => ({ id: p.id, listed: listedOf(p.id), file: paths.credentialFile(p.id) })),
      now,
      anchorSigner,
    );
  } finally {
    // The demo keeps the anchor's database closed while it runs, so `tsunagu trust` can use it meanwhile.
    await session.close();
  }

  const config = trustConfigOf({ anchorId: anchor.id, trustListId: DEMO_TRUST_LIST_ID, listUrl, keyFiles: ['-'] }, trustList.payload);
  const build = createTrustRegistry(config, [trustList], now);
  if (build.rejected.length > 0) throw new DemoTrustError(build.rejected[0]!.problems[0]!);
  const listedParticipants = new Map(participants);
  for (const e of trustList.payload.entries) listedParticipants.set(e.participant.id, e.participant);
  return { anchorId: anchor.id, config, trustList, registry: build.registry, participants: listedParticipants, signers, credentials };
}

export type LoadedDemoTrust =
  | { ok: true; trustList: SignedTrustList; registry: TrustRegistry; anchorId: string }
  | { ok: false; problem: TrustProblem | { code: 'DEMO_NOT_SET_UP'; params: { dir: string } } };

/**
 * The demo's trust as a running federation left it, without creating anything (for `tsunagu declare`). The anchor's
 * key is pinned from its key file, so a trust list edited by hand does not verify.
 */
export async function loadDemoTrust(root: string, now: Date = new Date()): Promise<LoadedDemoTrust> {
  const paths = demoPaths(root);
  const doc = await readTrustListFile(paths.trustListFile);
  if (!doc.ok) return { ok: false, problem: { code: 'DEMO_NOT_SET_UP', params: { dir: paths.root } } };
  const anchor = anchorOf();
  const loaded = await loadDemoSigner(root, anchor);
  if (!loaded.ok) return { ok: false, problem: loaded.problem };
  const signer = loaded.signer;
  const config: TrustConfig = {
    anchors: [{ anchorId: anchor.id, trustListId: DEMO_TRUST_LIST_ID, keys: [{ kid: signer.kid, alg: 'Ed25519', publicKey: signer.publicKey }] }],
  };
  const build = createTrustRegistry(config, [doc.value], now);
  if (build.rejected.length > 0) return { ok: false, problem: build.rejected[0]!.problems[0]! };
  const registered = build.registry.lists.get(anchor.id);
  if (!registered) return { ok: false, problem: { code: 'DEMO_NOT_SET_UP', params: { dir: paths.root } } };
  return { ok: true, trustList: registered.signed, registry: build.registry, anchorId: anchor.id };
}

/** A participant's demo signer from its key file (never created here). */
export async function loadDemoSigner(root: string, participant: DemoParticipant): Promise<{ ok: true; signer: NodeSigner } | { ok: false; problem: TrustProblem }> {
  try {
    return { ok: true, signer: await signerFor(demoPaths(root), participant, false) };
  } catch (e) {
    if (e instanceof DemoTrustError) return { ok: false, problem: e.problem };
    throw e;
  }
}
