// One `tsunagu trust` operation on an anchor's directory: open its database and audit log with its key, apply one
// change to the current list, and — only when the change is allowed — sign the next version, keep it, publish it and
// audit it. A refused change keeps nothing but its audit entry.
import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { message } from '../i18n/index.ts';
import { openStore } from '../store/open-store.ts';
import type { JoinDecision } from '../store/anchor-store.ts';
import type { Store } from '../store/types.ts';
import { anchorSigningKid, nextPublication } from '../trust/anchor-book.ts';
import { anchorPaths, anchorSigners, readAnchorFile, writeJsonFile, type AnchorFile, type AnchorPaths } from '../trust/anchor-files.ts';
import type { NodeSigner } from '../trust/keys.ts';
import { problem } from '../trust/problems.ts';
import { signTrustList, type SignedTrustList, type TrustList } from '../trust/trust-list.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import type { TrustProblem, Verification } from '../trust/verified.ts';
import type { CliContext } from './context.ts';

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

export function renderProblems(ctx: CliContext, problems: readonly TrustProblem[]): void {
  for (const p of problems) ctx.io.err(`  - ${p.field ? `${p.field}: ` : ''}${message(p.code, p.params, ctx.lang)}`);
}

function auditParams(p: TrustProblem): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries({ ...p.params, ...(p.field ? { field: p.field } : {}) })) {
    params[k] = typeof v === 'number' || typeof v === 'boolean' ? v : String(v).slice(0, 1000);
  }
  return params;
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
      const draft: AuditEntryDraft = {
        kind: 'admin',
        requester: 'operator:cli',
        purpose: 'trust-administration',
        action: operation,
        dataset: 'trust-list',
        fields: [],
        recordCount: 0,
        recordIds: [subject],
        decision,
        reasons: reasons.slice(0, 100).map((p) => ({ code: p.code, params: auditParams(p) })),
        requestId: `${anchor.value.anchorId}-${operation}-${randomUUID()}`,
      };
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

/** Print the outcome of an operation in the reader's language; sets exit code 1 on refusal. */
export function report(ctx: CliContext, operation: string, outcome: Operated, file: string): void {
  if (!outcome.ok) {
    ctx.io.err(message('ANCHOR_OPERATION_REFUSED', { operation }, ctx.lang));
    renderProblems(ctx, outcome.problems);
    ctx.setExitCode(1);
    return;
  }
  const l = outcome.list.payload;
  ctx.io.out(message('ANCHOR_LIST_PUBLISHED', { trustList: l.id, version: l.version ?? 1, file, participants: l.entries.length, nextUpdate: l.nextUpdate }, ctx.lang));
}
