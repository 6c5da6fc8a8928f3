import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { declarationDocumentHash, type DeclarationStorage, type KeptDeclaration } from '../store/declaration-store.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/types.ts';
import { verifyDeclaration, type SignedDeclaration } from '../trust/declaration.ts';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { signTrustList, type TrustListEntry } from '../trust/trust-list.ts';
import { createTrustRegistry, type TrustRegistry } from '../trust/trust-registry.ts';
import { loadDeclarationBook } from './declaration-book.ts';
import { createDeclarationBook } from './routes/declarations.ts';

const HOUR = 3_600_000;
const now = new Date('2026-03-01T00:00:00Z');
const trust = buildTestTrust(now);
const ISHIKAWA = trust.participants.ishikawa.id;
const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();

/** The test registry with Ishikawa's listing changed (or removed with `undefined`), re-signed as a newer list. */
function registryWith(change: (entry: TrustListEntry) => TrustListEntry | undefined): TrustRegistry {
  const payload = trust.trustList.payload;
  const entries = payload.entries.flatMap((e) => (e.participant.id === ISHIKAWA ? [change(e)].filter((x): x is TrustListEntry => x !== undefined) : [e]));
  const signed = signTrustList({ ...payload, issuedAt: iso(-HOUR), entries }, trust.anchor.signer, new Date(now.getTime() - HOUR));
  return createTrustRegistry(trust.config, [signed], now).registry;
}

/** Kept declarations in memory, like the store's table (same document kept once). */
function memoryStorage(): DeclarationStorage {
  const kept: KeptDeclaration[] = [];
  return {
    async keep(d) {
      const documentSha256 = declarationDocumentHash(d.document);
      if (kept.some((k) => k.documentSha256 === documentSha256)) return { kept: false, documentSha256 };
      kept.push({ ...d, seq: kept.length + 1, documentSha256, document: JSON.parse(JSON.stringify(d.document)) as unknown });
      return { kept: true, documentSha256 };
    },
    list: async () => [...kept],
  };
}

/** An audit log that keeps the drafts it is given. */
function draftLog(): Pick<AuditLogWriter, 'append'> & { drafts: AuditEntryDraft[] } {
  const drafts: AuditEntryDraft[] = [];
  return { drafts, append: async (d) => (drafts.push(...d), { ok: true, entries: [] }) };
}

let store: { declarations: DeclarationStorage };
beforeEach(() => {
  store = { declarations: memoryStorage() };
});

async function receive(doc: SignedDeclaration, at = now): Promise<void> {
  const book = createDeclarationBook({ storage: store.declarations, now: () => at });
  const v = verifyDeclaration(doc, trust.registry, at);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  await book.add(v.value, doc);
}

describe('persistent declaration book', () => {
  it('weighs a kept declaration again after a restart', async () => {
    const doc = trust.declare('ishikawa');
    await receive(doc);
    const { book, loaded, dropped } = await loadDeclarationBook({ storage: store.declarations, registry: trust.registry, now: () => now });
    expect(dropped).toEqual([]);
    expect(loaded.map((v) => v.declaration)).toEqual([doc.payload]);
    expect(book.active(now).map((v) => v.declaration.id)).toEqual([doc.payload.id]);
  });

  it('keeps the same document once, however often it is received', async () => {
    const doc = trust.declare('ishikawa');
    const book = createDeclarationBook({ storage: store.declarations });
    const v = verifyDeclaration(doc, trust.registry, now);
    if (!v.ok) throw new Error('does not verify');
    await book.add(v.value, doc);
    await book.add(v.value, JSON.parse(JSON.stringify(doc)) as unknown);
    expect(book.all()).toHaveLength(1);
    expect(await store.declarations.list()).toHaveLength(1);
  });

  it('refuses to add to a persistent book without the signed document', async () => {
    const book = createDeclarationBook({ storage: store.declarations });
    await expect(Promise.resolve(book.add(trust.verifiedDeclaration('ishikawa')))).rejects.toThrow(/signed document/);
  });

  it.each([
    ['removed from the trust list', registryWith(() => undefined), 'TRUST_PARTICIPANT_UNKNOWN'],
    ['revoked', registryWith((e) => ({ ...e, status: 'revoked', revokedAt: iso(-60_000) })), 'TRUST_PARTICIPANT_REVOKED'],
    ['no longer allowed to declare', registryWith((e) => ({ ...e, declarationAuthority: false })), 'DECLARATION_NOT_AUTHORISED'],
  ])('leaves out, and audits, a declaration whose issuer was %s', async (_what, registry, code) => {
    const doc = trust.declare('ishikawa');
    await receive(doc);
    const log = draftLog();
    const { book, dropped } = await loadDeclarationBook({ storage: store.declarations, registry, auditLog: log, now: () => now });
    expect(book.all()).toEqual([]);
    expect(dropped).toMatchObject([{ issuer: ISHIKAWA, declarationId: doc.payload.id }]);
    expect(dropped[0]!.problems.map((p) => p.code)).toContain(code);
    expect(log.drafts).toHaveLength(1);
    expect(log.drafts[0]).toMatchObject({ kind: 'declaration-received', decision: 'deny', action: 'reload', requester: ISHIKAWA, declarationId: doc.payload.id });
    expect(log.drafts[0]!.reasons.map((r) => r.code)).toEqual(['NODE_DECLARATION_NOT_RELOADED', ...dropped[0]!.problems.map((p) => p.code)]);
  });

  it('leaves out a kept document whose signature no longer verifies', async () => {
    const doc = trust.declare('ishikawa');
    const forged = { ...doc, payload: { ...doc.payload, phase: 'recovery' } };
    await store.declarations.keep({ issuer: ISHIKAWA, declarationId: doc.payload.id, issuedAt: doc.payload.issuedAt, document: forged, receivedAt: now.toISOString() });
    const { loaded, dropped } = await loadDeclarationBook({ storage: store.declarations, registry: trust.registry, now: () => now });
    expect(loaded).toEqual([]);
    expect(dropped[0]!.problems.map((p) => p.code)).toEqual(['TRUST_SIGNATURE_INVALID']);
  });

  it('keeps an expired declaration superseding an older one, so the older one does not come back after a restart', async () => {
    const older = trust.declare('ishikawa', { id: 'noto-1', issuedAt: iso(-2 * HOUR), expiresAt: iso(48 * HOUR) });
    const newer = trust.declare('ishikawa', { id: 'noto-2', supersedes: 'noto-1', phase: 'recovery', issuedAt: iso(-HOUR), expiresAt: iso(HOUR) });
    await receive(older);
    await receive(newer);
    const later = new Date(now.getTime() + 2 * HOUR);
    const { book, loaded } = await loadDeclarationBook({ storage: store.declarations, registry: trust.registry, now: () => later });
    expect(loaded.map((v) => v.declaration.id)).toEqual(['noto-1', 'noto-2']);
    expect(book.active(later)).toEqual([]);
  });
});

describe("the store's kept declarations", () => {
  let db: Store;
  beforeAll(async () => {
    db = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('gives back each signed document as it was kept, proof included, once, in arrival order', async () => {
    const first = trust.declare('ishikawa');
    const second = trust.declare('nanao');
    const draft = (doc: SignedDeclaration) => ({ issuer: doc.payload.issuer, declarationId: doc.payload.id, issuedAt: doc.payload.issuedAt, document: doc, receivedAt: now.toISOString() });
    expect((await db.declarations.keep(draft(first))).kept).toBe(true);
    expect((await db.declarations.keep(draft(second))).kept).toBe(true);
    expect((await db.declarations.keep(draft(first))).kept).toBe(false);
    const kept = await db.declarations.list();
    expect(kept.map((k) => k.document)).toEqual([first, second]);
    expect(kept[0]).toMatchObject({ issuer: ISHIKAWA, declarationId: first.payload.id, documentSha256: declarationDocumentHash(first) });
    expect(Date.parse(kept[0]!.issuedAt)).toBe(Date.parse(first.payload.issuedAt));
  });
});
