// A parsed JMA 防災情報XML Report into an alert payload: Control and Head into status, message type, EventID and
// Serial; the Body into intensities by municipality, tsunami forecasts by coast, warnings by area; every area code
// into local-government codes where a shipped table knows it.
import type {
  Alert, AlertArea, AlertCertainty, AlertKind, AlertMessageType, AlertSeverity, AlertStatus, AlertUrgency, AreaCode, JmaDetails, LonLat,
} from '../../model/index.ts';
import { attr, child, childText, children, textOf, utcDateTime, type XmlElementValue, type XmlNode, type XmlProblem } from '../xml/xml-input.ts';
import { codeTypeOf, municipalitiesOf } from './code-tables.ts';
import { knownUnsupportedTelegrams, supportedTelegrams, type SupportedTelegram } from './telegram-kinds.ts';

const STATUSES: Readonly<Record<string, AlertStatus>> = { 通常: 'actual', 訓練: 'exercise', 試験: 'test' };
const INFO_TYPES: Readonly<Record<string, { type: JmaDetails['infoType']; messageType: AlertMessageType }>> = {
  発表: { type: '発表', messageType: 'alert' },
  訂正: { type: '訂正', messageType: 'update' },
  遅延: { type: '遅延', messageType: 'alert' },
  取消: { type: '取消', messageType: 'cancel' },
};

/** Tsunami grades (警報等情報要素／津波警報・注意報・予報) and the alert kind each is. */
const TSUNAMI_GRADE_KINDS: Readonly<Record<string, AlertKind>> = {
  '52': 'major-tsunami-warning', '53': 'major-tsunami-warning',
  '51': 'tsunami-warning',
  '62': 'tsunami-advisory',
  '71': 'tsunami-forecast', '72': 'tsunami-forecast', '73': 'tsunami-forecast',
};

// Weather kinds whose Status means they are no longer in force.
const ENDED = new Set(['解除', '発表警報・注意報はなし']);

export type JmaConversion =
  | { ok: true; alert: Alert; telegram: SupportedTelegram; unmapped: string[] }
  | { ok: false; problems: XmlProblem[] };


function asNode(v: XmlElementValue | undefined): XmlNode | undefined {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function nodes(node: XmlElementValue | undefined, name: string): XmlNode[] {
  return children(node, name).map(asNode).filter((n): n is XmlNode => n !== undefined);
}

interface FoundArea {
  name?: string;
  code: string;
  codeType?: string;
}

/**
 * Every Area and City element with a code, with the code type that applies to it: the nearest Areas@codeType or
 * Area@codeType, else the CodeDefine of an enclosing element (xpaths relative to it). Hypocentre areas (where the
 * earthquake was, not whom it affects) and observation stations are not areas of people and are skipped.
 */
function collectAreas(node: XmlNode, into: FoundArea[], codeType: string | undefined, defs: Map<string, string> | undefined, path: string): void {
  let scopeDefs = defs;
  let scopePath = path;
  if (node.CodeDefine !== undefined) {
    const defineTypes = nodes(child(node, 'CodeDefine'), 'Type');
    if (defineTypes.length > 0) {
      scopeDefs = new Map(defineTypes.map((t) => [attr(t, 'xpath') ?? '', textOf(t) ?? '']));
      scopePath = '';
    }
  }
  // Paths are kept as the xpath text CodeDefine uses ("Pref/Area/Code"), built as the walk descends.
  for (const key in node) {
    if (key.startsWith('@') || key.startsWith('#') || key === 'CodeDefine' || key === 'Hypocenter' || key === 'Station' || key === 'Stations') continue;
    const value = node[key];
    const childPath = scopePath === '' ? key : `${scopePath}/${key}`;
    for (const c of Array.isArray(value) ? value : [value]) {
      const n = asNode(c);
      if (!n) continue;
      const ownType = attr(n, 'codeType') ?? codeType;
      if (key === 'Area' || key === 'City') {
        const code = childText(n, 'Code');
        const defined = scopeDefs?.get(`${childPath}/Code`);
        if (code) into.push({ name: childText(n, 'Name'), code, codeType: attr(n, 'codeType') ?? defined ?? codeType });
        const cityCode = childText(n, 'CityCode');
        if (cityCode) into.push({ name: childText(n, 'City'), code: cityCode, codeType: '気象・地震・火山情報／市町村等' });
      }
      collectAreas(n, into, ownType, scopeDefs, childPath);
    }
  }
}

/** Areas as the telegram named them, each with the municipalities it covers, and the codes no table maps. */
function mapAreas(found: FoundArea[]): { areas: AlertArea[]; unmapped: string[] } {
  const seen = new Set<string>();
  const areas: AlertArea[] = [];
  const unmapped: string[] = [];
  for (const f of found) {
    const type = codeTypeOf(f.codeType, f.code);
    if (!type) continue;
    const key = `${type}\u0000${f.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const municipalities = municipalitiesOf(type, f.code);
    if (!municipalities) unmapped.push(`${f.name ?? ''}(${f.code})`);
    areas.push({ ...(f.name ? { name: f.name } : {}), ...(f.codeType ? { codeType: f.codeType } : {}), code: f.code, areaCodes: municipalities ?? [] });
  }
  return { areas, unmapped };
}

const INTENSITY_ORDER = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'];

function intensitiesOf(body: XmlNode | undefined): { max?: string; byArea: JmaDetails['intensities'] } {
  const observation = child(child(body, 'Intensity'), 'Observation');
  const byArea: JmaDetails['intensities'] = [];
  for (const pref of nodes(observation, 'Pref')) {
    for (const area of nodes(pref, 'Area')) {
      const cities = nodes(area, 'City');
      // Municipality intensities where the telegram gives them (VXSE53), else the seismic sub-areas (VXSE51).
      if (cities.length > 0) {
        for (const city of cities) {
          const code = childText(city, 'Code');
          const max = childText(city, 'MaxInt') ?? childText(city, 'Condition');
          if (!code || !max) continue;
          const m = municipalitiesOf('city', code)?.[0];
          byArea.push({ code, name: childText(city, 'Name') ?? code, maxIntensity: max.trim(), ...(m ? { areaCode: m } : {}) });
        }
      } else {
        const code = childText(area, 'Code');
        const max = childText(area, 'MaxInt');
        if (code && max) byArea.push({ code, name: childText(area, 'Name') ?? code, maxIntensity: max.trim() });
      }
    }
  }
  const max = childText(observation, 'MaxInt');
  return { ...(max ? { max: max.trim() } : {}), byArea };
}

/** ISO 6709 as JMA writes it (+37.5+137.2-10000/) into [lon, lat]. */
function positionOf(coordinate: string | undefined): LonLat | undefined {
  const m = coordinate ? /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)/.exec(coordinate) : null;
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lon, lat] : undefined;
}

function hypocentreOf(body: XmlNode | undefined): JmaDetails['hypocentre'] {
  const earthquake = child(body, 'Earthquake');
  if (!earthquake) return undefined;
  const area = child(child(earthquake, 'Hypocenter'), 'Area');
  const coordinate = childText(area, 'Coordinate');
  const position = positionOf(coordinate);
  const name = childText(area, 'Name');
  const magnitude = childText(earthquake, 'Magnitude');
  const originTime = utcDateTime(childText(earthquake, 'OriginTime'));
  return {
    ...(name ? { name } : {}), ...(coordinate ? { coordinate } : {}), ...(position ? { position } : {}),
    ...(magnitude ? { magnitude } : {}), ...(originTime ? { originTime } : {}),
  };
}

function tsunamiOf(body: XmlNode | undefined): JmaDetails['tsunami'] {
  const out: JmaDetails['tsunami'] = [];
  for (const item of nodes(child(child(body, 'Tsunami'), 'Forecast'), 'Item')) {
    const area = child(item, 'Area');
    const kind = child(child(item, 'Category'), 'Kind');
    const code = childText(area, 'Code');
    const grade = childText(kind, 'Name');
    if (!code || !grade) continue;
    const first = child(item, 'FirstHeight');
    const arrival = childText(first, 'ArrivalTime') ?? childText(first, 'Condition');
    const height = child(child(item, 'MaxHeight'), 'TsunamiHeight');
    const heightText = textOf(height);
    const expectedHeight = heightText && heightText !== 'NaN' ? `${heightText}${attr(height, 'unit') ?? ''}` : attr(height, 'description');
    const gradeCode = childText(kind, 'Code');
    out.push({
      code, name: childText(area, 'Name') ?? code, grade, ...(gradeCode ? { gradeCode } : {}),
      ...(arrival ? { expectedArrival: utcDateTime(arrival) ?? arrival } : {}), ...(expectedHeight ? { expectedHeight } : {}),
    });
  }
  return out;
}

/** Warnings by area from the most detailed level the telegram gives (市町村等 over 一次細分区域 over 府県予報区). */
function warningsOf(body: XmlNode | undefined): JmaDetails['warnings'] {
  const levels = nodes(body, 'Warning');
  const rank = (type: string) => (type.includes('市町村等') && !type.includes('まとめ') ? 3 : type.includes('まとめ') ? 2 : type.includes('一次細分') ? 1 : 0);
  const best = levels.reduce<XmlNode | undefined>((b, w) => (!b || rank(attr(w, 'type') ?? '') > rank(attr(b, 'type') ?? '') ? w : b), undefined);
  const out: JmaDetails['warnings'] = [];
  for (const item of nodes(best, 'Item')) {
    const warnings = nodes(item, 'Kind')
      .map((k) => ({ name: childText(k, 'Name'), code: childText(k, 'Code'), status: childText(k, 'Status') }))
      .filter((k): k is { name: string; code: string | undefined; status: string | undefined } => k.name !== undefined)
      .map((k) => ({ name: k.name, ...(k.code ? { code: k.code } : {}), ...(k.status ? { status: k.status } : {}) }));
    for (const area of [...nodes(item, 'Area'), ...nodes(child(item, 'Areas'), 'Area')]) {
      const code = childText(area, 'Code');
      if (code) out.push({ code, name: childText(area, 'Name') ?? code, warnings });
    }
  }
  return out;
}

function weatherKind(name: string): AlertKind {
  if (name.includes('特別警報')) return 'weather-emergency-warning';
  if (name.includes('警報')) return 'weather-warning';
  return 'weather-advisory';
}

/** Severity, urgency and certainty in CAP's terms, by Tsunagu's reading of each kind (docs/alerts.md). */
function qualifiers(kinds: AlertKind[], maxIntensity: string | undefined, telegramCode: string): { severity: AlertSeverity; urgency: AlertUrgency; certainty: AlertCertainty } {
  const has = (k: AlertKind) => kinds.includes(k);
  if (has('major-tsunami-warning') || has('weather-emergency-warning') || telegramCode === 'VXSE43') return { severity: 'extreme', urgency: 'immediate', certainty: 'likely' };
  if (has('tsunami-warning')) return { severity: 'severe', urgency: 'immediate', certainty: 'likely' };
  if (has('earthquake-early-warning')) return { severity: 'moderate', urgency: 'immediate', certainty: 'possible' };
  if (has('landslide-alert') || has('weather-warning') || has('river-flood-forecast')) return { severity: 'severe', urgency: 'expected', certainty: 'likely' };
  if (has('tsunami-advisory') || has('weather-advisory')) return { severity: 'moderate', urgency: 'expected', certainty: 'likely' };
  if (has('earthquake-intensity') && maxIntensity) {
    const i = INTENSITY_ORDER.indexOf(maxIntensity);
    const severity: AlertSeverity = i >= INTENSITY_ORDER.indexOf('6-') ? 'extreme' : i >= INTENSITY_ORDER.indexOf('5-') ? 'severe' : i >= INTENSITY_ORDER.indexOf('4') ? 'moderate' : 'minor';
    return { severity, urgency: 'past', certainty: 'observed' };
  }
  if (has('hypocentre')) return { severity: 'unknown', urgency: 'past', certainty: 'observed' };
  return { severity: 'minor', urgency: 'expected', certainty: 'likely' };
}

/** The title and kind code a refusal names. */
export function telegramTitle(report: XmlNode): string {
  return childText(child(report, 'Control'), 'Title') ?? '-';
}

/** Convert a JMA Report element. Unsupported kinds are refused by name; missing or invalid Control/Head fields by field. */
export function jmaReportToPayload(report: XmlNode): JmaConversion {
  const control = child(report, 'Control');
  const head = child(report, 'Head');
  const body = child(report, 'Body');
  const title = telegramTitle(report);
  const telegram = supportedTelegrams[title];
  if (!telegram) {
    return { ok: false, problems: [{ code: 'JMA_KIND_UNSUPPORTED', params: { kind: knownUnsupportedTelegrams[title] ?? '', title } }] };
  }
  const problems: XmlProblem[] = [];
  const statusText = childText(control, 'Status');
  const status = STATUSES[statusText ?? ''];
  if (!status) problems.push({ code: 'JMA_FIELD_INVALID', params: { field: 'Control/Status', value: statusText ?? '', expected: '通常, 訓練, 試験' } });
  const publishingOffice = childText(control, 'PublishingOffice');
  if (!publishingOffice) problems.push({ code: 'JMA_FIELD_MISSING', params: { field: 'Control/PublishingOffice' } });
  const infoTypeText = childText(head, 'InfoType');
  const infoType = INFO_TYPES[infoTypeText ?? ''];
  if (!infoType) problems.push({ code: 'JMA_FIELD_INVALID', params: { field: 'Head/InfoType', value: infoTypeText ?? '', expected: '発表, 訂正, 遅延, 取消' } });
  const reportRaw = childText(head, 'ReportDateTime');
  const sent = utcDateTime(reportRaw);
  if (!sent) problems.push({ code: 'JMA_FIELD_INVALID', params: { field: 'Head/ReportDateTime', value: reportRaw ?? '', expected: 'ISO 8601 with offset' } });
  const serialText = childText(head, 'Serial');
  const serial = serialText === undefined ? undefined : Number(serialText);
  if (serial !== undefined && (!Number.isInteger(serial) || serial < 0)) {
    problems.push({ code: 'JMA_FIELD_INVALID', params: { field: 'Head/Serial', value: serialText ?? '', expected: '0, 1, 2, …' } });
  }
  if (problems.length > 0 || !status || !publishingOffice || !infoType || !sent) return { ok: false, problems };

  const found: FoundArea[] = [];
  if (head) collectAreas(head, found, undefined, undefined, '');
  if (body) collectAreas(body, found, undefined, undefined, '');
  const { areas, unmapped } = mapAreas(found);
  const intensities = telegram.family === 'intensity' ? intensitiesOf(body) : { byArea: [] };
  const tsunami = telegram.family === 'tsunami' ? tsunamiOf(body) : [];
  const warnings = telegram.family === 'weather' || telegram.family === 'landslide' ? warningsOf(body) : [];

  const kinds = new Set<AlertKind>(telegram.kinds);
  for (const t of tsunami) {
    const k = t.gradeCode ? TSUNAMI_GRADE_KINDS[t.gradeCode] : undefined;
    if (k) kinds.add(k);
  }
  if (telegram.family === 'weather') {
    for (const w of warnings) for (const k of w.warnings) if (!ENDED.has(k.status ?? '')) kinds.add(weatherKind(k.name));
    if (kinds.size === 0) kinds.add('weather-advisory');
  }
  if (kinds.size === 0) kinds.add('tsunami-forecast');

  // Where the telegram says per area what is in force, the alert covers only the areas where something is.
  const inForce = new Set(warnings.filter((w) => w.warnings.some((k) => !ENDED.has(k.status ?? ''))).map((w) => w.code));
  const scoped = warnings.length > 0 ? areas.filter((a) => a.code !== undefined && inForce.has(a.code)) : areas;
  const areaCodes = [...new Set(scoped.flatMap((a) => a.areaCodes))] as AreaCode[];

  const eventId = childText(head, 'EventID');
  const maxIntensity = intensities.max;
  const hypocentre = telegram.family === 'intensity' || telegram.family === 'hypocentre' || telegram.family === 'eew' ? hypocentreOf(body) : undefined;
  const headline = childText(child(head, 'Headline'), 'Text');
  const headTitle = childText(head, 'Title');
  const validUntil = utcDateTime(childText(head, 'ValidDateTime'));
  const target = utcDateTime(childText(head, 'TargetDateTime'));
  const editorialOffice = childText(control, 'EditorialOffice');
  return {
    ok: true,
    telegram,
    unmapped,
    alert: {
      format: 'jma',
      identifier: eventId ?? `${publishingOffice} ${headTitle ?? title}`,
      sender: publishingOffice,
      sent,
      status,
      messageType: infoType.messageType,
      references: [],
      state: infoType.messageType === 'cancel' ? 'cancelled' : 'in-force',
      kinds: [...kinds],
      event: headTitle ?? title,
      ...qualifiers([...kinds], maxIntensity, telegram.code),
      ...(headline ? { headline } : {}),
      language: 'ja',
      ...(target ? { effective: target } : {}),
      ...(validUntil ? { expires: validUntil } : {}),
      areaCodes,
      areas,
      polygons: [],
      circles: [],
      signature: { state: 'unsigned' },
      jma: {
        telegramKind: telegram.code,
        controlTitle: title,
        ...(editorialOffice ? { editorialOffice } : {}),
        publishingOffice,
        ...(eventId ? { eventId } : {}),
        ...(serial !== undefined ? { serial } : {}),
        infoType: infoType.type,
        infoKind: childText(head, 'InfoKind') ?? '',
        reportDateTime: sent,
        ...(hypocentre && Object.keys(hypocentre).length > 0 ? { hypocentre } : {}),
        ...(maxIntensity ? { maxIntensity } : {}),
        intensities: intensities.byArea,
        tsunami,
        warnings,
      },
    },
  };
}
