// RFC 9457 problem+json responses with a stable code and a message in the requester's language.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { message, type Lang, type MessageCode, type MessageParams } from '../i18n/index.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: MessageCode;
  detail: string;
  /** The same detail in the other language, so logs and peers can read either. */
  detailAlt?: { lang: Lang; text: string };
  instance?: string;
  errors?: { path: string; message: string }[];
}

/** Japanese unless the request prefers English (Accept-Language or ?lang=). */
export function requestLang(request: FastifyRequest): Lang {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'ja') return q;
  const accept = request.headers['accept-language'] ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ja';
}

export function problemOf(status: number, code: MessageCode, params: MessageParams, lang: Lang, extra: Partial<Problem> = {}): Problem {
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  return {
    type: `https://tsunagu.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail: message(code, params, lang),
    detailAlt: { lang: other, text: message(code, params, other) },
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
