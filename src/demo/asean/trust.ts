// The ASEAN demo's trust: a key file (0600) per participant, and two anchors run like any other (`tsunagu trust --dir
// <root>/anchors/<list>` works on them): the AHA Centre's ASEAN list and the OCD's Philippine list, each naming its
// participants with their loopback node URLs, and a credential per participant from the first list that names it.
// Every node pins both anchors, ASEAN first, the Philippine one for PH only (scenario.ts says why). Created on the
// first run and kept; a list is published again only when its demo entries changed (ports) or it is about to lapse,
// and entries added through an anchor stay.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Participant } from '../../model/participant.ts';
import { credentialFor, signCredential, type SignedCredential } from '../../trust/credential.ts';
import type { NodeSigner } from '../../trust/keys.ts';
import { readKeyFile } from '../../trust/key-file.ts';
import type { SignedTrustList, TrustList } from '../../trust/trust-list.ts';
import { anchorPaths, readAnchorFile, writeJsonFile } from '../../trust/anchor-files.ts';
import { createAnchor, openAnchor, operate, signerAt } from '../../node/anchor-operations.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistry } from '../../trust/trust-registry.ts';
import { DemoTrustError, demoKeySigner } from '../trust-setup.ts';
import { aseanParticipantByKey, aseanParticipants, aseanTrustLists, type AseanParticipant, type AseanTrustListDef, type AseanTrustListKey } from './scenario.ts';

const DAY = 86_400_000;

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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The list with every demo participant it should name added when missing and brought up to date (node URL, keys), its
 * status and validity kept, and every other entry left as it is. Undefined when nothing changes.
 */
export function syncListEntries(list: TrustList, def: AseanTrustListDef, participants: ReadonlyMap<string, Participant>, now: Date): TrustList | undefined {
  const anchor = participants.get(aseanParticipantByKey(def.anchor).id)!;
  const { keys: _keys, ...anchorListed } = anchor;
  const anchorEntry = { ...anchorListed, keys: list.anchor.keys };
  let changed = !same(list.anchor, anchorEntry);
  const entries = list.entries.map((e) => {
    const wanted = participants.get(e.participant.id);
    if (!wanted || same(e.participant, wanted) || !aseanParticipants.some((p) => p.id === wanted.id && p.listedBy.includes(def.key))) return e;
    changed = true;
    return { ...e, participant: wanted };
  });
  for (const p of aseanParticipants.filter((x) => x.listedBy.includes(def.key))) {
    if (entries.some((e) => e.participant.id === p.id)) continue;
    changed = true;
    entries.push({
      participant: participants.get(p.id)!, status: 'active',
      validFrom: new Date(now.getTime() - DAY).toISOString(), validUntil: new Date(now.getTime() + 365 * DAY).toISOString(),
      ...(p.declarationAuthority === undefined ? {} : { declarationAuthority: p.declarationAuthority }),
    });
  }
  return changed ? { ...list, anchor: anchorEntry, entries } : undefined;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** One anchor set up (once), its list synced and published when needed, and the credentials it issues. */
async function ensureList(
  paths: AseanPaths, def: AseanTrustListDef, participants: ReadonlyMap<string, Participant>, listUrl: string, now: Date, credentials: Map<string, SignedCredential>,
): Promise<SignedTrustList> {
  const anchorP = aseanParticipantByKey(def.anchor);
  const dir = paths.anchorDir(def.key);
  const files = anchorPaths(dir);
  const existing = await readAnchorFile(files);
  if (!existing.ok) {
    const seed = await readKeyFile(paths.keyFile(anchorP.id));
    if (!seed.ok) throw new DemoTrustError(seed.problem);
    const { keys: _k, ...listed } = participants.get(anchorP.id)!;
    const created = await createAnchor(
      dir,
      { anchorId: anchorP.id, trustListId: def.id, participant: listed, keys: { kid: seed.value.kid, publicKey: seed.value.publicKey, privateSeed: seed.value.privateSeed }, listUrl },
      now,
    );
    if (!created.ok) throw new DemoTrustError(created.problems[0]!);
  } else if (existing.value.listUrl !== listUrl) {
    await writeJsonFile(files.anchorFile, { ...existing.value, listUrl });
  }
  const opened = await openAnchor(dir);
  if (!opened.ok) throw new DemoTrustError(opened.problem);
  const session = opened.session;
  try {
    let list = await session.current();
    const synced = syncListEntries(list.payload, def, participants, now);
    const lapsing = Date.parse(list.payload.nextUpdate) - now.getTime() <= DAY;
    if (synced || lapsing) {
      const outcome = await operate(session, synced ? 'demo-sync' : 'publish', anchorP.id, () => ({ ok: true, value: synced ?? list.payload }), now);
      if (!outcome.ok) throw new DemoTrustError(outcome.problems[0]!);
      list = outcome.list;
    }
    const signer = signerAt(session, list.payload, now);
    if (!signer) throw new Error(`the ${def.id} anchor has no key to sign with`);
    await mkdir(path.dirname(paths.credentialFile(anchorP.id)), { recursive: true });
    // A participant's credential comes from the first list naming it: that is the list every node consults first.
    for (const p of aseanParticipants.filter((x) => x.listedBy[0] === def.key)) {
      const file = paths.credentialFile(p.id);
      const stored = (await readJson(file)) as SignedCredential | undefined;
      const listed = list.payload.entries.find((e) => e.participant.id === p.id)!.participant;
      const fresh =
        stored?.payload !== undefined && same(stored.payload.subject.keys, listed.keys) && session.signers.some((s) => s.kid === stored.proof.kid) &&
        Date.parse(stored.payload.expiresAt) - now.getTime() > DAY;
      if (stored && fresh) {
        credentials.set(p.id, stored);
        continue;
      }
      const credential = credentialFor(listed, anchorP.id, { id: `cred-${p.id}-${now.toISOString().slice(0, 10)}`, issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 180 * DAY).toISOString() });
      const signed = signCredential(credential, signer, now);
      await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o644 });
      credentials.set(p.id, signed);
    }
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
