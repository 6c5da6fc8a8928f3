// Who may be asked for a declaration, and whether a request may go: pure rules over the trust list. A request goes only
// to a participant that may declare now, runs a node and is not the requester, for areas within its jurisdiction —
// checked by the requester before anything is kept or queued, and again by the recipient when it arrives.
import type { Hazard, Phase } from '../../model/codes.ts';
import { message, type Lang } from '../../i18n/index.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import { REASON_MAX_LENGTH } from '../operator/declaration-request-schemas.ts';
import { areasWithin, declaringAuthorityOf, type DraftRefusal, type NamedArea } from '../operator/declaration-draft.ts';

/** What an operator asks for. */
export interface DeclarationRequestOrder {
  recipient: string;
  hazard: Hazard;
  phase: Phase;
  areas: readonly string[];
  reason: string;
}

/** A participant that may be asked: it may declare now, for these named areas. */
export interface DeclarationRecipient {
  participantId: string;
  name: { ja: string; en: string };
  role: string;
  jurisdiction: string[];
  areas: NamedArea[];
}

export type RequestCheck = { ok: true; areas: string[]; reason: string } | ({ ok: false } & DraftRefusal);

const nameIn = (registry: TrustRegistry, id: string) => {
  const n = registry.participants.get(id)?.entry.participant.name;
  return { ja: n?.ja ?? n?.en ?? id, en: n?.en ?? n?.ja ?? id };
};

/**
 * Every participant `self` may ask, with the areas each may declare for: those that may declare now and run a node
 * (`hasNode`), the requester excluded. Ordered narrowest first (a city before its prefecture before the nation), as
 * the authority closest to the ground is the one to ask first.
 */
export function recipientsOf(registry: TrustRegistry, self: string, now: Date, hasNode: (participantId: string) => boolean): DeclarationRecipient[] {
  const recipients: DeclarationRecipient[] = [];
  for (const [id, { entry }] of registry.participants) {
    if (id === self || !hasNode(id)) continue;
    const authority = declaringAuthorityOf(registry, id, now);
    if (authority.kind !== 'may-declare') continue;
    recipients.push({ participantId: id, name: nameIn(registry, id), role: entry.participant.role, jurisdiction: [...authority.jurisdiction], areas: authority.areas });
  }
  const breadth = (r: DeclarationRecipient) => r.areas.length;
  return recipients.sort((a, b) => breadth(a) - breadth(b) || (a.participantId < b.participantId ? -1 : 1));
}

/**
 * Whether `recipient` may be asked for these areas, as seen by `requester` (or by the recipient itself when one
 * arrives: then `requester` is the sender and the recipient checks its own listing).
 */
export function checkRequest(
  order: Pick<DeclarationRequestOrder, 'recipient' | 'areas' | 'reason'>,
  context: { registry: TrustRegistry; requester: string; now: Date; lang: Lang },
): RequestCheck {
  if (order.recipient === context.requester) return { ok: false, status: 422, code: 'DECLARATION_REQUEST_TO_SELF', params: {}, field: 'recipient' };
  const authority = declaringAuthorityOf(context.registry, order.recipient, context.now);
  if (authority.kind === 'may-not-declare') {
    const detail = message(authority.code, authority.params, context.lang);
    return { ok: false, status: 403, code: 'DECLARATION_REQUEST_RECIPIENT_MAY_NOT_DECLARE', params: { recipient: nameIn(context.registry, order.recipient)[context.lang], detail }, field: 'recipient' };
  }
  const within = areasWithin(order.areas, authority.jurisdiction, 'DECLARATION_REQUEST_AREA_OUTSIDE_JURISDICTION');
  if (!within.ok) return within;
  const reason = order.reason.trim();
  if (reason === '') return { ok: false, status: 422, code: 'DECLARATION_REQUEST_REASON_REQUIRED', params: {}, field: 'reason' };
  return { ok: true, areas: within.areas, reason: reason.slice(0, REASON_MAX_LENGTH) };
}
