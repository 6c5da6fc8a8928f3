// Whether a queued message may still leave for its recipient: every push was decided when it was queued, but the trust
// list can change while it waits (a network cut, back-off). A recipient the list now marks revoked gets nothing (the
// message is dead-lettered; an operator's retry decides again); one suspended or whose listing lapsed is held (retried
// later, as when unreachable). A recipient the list does not know (an anchor keeping audit checkpoints) is not judged here.
import type { DeliveryResult } from '../federation/outbox.ts';
import { standingProblems, type TrustRegistry } from '../trust/trust-registry.ts';

/** Why a message must not go to `peer` now, as the outbox's delivery result; undefined when it may go. */
export function recipientHold(registry: TrustRegistry, peer: string, now: Date): Extract<DeliveryResult, { ok: false }> | undefined {
  const listed = registry.participants.get(peer);
  if (!listed) return undefined;
  const codes = standingProblems(listed, now).map((p) => p.code);
  if (codes.includes('TRUST_PARTICIPANT_REVOKED')) return { ok: false, retry: false, reason: 'not sent: recipient TRUST_PARTICIPANT_REVOKED' };
  const held = codes.find((c) => c === 'TRUST_PARTICIPANT_SUSPENDED' || c === 'TRUST_PARTICIPANT_EXPIRED' || c === 'TRUST_PARTICIPANT_NOT_YET_VALID');
  return held ? { ok: false, retry: true, reason: `held: recipient ${held}` } : undefined;
}
