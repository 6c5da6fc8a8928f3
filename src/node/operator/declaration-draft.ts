// What an operator may declare, and the declaration an operator's order comes to: checked against the node's own
// listing in the trust list (allowed to declare, in good standing, areas within its jurisdiction) before anything
// is signed, so a refusal says what to do instead of surfacing as a signature that every peer turns down.
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { parseAreaCode } from '../../model/area-code.ts';
import type { Hazard, Phase } from '../../model/codes.ts';
import type { Declaration } from '../../model/declaration.ts';
import { mayDeclare } from '../../trust/declaration.ts';
import { areasOutside } from '../../trust/jurisdiction.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';

/** What the operator asked for in the console. */
export interface DeclarationOrder {
  hazard: Hazard;
  phase: Phase;
  areas: readonly string[];
  /** How long it is in force from now. */
  validHours: number;
  title: { ja: string; en: string };
}

export type DraftRefusal = { status: 403 | 422; code: MessageCode; params: MessageParams; field?: string };
export type DraftOutcome = { ok: true; declaration: Declaration } | ({ ok: false } & DraftRefusal);

/** An area the operator may name, with the participant whose jurisdiction is exactly that area. */
export interface NamedArea {
  code: string;
  name: { ja: string; en: string };
}

export type DeclaringAuthority =
  | { kind: 'may-declare'; jurisdiction: readonly string[]; areas: NamedArea[] }
  | { kind: 'may-not-declare'; code: MessageCode; params: MessageParams };

const nameOfListed = (registry: TrustRegistry, id: string): { ja: string; en: string } => {
  const n = registry.participants.get(id)?.entry.participant.name;
  return { ja: n?.ja ?? n?.en ?? id, en: n?.en ?? n?.ja ?? id };
};

/**
 * Whether `participantId` may declare now, and the areas it may name: its jurisdiction, and each municipality or
 * prefecture in the trust list whose jurisdiction is one area inside it (so a prefecture can declare for one city).
 */
export function declaringAuthorityOf(registry: TrustRegistry, participantId: string, now: Date): DeclaringAuthority {
  const listed = registry.participants.get(participantId)?.entry;
  if (!listed) return { kind: 'may-not-declare', code: 'OPERATOR_DECLARE_NOT_LISTED', params: { participant: participantId } };
  const inForce = listed.status === 'active' && Date.parse(listed.validFrom) <= now.getTime() && now.getTime() < Date.parse(listed.validUntil);
  if (!inForce) return { kind: 'may-not-declare', code: 'OPERATOR_DECLARE_NOT_IN_GOOD_STANDING', params: { participant: participantId, status: listed.status } };
  if (!mayDeclare(listed)) {
    return { kind: 'may-not-declare', code: 'OPERATOR_MAY_NOT_DECLARE', params: { participant: participantId, role: listed.participant.role } };
  }
  const jurisdiction = listed.participant.jurisdiction;
  const areas = new Map<string, NamedArea>();
  const authorityOf = new Map<string, string>();
  for (const [id, { entry }] of registry.participants) {
    const p = entry.participant;
    if ((p.role === 'municipality' || p.role === 'prefecture') && p.jurisdiction.length === 1 && !authorityOf.has(p.jurisdiction[0]!)) {
      authorityOf.set(p.jurisdiction[0]!, id);
    }
  }
  for (const code of jurisdiction) areas.set(code, { code, name: nameOfListed(registry, authorityOf.get(code) ?? participantId) });
  for (const [code, id] of authorityOf) {
    if (!areas.has(code) && areasOutside([code], jurisdiction).length === 0) areas.set(code, { code, name: nameOfListed(registry, id) });
  }
  return { kind: 'may-declare', jurisdiction, areas: [...areas.values()] };
}

/**
 * The areas an order names, read and de-duplicated, each within `jurisdiction`; or the first that is not, refused
 * with `outsideCode` (a declaration and a request for one say different things about what to do instead).
 */
export function areasWithin(
  raw: readonly string[],
  jurisdiction: readonly string[],
  outsideCode: MessageCode,
): { ok: true; areas: string[] } | ({ ok: false } & DraftRefusal) {
  const areas: string[] = [];
  for (const [i, value] of raw.entries()) {
    const parsed = parseAreaCode(value.trim());
    if (!parsed.ok) return { ok: false, status: 422, code: 'OPERATOR_DECLARATION_AREA_INVALID', params: { value }, field: `areas[${i}]` };
    if (!areas.includes(parsed.value)) areas.push(parsed.value);
  }
  if (areas.length === 0) return { ok: false, status: 422, code: 'OPERATOR_DECLARATION_AREA_INVALID', params: { value: '' }, field: 'areas' };
  const outside = areasOutside(areas, jurisdiction);
  if (outside.length > 0) {
    return { ok: false, status: 403, code: outsideCode, params: { areas: outside.join(', '), jurisdiction: jurisdiction.join(', ') }, field: 'areas' };
  }
  return { ok: true, areas };
}

/** The declaration an order comes to, issued by `issuer` at `now` under `id`; or why it may not be issued. */
export function draftDeclaration(order: DeclarationOrder, authority: DeclaringAuthority, issuer: string, id: string, now: Date): DraftOutcome {
  if (authority.kind === 'may-not-declare') return { ok: false, status: 403, code: authority.code, params: authority.params };
  const within = areasWithin(order.areas, authority.jurisdiction, 'OPERATOR_DECLARATION_AREA_OUTSIDE_JURISDICTION');
  if (!within.ok) return within;
  const areas = within.areas;
  const title = { ja: order.title.ja.trim(), en: order.title.en.trim() };
  if (title.ja === '' || title.en === '') return { ok: false, status: 422, code: 'OPERATOR_DECLARATION_TITLE_REQUIRED', params: {}, field: 'title' };
  return {
    ok: true,
    declaration: {
      id,
      issuer,
      hazard: order.hazard,
      phase: order.phase,
      areas: areas as Declaration['areas'],
      title,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + order.validHours * 3_600_000).toISOString(),
    },
  };
}
