// A parsed CAP 1.2 (or 1.1) <alert> element into an alert payload: codes lower-cased into Tsunagu's code lists,
// polygons and circles into [lon, lat], geocodes that are Japanese local-government codes into AreaCodes.
import { createHash } from 'node:crypto';
import {
  jpLocalGovernmentCheckDigit, parseAreaCode,
  type Alert, type AlertArea, type AlertCertainty, type AlertKind, type AlertMessageType, type AlertReference,
  type AlertSeverity, type AlertStatus, type AlertUrgency, type AreaCode, type LonLat, type Polygon, type SignatureState,
} from '../../model/index.ts';
import { childText, children, utcDateTime, type XmlNode } from '../xml/xml-input.ts';
import type { XmlProblem } from '../xml/xml-input.ts';

const STATUSES: Readonly<Record<string, AlertStatus>> = { Actual: 'actual', Exercise: 'exercise', System: 'system', Test: 'test', Draft: 'draft' };
const MESSAGE_TYPES: Readonly<Record<string, AlertMessageType>> = { Alert: 'alert', Update: 'update', Cancel: 'cancel' };
const CATEGORY_KINDS: Readonly<Record<string, AlertKind>> = {
  Geo: 'cap-geo', Met: 'cap-met', Safety: 'cap-safety', Security: 'cap-security', Rescue: 'cap-rescue', Fire: 'cap-fire',
  Health: 'cap-health', Env: 'cap-env', Transport: 'cap-transport', Infra: 'cap-infra', CBRNE: 'cap-cbrne', Other: 'cap-other',
};

/** Record id of a CAP alert: status, then a digest of sender and identifier (CAP identifiers may hold any character). */
export function capAlertRecordId(status: AlertStatus, sender: string, identifier: string): string {
  const digest = createHash('sha256').update(`${sender}\u0000${identifier}`).digest('hex').slice(0, 32);
  return `alert:cap:${status}:${digest}`;
}


/** CAP <references>: space-separated sender,identifier,sent triples. */
export function parseReferences(value: string | undefined): { references: AlertReference[]; problems: XmlProblem[] } {
  const references: AlertReference[] = [];
  const problems: XmlProblem[] = [];
  for (const triple of (value ?? '').split(/\s+/).filter((t) => t !== '')) {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) problems.push({ code: 'CAP_REFERENCE_MALFORMED', params: { value: triple } });
    else references.push({ sender: parts[0]!, identifier: parts[1]!, sent: parts[2]! });
  }
  return { references, problems };
}

/** "lat,lon lat,lon …" into a closed GeoJSON ring, or undefined when a point cannot be read. */
function polygonOf(value: string): Polygon | undefined {
  const ring: LonLat[] = [];
  for (const pair of value.trim().split(/\s+/)) {
    const [lat, lon] = pair.split(',').map(Number);
    if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
    ring.push([lon, lat]);
  }
  if (ring.length < 3) return undefined;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring.length >= 4 ? { type: 'Polygon', coordinates: [ring] } : undefined;
}

/** "lat,lon radius-km" into a circle, or undefined. */
function circleOf(value: string): { center: LonLat; radiusKm: number } | undefined {
  const m = /^\s*(-?[\d.]+),\s*(-?[\d.]+)\s+([\d.]+)\s*$/.exec(value);
  if (!m) return undefined;
  const [lat, lon, r] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || !Number.isFinite(r)) return undefined;
  return { center: [lon, lat], radiusKm: r };
}

/** A geocode that names a Japanese local government: 6 digits with check digit, or JIS X 0402's 5 digits. */
function japaneseAreaCode(value: string): AreaCode | undefined {
  if (/^\d{5}$/.test(value)) {
    const r = parseAreaCode(`${value}${jpLocalGovernmentCheckDigit(value)}`);
    return r.ok ? r.value : undefined;
  }
  if (/^\d{6}$/.test(value)) {
    const r = parseAreaCode(value);
    return r.ok && r.scheme === 'jp-lg' ? r.value : undefined;
  }
  return undefined;
}

const JAPANESE_GEOCODE_NAMES = /^(jis ?x ?0402|lgcode|jp-lg|全国地方公共団体コード|地方公共団体コード|市町村コード)$/i;

function areasOf(info: XmlNode): { areas: AlertArea[]; polygons: Polygon[]; circles: { center: LonLat; radiusKm: number }[] } {
  const areas: AlertArea[] = [];
  const polygons: Polygon[] = [];
  const circles: { center: LonLat; radiusKm: number }[] = [];
  for (const area of children(info, 'area')) {
    const name = childText(area, 'areaDesc');
    const geocodes = children(area, 'geocode');
    if (geocodes.length === 0) areas.push({ ...(name ? { name } : {}), areaCodes: [] });
    for (const g of geocodes) {
      const codeType = childText(g, 'valueName');
      const code = childText(g, 'value');
      const lg = code && codeType && JAPANESE_GEOCODE_NAMES.test(codeType) ? japaneseAreaCode(code) : undefined;
      areas.push({ ...(name ? { name } : {}), ...(codeType ? { codeType } : {}), ...(code ? { code } : {}), areaCodes: lg ? [lg] : [] });
    }
    for (const p of children(area, 'polygon')) {
      const polygon = typeof p === 'string' ? polygonOf(p) : undefined;
      if (polygon) polygons.push(polygon);
    }
    for (const c of children(area, 'circle')) {
      const circle = typeof c === 'string' ? circleOf(c) : undefined;
      if (circle) circles.push(circle);
    }
  }
  return { areas, polygons, circles };
}

function lower<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  const v = (value ?? 'unknown').toLowerCase();
  return (allowed as readonly string[]).includes(v) ? (v as T) : ('unknown' as T);
}

export type CapConversion = { ok: true; alert: Alert } | { ok: false; problems: XmlProblem[] };

/**
 * Convert a schema-valid CAP <alert>. Every <info> contributes its categories and areas; headline, description,
 * times and the qualifiers come from the first <info> (CAP repeats an info block per language).
 */
export function capAlertToPayload(alert: XmlNode, signature: SignatureState): CapConversion {
  const problems: XmlProblem[] = [];
  const msgType = childText(alert, 'msgType') ?? '';
  const messageType = MESSAGE_TYPES[msgType];
  if (!messageType) return { ok: false, problems: [{ code: 'CAP_MESSAGE_TYPE_NOT_ALERT', params: { msgType } }] };
  const sentRaw = childText(alert, 'sent');
  const sent = utcDateTime(sentRaw);
  if (!sent) problems.push({ code: 'CAP_TIME_INVALID', params: { field: 'sent', value: sentRaw ?? '' } });
  const refs = parseReferences(childText(alert, 'references'));
  problems.push(...refs.problems);
  const infos = children(alert, 'info').filter((i): i is XmlNode => typeof i === 'object' && !Array.isArray(i));
  const first = infos[0];
  const times: Partial<Record<'effective' | 'onset' | 'expires', string>> = {};
  for (const field of ['effective', 'onset', 'expires'] as const) {
    const raw = childText(first, field);
    if (raw === undefined) continue;
    const t = utcDateTime(raw);
    if (t) times[field] = t;
    else problems.push({ code: 'CAP_TIME_INVALID', params: { field, value: raw } });
  }
  if (problems.length > 0 || !sent) return { ok: false, problems };

  const kinds = new Set<AlertKind>();
  const areas: AlertArea[] = [];
  const polygons: Polygon[] = [];
  const circles: { center: LonLat; radiusKm: number }[] = [];
  for (const info of infos) {
    for (const c of children(info, 'category')) {
      const kind = typeof c === 'string' ? CATEGORY_KINDS[c] : undefined;
      if (kind) kinds.add(kind);
    }
    const a = areasOf(info);
    areas.push(...a.areas);
    polygons.push(...a.polygons);
    circles.push(...a.circles);
  }
  if (kinds.size === 0) kinds.add('cap-other');
  const headline = childText(first, 'headline');
  const description = childText(first, 'description');
  const event = childText(first, 'event');
  const language = childText(first, 'language');
  return {
    ok: true,
    alert: {
      format: 'cap',
      identifier: childText(alert, 'identifier') ?? '',
      sender: childText(alert, 'sender') ?? '',
      sent,
      status: STATUSES[childText(alert, 'status') ?? ''] ?? 'actual',
      messageType,
      references: refs.references,
      state: 'in-force',
      kinds: [...kinds],
      ...(event ? { event } : {}),
      severity: lower<AlertSeverity>(childText(first, 'severity'), ['extreme', 'severe', 'moderate', 'minor', 'unknown']),
      urgency: lower<AlertUrgency>(childText(first, 'urgency'), ['immediate', 'expected', 'future', 'past', 'unknown']),
      certainty: lower<AlertCertainty>(childText(first, 'certainty') === 'Very Likely' ? 'likely' : childText(first, 'certainty'), ['observed', 'likely', 'possible', 'unlikely', 'unknown']),
      ...(headline ? { headline } : {}),
      ...(description ? { description } : {}),
      ...(language ? { language } : {}),
      ...times,
      areaCodes: [...new Set(areas.flatMap((a) => a.areaCodes))],
      areas,
      polygons,
      circles,
      signature,
    },
  };
}
