// RFC 9457 problem+json responses with a stable code and a message in the requester's language.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { message, registeredMessage, type Lang, type MessageCode, type MessageParams } from '../i18n/index.ts';

/** One reason of a policy decision, in the requester's language. */
export interface ProblemReason {
  code: string;
  message: string;
  permitId?: string;
  policyId?: string;
}

/** The parameters a problem's message was rendered with: kept beside it (never sent) so its audit entry can carry them. */
export const PROBLEM_PARAMS: unique symbol = Symbol('problem params');

export interface Problem {
  [PROBLEM_PARAMS]?: MessageParams;
  type: string;
  title: string;
  status: number;
  /** The core's code or a registered application's (src/node/application). */
  code: string;
  detail: string;
  /** The same detail in the other language, so logs and peers can read either. */
  detailAlt?: { lang: Lang; text: string };
  instance?: string;
  errors?: { path: string; message: string }[];
  /** For a policy denial: each reason of the decision. */
  reasons?: ProblemReason[];
  /** The node's id for the request, as in its audit log. */
  requestId?: string;
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable problem code, e.g. NODE_ACCESS_DENIED' }),
    detail: Type.String({ description: "in the requester's language (Accept-Language or ?lang=; Japanese by default)" }),
    detailAlt: Type.Optional(Type.Object({ lang: Type.Union([Type.Literal('ja'), Type.Literal('en')]), text: Type.String() })),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    reasons: Type.Optional(
      Type.Array(
        Type.Object({
          code: Type.String(),
          message: Type.String(),
          permitId: Type.Optional(Type.String()),
          policyId: Type.Optional(Type.String()),
        }),
        { description: 'for a policy denial: why, one reason per entry' },
      ),
    ),
    requestId: Type.Optional(Type.String({ description: "the request's id in the provider's audit log" })),
  },
  { description: 'RFC 9457 problem details' },
);

/** A response schema entry for a problem status, served as application/problem+json. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** Japanese unless the request prefers English (Accept-Language, ?lang=, or `lang` in a JSON body). */
export function requestLang(request: FastifyRequest): Lang {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'ja') return q;
  const b = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>).lang : undefined;
  if (b === 'en' || b === 'ja') return b;
  const accept = request.headers['accept-language'] ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}

function problemWith(status: number, code: string, params: MessageParams, text: (lang: Lang) => string, lang: Lang, extra: Partial<Problem>): Problem {
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  return {
    [PROBLEM_PARAMS]: params,
    type: `https://tsunagu.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail: text(lang),
    detailAlt: { lang: other, text: text(other) },
    ...extra,
  };
}

export function problemOf(status: number, code: MessageCode, params: MessageParams, lang: Lang, extra: Partial<Problem> = {}): Problem {
  return problemWith(status, code, params, (l) => message(code, params, l), lang, extra);
}

/** A problem with a code of a registered application catalog (the application types its own codes). */
export function registeredProblemOf(status: number, code: string, params: MessageParams, lang: Lang, extra: Partial<Problem> = {}): Problem {
  return problemWith(status, code, params, (l) => registeredMessage(code, params, l), lang, extra);
}

const sentParams = new WeakMap<FastifyRequest, MessageParams>();

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  const params = problem[PROBLEM_PARAMS];
  if (params !== undefined) sentParams.set(reply.request, params);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** The parameters of the problem this request was answered with, for the audit entry of the refusal. */
export function sentProblemParams(request: FastifyRequest): MessageParams | undefined {
  return sentParams.get(request);
}

/** Whether a value a resolving step returned is the problem it refused with. */
export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'status' in x && 'code' in x && 'type' in x;
}
