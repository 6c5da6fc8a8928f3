// Who is asking the node: the seam between authentication and the access gate. Today no request is authenticated,
// so every requester is the anonymous public; signed-request authentication (federation) plugs in an Authenticator
// that proves a participant — through trust verification only, since nothing else can mint a VerifiedParticipant.
import type { FastifyRequest } from 'fastify';
import { PUBLIC_REQUESTER, type DelegatedRequest, type Requester } from '../policy/index.ts';
import type { Problem } from './problem.ts';

/** The requester as authentication established it, with a delegation when a participant acts for another. */
export interface AuthenticatedRequester {
  requester: Requester;
  /** Only a verified participant can act for another; the policy decides whether the delegation applies. */
  onBehalfOf?: DelegatedRequest;
}

/**
 * A request that carries credentials which fail verification is answered with the problem (401 / 403), never
 * demoted to the public: a participant that meant to sign must learn its signature did not count.
 */
export type AuthenticationOutcome = { ok: true; value: AuthenticatedRequester } | { ok: false; problem: Problem };

export type Authenticator = (request: FastifyRequest) => Promise<AuthenticationOutcome>;

/** Until signed requests exist: everyone is the anonymous public, and only public permits can apply. */
export const publicOnly: Authenticator = async () => ({ ok: true, value: { requester: PUBLIC_REQUESTER } });
