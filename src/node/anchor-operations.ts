// The trust anchor's operations on its directory (tsunagu trust, the demo): open its database and audit log with its key,
// apply one change to the current list, and — only when the change is allowed — sign the next version, keep it, publish
// it and audit it. A refused change keeps nothing but its audit entry.
import { createHash, randomUUID } from 'node:crypto';
import type { AuditLogWriter } from '../audit/index.ts';
import { trustAuditDraft } from './trust-audit.ts';
import { openStore } from '../store/open-store.ts';
import type { JoinDecision, KeptJoinRequest } from '../store/anchor-store.ts';
import type { Store } from '../store/types.ts';
import { mkdir } from 'node:fs/promises';
import type { Participant } from '../model/participant.ts';
import { admitParticipant, anchorSigningKid, changeStatus, emptyTrustList, nextPublication, updateParticipant, type StatusChange } from '../trust/anchor-book.ts';
import { verifyJoinRequest, type SignedJoinRequest } from '../trust/join-request.ts';
import { writeKeyFile } from '../trust/key-file.ts';
import type { KeyPairExport } from '../trust/keys.ts';
import { anchorPaths, anchorSigners, inboxRequests, readAnchorFile, writeJsonFile, type AnchorFile, type AnchorPaths } from '../trust/anchor-files.ts';
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

/** Who operates the anchor: the CLI, or a named person in the anchor node's console. */
export interface AnchorActor {
  /** `operator:cli` or `operator:console`. */
  requester: string;
  /** The person's name, as they gave it; recorded with every audit entry of the session. */
  by?: string;
}

const ANCHOR_SHARED_BUFFERS_MB = 16;

/**
 * Open the anchor in `root`; answers the problem when there is none or its keys cannot be read. Throws StoreError
 * STORE_DATA_DIR_LOCKED while another operation (a CLI command, another console request) holds its database.
 */
export async function openAnchor(root: string, actor: AnchorActor = { requester: 'operator:cli' }): Promise<{ ok: true; session: AnchorSession } | { ok: false; problem: TrustProblem }> {
  const paths = anchorPaths(root);
  const anchor = await readAnchorFile(paths);
  if (!anchor.ok) return anchor;
  const signers = await anchorSigners(paths, anchor.value);
  if (!signers.ok) return signers;
  // A list's participants and its history are small, and the database is opened per operation, often in a process
  // that already runs nodes (the demo, the anchor's console): PostgreSQL's default 128 MB of buffers would be waste.
  const store = await openStore({ backend: 'pglite', dataDir: paths.dataDir }, { sharedBuffersMb: ANCHOR_SHARED_BUFFERS_MB });
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
      // The person is named in the entry itself, so the log says who admitted or revoked whom.
      const acted = actor.by === undefined ? [] : [problem('ANCHOR_ACTED_BY', { by: actor.by.slice(0, 200), via: actor.requester })];
      const draft = trustAuditDraft({
        requester: actor.requester,
        purpose: 'trust-administration',
        action: operation,
        decision,
        subject,
        reasons: [...reasons, ...acted],
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

function sha256Of(doc: unknown): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}

/** Take online requests waiting in the inbox into the database (pending), so they are listed and decided from there. */
export async function takeInbox(session: AnchorSession, now: Date): Promise<void> {
  for (const item of await inboxRequests(session.paths)) {
    const payload = (item.document as { payload?: { id?: unknown; participant?: { id?: unknown } } } | null)?.payload;
    const requestId = typeof payload?.id === 'string' ? payload.id : sha256Of(item.document);
    const participantId = typeof payload?.participant?.id === 'string' ? payload.participant.id : '-';
    await session.store.anchor.receive({ requestId, participantId, document: item.document, source: 'online', receivedAt: now.toISOString() });
    await item.remove();
  }
}

/** A pending request by `#seq`, request id, or participant id (that participant's newest pending request). */
export async function pendingRequest(session: AnchorSession, ref: string | number): Promise<KeptJoinRequest | undefined> {
  const byRef = await session.store.anchor.request(typeof ref === 'number' ? ref : /^#?\d+$/.test(ref) ? Number(ref.replace('#', '')) : ref);
  if (byRef?.status === 'pending') return byRef;
  if (typeof ref === 'number') return undefined;
  return (await session.store.anchor.requests('pending')).filter((r) => r.participantId === ref).pop();
}

/** How a participant is listed when its request is approved. */
export interface AdmissionTerms {
  /** `add`: a new participant; `update`: a listed one changes its keys, URL or name. */
  intent: 'add' | 'update';
  validDays: number;
  /** How long keys no longer asked for stay valid (update). */
  overlapDays: number;
  declarationAuthority?: boolean;
}

const DAY = 86_400_000;

/**
 * Check a kept request against the current list as an approval now would (the console's confirmation step): the same
 * checks, nothing kept, nothing audited.
 */
export async function checkJoinRequest(session: AnchorSession, kept: KeptJoinRequest, intent: AdmissionTerms['intent'], now: Date): Promise<Verification<SignedJoinRequest>> {
  return verifyJoinRequest(kept.document, { list: (await session.current()).payload, intent }, now);
}

/** Codes verifyJoinRequest reports only once the signature verified: the request's standing, not its authenticity. */
export const JOIN_REQUEST_STANDING_CODES: ReadonlySet<string> = new Set([
  'JOIN_REQUEST_WRONG_ANCHOR',
  'JOIN_REQUEST_INVALID_PERIOD',
  'JOIN_REQUEST_EXPIRED',
  'JOIN_REQUEST_OUTSIDE_JURISDICTION',
  'JOIN_REQUEST_PARTICIPANT_TAKEN',
  'TRUST_PARTICIPANT_UNKNOWN',
]);

/**
 * What approving a kept request would do, for the console (the CLI is told with --update): change a listed participant
 * when the request is signed with a key listed for it now; otherwise admit a new one — which a listed id refuses as taken,
 * so nobody takes over a listed identity with a key of their own.
 */
export async function intentOf(session: AnchorSession, kept: KeptJoinRequest, now: Date): Promise<AdmissionTerms['intent']> {
  const list = (await session.current()).payload;
  if (!list.entries.some((e) => e.participant.id === kept.participantId)) return 'add';
  const asUpdate = verifyJoinRequest(kept.document, { list, intent: 'update' }, now);
  return asUpdate.ok || asUpdate.problems.every((p) => JOIN_REQUEST_STANDING_CODES.has(p.code)) ? 'update' : 'add';
}

/**
 * Approve a kept request: admit (or update) its applicant as the next version of the list, deciding the request in the
 * same transaction. An expired request, a taken id, a changed anchor: refused with the reasons and audited, the request
 * still pending.
 */
export async function approveJoinRequest(session: AnchorSession, kept: KeptJoinRequest, terms: AdmissionTerms, now: Date): Promise<Operated> {
  const operation = terms.intent === 'add' ? 'admit' : 'update';
  return operate(
    session,
    operation,
    kept.participantId,
    (list, at) => {
      const v = verifyJoinRequest(kept.document, { list, intent: terms.intent }, at);
      if (!v.ok) return v;
      const request = v.value.payload;
      return terms.intent === 'add'
        ? admitParticipant(list, request, {
            validFrom: at.toISOString(),
            validUntil: new Date(at.getTime() + terms.validDays * DAY).toISOString(),
            ...(terms.declarationAuthority === undefined ? {} : { declarationAuthority: terms.declarationAuthority }),
          })
        : updateParticipant(list, request, at, new Date(at.getTime() + terms.overlapDays * DAY));
    },
    now,
    { seq: kept.seq, status: 'approved', at: now.toISOString() },
  );
}

/** Decline a pending request with the person's reason (kept with it and audited). False when it was no longer pending. */
export async function declineJoinRequest(session: AnchorSession, kept: KeptJoinRequest, reason: string, now: Date): Promise<boolean> {
  const decided = await session.store.anchor.decide({ seq: kept.seq, status: 'declined', at: now.toISOString(), reason });
  if (!decided) return false;
  await session.audit('decline', kept.participantId, 'deny', [problem('JOIN_REQUEST_DECLINED', { request: kept.requestId, reason: reason.slice(0, 500) })]);
  return true;
}

/** Suspend (reversible), revoke (final) or reinstate a listed participant, as the next version of the list. */
export function changeParticipantStatus(session: AnchorSession, participantId: string, change: StatusChange, now: Date): Promise<Operated> {
  return operate(session, change, participantId, (list, at) => changeStatus(list, participantId, change, at), now);
}
