// The demo's trust: one key file (0600) per participant, a trust list signed by the national agency as anchor
// naming every participant with its loopback node URL, and a credential per participant. Created on first run and
// kept afterwards; the list and credentials are re-issued only when they no longer describe the federation (ports
// changed) or are about to lapse.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Participant } from '../model/participant.ts';
import { credentialFor, signCredential, type SignedCredential } from '../trust/credential.ts';
import { generateKeyPair, type NodeSigner } from '../trust/keys.ts';
import { loadSigner, readTrustListFile, writeKeyFile, writeTrustListFile } from '../trust/key-file.ts';
import { signTrustList, type SignedTrustList, type TrustList, type TrustListEntry } from '../trust/trust-list.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem } from '../trust/verified.ts';
import { DEMO_TRUST_LIST_ID, demoParticipants, type DemoParticipant } from './scenario.ts';

const DAY = 86_400_000;

export interface DemoPaths {
  root: string;
  keyFile(participantId: string): string;
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
    trustListFile: path.join(r, 'trust-list.json'),
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

export class DemoTrustError extends Error {
  constructor(readonly problem: TrustProblem) {
    super(problem.code);
  }
}

export function anchorOf(): DemoParticipant {
  return demoParticipants.find((p) => p.key === 'national')!;
}

/** The participant's signer, creating its key file on first use. */
async function signerFor(paths: DemoPaths, p: DemoParticipant, create: boolean): Promise<NodeSigner> {
  const file = paths.keyFile(p.id);
  let loaded = await loadSigner(file, p.id);
  if (!loaded.ok && loaded.problem.code === 'KEY_FILE_NOT_FOUND' && create) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const written = await writeKeyFile(file, { ...generateKeyPair(`${p.id}-demo-1`), participantId: p.id });
    if (!written.ok) throw new DemoTrustError(written.problem);
    loaded = await loadSigner(file, p.id);
  }
  if (!loaded.ok) throw new DemoTrustError(loaded.problem);
  return loaded.value;
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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function trustConfigFor(anchor: Participant): TrustConfig {
  return { anchors: [{ anchorId: anchor.id, trustListId: DEMO_TRUST_LIST_ID, keys: anchor.keys }] };
}

/**
 * Make sure keys, trust list and credentials exist and describe the federation at these URLs (one per participant,
 * by participant id); returns the demo's trust, verified like a node would verify it.
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
  const anchorParticipant = participants.get(anchor.id)!;

  const existing = await readTrustListFile(paths.trustListFile);
  const current = existing.ok ? (existing.value as SignedTrustList) : undefined;
  const wanted = demoParticipants.map((p) => participants.get(p.id)!);
  const stillDescribes =
    current?.payload !== undefined &&
    sameJson(current.payload.anchor, anchorParticipant) &&
    sameJson(current.payload.entries.map((e) => e.participant), wanted) &&
    Date.parse(current.payload.nextUpdate) - now.getTime() > DAY;
  let trustList: SignedTrustList;
  let reissued = false;
  if (current && stillDescribes) {
    trustList = current;
  } else {
    const entry = (p: DemoParticipant): TrustListEntry => ({
      participant: participants.get(p.id)!,
      status: 'active',
      validFrom: new Date(now.getTime() - DAY).toISOString(),
      validUntil: new Date(now.getTime() + 365 * DAY).toISOString(),
      ...(p.declarationAuthority === undefined ? {} : { declarationAuthority: p.declarationAuthority }),
    });
    const list: TrustList = {
      id: DEMO_TRUST_LIST_ID,
      anchor: anchorParticipant,
      issuedAt: now.toISOString(),
      nextUpdate: new Date(now.getTime() + 30 * DAY).toISOString(),
      entries: demoParticipants.map(entry),
    };
    trustList = signTrustList(list, anchorSigner, now);
    const written = await writeTrustListFile(paths.trustListFile, trustList);
    if (!written.ok) throw new DemoTrustError(written.problem);
    reissued = true;
  }

  const credentials = new Map<string, SignedCredential>();
  await mkdir(path.dirname(paths.credentialFile(anchor.id)), { recursive: true });
  for (const p of demoParticipants) {
    const file = paths.credentialFile(p.id);
    const stored = (await readJson(file)) as SignedCredential | undefined;
    const participant = participants.get(p.id)!;
    const fresh =
      !reissued &&
      stored?.payload !== undefined &&
      sameJson(stored.payload.subject.keys, participant.keys) &&
      Date.parse(stored.payload.expiresAt) - now.getTime() > DAY;
    if (stored && fresh) {
      credentials.set(p.id, stored);
      continue;
    }
    const credential = credentialFor(participant, anchor.id, {
      id: `cred-${p.id}-${now.toISOString().slice(0, 10)}`,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 180 * DAY).toISOString(),
    });
    const signed = signCredential(credential, anchorSigner, now);
    await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o644 });
    credentials.set(p.id, signed);
  }

  const config = trustConfigFor(anchorParticipant);
  const build = createTrustRegistry(config, [trustList], now);
  if (build.rejected.length > 0) throw new DemoTrustError(build.rejected[0]!.problems[0]!);
  return { anchorId: anchor.id, config, trustList, registry: build.registry, participants, signers, credentials };
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
