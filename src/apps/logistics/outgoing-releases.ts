// This node's own decision on each logistics message it sends to another participant's node — a dispatch order, a
// shipment update, an EDXL-RM request: decided as the recipient reading what is pushed (context.access.decideRelease,
// audited allowed or denied), before the change that would queue it, so that one refusal refuses the whole change.
import { areaCode, ShipmentSchema, type Label } from '../../model/index.ts';
import type { ApplicationContext, RmMessage } from '../../node/application/index.ts';
import { DEMAND_FIELDS } from './rm-delivery.ts';
import { refusalOf } from './rm-answer-push.ts';
import { LOGISTICS_PURPOSE, type DispatchOrder, type ShipmentUpdate } from './shipment-flow.ts';

/** One message this node means to send: to whom, what it carries (by the dataset's field names), what it concerns. */
export interface LogisticsRelease {
  recipient: string;
  dataset: 'shipments' | 'demands';
  fields: readonly string[];
  recordAreas: readonly string[];
  recordIds: readonly string[];
  /** A few words kept in the audit entry: `<kind> <id> to <recipient>`. */
  what: string;
}

/** A release this node's policy (or the trust list) refused: the reasons' codes for the log, in words for the operator. */
export interface ReleaseRefusal<R extends LogisticsRelease = LogisticsRelease> {
  release: R;
  reasons: string;
  words: { ja: string; en: string };
}

/** What deciding a change's messages came to: all allowed, some refused (queue none), or the log could not record one. */
export type ReleasesDecided<R extends LogisticsRelease = LogisticsRelease> = { outcome: 'allowed' } | { outcome: 'refused'; refusals: ReleaseRefusal<R>[] } | { outcome: 'unrecorded' };

/**
 * The fields of dataset `shipments` a dispatch order or a shipment update carries: its shipment's (supplier, from, to,
 * lines, status, and route, vehicle, note where it has them). What else the payload holds (ids, parties, the stock
 * line, the transport assigned, the operator's name) is no field of the dataset, so no policy can name it.
 */
export const carriedShipmentFields = (payload: DispatchOrder | ShipmentUpdate): string[] =>
  Object.entries(payload.shipment).flatMap(([k, v]) => (v === undefined ? [] : [k]));

/** Every field a dispatch order or a shipment update may carry: what a permit grants to let all of them go. */
export const SHIPMENT_MESSAGE_FIELDS: readonly string[] = Object.keys(ShipmentSchema.properties);

/** The demand fields the lines of RequestResource messages carry (a subset of DEMAND_FIELDS), and the areas they name. */
export function carriedByRequests(messages: readonly RmMessage[]): { fields: string[]; areas: string[] } {
  const fields = new Set<string>();
  const areas = new Set<string>();
  for (const m of messages) {
    if (m.type !== 'RequestResource') continue;
    for (const l of m.lines) {
      for (const [k, v] of Object.entries(l.demand)) if (v !== undefined) fields.add(k);
      areas.add(l.demand.areaCode);
    }
  }
  return { fields: DEMAND_FIELDS.filter((f) => fields.has(f)), areas: [...areas] };
}

/**
 * Decide every release of one change, each audited (allowed or denied) before this returns. All are decided even after
 * a refusal, so the operator learns every recipient that is refused at once; a decision the log cannot record stops.
 */
export async function decideReleases<R extends LogisticsRelease>(context: ApplicationContext, releases: readonly R[], requestId: string): Promise<ReleasesDecided<R>> {
  const refusals: ReleaseRefusal<R>[] = [];
  for (const release of releases) {
    const decided = await context.access.decideRelease({
      recipient: release.recipient, purpose: LOGISTICS_PURPOSE, action: 'read', dataset: release.dataset, fields: release.fields,
      recordAreas: release.recordAreas.map(areaCode), recordIds: release.recordIds, what: release.what, requestId,
    });
    if (decided.outcome === 'unrecorded') return { outcome: 'unrecorded' };
    if (decided.outcome === 'denied') {
      const refused = refusalOf(decided.decision);
      if (!refused.allowed) refusals.push({ release, reasons: refused.reasons, words: refused.words });
    }
  }
  return refusals.length === 0 ? { outcome: 'allowed' } : { outcome: 'refused', refusals };
}

/**
 * The refused recipients by name with the policy's reasons, once each, in each language: the `refusedJa` and
 * `refusedEn` parameters of the refusal's message.
 */
/**
 * One refused release as a problem line, in both languages: the first reason's code (for programs; the console shows it
 * as a tooltip), then the recipient by name and the policy's (or trust list's) reasons in words.
 */
export function refusalWords(context: ApplicationContext, r: ReleaseRefusal): { ja: string; en: string } {
  const name = (lang: 'ja' | 'en') => context.participantName(r.release.recipient)?.[lang] || r.release.recipient;
  // The reason that refused: a partial grant's (after the permit that matched), else the first that is not a match.
  const codes = r.reasons.split(', ');
  const code = codes.find((c) => c.startsWith('NODE_RELEASE_')) ?? codes.find((c) => !c.endsWith('_MATCHED')) ?? codes[0] ?? '-';
  return { ja: `${code}: ${name('ja')}: ${r.words.ja}`, en: `${code}: ${name('en')}: ${r.words.en}` };
}

export function refusedParams(context: ApplicationContext, refusals: readonly ReleaseRefusal[]): { refusedJa: string; refusedEn: string } {
  const first = new Map<string, ReleaseRefusal>();
  for (const r of refusals) if (!first.has(r.release.recipient)) first.set(r.release.recipient, r);
  const named = (lang: keyof Label) =>
    [...first.values()].map((r) => `${context.participantName(r.release.recipient)?.[lang] || r.release.recipient}${lang === 'ja' ? `（${r.words.ja}）` : ` (${r.words.en})`}`);
  return { refusedJa: named('ja').join('、').slice(0, 1500), refusedEn: named('en').join('; ').slice(0, 1500) };
}
