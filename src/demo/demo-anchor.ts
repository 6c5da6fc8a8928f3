// What both demo scenarios do with a trust anchor they run themselves: make its directory once (with the demo key of
// the participant that anchors it), list the scenario's participants (adding missing entries, bringing node URLs and
// keys up to date, leaving everything `tsunagu trust` added alone), publish only when that changed or the list is
// about to go stale, and keep each participant's credential, issuing a new one only when the stored one no longer fits.
import { readFile, writeFile } from 'node:fs/promises';
import type { Participant } from '../model/participant.ts';
import { createAnchor, operate, signerAt, type AnchorSession } from '../node/anchor-operations.ts';
import { anchorPaths, readAnchorFile, writeJsonFile } from '../trust/anchor-files.ts';
import { credentialFor, signCredential, type SignedCredential } from '../trust/credential.ts';
import { readKeyFile } from '../trust/key-file.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { SignedTrustList, TrustList } from '../trust/trust-list.ts';
import type { TrustProblem } from '../trust/verified.ts';

const DAY = 86_400_000;

export class DemoTrustError extends Error {
  constructor(readonly problem: TrustProblem) {
    super(problem.code);
  }
}

export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface DemoAnchorSpec {
  dir: string;
  anchorId: string;
  trustListId: string;
  /** The anchor as listed, without keys (the anchor's own keys are its key file's, then whatever it rolled to). */
  listed: Omit<Participant, 'keys'>;
  keyFile: string;
  listUrl: string;
}

/** The anchor's directory, made once from its key file; its list URL kept current (ports may change between runs). */
export async function ensureDemoAnchorDir(spec: DemoAnchorSpec, now: Date): Promise<void> {
  const files = anchorPaths(spec.dir);
  const existing = await readAnchorFile(files);
  if (!existing.ok) {
    const seed = await readKeyFile(spec.keyFile);
    if (!seed.ok) throw new DemoTrustError(seed.problem);
    const created = await createAnchor(
      spec.dir,
      {
        anchorId: spec.anchorId, trustListId: spec.trustListId, participant: spec.listed,
        keys: { kid: seed.value.kid, publicKey: seed.value.publicKey, privateSeed: seed.value.privateSeed }, listUrl: spec.listUrl,
      },
      now,
    );
    if (!created.ok) throw new DemoTrustError(created.problems[0]!);
  } else if (existing.value.listUrl !== spec.listUrl) {
    await writeJsonFile(files.anchorFile, { ...existing.value, listUrl: spec.listUrl });
  }
}

/**
 * The list with the scenario's entries (`wanted`, as the scenario lists them now) added when missing and their
 * participant (node URL, keys) brought up to date — status and validity kept — and every other entry left as it is.
 * Undefined when nothing needs changing.
 */
export function syncDemoEntries(
  list: TrustList, anchor: Participant, wanted: ReadonlyMap<string, Participant>, entries: readonly { id: string; declarationAuthority?: boolean }[], now: Date,
): TrustList | undefined {
  let changed = !sameJson(list.anchor, anchor);
  const kept = list.entries.map((e) => {
    const listing = wanted.get(e.participant.id);
    if (!listing || sameJson(e.participant, listing)) return e;
    changed = true;
    return { ...e, participant: listing };
  });
  for (const p of entries) {
    if (kept.some((e) => e.participant.id === p.id)) continue;
    changed = true;
    kept.push({
      participant: wanted.get(p.id)!,
      status: 'active',
      validFrom: new Date(now.getTime() - DAY).toISOString(),
      validUntil: new Date(now.getTime() + 365 * DAY).toISOString(),
      ...(p.declarationAuthority === undefined ? {} : { declarationAuthority: p.declarationAuthority }),
    });
  }
  return changed ? { ...list, anchor, entries: kept } : undefined;
}

/** The anchor's current list, published again (signed by the anchor's operator) when `synced` changed it or it lapses within a day. */
export async function publishedDemoList(session: AnchorSession, anchorId: string, synced: (list: TrustList) => TrustList | undefined, now: Date): Promise<SignedTrustList> {
  const list = await session.current();
  const changed = synced(list.payload);
  const lapsing = Date.parse(list.payload.nextUpdate) - now.getTime() <= DAY;
  if (!changed && !lapsing) return list;
  const outcome = await operate(session, changed ? 'demo-sync' : 'publish', anchorId, () => ({ ok: true, value: changed ?? list.payload }), now);
  if (!outcome.ok) throw new DemoTrustError(outcome.problems[0]!);
  return outcome.list;
}

/**
 * Each participant's credential from this anchor: the stored one while it names the listed keys, was signed by one of
 * the anchor's keys and has more than a day left; otherwise a new one for 180 days, written where the node reads it.
 */
export async function ensureDemoCredentials(
  session: AnchorSession, list: SignedTrustList, participants: readonly { id: string; listed: Participant; file: string }[], now: Date, fallbackSigner?: NodeSigner,
): Promise<Map<string, SignedCredential>> {
  const signer = signerAt(session, list.payload, now) ?? fallbackSigner;
  if (!signer) throw new Error(`the anchor of ${list.payload.id} has no key to sign with`);
  const credentials = new Map<string, SignedCredential>();
  for (const p of participants) {
    const stored = (await readJson(p.file)) as SignedCredential | undefined;
    const fresh =
      stored?.payload !== undefined &&
      sameJson(stored.payload.subject.keys, p.listed.keys) &&
      session.signers.some((s) => s.kid === stored.proof.kid) &&
      Date.parse(stored.payload.expiresAt) - now.getTime() > DAY;
    if (stored && fresh) {
      credentials.set(p.id, stored);
      continue;
    }
    const credential = credentialFor(p.listed, list.payload.anchor.id, {
      id: `cred-${p.id}-${now.toISOString().slice(0, 10)}`,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 180 * DAY).toISOString(),
    });
    const signed = signCredential(credential, signer, now);
    await writeFile(p.file, `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o644 });
    credentials.set(p.id, signed);
  }
  return credentials;
}
