// Alerts and declarations out as CAP 1.2 (pure: record in, XML text out), in the element order the OASIS schema
// requires, so that any CAP consumer — and Tsunagu's own importer — reads them back.
import { hazards, type Alert, type AlertKind, type Declaration, type Hazard } from '../../model/index.ts';

const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** CAP 1.2 forbids "Z": a UTC time written with an explicit +00:00 offset, without fractions of a second. */
export function capDateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

const capitalised = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

const CATEGORY_OF_KIND: Readonly<Record<AlertKind, string>> = {
  'earthquake-intensity': 'Geo', hypocentre: 'Geo', 'earthquake-early-warning': 'Geo',
  'major-tsunami-warning': 'Geo', 'tsunami-warning': 'Geo', 'tsunami-advisory': 'Geo', 'tsunami-forecast': 'Geo', 'tsunami-information': 'Geo',
  'weather-emergency-warning': 'Met', 'weather-warning': 'Met', 'weather-advisory': 'Met',
  'landslide-alert': 'Geo', 'river-flood-forecast': 'Met',
  'cap-geo': 'Geo', 'cap-met': 'Met', 'cap-safety': 'Safety', 'cap-security': 'Security', 'cap-rescue': 'Rescue', 'cap-fire': 'Fire',
  'cap-health': 'Health', 'cap-env': 'Env', 'cap-transport': 'Transport', 'cap-infra': 'Infra', 'cap-cbrne': 'CBRNE', 'cap-other': 'Other',
};

const CATEGORY_OF_HAZARD: Readonly<Record<Hazard, string>> = {
  flood: 'Met', landslide: 'Geo', 'storm-surge': 'Met', earthquake: 'Geo', tsunami: 'Geo', 'large-fire': 'Fire',
  'inland-flood': 'Met', volcano: 'Geo', typhoon: 'Met', other: 'Other',
};

/** The geocode valueName Tsunagu writes local-government codes under (and reads back). */
export const LG_CODE_VALUE_NAME = 'LGCode';

const el = (name: string, value: string | undefined) => (value === undefined || value === '' ? '' : `<${name}>${escapeXml(value)}</${name}>`);
const ring = (positions: readonly (readonly [number, number])[]) => positions.map(([lon, lat]) => `${lat},${lon}`).join(' ');

interface CapArea {
  desc: string;
  polygons: string[];
  circles: string[];
  codes: string[];
}

function areaXml(a: CapArea): string {
  return `<area>${el('areaDesc', a.desc)}${a.polygons.map((p) => el('polygon', p)).join('')}${a.circles.map((c) => el('circle', c)).join('')}${a.codes
    .map((c) => `<geocode>${el('valueName', LG_CODE_VALUE_NAME)}${el('value', c)}</geocode>`)
    .join('')}</area>`;
}

/** An alert record's payload as a CAP 1.2 document. */
export function alertToCap(alert: Alert): string {
  const categories = [...new Set(alert.kinds.map((k) => CATEGORY_OF_KIND[k]))];
  const areas: CapArea[] = [];
  const named = alert.areas.filter((a) => a.areaCodes.length > 0 || a.name);
  for (const a of named) areas.push({ desc: a.name ?? a.code ?? '-', polygons: [], circles: [], codes: a.areaCodes });
  const covered = new Set(named.flatMap((a) => a.areaCodes));
  const rest = alert.areaCodes.filter((c) => !covered.has(c));
  if (rest.length > 0) areas.push({ desc: rest.join(' '), polygons: [], circles: [], codes: rest });
  if (alert.polygons.length > 0 || alert.circles.length > 0) {
    areas.push({
      desc: alert.event ?? alert.headline ?? '-',
      polygons: alert.polygons.map((p) => ring(p.coordinates[0]!)),
      circles: alert.circles.map((c) => `${c.center[1]},${c.center[0]} ${c.radiusKm}`),
      codes: [],
    });
  }
  const references = alert.references
    .filter((r) => r.sent !== undefined)
    .map((r) => `${r.sender},${r.identifier},${r.sent}`)
    .join(' ');
  const info =
    `<info>${el('language', alert.language)}${categories.map((c) => el('category', c)).join('')}${el('event', alert.event ?? alert.kinds.join(' '))}` +
    `${el('urgency', capitalised(alert.urgency))}${el('severity', capitalised(alert.severity))}${el('certainty', capitalised(alert.certainty))}` +
    `${alert.effective ? el('effective', capDateTime(alert.effective)) : ''}${alert.onset ? el('onset', capDateTime(alert.onset)) : ''}` +
    `${alert.expires ? el('expires', capDateTime(alert.expires)) : ''}${el('headline', alert.headline)}${el('description', alert.description)}` +
    `${areas.map(areaXml).join('')}</info>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NS}">${el('identifier', alert.identifier)}${el('sender', alert.sender)}` +
    `${el('sent', capDateTime(alert.sent))}${el('status', capitalised(alert.status))}${el('msgType', capitalised(alert.messageType))}` +
    `${el('scope', 'Public')}${el('references', references)}${info}</alert>\n`
  );
}

/**
 * A disaster declaration as a CAP 1.2 alert from its issuer: the hazard as event and category, the declared areas as
 * local-government geocodes and its geometry as polygons, in force from issuedAt to expiresAt.
 */
export function declarationToCap(declaration: Declaration): string {
  const polygons =
    declaration.geometry === undefined
      ? []
      : (declaration.geometry.type === 'Polygon' ? [declaration.geometry.coordinates] : declaration.geometry.coordinates).map((rings) => ring(rings[0]!));
  const title = declaration.title.ja ?? declaration.title.en ?? '';
  const event = hazards[declaration.hazard];
  const info =
    `<info>${el('language', declaration.title.ja ? 'ja' : 'en')}${el('category', CATEGORY_OF_HAZARD[declaration.hazard])}${el('event', `${event.ja} / ${event.en}`)}` +
    `${el('urgency', declaration.phase === 'closed' ? 'Past' : 'Immediate')}${el('severity', 'Severe')}${el('certainty', 'Observed')}` +
    `${el('effective', capDateTime(declaration.issuedAt))}${el('expires', capDateTime(declaration.expiresAt))}${el('headline', title)}` +
    `${areaXml({ desc: declaration.areas.join(' '), polygons, circles: [], codes: [...declaration.areas] })}</info>`;
  // A superseded declaration is named by id only (CAP references need its sent time, which the declaration does not carry).
  const note = declaration.supersedes ? el('note', `supersedes ${declaration.supersedes}; phase ${declaration.phase}`) : el('note', `phase ${declaration.phase}`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NS}">${el('identifier', declaration.id)}${el('sender', declaration.issuer)}` +
    `${el('sent', capDateTime(declaration.issuedAt))}${el('status', 'Actual')}${el('msgType', 'Alert')}${el('scope', 'Public')}${note}${info}</alert>\n`
  );
}
