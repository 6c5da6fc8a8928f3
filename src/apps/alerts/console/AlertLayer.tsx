// The alert layer the console's map draws (web/src/pages/MapPage.tsx): per municipality, its area filled by its
// seismic intensity (JMA's own colours) or else by the most severe alert, outlined thick by the tsunami grade of its
// coast; a municipality without a bundled boundary as a halo, ring and dot at its representative point. Its legend
// with the choice of picture (real, exercise, test — never mixed, a drill clearly labelled) and the keyboard's list.
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import { alertKinds, alertSeverities, alertStatuses } from '../../../model/alert.ts';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../../../../web/src/i18n/index.ts';
import type { AlertMapPlace, AlertMapView } from '../types.ts';
import type { AlertAreas, AlertAreasState } from './boundaries.ts';

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

/** A municipality's name as people read it in this language: the code table's, else the one the alert gave. */
export const placeName = (p: AlertMapPlace, lang?: Lang) => (lang ? p.label?.[lang] : undefined) ?? p.label?.ja ?? p.names[0] ?? p.code;

/** Wider areas first, so a prefecture's or a city's fill lies under its municipalities' and wards'. */
const BREADTH: Record<string, number> = { prefecture: 0, city: 1 };

/**
 * The layer's features: each municipality as its area where its prefecture's boundaries are loaded, else at its label
 * point; those with neither are left to the list. Each carries its place as JSON (MapLibre properties are flat).
 */
export function alertFeatures(view: AlertMapView | undefined, areas: AlertAreas = new Map()): FeatureCollection {
  const drawn = (view?.places ?? []).flatMap((p): { p: AlertMapPlace; geometry: Polygon | MultiPolygon | Point; drawn: 'area' | 'point'; breadth: number }[] => {
    const area = p.area ? areas.get(p.code) : undefined;
    if (area) return [{ p, geometry: area.geometry, drawn: 'area', breadth: BREADTH[area.kind] ?? 2 }];
    if (p.at) return [{ p, geometry: { type: 'Point', coordinates: p.at }, drawn: 'point', breadth: 3 }];
    return [];
  });
  return {
    type: 'FeatureCollection',
    features: drawn
      .sort((a, b) => a.breadth - b.breadth)
      .map(({ p, geometry, drawn }) => ({
        type: 'Feature' as const,
        geometry,
        properties: {
          code: p.code,
          drawn,
          severityColour: severityColours[p.severity],
          ...(p.maxIntensity !== undefined ? { intensityColour: intensityColours.get(p.maxIntensity) ?? '#9e9e9e' } : {}),
          ...(p.tsunami ? { tsunamiColour: tsunamiColours[tsunamiClass(p.tsunami.grade)] } : {}),
          place: JSON.stringify(p),
        },
      })),
  };
}

/** The layer ids, for the map's click handlers. */
export const ALERT_LAYER_IDS = ['alert-area-fill', 'alert-area-tsunami', 'alert-halo', 'alert-tsunami', 'alert-intensity'] as const;

const AREA = ['==', ['get', 'drawn'], 'area'] as const;
const POINT = ['==', ['get', 'drawn'], 'point'] as const;

/** Drawn under shelters and persons, so the people stay on top of the hazard. */
export function alertLayers(source: string): LayerSpecification[] {
  return [
    {
      id: 'alert-area-fill',
      type: 'fill',
      source,
      filter: AREA as unknown as FilterSpecification,
      paint: { 'fill-color': ['coalesce', ['get', 'intensityColour'], ['get', 'severityColour']], 'fill-opacity': ['case', ['has', 'intensityColour'], 0.6, 0.35] },
    } as LayerSpecification,
    {
      id: 'alert-area-line',
      type: 'line',
      source,
      filter: AREA as unknown as FilterSpecification,
      paint: { 'line-color': ['get', 'severityColour'], 'line-width': 1 },
    } as LayerSpecification,
    {
      id: 'alert-area-tsunami',
      type: 'line',
      source,
      filter: ['all', AREA, ['has', 'tsunamiColour']] as unknown as FilterSpecification,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'tsunamiColour'], 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 2, 9, 4] },
    } as LayerSpecification,
    {
      id: 'alert-halo',
      type: 'circle',
      source,
      filter: POINT as unknown as FilterSpecification,
      paint: { 'circle-color': ['get', 'severityColour'], 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 17, 12, 38], 'circle-opacity': 0.3, 'circle-stroke-color': ['get', 'severityColour'], 'circle-stroke-width': 2 },
    },
    {
      id: 'alert-tsunami',
      type: 'circle',
      source,
      filter: ['all', POINT, ['has', 'tsunamiColour']] as unknown as FilterSpecification,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 26], 'circle-stroke-color': ['get', 'tsunamiColour'], 'circle-stroke-width': 4 },
    },
    {
      id: 'alert-intensity',
      type: 'circle',
      source,
      filter: ['all', POINT, ['has', 'intensityColour']] as unknown as FilterSpecification,
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
  box.append(el('strong', `${placeName(place, lang)} (${place.code})`));
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
  areas?: AlertAreasState;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { view, picture } = props;
  // A place with an area always has a label point too: the list reaches every place the map draws.
  const placed = view?.places.filter((p) => p.at !== undefined) ?? [];
  const unplaced = view?.places.filter((p) => p.at === undefined) ?? [];
  const sep = lang === 'ja' ? '、' : ', ';
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
      {(props.areas?.loading ?? 0) > 0 && (
        <p className="hint" role="status" data-testid="alert-areas-loading">
          {t('alerts.layer.areasLoading', { n: props.areas!.loading })}
        </p>
      )}
      {(props.areas?.failed.length ?? 0) > 0 && (
        <p className="notice" data-testid="alert-areas-failed">
          {t('alerts.layer.areasFailed', { prefectures: props.areas!.failed.join(sep) })}
        </p>
      )}
      {view && view.places.length === 0 && <p data-testid="alert-layer-empty">{t('alerts.none')}</p>}
      {placed.length > 0 && (
        <details className="open-shelters" open>
          <summary>{t('alerts.layer.list', { n: placed.length })}</summary>
          <ul data-testid="alert-places">
            {placed.map((p) => (
              <li key={p.code}>
                <button type="button" className="link-button" disabled={!props.mapReady} onClick={() => props.onShow(p)}>
                  {placeName(p, lang)} — {codeLabel(alertSeverities, p.severity, lang)}
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
          {t('alerts.layer.unplaced', { n: unplaced.length, names: unplaced.slice(0, 12).map((p) => placeName(p, lang)).join(sep) + (unplaced.length > 12 ? ' …' : '') })}
        </p>
      )}
    </section>
  );
}
