// The trust anchor's operations on its directory (tsunagu trust, the demo): open its database and audit log with its key,
// apply one change to the current list, and — only when the change is allowed — sign the next version, keep it, publish
// it and audit it. A refused change keeps nothing but its audit entry.
import { randomUUID } from 'node:crypto';
import type { AuditLogWriter } from '../audit/index.ts';
import { trustAuditDraft } from './trust-audit.ts';
import { openStore } from '../store/open-store.ts';
import type { JoinDecision } from '../store/anchor-store.ts';
import type { Store } from '../store/types.ts';
import { mkdir } from 'node:fs/promises';
import type { Participant } from '../model/participant.ts';
import { anchorSigningKid, emptyTrustList, nextPublication } from '../trust/anchor-book.ts';
import { writeKeyFile } from '../trust/key-file.ts';
import type { KeyPairExport } from '../trust/keys.ts';
import { anchorPaths, anchorSigners, readAnchorFile, writeJsonFile, type AnchorFile, type AnchorPaths } from '../trust/anchor-files.ts';
import type { NodeSigner } from '../trust/keys.ts';
import { problem } from '../trust/problems.ts';
import { signTrustList, type SignedTrustList, type TrustList } from '../trust/trust-list.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import type { TrustProblem, Verification } from '../trust/verified.ts';

export interface AnchorSession {
  paths: AnchorPaths;
  anchor: AnchorFile;
  signers: NodeSigner[];
  store: Store;
  auditLog: AuditLogWriter;
  /** The current list (payload of the newest version). */
  current(): Promise<SignedTrustList>;
  /** Audit one operation (allowed or refused) in the anchor's log. */
  audit(operation: string, subject: string, decision: 'allow' | 'deny', reasons: readonly TrustProblem[]): Promise<void>;
  close(): Promise<void>;
}

export type Operated = { ok: true; list: SignedTrustList } | { ok: false; problems: TrustProblem[] };

/** The signer for `now`: the oldest anchor key valid now (during a roll-over, the key every node still pins). */
export function signerAt(session: Pick<AnchorSession, 'signers'>, list: TrustList, now: Date): NodeSigner | undefined {
  const kid = anchorSigningKid(list.anchor.keys, now);
  return session.signers.find((s) => s.kid === kid);
}

/** What a node pins for this anchor: its id, list id, keys and where the list is fetched. */
export function trustConfigOf(anchor: AnchorFile, list: TrustList): TrustConfig {
  return { anchors: [{ anchorId: anchor.anchorId, trustListId: anchor.trustListId, keys: list.anchor.keys, ...(anchor.listUrl ? { listUrl: anchor.listUrl } : {}) }] };
}

/** Open the anchor in `root`; answers the problem when there is none or its keys cannot be read. */
export async function openAnchor(root: string): Promise<{ ok: true; session: AnchorSession } | { ok: false; problem: TrustProblem }> {
  const paths = anchorPaths(root);
  const anchor = await readAnchorFile(paths);
  if (!anchor.ok) return anchor;
  const signers = await anchorSigners(paths, anchor.value);
  if (!signers.ok) return signers;
  const store = await openStore({ backend: 'pglite', dataDir: paths.dataDir });
  // The log is signed with the newest key: it is the anchor's own record, read with every key the anchor ever had.
  const opened = await store.audit.open({ signer: signers.value[signers.value.length - 1]! });
  if (!opened.ok) {
    await store.close();
    return { ok: false, problem: opened.problems[0]! as TrustProblem };
  }
  const auditLog = opened.log;
  const session: AnchorSession = {
    paths,
    anchor: anchor.value,
    signers: signers.value,
    store,
    auditLog,
    async current() {
      const v = await store.anchor.current();
      if (!v) throw new Error(`anchor ${anchor.value.anchorId} has no published list`);
      return v.document as SignedTrustList;
    },
    async audit(operation, subject, decision, reasons) {
      const draft = trustAuditDraft({
        requester: 'operator:cli',
        purpose: 'trust-administration',
        action: operation,
        decision,
        subject,
        reasons,
        requestId: `${anchor.value.anchorId}-${operation}-${randomUUID()}`,
      });
      const appended = await auditLog.append([draft]);
      if (!appended.ok) throw new Error(`audit entry not written: ${appended.problems.map((p) => p.code).join(', ')}`);
    },
    async close() {
      await auditLog.close();
      await store.close();
    },
  };
  return { ok: true, session };
}

/** Sign `list` as the next version, keep it, write trust-list.json and trust-config.json. */
export async function publishList(session: AnchorSession, list: TrustList, operation: string, subject: string, now: Date, decision?: JoinDecision): Promise<Operated> {
  const signer = signerAt(session, list, now);
  if (!signer) return { ok: false, problems: [problem('ANCHOR_NO_SIGNING_KEY', { dir: session.paths.keysDir })] };
  const signed = signTrustList(list, signer, now);
  const kept = await session.store.anchor.publish(
    { version: list.version ?? 1, trustListId: list.id, issuedAt: list.issuedAt, operation, subject, document: signed },
    decision,
  );
  if (!kept) throw new Error(`trust list version ${list.version} was published meanwhile by another operation; run the command again`);
  await writeJsonFile(session.paths.trustListFile, signed);
  await writeJsonFile(session.paths.trustConfigFile, trustConfigOf(session.anchor, list));
  return { ok: true, list: signed };
}

/**
 * Apply `change` to the current list and publish the result as the next version, or refuse with its problems. Both
 * outcomes are audited; a refusal changes nothing else.
 */
export async function operate(
  session: AnchorSession,
  operation: string,
  subject: string,
  change: (list: TrustList, now: Date) => Verification<TrustList>,
  now: Date,
  decision?: JoinDecision,
): Promise<Operated> {
  const current = await session.current();
  const changed = change(current.payload, now);
  if (!changed.ok) {
    await session.audit(operation, subject, 'deny', changed.problems);
    return { ok: false, problems: changed.problems };
  }
  const next = nextPublication(changed.value, now);
  const published = await publishList(session, next, operation, subject, now, decision);
  if (!published.ok) {
    await session.audit(operation, subject, 'deny', published.problems);
    return published;
  }
  await session.audit(operation, subject, 'allow', [
    problem('ANCHOR_LIST_PUBLISHED', { trustList: next.id, version: next.version ?? 1, file: session.paths.trustListFile, participants: next.entries.length, nextUpdate: next.nextUpdate }),
  ]);
  return published;
}

export interface NewAnchor {
  anchorId: string;
  trustListId: string;
  /** The anchor as listed (its keys are taken from `keys`). */
  participant: Omit<Participant, 'keys'>;
  keys: KeyPairExport;
  listUrl?: string;
}

/**
 * Create an anchor in `root`: its key file (0600, in a 0700 directory), anchor.json, its database, and version 1 of an
 * empty signed list. Refuses a directory that already holds an anchor.
 */
export async function createAnchor(root: string, anchor: NewAnchor, now: Date): Promise<Operated> {
  const paths = anchorPaths(root);
  const exists = await readAnchorFile(paths);
  if (exists.ok) return { ok: false, problems: [problem('ANCHOR_ALREADY_SET_UP', { dir: paths.root })] };
  await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });
  const keyName = `${anchor.keys.kid.replace(/[^A-Za-z0-9_.-]/g, '-')}.json`;
  const written = await writeKeyFile(paths.keyFile(keyName), { ...anchor.keys, participantId: anchor.anchorId });
  if (!written.ok) return { ok: false, problems: [written.problem] };
  const file: AnchorFile = { anchorId: anchor.anchorId, trustListId: anchor.trustListId, keyFiles: [keyName], ...(anchor.listUrl ? { listUrl: anchor.listUrl } : {}) };
  await writeJsonFile(paths.anchorFile, file);
  const opened = await openAnchor(root);
  if (!opened.ok) return { ok: false, problems: [opened.problem] };
  const session = opened.session;
  try {
    const participant: Participant = { ...anchor.participant, keys: [{ kid: anchor.keys.kid, alg: 'Ed25519', publicKey: anchor.keys.publicKey }] };
    const list = emptyTrustList(anchor.trustListId, participant, now);
    const published = await publishList(session, list, 'init', anchor.anchorId, now);
    await session.audit('init', anchor.anchorId, published.ok ? 'allow' : 'deny', published.ok ? [problem('ANCHOR_LIST_PUBLISHED', { trustList: list.id, version: 1, file: paths.trustListFile, participants: 0, nextUpdate: list.nextUpdate })] : published.problems);
    return published;
  } finally {
    await session.close();
  }
}
