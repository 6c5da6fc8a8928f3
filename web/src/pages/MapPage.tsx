// The map: the offline prefecture basemap, shelters across the federation (colour by open status, size by
// evacuees), the current run's persons by priority (clustered), the declared areas, and — where the alerts
// application is installed — the alerts in force of one picture per municipality. Circle and fill layers only:
// text labels would need glyphs from a server, so names appear in popups and the legend is HTML.
// MapLibre starts its worker from maplibre-gl-worker.mjs beside the bundle; the node serves it there.
import { GeoJSONSource, Map as MapLibreMap, NavigationControl, Popup, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection, Geometry } from 'geojson';
import { careNeeds, safetyStatuses, shelterKinds, shelterOpenStatuses } from '../../../src/model/codes.ts';
import { operatorApi, type ShelterCollection } from '../api.ts';
// The people layer shows the current lives-to-save list (the lifeline application's run).
import { lifelineApi, type LifelineRow } from '../../../src/apps/lifeline/console/api.ts';
// The alert layer is the alerts application's (its routes, its legend); drawn here so people stay on one map with it.
import { alertsApi, type AlertMapPlace, type AlertMapView } from '../../../src/apps/alerts/console/api.ts';
import { ALERT_LAYER_IDS, AlertLegend, alertFeatures, alertLayers, alertPopup } from '../../../src/apps/alerts/console/AlertLayer.tsx';
import { useAlertAreas } from '../../../src/apps/alerts/console/boundaries.ts';
import { ErrorBox } from '../components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../i18n/index.ts';
import { useConsole } from '../state.tsx';
import { loadPrefectures, prefectureLines, seaAndLand } from '../components/basemap.ts';

export const NOTO_BOUNDS: [[number, number], [number, number]] = [
  [136.6, 36.8],
  [137.45, 37.58],
];
/** Ishikawa prefecture and its sea: where the demo's shelters are asked for. */
const SHELTER_BBOX: [number, number, number, number] = [136.2, 36.0, 137.5, 37.9];
export const PRIORITY_HIGH = 50;
export const PRIORITY_MEDIUM = 20;

export const openStatusColours: Record<string, string> = {
  open: '#1b7f3b',
  full: '#b3261e',
  closed: '#5f6368',
  'closed-after-use': '#202124',
  unknown: '#8a5a00',
};
export const priorityColours = { high: '#c5221f', medium: '#e37400', low: '#1a56db' };

export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}

function el(tag: string, content: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = content;
  if (className) e.className = className;
  return e;
}

function baseStyle(prefectures: FeatureCollection): StyleSpecification {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  return {
    version: 8,
    sources: {
      prefectures: { type: 'geojson', data: prefectures },
      declared: { type: 'geojson', data: empty },
      hazard: { type: 'geojson', data: empty },
      alerts: { type: 'geojson', data: empty },
      shelters: { type: 'geojson', data: empty },
      persons: { type: 'geojson', data: empty, cluster: true, clusterRadius: 40, clusterMaxZoom: 13, clusterProperties: { maxScore: ['max', ['get', 'score']] } },
    },
    layers: [
      ...seaAndLand,
      { id: 'declared-fill', type: 'fill', source: 'declared', paint: { 'fill-color': '#f2b8b5', 'fill-opacity': 0.45 } },
      prefectureLines,
      { id: 'hazard-fill', type: 'fill', source: 'hazard', paint: { 'fill-color': '#c5221f', 'fill-opacity': 0.15 } },
      { id: 'hazard-line', type: 'line', source: 'hazard', paint: { 'line-color': '#a50e0e', 'line-width': 2, 'line-dasharray': [2, 1] } },
      ...alertLayers('alerts'),
      {
        id: 'shelters',
        type: 'circle',
        source: 'shelters',
        paint: {
          'circle-color': ['match', ['get', 'openStatus'], ...Object.entries(openStatusColours).flat(), openStatusColours.unknown!] as unknown as string,
          'circle-radius': ['interpolate', ['linear'], ['coalesce', ['get', 'evacuees'], 0], 0, 3, 50, 6, 300, 10, 1000, 15],
          'circle-opacity': 0.85,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
        },
      },
      {
        id: 'person-clusters',
        type: 'circle',
        source: 'persons',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': ['step', ['get', 'maxScore'], priorityColours.low, PRIORITY_MEDIUM, priorityColours.medium, PRIORITY_HIGH, priorityColours.high],
          'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22],
          'circle-opacity': 0.75,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'persons',
        type: 'circle',
        source: 'persons',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': ['step', ['get', 'score'], priorityColours.low, PRIORITY_MEDIUM, priorityColours.medium, PRIORITY_HIGH, priorityColours.high],
          'circle-radius': 6,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

/** Every person of the run that has a location, page by page (the map shows at most a few thousand). */
async function loadRunPersons(runId: string): Promise<LifelineRow[]> {
  const out: LifelineRow[] = [];
  for (let offset = 0; offset < 5000; ) {
    const page = await lifelineApi.persons(runId, { sort: 'priority', order: 'desc' }, offset, 200);
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return out;
}

export function MapPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { session, run, nodeName } = useConsole();
  const alertsInstalled = (session.applications ?? []).some((a) => a.id === 'alerts');
  const [picture, setPicture] = useState('actual');
  const [alertMap, setAlertMap] = useState<AlertMapView>();
  // The municipalities' areas, by prefecture as the picture needs them; points until they come.
  const alertAreas = useAlertAreas(alertMap);
  const pictureRef = useRef(picture);
  pictureRef.current = picture;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap>(null);
  const popupRef = useRef<Popup>(null);
  const [hasWebgl] = useState(webglAvailable);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>();
  const [shelters, setShelters] = useState<ShelterCollection>();
  const [persons, setPersons] = useState<LifelineRow[]>([]);
  const prefecturesRef = useRef<FeatureCollection>(undefined);
  const langRef = useRef(lang);
  langRef.current = lang;

  // Data first, independent of the map, so a browser without WebGL still gets the summary.
  useEffect(() => {
    operatorApi.shelters(SHELTER_BBOX).then(setShelters, setError);
  }, [lang]);
  useEffect(() => {
    if (!run) return;
    loadRunPersons(run.runId).then(setPersons, setError);
  }, [run, lang]);
  useEffect(() => {
    if (!alertsInstalled) return;
    setAlertMap(undefined);
    // A picture is shown only with its own alerts: a late answer for another picture is dropped.
    let current = true;
    alertsApi.map(picture).then((v) => current && setAlertMap(v), setError);
    return () => {
      current = false;
    };
  }, [alertsInstalled, picture]);

  useEffect(() => {
    if (!hasWebgl || !container.current) return;
    let cancelled = false;
    let map: MapLibreMap | undefined;
    loadPrefectures().then(
      (prefectures) => {
        if (cancelled || !container.current) return;
        prefecturesRef.current = prefectures;
        map = new MapLibreMap({
          container: container.current,
          style: baseStyle(prefectures),
          bounds: NOTO_BOUNDS,
          fitBoundsOptions: { padding: 20 },
          attributionControl: false,
          renderWorldCopies: false,
        });
        map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
        map.on('load', () => {
          mapRef.current = map!;
          setReady(true);
        });
        map.on('error', (e) => setError(e.error));
        popupRef.current = installPopups(map, () => langRef.current, () => pictureRef.current);
      },
      (e: unknown) => setError(e),
    );
    return () => {
      cancelled = true;
      mapRef.current = null;
      setReady(false);
      map?.remove();
    };
  }, [hasWebgl]);

  // Sources follow the data.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    // Shelters without a location cannot be drawn (they are still counted in the summary).
    const features = (shelters?.features ?? [])
      .filter((f) => f.geometry !== null)
      .map((f) => ({ ...f, properties: { ...f.properties, sources: JSON.stringify(f.properties.sources ?? []) } }));
    (map.getSource('shelters') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features } as unknown as FeatureCollection);
  }, [ready, shelters]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    popupRef.current?.remove();
  }, [ready, alertMap]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('alerts') as GeoJSONSource | undefined)?.setData(alertFeatures(alertMap, alertAreas.areas));
  }, [ready, alertMap, alertAreas]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const features = persons
      .filter((p) => p.location)
      .map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: p.location! },
        properties: {
          id: p.id,
          name: p.name,
          score: p.priority.score,
          status: p.safety.status,
          needs: p.needs.join(','),
          factors: JSON.stringify(p.priority.factors.map((f) => [f.code, f.points, f.message ?? ''])),
        },
      }));
    (map.getSource('persons') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
  }, [ready, persons]);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const declaredCodes = new Set<string>();
    const hazards: Geometry[] = [];
    for (const d of session.declarations) {
      if (d.active === false) continue;
      for (const a of d.areas) declaredCodes.add(a.slice(0, 2));
      if (d.area) hazards.push(d.area as Geometry);
    }
    if (run?.area.hazard) hazards.push(run.area.hazard as Geometry);
    for (const a of run?.area.areas ?? []) declaredCodes.add(a.slice(0, 2));
    (map.getSource('declared') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: (prefecturesRef.current?.features ?? []).filter((f) => declaredCodes.has(String(f.properties?.code ?? ''))),
    });
    (map.getSource('hazard') as GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features: hazards.map((g) => ({ type: 'Feature', geometry: g, properties: {} })),
    });
  }, [ready, session, run]);

  const located = persons.filter((p) => p.location).length;
  // The keyboard's way to a shelter's popup: the open ones, most evacuees first.
  const openShelters = (shelters?.features ?? [])
    .filter((f) => f.geometry !== null && (f.properties.openStatus === 'open' || f.properties.openStatus === 'full'))
    .sort((a, b) => (b.properties.evacuees ?? 0) - (a.properties.evacuees ?? 0));
  const showShelter = (f: (typeof openShelters)[number]) => {
    const map = mapRef.current;
    const at = f.geometry?.coordinates as [number, number] | undefined;
    if (!map || !at || !popupRef.current) return;
    map.easeTo({ center: at, zoom: Math.max(map.getZoom(), 13) });
    popupRef.current.setLngLat(at).setDOMContent(shelterPopup({ ...f.properties, sources: f.properties.sources ?? [] }, lang)).addTo(map);
  };
  const showPlace = (place: AlertMapPlace) => {
    const map = mapRef.current;
    if (!map || !place.at || !popupRef.current) return;
    map.easeTo({ center: place.at, zoom: Math.max(map.getZoom(), 10) });
    popupRef.current.setLngLat(place.at).setDOMContent(alertPopup(place, picture, lang, i18nT)).addTo(map);
  };
  const missing = shelters?.missing ?? [];
  return (
    <>
      <h1 tabIndex={-1}>{t('map.title')}</h1>
      <ErrorBox error={error} />
      {!hasWebgl && (
        <p className="notice" role="alert" data-testid="webgl-unavailable">
          {t('map.webglUnavailable')}
        </p>
      )}
      <div className="map-layout">
        {hasWebgl && (
          <div
            ref={container}
            className="map"
            role="region"
            aria-label={t('map.mapLabel')}
            data-testid="map"
            data-map-state={ready ? 'ready' : 'loading'}
          />
        )}
        <aside className="legend" aria-labelledby="legend-title">
          <h2 id="legend-title">{t('map.legend')}</h2>
          {alertsInstalled && <AlertLegend view={alertMap} picture={picture} onPicture={setPicture} onShow={showPlace} mapReady={ready} areas={alertAreas} />}
          <h3>{t('map.shelters')}</h3>
          <ul className="swatches">
            {Object.entries(openStatusColours).map(([code, colour]) => (
              <li key={code}>
                <span className="swatch" style={{ background: colour }} aria-hidden="true" />
                {codeLabel(shelterOpenStatuses, code, lang)}
              </li>
            ))}
          </ul>
          <h3>{t('map.persons')}</h3>
          <ul className="swatches">
            <li>
              <span className="swatch" style={{ background: priorityColours.high }} aria-hidden="true" />
              {t('map.priorityHigh', { n: PRIORITY_HIGH })}
            </li>
            <li>
              <span className="swatch" style={{ background: priorityColours.medium }} aria-hidden="true" />
              {t('map.priorityMedium', { low: PRIORITY_MEDIUM, high: PRIORITY_HIGH - 1 })}
            </li>
            <li>
              <span className="swatch" style={{ background: priorityColours.low }} aria-hidden="true" />
              {t('map.priorityLow', { n: PRIORITY_MEDIUM })}
            </li>
          </ul>
          <h3>{t('map.areas')}</h3>
          <ul className="swatches">
            <li>
              <span className="swatch" style={{ background: '#f2b8b5' }} aria-hidden="true" />
              {t('map.declaredPrefecture')}
            </li>
            <li>
              <span className="swatch swatch-outline" aria-hidden="true" />
              {t('map.hazard')}
            </li>
          </ul>
          <p role="status" data-testid="map-summary">
            {t('map.summary', { shelters: shelters?.features.length ?? 0, persons: located })}
          </p>
          {shelters?.totals && (
            <p data-testid="map-totals">{t('map.totals', { open: shelters.totals.open, evacuees: shelters.totals.evacuees.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') })}</p>
          )}
          {openShelters.length > 0 && (
            <details className="open-shelters">
              <summary>{t('map.openList', { n: openShelters.length })}</summary>
              <ul data-testid="open-shelters">
                {openShelters.map((f) => (
                  <li key={f.id}>
                    <button type="button" className="link-button" disabled={!ready} onClick={() => showShelter(f)}>
                      {(lang === 'en' && f.properties.nameEn) || f.properties.name}
                      {f.properties.evacuees !== undefined ? ` — ${t('map.evacuees', { n: f.properties.evacuees })}` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {!run && <p>{t('map.noRun')}</p>}
          {missing.length > 0 && (
            <p className="notice">
              {t('map.missingNodes', { nodes: missing.map((m) => nodeName(m.participantId)).join(', ') })}
            </p>
          )}
          {hasWebgl && (
            <button type="button" className="secondary" onClick={() => mapRef.current?.fitBounds(NOTO_BOUNDS, { padding: 20 })}>
              {t('map.fitNoto')}
            </button>
          )}
        </aside>
      </div>
    </>
  );
}

/** A shelter's details, built from text nodes (never HTML from data); sources named as the trust list names them. */
function shelterPopup(p: Record<string, unknown>, l: Lang): HTMLElement {
  const tr = (key: string, params?: Record<string, unknown>) => i18nT(key, params);
  const box = document.createElement('div');
  const name = String((l === 'en' && p.nameEn) || p.name || p.id || '');
  box.append(el('strong', name));
  box.append(el('div', tr('map.kind', { kind: codeLabel(shelterKinds, String(p.kind ?? ''), l) })));
  box.append(el('div', tr('map.status', { status: codeLabel(shelterOpenStatuses, String(p.openStatus ?? 'unknown'), l) })));
  if (p.evacuees !== undefined && p.evacuees !== null) box.append(el('div', tr('map.evacuees', { n: p.evacuees })));
  if (p.capacity !== undefined && p.capacity !== null) box.append(el('div', tr('map.capacity', { n: p.capacity })));
  if (p.observedAt) {
    const at = formatDateTime(String(p.observedAt), l);
    box.append(el('div', p.observedAtIsImport === true ? tr('map.importedAt', { at }) : tr('map.observedAt', { at })));
  }
  const sources = (typeof p.sources === 'string' ? JSON.parse(p.sources) : (p.sources ?? [])) as { participantId: string; name: { ja: string; en: string } }[];
  const names = sources.length > 0 ? sources.map((s) => s.name[l]) : p.sourceNode ? [String(p.sourceNode)] : [];
  if (names.length > 0) box.append(el('div', tr('map.source', { node: joinLabels(names, l) })));
  return box;
}

/** Click → details in a popup; the popup is returned so the keyboard list can open the same one. */
function installPopups(map: MapLibreMap, lang: () => Lang, picture: () => string): Popup {
  const popup = new Popup({ closeButton: true, maxWidth: '320px' });
  const tr = (key: string, params?: Record<string, unknown>) => i18nT(key, params);
  for (const layer of ['shelters', 'persons', 'person-clusters', ...ALERT_LAYER_IDS]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  // A click on shelters or persons above an alert opens theirs; the alert's opens where nothing else is hit.
  map.on('click', (e) => {
    const layers = ['shelters', 'persons', 'person-clusters', ...ALERT_LAYER_IDS].filter((id) => map.getLayer(id));
    const [top] = map.queryRenderedFeatures(e.point, { layers });
    if (!top || !(ALERT_LAYER_IDS as readonly string[]).includes(top.layer.id)) return;
    const place = JSON.parse(String(top.properties.place)) as AlertMapPlace;
    // An area's popup opens where it was clicked; a point's at the point.
    popup.setLngLat(top.properties.drawn === 'area' ? e.lngLat : (place.at ?? e.lngLat)).setDOMContent(alertPopup(place, picture(), lang(), tr)).addTo(map);
  });
  map.on('click', 'shelters', (e) => {
    const f = e.features?.[0];
    if (!f) return;
    popup.setLngLat(pointOf(f) ?? e.lngLat).setDOMContent(shelterPopup(f.properties as Record<string, unknown>, lang())).addTo(map);
  });
  map.on('click', 'persons', (e) => {
    const f = e.features?.[0];
    if (!f) return;
    const p = f.properties as Record<string, unknown>;
    const l = lang();
    const box = document.createElement('div');
    box.append(el('strong', String(p.name ?? '')));
    box.append(el('div', tr('map.score', { n: p.score })));
    box.append(el('div', tr('map.status', { status: codeLabel(safetyStatuses, String(p.status ?? 'unknown'), l) })));
    const needs = String(p.needs ?? '').split(',').filter((n) => n !== '');
    if (needs.length > 0) box.append(el('div', joinLabels(needs.map((n) => codeLabel(careNeeds, n, l)), l)));
    const list = document.createElement('ul');
    for (const [code, points, message] of JSON.parse(String(p.factors ?? '[]')) as [string, number, string][]) {
      list.append(el('li', `+${points} ${message || tr(`factors.${code}`)}`));
    }
    box.append(list);
    popup.setLngLat(pointOf(f) ?? e.lngLat).setDOMContent(box).addTo(map);
  });
  map.on('click', 'person-clusters', (e) => {
    const f = e.features?.[0];
    if (!f) return;
    const p = f.properties as Record<string, unknown>;
    const at = pointOf(f) ?? e.lngLat;
    popup.setLngLat(at).setDOMContent(el('div', tr('map.cluster', { n: p.point_count, score: p.maxScore }))).addTo(map);
    const source = map.getSource('persons') as GeoJSONSource;
    void source.getClusterExpansionZoom(Number(p.cluster_id)).then((zoom) => map.easeTo({ center: at, zoom }));
  });
  return popup;
}

function pointOf(f: MapGeoJSONFeature): [number, number] | undefined {
  return f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : undefined;
}

function i18nT(key: string, params?: Record<string, unknown>): string {
  return i18next.t(key, params as Record<string, string>) as string;
}
