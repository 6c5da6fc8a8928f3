// Building trust problems: schema problems named by field, and the checks every signed trust document shares
// (well-formed, of the expected kind, not dated in the future).
import type { TSchema, Static } from '@sinclair/typebox';
import { finish, type Steps } from '../model/steps.ts';
import { validateSteps, type ValidationProblem } from '../model/validate.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { DocumentType, Signed } from './signed-document.ts';
import type { TrustProblem, Verification } from './verified.ts';

/**
 * Tolerated difference between clocks for "not yet valid" checks (signature dates, issue dates, start dates).
 * Expiry is never stretched: a document expires on time whatever the clocks say.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function problem(code: MessageCode, params: MessageParams = {}, field?: string): TrustProblem {
  return field === undefined ? { code, params } : { code, params, field };
}

export function refused<T>(...problems: TrustProblem[]): Verification<T> {
  return { ok: false, problems };
}

/** `/payload/areas/0` → `payload.areas[0]`; the whole document is `(document)`. */
export function fieldOf(pointer: string): string {
  if (pointer === '' || pointer === '/') return '(document)';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`), '');
}

export function schemaProblems(problems: readonly ValidationProblem[], code: MessageCode = 'TRUST_DOCUMENT_MALFORMED', extra: MessageParams = {}): TrustProblem[] {
  // TypeBox reports a union mismatch once per branch; one line per field is enough for a person.
  const seen = new Set<string>();
  const out: TrustProblem[] = [];
  for (const p of problems) {
    const field = fieldOf(p.path);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push(problem(code, { ...extra, field, detail: p.message }, field));
  }
  return out;
}

/** Validate a signed document's shape (before any other check) and its declared kind. */
export function checkSignedDocument<S extends TSchema>(
  schema: S,
  doc: unknown,
  expectedType: DocumentType,
): Verification<Static<S> & Signed<unknown>> {
  return finish(checkSignedDocumentSteps(schema, doc, expectedType));
}

/** `checkSignedDocument` as steps (src/model/steps.ts): a document holding an area has its rings checked in pieces. */
export function* checkSignedDocumentSteps<S extends TSchema>(
  schema: S,
  doc: unknown,
  expectedType: DocumentType,
): Steps<Verification<Static<S> & Signed<unknown>>> {
  const v = yield* validateSteps(schema, doc);
  if (!v.ok) return refused(...schemaProblems(v.problems));
  const signed = v.value as Static<S> & Signed<unknown>;
  if (signed.proof.type !== expectedType) {
    return refused(problem('TRUST_DOCUMENT_TYPE', { expected: expectedType, actual: signed.proof.type ?? '' }, 'proof.type'));
  }
  return { ok: true, value: signed };
}

export function time(iso: string): number {
  return Date.parse(iso);
}

/** A signature dated later than now (beyond clock skew) cannot have been made yet. */
export function proofFromFuture(created: string, now: Date): TrustProblem | undefined {
  return time(created) > now.getTime() + CLOCK_SKEW_MS ? problem('TRUST_PROOF_FROM_FUTURE', { created }, 'proof.created') : undefined;
}
