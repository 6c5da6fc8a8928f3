// The alert layer the console's map draws (web/src/pages/MapPage.tsx): per municipality, a halo coloured by the most
// severe alert, a ring coloured by the tsunami grade of its coast, a dot coloured by its seismic intensity (JMA's own
// colours); its legend with the choice of picture (real, exercise, test — never mixed, a drill clearly labelled) and
// the keyboard's list of places. Municipalities are drawn at representative points (no boundary polygons ship).
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { alertKinds, alertSeverities, alertStatuses } from '../../../model/alert.ts';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../../../../web/src/i18n/index.ts';
import type { AlertMapPlace, AlertMapView } from '../types.ts';

export const ALERT_PICTURES = ['actual', 'exercise', 'test'] as const;

export const severityColours: Record<AlertMapPlace['severity'], string> = {
  extreme: '#4a148c',
  severe: '#ad1457',
  moderate: '#f9a825',
  minor: '#00838f',
  unknown: '#757575',
};

/** JMA's colours for the seismic intensity classes (気象庁 震度の配色), weakest first (an array: object keys such as '7' would sort first). */
export const intensityScale: readonly (readonly [string, string])[] = [
  ['1', '#f2f2ff'], ['2', '#00aaff'], ['3', '#0041ff'], ['4', '#fae696'], ['5-', '#ffe600'], ['5+', '#ff9900'], ['6-', '#ff2800'], ['6+', '#a50021'], ['7', '#b40068'],
];
const intensityColours = new Map(intensityScale);

/** JMA's colours for tsunami grades (大津波警報 purple, 津波警報 red, 津波注意報 yellow, forecast light blue). */
export const tsunamiColours = { major: '#c800ff', warning: '#ff2800', advisory: '#faf500', forecast: '#00aaff' } as const;

export function tsunamiClass(grade: string): keyof typeof tsunamiColours {
  if (grade.includes('大津波警報')) return 'major';
  if (grade.includes('津波警報')) return 'warning';
  if (grade.includes('津波注意報')) return 'advisory';
  return 'forecast';
}

const INTENSITY_WORDS: Record<string, { ja: string; en: string }> = {
  '5-': { ja: '5弱', en: '5 Lower' }, '5+': { ja: '5強', en: '5 Upper' }, '6-': { ja: '6弱', en: '6 Lower' }, '6+': { ja: '6強', en: '6 Upper' },
};
/** A JMA intensity class as people read it (6+ is 震度6強, "6 Upper"). */
export function intensityLabel(i: string, lang: Lang): string {
  return INTENSITY_WORDS[i]?.[lang] ?? i;
}

const placeName = (p: AlertMapPlace) => p.names[0] ?? p.code;

/** The layer's features: placed municipalities only; each carries its place as JSON (MapLibre properties are flat). */
export function alertFeatures(view: AlertMapView | undefined): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: (view?.places ?? [])
      .filter((p) => p.at !== undefined)
      .map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: p.at! },
        properties: {
          code: p.code,
          severityColour: severityColours[p.severity],
          ...(p.maxIntensity !== undefined ? { intensityColour: intensityColours.get(p.maxIntensity) ?? '#9e9e9e' } : {}),
          ...(p.tsunami ? { tsunamiColour: tsunamiColours[tsunamiClass(p.tsunami.grade)] } : {}),
          place: JSON.stringify(p),
        },
      })),
  };
}

/** The layer ids, for the map's click handlers. */
export const ALERT_LAYER_IDS = ['alert-halo', 'alert-tsunami', 'alert-intensity'] as const;

/** Drawn under shelters and persons, so the people stay on top of the hazard. */
export function alertLayers(source: string): LayerSpecification[] {
  return [
    {
      id: 'alert-halo',
      type: 'circle',
      source,
      paint: { 'circle-color': ['get', 'severityColour'], 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 17, 12, 38], 'circle-opacity': 0.3, 'circle-stroke-color': ['get', 'severityColour'], 'circle-stroke-width': 2 },
    },
    {
      id: 'alert-tsunami',
      type: 'circle',
      source,
      filter: ['has', 'tsunamiColour'],
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 26], 'circle-stroke-color': ['get', 'tsunamiColour'], 'circle-stroke-width': 4 },
    },
    {
      id: 'alert-intensity',
      type: 'circle',
      source,
      filter: ['has', 'intensityColour'],
      paint: { 'circle-color': ['get', 'intensityColour'], 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 8, 12, 15], 'circle-stroke-color': '#202124', 'circle-stroke-width': 1 },
    },
  ];
}

function el(tag: string, content: string): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = content;
  return e;
}

/** A municipality's alerts for a popup, from text nodes only (never HTML from data); each alert links to its record. */
export function alertPopup(place: AlertMapPlace, status: string, lang: Lang, t: (key: string, params?: Record<string, unknown>) => string): HTMLElement {
  const box = document.createElement('div');
  box.setAttribute('data-testid', 'alert-popup');
  if (status !== 'actual') box.append(el('div', t('alerts.layer.pictureBadge', { status: codeLabel(alertStatuses, status, lang) })));
  box.append(el('strong', `${placeName(place)} (${place.code})`));
  box.append(el('div', t('alerts.layer.severity', { severity: codeLabel(alertSeverities, place.severity, lang) })));
  box.append(el('div', joinLabels(place.kinds.map((k) => codeLabel(alertKinds, k, lang)), lang)));
  if (place.maxIntensity !== undefined) box.append(el('div', t('alerts.layer.intensityLine', { intensity: intensityLabel(place.maxIntensity, lang) })));
  if (place.tsunami) {
    const arrival = place.tsunami.expectedArrival?.includes('T') ? formatDateTime(place.tsunami.expectedArrival, lang) : place.tsunami.expectedArrival;
    box.append(el('div', t('alerts.layer.tsunamiLine', { grade: t(`alerts.layer.tsunami.${tsunamiClass(place.tsunami.grade)}`), sent: place.tsunami.grade, coast: place.tsunami.name })));
    if (arrival) box.append(el('div', `${t('alerts.arrival')}: ${arrival}`));
    if (place.tsunami.expectedHeight) box.append(el('div', `${t('alerts.height')}: ${place.tsunami.expectedHeight}`));
  }
  const list = document.createElement('ul');
  for (const a of place.alerts) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#/alerts?status=${encodeURIComponent(status)}&alert=${encodeURIComponent(a.id)}`;
    link.textContent = `${formatDateTime(a.sent, lang)} ${a.headline ?? joinLabels(a.kinds.map((k) => codeLabel(alertKinds, k, lang)), lang)}`;
    item.append(link);
    list.append(item);
  }
  box.append(list);
  return box;
}

/** The choice of one picture — real, exercise or test, never mixed — and, for a drill or test, the notice saying so. */
export function PictureChoice(props: { id: string; className: string; picture: string; onPicture(status: string): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <div className={props.className}>
        <label htmlFor={props.id}>{t('alerts.status')}</label>
        <select id={props.id} value={props.picture} onChange={(e) => props.onPicture(e.target.value)}>
          {ALERT_PICTURES.map((s) => (
            <option key={s} value={s}>
              {codeLabel(alertStatuses, s, lang)}
            </option>
          ))}
        </select>
      </div>
      {props.picture !== 'actual' && (
        <p className="notice" role="status" data-testid="alert-picture-notice">
          {t('alerts.notReal', { status: codeLabel(alertStatuses, props.picture, lang) })}
        </p>
      )}
    </>
  );
}

/** The legend's alert part: which picture, what the colours mean, every municipality (keyboard: opens its popup). */
export function AlertLegend(props: {
  view: AlertMapView | undefined;
  picture: string;
  onPicture(status: string): void;
  onShow(place: AlertMapPlace): void;
  mapReady: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { view, picture } = props;
  const placed = view?.places.filter((p) => p.at !== undefined) ?? [];
  const unplaced = view?.places.filter((p) => p.at === undefined) ?? [];
  return (
    <section aria-labelledby="alert-legend-title" data-testid="alert-legend">
      <h3 id="alert-legend-title">{picture === 'actual' ? t('alerts.layer.title') : t('alerts.layer.titleOf', { status: codeLabel(alertStatuses, picture, lang) })}</h3>
      <PictureChoice id="map-picture" className="field" picture={picture} onPicture={props.onPicture} />
      <h4>{t('alerts.layer.severityHeading')}</h4>
      <ul className="swatches">
        {(Object.keys(severityColours) as AlertMapPlace['severity'][]).map((s) => (
          <li key={s}>
            <span className="swatch swatch-halo" style={{ background: severityColours[s] }} aria-hidden="true" />
            {codeLabel(alertSeverities, s, lang)}
          </li>
        ))}
      </ul>
      <h4>{t('alerts.layer.intensityHeading')}</h4>
      <ul className="swatches swatches-row">
        {intensityScale.map(([i, colour]) => (
          <li key={i}>
            <span className="swatch" style={{ background: colour }} aria-hidden="true" />
            {intensityLabel(i, lang)}
          </li>
        ))}
      </ul>
      <h4>{t('alerts.layer.tsunamiHeading')}</h4>
      <ul className="swatches">
        {(Object.keys(tsunamiColours) as (keyof typeof tsunamiColours)[]).map((g) => (
          <li key={g}>
            <span className="swatch swatch-ring" style={{ borderColor: tsunamiColours[g] }} aria-hidden="true" />
            {t(`alerts.layer.tsunami.${g}`)}
          </li>
        ))}
      </ul>
      <p className="hint">{t('alerts.layer.points')}</p>
      {view && view.places.length === 0 && <p data-testid="alert-layer-empty">{t('alerts.none')}</p>}
      {placed.length > 0 && (
        <details className="open-shelters" open>
          <summary>{t('alerts.layer.list', { n: placed.length })}</summary>
          <ul data-testid="alert-places">
            {placed.map((p) => (
              <li key={p.code}>
                <button type="button" className="link-button" disabled={!props.mapReady} onClick={() => props.onShow(p)}>
                  {placeName(p)} — {codeLabel(alertSeverities, p.severity, lang)}
                  {p.maxIntensity !== undefined ? ` · ${t('alerts.layer.intensityLine', { intensity: intensityLabel(p.maxIntensity, lang) })}` : ''}
                  {p.tsunami ? ` · ${t(`alerts.layer.tsunami.${tsunamiClass(p.tsunami.grade)}`)}` : ''}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {unplaced.length > 0 && (
        <p className="notice" data-testid="alert-unplaced">
          {t('alerts.layer.unplaced', { n: unplaced.length, names: unplaced.slice(0, 12).map(placeName).join(lang === 'ja' ? '、' : ', ') + (unplaced.length > 12 ? ' …' : '') })}
        </p>
      )}
    </section>
  );
}
