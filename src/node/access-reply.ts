// Dataset reads in HTTP terms: the steps before the gate (who asks, for what purpose, which fields) and the answer
// after it — a denial as 403 problem+json with its reasons in the requester's language, an unrecorded read as 503
// with no data, an allowed answer with the terms that travel with every copy.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../i18n/index.ts';
import { message } from '../i18n/index.ts';
import type { Purpose } from '../model/index.ts';
import { builtInDatasets, renderDecision, renderDecisionOnce, type AccessDecision, type RequestedFields } from '../policy/index.ts';
import type { AggregateRelease, GatedRecord, PageRelease, Release } from './access-gate.ts';
import { purposeOfUse, requestedFields, type PurposeOfUse } from './read-params.ts';
import { isProblem, problemOf, requestLang, sendProblem, type Problem, type ProblemReason } from './problem.ts';
import type { Authenticator, AuthenticatedRequester } from './requester.ts';

export { AccessTermsSchema, type AccessTerms } from '../policy/access-terms.ts';
import type { AccessTerms } from '../policy/access-terms.ts';

export interface ReadStart {
  who: AuthenticatedRequester;
  purpose: PurposeOfUse;
  fields: RequestedFields;
  lang: Lang;
}

/** Authenticate and resolve purpose and fields; when one fails its problem is sent and undefined returned. */
export async function beginRead(
  authenticate: Authenticator,
  request: FastifyRequest,
  reply: FastifyReply,
  query: { purpose?: Purpose; fields?: string },
): Promise<ReadStart | undefined> {
  const lang = requestLang(request);
  const who = await authenticate(request);
  if (!who.ok) {
    sendProblem(reply, who.problem);
    return undefined;
  }
  const purpose = purposeOfUse(query.purpose, who.value.requester, lang);
  const fields = requestedFields(query.fields, lang);
  const problem = isProblem(purpose) ? purpose : isProblem(fields) ? fields : undefined;
  if (problem) {
    sendProblem(reply, problem);
    return undefined;
  }
  return { who: who.value, purpose: purpose as PurposeOfUse, fields: fields as RequestedFields, lang };
}

function reasonsOf(decision: AccessDecision, lang: Lang): ProblemReason[] {
  const texts = renderDecision(decision, lang);
  return decision.reasons.map((r, i) => ({
    code: r.code,
    message: texts[i] ?? r.code,
    ...(r.permitId !== undefined ? { permitId: r.permitId } : {}),
    ...(r.policyId !== undefined ? { policyId: r.policyId } : {}),
  }));
}

export function deniedProblem(decision: AccessDecision, lang: Lang): Problem {
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const datasetName = (l: Lang) => builtInDatasets.get(decision.dataset)?.label[l] ?? decision.dataset;
  const detail = (l: Lang) =>
    message('NODE_ACCESS_DENIED', { dataset: datasetName(l), reasons: renderDecisionOnce(decision, l).join(l === 'ja' ? '。' : '; ') }, l);
  return {
    ...problemOf(403, 'NODE_ACCESS_DENIED', {}, lang),
    detail: detail(lang),
    detailAlt: { lang: other, text: detail(other) },
    reasons: reasonsOf(decision, lang),
    requestId: decision.requestId,
  };
}

export function accessTerms(decision: AccessDecision, purpose: PurposeOfUse, lang: Lang): AccessTerms {
  return {
    requestId: decision.requestId,
    decision: 'allow',
    ...(decision.policy ? { policy: { id: decision.policy.id, version: decision.policy.version } } : {}),
    purpose: purpose.purpose,
    purposeStated: purpose.stated,
    retention: decision.obligations.retention,
    onwardSharing: decision.obligations.onwardSharing,
    grantedFields: [...decision.obligations.grantedFields],
    maskedFields: [...decision.obligations.maskedFields],
    reasons: reasonsOf(decision, lang).map(({ code, message: text }) => ({ code, message: text })),
  };
}

/**
 * How an allowed answer's body is written. `schema` (the default): through the route's response schema, which drops
 * what the schema does not name. `json`: as the UTF-8 bytes of `JSON.stringify(body)`, made once here and then
 * digested, signed and written as they are — for bodies whose schema names everything they hold (dataset pages of
 * open records), where the schema's serializer, the digest's encoding and the socket's encoding each went over
 * the whole text again. `text`: the body is already JSON text (a released page), sent as its UTF-8 bytes.
 */
export type BodyWriting = 'schema' | 'json' | 'text';

/** A body as JSON bytes, as Fastify's own serializer labels JSON. */
export function sendJsonBytes(reply: FastifyReply, payload: unknown): FastifyReply {
  return sendJsonText(reply, JSON.stringify(payload));
}

/** JSON text as its UTF-8 bytes, labelled as `sendJsonBytes` labels them. */
function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  reply.header('content-type', 'application/json; charset=utf-8');
  return reply.send(Buffer.from(text, 'utf8'));
}

/**
 * Answer a release: the problem for a denial or an unrecorded read, else `body` with the duties in headers as well
 * (for answers whose body has no room for them). `body` returning undefined means nothing to show: 404.
 */
export function sendRelease<R extends GatedRecord>(
  reply: FastifyReply,
  request: FastifyRequest,
  start: ReadStart,
  release: Release<R>,
  body: (released: Extract<Release<R>, { outcome: 'released' }>['records'], terms: AccessTerms) => unknown,
  notFound: string,
  writing: BodyWriting = 'schema',
): FastifyReply {
  return sendDecided(reply, request, start, release, (terms) => body(release.outcome === 'released' ? release.records : [], terms), notFound, writing);
}

/**
 * Answer a page release: `{ items, next?, access }` as JSON bytes around the page's JSON text, which is sent as the
 * database or the gate wrote it, never parsed and written again here (RecordsResponse names all it holds).
 */
export function sendReleasedPage(reply: FastifyReply, request: FastifyRequest, start: ReadStart, release: PageRelease): FastifyReply {
  const page = release.outcome === 'released' ? release.page : undefined;
  return sendDecided(
    reply, request, start, release,
    (access) => `{"items":${page?.json ?? '[]'}${page?.next !== undefined ? `,"next":${JSON.stringify(page.next)}` : ''},"access":${JSON.stringify(access)}}`,
    'records', 'text',
  );
}

/** Answer an aggregate release: the table and the terms, written as JSON bytes like a page of records. */
export function sendAggregateRelease(reply: FastifyReply, request: FastifyRequest, start: ReadStart, release: AggregateRelease): FastifyReply {
  if (release.outcome === 'too-many') {
    return sendProblem(reply, problemOf(400, 'NODE_AGGREGATE_TOO_MANY_RECORDS', { limit: release.limit }, start.lang, { requestId: request.id }));
  }
  const table = release.outcome === 'released' ? release.table : undefined;
  return sendDecided(reply, request, start, release, (access) => ({ aggregate: table, access }), 'aggregate', 'json');
}

/** What a denial, an unrecorded read and an allowed answer share, whatever the answer holds. */
function sendDecided(
  reply: FastifyReply,
  request: FastifyRequest,
  start: ReadStart,
  release: { outcome: 'released' | 'denied'; decision: AccessDecision } | { outcome: 'unrecorded'; decision: AccessDecision; failure: string },
  body: (terms: AccessTerms) => unknown,
  notFound: string,
  writing: BodyWriting,
): FastifyReply {
  const { lang } = start;
  if (release.outcome === 'unrecorded') {
    request.log.error({ requestId: request.id, failure: release.failure }, 'audit append failed; nothing released');
    return sendProblem(reply, problemOf(503, 'NODE_AUDIT_UNAVAILABLE', { requestId: request.id }, lang, { requestId: request.id }));
  }
  if (release.outcome === 'denied') return sendProblem(reply, deniedProblem(release.decision, lang));
  const terms = accessTerms(release.decision, start.purpose, lang);
  const payload = body(terms);
  if (payload === undefined) return sendProblem(reply, problemOf(404, 'HTTP_NOT_FOUND', { what: notFound }, lang, { requestId: request.id }));
  if (terms.policy) reply.header('tsunagu-policy', `${terms.policy.id};version=${terms.policy.version}`);
  reply.header('tsunagu-retention', terms.retention);
  reply.header('tsunagu-onward-sharing', String(terms.onwardSharing));
  if (writing === 'text' && typeof payload === 'string') return sendJsonText(reply, payload);
  return writing === 'json' ? sendJsonBytes(reply, payload) : reply.send(payload);
}
