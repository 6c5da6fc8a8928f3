// Disaster declarations received by this node: each one verified against the trust registry (issuer, authority,
// jurisdiction, period), audited, kept signed in a persistent book (src/node/declaration-book.ts) when the node has
// one, stored as a `declaration` record and from then on weighed by the access gate.
// A refused one is answered with what is wrong (422, or 403 for a missing authority), audited, and not stored.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import type { MessageCode } from '../../i18n/index.ts';
import type { Declaration } from '../../model/declaration.ts';
import type { Store } from '../../store/types.ts';
import type { DeclarationStorage } from '../../store/declaration-store.ts';
import { finishYielding } from '../../model/steps.ts';
import { activeDeclarations, verifyDeclarationSteps } from '../../trust/declaration.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import { isPublicRequester } from '../../policy/index.ts';
import { auditReason } from '../access-audit.ts';
import { problemOf, problemResponse, requestLang, sendProblem } from '../problem.ts';
import type { Authenticator } from '../requester.ts';

/** The declarations this node received and verified, kept for the access gate. */
export interface DeclarationBook {
  /**
   * Add a verified declaration. A persistent book first keeps `document` (the signed declaration as received, proof
   * included) in the store, and adds the same document once only; it resolves when the document is durable.
   */
  add(declaration: VerifiedDeclaration, document?: unknown): void | Promise<void>;
  all(): readonly VerifiedDeclaration[];
  /** In force at `now`: started, not expired, not closed, not superseded. */
  active(now: Date): VerifiedDeclaration[];
}

export interface DeclarationBookOptions {
  /** Where a persistent book keeps what it is given (src/node/declaration-book.ts loads it again at start). */
  storage?: DeclarationStorage;
  /** Declarations already verified, e.g. those reloaded at start. */
  initial?: readonly VerifiedDeclaration[];
  now?: () => Date;
}

/** A book in memory, or, with `storage`, one whose every declaration is kept in the node's store. */
export function createDeclarationBook(options: DeclarationBookOptions = {}): DeclarationBook {
  const received: VerifiedDeclaration[] = [...(options.initial ?? [])];
  const now = options.now ?? (() => new Date());
  const keepAndAdd = (storage: DeclarationStorage) => async (d: VerifiedDeclaration, document?: unknown) => {
    if (document === undefined) throw new Error(`declaration ${d.declaration.id}: a persistent book needs the signed document`);
    const { issuer, id, issuedAt } = d.declaration;
    const kept = await storage.keep({ issuer, declarationId: id, issuedAt, document, receivedAt: now().toISOString() });
    if (kept.kept) received.push(d);
  };
  return {
    add: options.storage ? keepAndAdd(options.storage) : (d) => void received.push(d),
    all: () => received,
    active: (at) => activeDeclarations(received, at),
  };
}

/** Problems that mean "this issuer may not declare this", as opposed to a document that is wrong. */
const AUTHORITY_CODES: ReadonlySet<MessageCode> = new Set<MessageCode>([
  'DECLARATION_NOT_AUTHORISED',
  'DECLARATION_AREA_OUTSIDE_JURISDICTION',
  'TRUST_PARTICIPANT_REVOKED',
  'TRUST_PARTICIPANT_SUSPENDED',
]);

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/;
const cleanId = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 150 && ID.test(v) ? v : undefined);

const DeclarationItem = Type.Object({
  declaration: Type.Object({}, { additionalProperties: true, description: 'the declaration (model Declaration)' }),
  issuerRole: Type.String(),
  active: Type.Boolean({ description: 'in force now and weighed by the access gate' }),
});

export interface DeclarationRouteOptions {
  store: Store;
  registry: TrustRegistry;
  book: DeclarationBook;
  auditLog: Pick<AuditLogWriter, 'append'>;
  authenticate: Authenticator;
  now?: () => Date;
}

/** What receiving a declaration came to: kept and in the book, or refused with the trust problems and an HTTP status. */
export type DeclarationReceipt =
  | { ok: true; recordId: string; declaration: Declaration; active: boolean }
  | { ok: false; status: 403 | 422 | 503; problems: readonly { code: MessageCode; field?: string }[] };

export interface DeclarationReceiverOptions {
  store: Store;
  registry: TrustRegistry;
  book: DeclarationBook;
  auditLog: Pick<AuditLogWriter, 'append'>;
  now?: () => Date;
}

/**
 * Verify, audit, keep and store one signed declaration. The one path every declaration takes into a node: one a peer
 * sent, and one the node's own operator issued (src/node/operator/declare-routes.ts), so both are weighed alike.
 * `sender` is the verified participant that delivered it, when known.
 */
export function createDeclarationReceiver(options: DeclarationReceiverOptions) {
  const { store, registry, book, auditLog } = options;
  const now = options.now ?? (() => new Date());
  return async (document: unknown, sender: string | undefined, requestId: string): Promise<DeclarationReceipt> => {
    const at = now();
    // A declaration may carry an area: its rings are checked in slices, the event loop free in between.
    const verified = await finishYielding(verifyDeclarationSteps(document, registry, at));
    const claimed = (document as { payload?: { issuer?: unknown; id?: unknown } } | undefined)?.payload;
    const base: Omit<AuditEntryDraft, 'decision' | 'reasons' | 'recordCount'> = {
      kind: 'declaration-received',
      requester: sender ?? (cleanId(claimed?.issuer) ? `unverified:${String(claimed?.issuer)}` : 'unverified:unknown'),
      purpose: 'disaster-declaration',
      action: 'declare',
      dataset: 'declarations',
      fields: [],
      requestId,
    };
    if (!verified.ok) {
      const declarationId = cleanId(claimed?.id);
      await auditLog.append([
        {
          ...base,
          ...(declarationId ? { declarationId } : {}),
          recordCount: 0,
          decision: 'deny',
          reasons: verified.problems.slice(0, 100).map((p) => auditReason({ code: p.code, params: p.field !== undefined ? { ...p.params, field: p.field } : p.params })),
        },
      ]);
      const status = verified.problems.some((p) => AUTHORITY_CODES.has(p.code)) ? 403 : 422;
      return { ok: false, status, problems: verified.problems };
    }
    const d = verified.value.declaration;
    const recordId = `${d.issuer}:${d.id}`;
    const appended = await auditLog.append([
      {
        ...base,
        requester: sender ?? d.issuer,
        declarationId: d.id,
        recordIds: [recordId],
        recordCount: 1,
        decision: 'allow',
        reasons: [{ code: 'NODE_DECLARATION_RECEIVED', params: { declaration: d.id, issuer: d.issuer } }],
      },
    ]);
    if (!appended.ok) return { ok: false, status: 503, problems: [{ code: 'NODE_AUDIT_UNAVAILABLE' }] };
    // Kept with its proof first (a persistent book), so what the gate weighs can be verified again after a restart.
    await book.add(verified.value, document);
    await store.upsert([
      {
        id: recordId,
        type: 'declaration',
        sourceNode: d.issuer,
        observedAt: d.issuedAt,
        quality: { level: 'verified' },
        lineage: [{ activity: 'federated', sourceNode: d.issuer, recordId: d.id, at: at.toISOString() }],
        data: d,
      },
    ]);
    const active = book.active(at).some((v) => v.declaration.id === d.id && v.declaration.issuer === d.issuer);
    return { ok: true, recordId, declaration: d, active };
  };
}
export type DeclarationReceiver = ReturnType<typeof createDeclarationReceiver>;

export const declarationRoutes: FastifyPluginAsyncTypebox<DeclarationRouteOptions> = async (app, options) => {
  const { book, authenticate } = options;
  const now = options.now ?? (() => new Date());
  const receive = createDeclarationReceiver(options);

  app.post(
    '/api/v1/declarations',
    {
      schema: {
        tags: ['declarations'],
        summary: 'Receive a signed disaster declaration (災害宣言の受信)',
        description:
          'The body is a declaration signed by its issuer (src/trust signDeclaration). It is verified against the trust ' +
          'list — issuer in good standing, allowed to declare, areas within its jurisdiction, in force — then audited, ' +
          'stored and used by the access gate. 署名付きの災害宣言を検証して受け付けます。',
        body: Type.Unknown({ description: 'a signed declaration: { payload, proof }' }),
        response: {
          201: Type.Object({ recordId: Type.String(), declaration: Type.Object({}, { additionalProperties: true }), active: Type.Boolean() }),
          401: problemResponse('a signature on the request that did not verify'),
          403: problemResponse('the issuer may not declare this (authority, jurisdiction, standing)'),
          422: problemResponse('the declaration is malformed, wrongly signed or out of its period'),
        },
      },
    },
    async (request, reply) => {
      const lang = requestLang(request);
      const who = await authenticate(request);
      if (!who.ok) return sendProblem(reply, who.problem);
      const sender = isPublicRequester(who.value.requester) ? undefined : who.value.requester.id;
      const receipt = await receive(request.body, sender, request.id);
      if (!receipt.ok) {
        if (receipt.status === 503) return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
        const detail = receipt.problems.map((p) => p.code).join(', ');
        return sendProblem(
          reply,
          problemOf(receipt.status, 'NODE_DECLARATION_INVALID', { detail }, lang, {
            requestId: request.id,
            errors: receipt.problems.map((p) => ({ path: p.field ?? '', message: p.code })),
          }),
        );
      }
      return reply.code(201).send({ recordId: receipt.recordId, declaration: receipt.declaration, active: receipt.active });
    },
  );

  app.get(
    '/api/v1/declarations',
    {
      schema: {
        tags: ['declarations'],
        summary: 'Declarations this node received and verified (受信した災害宣言)',
        response: { 200: Type.Object({ items: Type.Array(DeclarationItem) }) },
      },
    },
    async () => {
      const active = new Set(book.active(now()));
      return { items: book.all().map((v) => ({ declaration: v.declaration, issuerRole: v.issuerRole, active: active.has(v) })) };
    },
  );
};
