// The persistent declaration book: at start, every signed declaration the node kept is verified again against the
// trust list in force now; those that still verify are weighed by the access gate as before the restart, the others
// are left out and the refusal is audited. Declarations received from then on are kept as they arrive.
import { randomUUID } from 'node:crypto';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { auditReason } from './access-audit.ts';
import type { DeclarationStorage } from '../store/declaration-store.ts';
import { verifyDeclaration } from '../trust/declaration.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem, VerifiedDeclaration } from '../trust/verified.ts';
import { createDeclarationBook, type DeclarationBook } from './routes/declarations.ts';

export interface LoadDeclarationBookOptions {
  storage: DeclarationStorage;
  registry: TrustRegistry;
  /** Each declaration left out is audited here (kind `declaration-received`, action `reload`, decision `deny`). */
  auditLog?: Pick<AuditLogWriter, 'append'>;
  now?: () => Date;
}

export interface DroppedDeclaration {
  issuer: string;
  declarationId: string;
  documentSha256: string;
  problems: TrustProblem[];
}

export interface LoadedDeclarationBook {
  book: DeclarationBook;
  /** Verified again and in the book (expired ones included: they still end what they superseded). */
  loaded: VerifiedDeclaration[];
  /** Left out, with why. */
  dropped: DroppedDeclaration[];
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/;
const auditId = (v: string, fallback: string) => (v.length <= 150 && ID.test(v) ? v : fallback);

/**
 * The time to verify a kept declaration at: now, or for one that has expired since, the last moment it was in force.
 * An expired declaration still counts for its supersessions (an older declaration it replaced must not come back to
 * life after a restart), so expiry alone does not leave it out; its issuer's listing and signature are checked
 * against the current registry all the same.
 */
function verificationTime(document: unknown, now: Date): Date {
  const expiresAt = Date.parse(String((document as { payload?: { expiresAt?: unknown } } | null)?.payload?.expiresAt ?? ''));
  return Number.isFinite(expiresAt) && expiresAt <= now.getTime() ? new Date(expiresAt - 1) : now;
}

/** Load the kept declarations, verified again, into a book that keeps every declaration added to it. */
export async function loadDeclarationBook(options: LoadDeclarationBookOptions): Promise<LoadedDeclarationBook> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const loaded: VerifiedDeclaration[] = [];
  const dropped: DroppedDeclaration[] = [];
  for (const kept of await options.storage.list()) {
    const verified = verifyDeclaration(kept.document, options.registry, verificationTime(kept.document, at));
    if (verified.ok) loaded.push(verified.value);
    else dropped.push({ issuer: kept.issuer, declarationId: kept.declarationId, documentSha256: kept.documentSha256, problems: verified.problems });
  }
  if (options.auditLog && dropped.length > 0) {
    const requestId = `reload-${randomUUID()}`;
    const drafts: AuditEntryDraft[] = dropped.map((d) => ({
      kind: 'declaration-received',
      requester: auditId(d.issuer, 'unknown'),
      purpose: 'disaster-declaration',
      action: 'reload',
      dataset: 'declarations',
      fields: [],
      recordCount: 0,
      declarationId: auditId(d.declarationId, 'unknown'),
      decision: 'deny',
      reasons: [
        auditReason({ code: 'NODE_DECLARATION_NOT_RELOADED', params: { declaration: d.declarationId, issuer: d.issuer, reasons: d.problems.map((p) => p.code).join(', ') } }),
        ...d.problems.slice(0, 99).map((p) => auditReason({ code: p.code, params: p.field !== undefined ? { ...p.params, field: p.field } : p.params })),
      ],
      requestId,
    }));
    const appended = await options.auditLog.append(drafts);
    if (!appended.ok) throw new Error(`declarations left out at start could not be audited: ${appended.problems.map((p) => p.code).join(', ')}`);
  }
  return { book: createDeclarationBook({ storage: options.storage, initial: loaded, now }), loaded, dropped };
}
