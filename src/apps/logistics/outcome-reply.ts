// A service outcome as the logistics routes answer it: the value with its status, or problem+json in the reader's
// language (the application's own codes from its catalog, the node's codes from the node's).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf, requestLang, sendProblem, type MessageCode } from '../../node/application/index.ts';
import { logisticsMessages } from './messages.ts';
import type { ServiceOutcome } from './plan-service.ts';

export function sendOutcome<T>(request: FastifyRequest, reply: FastifyReply, outcome: ServiceOutcome<T>, status = 200): FastifyReply {
  if (outcome.ok) return reply.code(status).send(outcome.value);
  const lang = requestLang(request);
  const errors = outcome.errors?.map((e) => ({ path: e.path, message: typeof e.message === 'string' ? e.message : e.message[lang] }));
  const extra = { requestId: request.id, ...(errors ? { errors } : {}) };
  const problem = Object.hasOwn(logisticsMessages.catalog, outcome.code)
    ? logisticsMessages.problem(outcome.status, outcome.code as keyof typeof logisticsMessages.catalog, outcome.params, lang, extra)
    : problemOf(outcome.status, outcome.code as MessageCode, outcome.params, lang, extra);
  return sendProblem(reply, problem);
}
