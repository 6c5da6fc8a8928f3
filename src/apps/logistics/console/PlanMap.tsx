// A plan on the map (the logistics page's plan detail): the road segments the node gathered coloured by status, the
// plan's flows from depots to destinations (width by quantity), depots and destinations with the isolated ones
// marked, on the console's offline basemap (no tiles from the internet). Beside it the legend and the keyboard's list,
// each entry opening the same popup a click opens. Circle and line layers only: text labels would need glyphs.
import { GeoJSONSource, Map as MapLibreMap, NavigationControl, Popup, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection } from 'geojson';
import { roadClasses, roadStatuses, stockCategories } from '../../../model/codes.ts';
import type { LonLat, PlaceRef, Text } from '../../../model/index.ts';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { loadPrefectures, prefectureLines, seaAndLand } from '../../../../web/src/components/basemap.ts';
import type { PlanPlace, PlanView, RoadSegmentView } from '../types.ts';
import { placeLabel, placeNames, type Label } from './place-labels.ts';
import { planMapData, roadStatusCounts, type PlanFlow } from './plan-map.ts';
import { amountText } from './quantity.ts';

export const roadColours = { open: '#5f6368', restricted: '#e37400', closed: '#c5221f' } as const;
export const placeColours = { depot: '#202124', destination: '#1b7f3b', isolated: '#8e24aa' } as const;
const FLOW_COLOUR = '#1a56db';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const CLICKABLE = ['plan-places', 'plan-flows', 'plan-flows-straight', 'plan-roads', 'plan-roads-closed'] as const;

function baseStyle(prefectures: FeatureCollection): StyleSpecification {
  return {
    version: 8,
    sources: { prefectures: { type: 'geojson', data: prefectures }, roads: { type: 'geojson', data: EMPTY }, flows: { type: 'geojson', data: EMPTY }, places: { type: 'geojson', data: EMPTY } },
    layers: [
      ...seaAndLand,
      prefectureLines,
      {
        id: 'plan-roads', type: 'line', source: 'roads', filter: ['!=', ['get', 'status'], 'closed'],
        paint: { 'line-color': ['match', ['get', 'status'], 'restricted', roadColours.restricted, roadColours.open] as unknown as string, 'line-width': 2.5 },
      },
      // A closed road is dashed as well as red, so it reads without colour.
      { id: 'plan-roads-closed', type: 'line', source: 'roads', filter: ['==', ['get', 'status'], 'closed'], paint: { 'line-color': roadColours.closed, 'line-width': 3, 'line-dasharray': [2, 1.5] } },
      { id: 'plan-flows', type: 'line', source: 'flows', filter: ['==', ['get', 'drawn'], 'road'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': FLOW_COLOUR, 'line-width': ['get', 'width'], 'line-opacity': 0.7 } },
      { id: 'plan-flows-straight', type: 'line', source: 'flows', filter: ['==', ['get', 'drawn'], 'straight'], paint: { 'line-color': FLOW_COLOUR, 'line-width': ['get', 'width'], 'line-opacity': 0.7, 'line-dasharray': [1, 1] } },
      {
        id: 'plan-places', type: 'circle', source: 'places',
        paint: {
          'circle-color': ['case', ['get', 'isolated'], placeColours.isolated, ['==', ['get', 'role'], 'depot'], placeColours.depot, ['get', 'inPlan'], placeColours.destination, '#ffffff'] as unknown as string,
          'circle-radius': ['case', ['get', 'isolated'], 8, ['==', ['get', 'role'], 'depot'], 7, 5] as unknown as number,
          'circle-stroke-color': ['case', ['get', 'isolated'], '#ffffff', ['get', 'inPlan'], '#ffffff', placeColours.destination] as unknown as string,
          'circle-stroke-width': ['case', ['get', 'isolated'], 3, 1.5] as unknown as number,
        },
      },
    ],
  };
}

function el(tag: string, content: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = content;
  if (className) e.className = className;
  return e;
}

type Tr = (key: string, params?: Record<string, unknown>) => string;
type Names = (participantId: string) => string;

/** What a popup or list entry needs to put places in words: language, texts, participants' and places' names. */
interface Words {
  lang: Lang;
  t: Tr;
  names: Names;
  places: ReadonlyMap<string, Text>;
}

const placeOf = (w: Words, node: string, place: PlaceRef): Label => placeLabel(w.places, node, place, w.lang);

/** The quieter line under a place's name: who holds it and, when it has a name, its id. */
const holderLine = (w: Words, node: string, l: Label) => [w.names(node), ...(l.named ? [l.id] : [])].join(' · ');

/** "金沢備蓄倉庫 → 七尾小学校": a flow by its places' names (their ids when unnamed). */
function flowTitle(flow: PlanFlow, w: Words): string {
  return w.t('logistics.map.flowFromTo', { from: placeOf(w, flow.supplier, flow.depot).text, to: placeOf(w, flow.receiver, flow.destination).text });
}

/** What goes along a flow, in words: "食料 300 食、毛布 40 枚". */
export function flowItemsText(flow: PlanFlow, lang: Lang): string {
  return joinLabels(flow.items.map((i) => `${codeLabel(stockCategories, i.category, lang)} ${amountText(i.quantity, i.unit, lang)}`), lang);
}

/** Popups are built from text nodes, never HTML from data. */
function flowPopup(flow: PlanFlow, w: Words): HTMLElement {
  const { lang, t } = w;
  const box = document.createElement('div');
  box.className = 'plan-popup';
  box.dataset.testid = 'plan-flow-popup';
  box.append(el('strong', flowTitle(flow, w)));
  const from = placeOf(w, flow.supplier, flow.depot);
  const to = placeOf(w, flow.receiver, flow.destination);
  box.append(el('div', `${t('logistics.from')}: ${holderLine(w, flow.supplier, from)}`, 'place-id'));
  box.append(el('div', `${t('logistics.to')}: ${holderLine(w, flow.receiver, to)}`, 'place-id'));
  const list = document.createElement('ul');
  for (const i of flow.items) list.append(el('li', t('logistics.map.flowItem', { line: i.line, item: codeLabel(stockCategories, i.category, lang), amount: amountText(i.quantity, i.unit, lang) })));
  box.append(list);
  box.append(el('div', t('logistics.map.flowMinutes', { minutes: Math.round(flow.minutes) })));
  box.append(el('div', flow.drawn === 'road' ? t('logistics.map.alongRoads') : t('logistics.map.straight')));
  if (flow.closedNow.length > 0) box.append(el('div', t('logistics.map.closedNow', { segments: flow.closedNow.join(', ') }), 'error'));
  return box;
}

function placePopup(p: { role: string; node: string; place: PlaceRef; isolated: boolean; inPlan: boolean }, w: Words): HTMLElement {
  const { t } = w;
  const label = placeOf(w, p.node, p.place);
  const box = document.createElement('div');
  box.dataset.testid = 'plan-place-popup';
  box.append(el('strong', label.text));
  box.append(el('div', holderLine(w, p.node, label), 'place-id'));
  box.append(el('div', p.role === 'depot' ? t('logistics.map.depot') : p.inPlan ? t('logistics.map.destination') : t('logistics.map.destinationPlace')));
  if (p.isolated) box.append(el('div', t('logistics.map.isolated'), 'error'));
  else if (p.role === 'destination' && !p.inPlan) box.append(el('div', t('logistics.map.unserved')));
  return box;
}

function roadPopup(p: Record<string, unknown>, { lang, t, names }: Words): HTMLElement {
  const box = document.createElement('div');
  box.append(el('strong', String(p.name || p.id)));
  box.append(el('div', `${codeLabel(roadClasses, String(p.roadClass), lang)} — ${codeLabel(roadStatuses, String(p.status), lang)}`));
  box.append(el('div', t('logistics.map.roadObserved', { at: formatDateTime(String(p.statusObservedAt), lang), source: String(p.statusSource), node: names(String(p.node)) })));
  box.append(el('div', t('logistics.map.roadId', { id: String(p.id) })));
  return box;
}

/** An isolated destination's popup from the keyboard list: no flow reaches an isolated place, so it is never in the plan. */
const isolatedProps = (p: PlanPlace) => ({ role: p.role, node: p.node, place: p.place, isolated: true, inPlan: false });

export function PlanMap({ view, roads }: { view: PlanView; roads: readonly RoadSegmentView[] | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap>(null);
  const popupRef = useRef<Popup>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const data = useMemo(() => planMapData(view.lines, view.places ?? [], roads ?? []), [view, roads]);
  const dataRef = useRef(data);
  dataRef.current = data;
  // Places by the names the plan stored with them (what the plan saw, not today's records).
  const places = useMemo(() => placeNames(view.places ?? []), [view]);
  // Popups opened by a click read the language and names of the moment, not of the map's creation.
  const words: Words = { lang, t: t as Tr, names: nodeName, places };
  const wordsRef = useRef(words);
  wordsRef.current = words;

  useEffect(() => {
    if (!container.current) return;
    let cancelled = false;
    let map: MapLibreMap | undefined;
    loadPrefectures().then(
      (prefectures) => {
        if (cancelled || !container.current) return;
        try {
          map = new MapLibreMap({ container: container.current, style: baseStyle(prefectures), bounds: [[136.6, 36.8], [137.45, 37.58]], fitBoundsOptions: { padding: 20 }, attributionControl: false, renderWorldCopies: false });
        } catch (e) {
          // No WebGL in this browser: the lists beside the map still say everything the map draws.
          setFailed(e instanceof Error ? e.message : String(e));
          return;
        }
        map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
        const popup = new Popup({ closeButton: true, maxWidth: '340px' });
        popupRef.current = popup;
        for (const layer of CLICKABLE) {
          map.on('mouseenter', layer, () => (map!.getCanvas().style.cursor = 'pointer'));
          map.on('mouseleave', layer, () => (map!.getCanvas().style.cursor = ''));
        }
        // One handler for every layer: the topmost feature under the pointer opens its popup (places over flows over roads).
        map.on('click', (e) => {
          const [top] = map!.queryRenderedFeatures(e.point, { layers: [...CLICKABLE] });
          if (!top) return;
          popup.setLngLat(e.lngLat).setDOMContent(popupFor(top)).addTo(map!);
        });
        map.on('load', () => {
          mapRef.current = map!;
          setReady(true);
        });
        // An error while drawing (a source, a layer) leaves the map usable: said, not hidden.
        map.on('error', (e) => setProblem(e.error?.message ?? 'map error'));
      },
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
    function popupFor(f: MapGeoJSONFeature): HTMLElement {
      const w = wordsRef.current;
      const p = f.properties as Record<string, unknown>;
      if (f.layer.id === 'plan-places') {
        const place: PlaceRef = { type: p.placeType === 'shelter' ? 'shelter' : 'facility', id: String(p.placeId) };
        return placePopup({ role: String(p.role), node: String(p.node), place, isolated: p.isolated === true, inPlan: p.inPlan === true }, w);
      }
      if (f.layer.id.startsWith('plan-flows')) {
        const flow = dataRef.current.list.find((x) => x.id === p.id);
        if (flow) return flowPopup(flow, w);
      }
      return roadPopup(p, w);
    }
    return () => {
      cancelled = true;
      mapRef.current = null;
      setReady(false);
      map?.remove();
    };
  }, []);

  // The plan drawn last: a new plan closes the open popup and frames the map again; new road data (the needs table
  // refetches it after every change) only redraws the roads, so a popup the operator opened stays where it is.
  const shownView = useRef<PlanView>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const newPlan = shownView.current !== view;
    shownView.current = view;
    if (newPlan) popupRef.current?.remove();
    (map.getSource('roads') as GeoJSONSource | undefined)?.setData(data.roads);
    (map.getSource('flows') as GeoJSONSource | undefined)?.setData(data.flows);
    (map.getSource('places') as GeoJSONSource | undefined)?.setData(data.places);
    if (newPlan && data.bounds) map.fitBounds(data.bounds, { padding: 40, maxZoom: 12, duration: 0 });
  }, [ready, data, view]);

  const open = (at: LonLat | undefined, content: HTMLElement) => {
    const map = mapRef.current;
    if (!map || !at || !popupRef.current) return;
    // Jump, not ease: the popup picks its side from where the point is once it is added.
    map.jumpTo({ center: at, zoom: Math.max(map.getZoom(), 10) });
    popupRef.current.setLngLat(at).setDOMContent(content).addTo(map);
  };
  const isolated = (view.places ?? []).filter((p) => p.role === 'destination' && p.isolated);
  const counts = roadStatusCounts(roads ?? []);
  return (
    <section className="plan-map" aria-labelledby="plan-map-title">
      <h3 id="plan-map-title">{t('logistics.map.title')}</h3>
      <p>{t('logistics.map.help')}</p>
      {view.places === undefined && <p className="notice">{t('logistics.map.noPlaces')}</p>}
      {failed && (
        <p className="notice" role="alert" data-testid="plan-map-unavailable">
          {t('logistics.map.unavailable', { detail: failed })}
        </p>
      )}
      {problem && !failed && <p className="notice">{t('logistics.map.problem', { detail: problem })}</p>}
      <div className="map-layout">
        <div ref={container} className="map" role="region" aria-label={t('logistics.map.mapLabel')} data-testid="plan-map" data-map-state={ready ? 'ready' : 'loading'} />
        <aside className="legend" aria-labelledby="plan-map-legend">
          <h4 id="plan-map-legend">{t('logistics.map.legend')}</h4>
          <ul className="swatches">
            {(['open', 'restricted', 'closed'] as const).map((s) => (
              <li key={s}>
                <span className={`swatch-line${s === 'closed' ? ' swatch-line-dashed' : ''}`} style={{ borderTopColor: roadColours[s] }} aria-hidden="true" />
                {t('logistics.map.roadCount', { status: codeLabel(roadStatuses, s, lang), n: counts[s] })}
              </li>
            ))}
            <li>
              <span className="swatch-line swatch-line-wide" style={{ borderTopColor: FLOW_COLOUR }} aria-hidden="true" />
              {t('logistics.map.flowAlong')}
            </li>
            <li>
              <span className="swatch-line swatch-line-wide swatch-line-dashed" style={{ borderTopColor: FLOW_COLOUR }} aria-hidden="true" />
              {t('logistics.map.flowStraight')}
            </li>
            <li>
              <span className="swatch" style={{ background: placeColours.depot }} aria-hidden="true" />
              {t('logistics.map.depot')}
            </li>
            <li>
              <span className="swatch" style={{ background: placeColours.destination }} aria-hidden="true" />
              {t('logistics.map.destination')}
            </li>
            <li>
              <span className="swatch" style={{ background: '#ffffff', boxShadow: `0 0 0 2px ${placeColours.destination}` }} aria-hidden="true" />
              {t('logistics.map.unserved')}
            </li>
            <li>
              <span className="swatch" style={{ background: placeColours.isolated }} aria-hidden="true" />
              {t('logistics.map.isolated')}
            </li>
          </ul>
          <p className="hint">{t('logistics.map.widthHint')}</p>
          {roads === undefined ? <p>{t('logistics.map.roadsLoading')}</p> : roads.length === 0 && <p>{t('logistics.map.noRoads')}</p>}
          <h4>{t('logistics.map.flows', { n: data.list.length })}</h4>
          <ul className="plan-flow-list" data-testid="plan-flows">
            {data.list.map((f) => (
              <li key={f.id}>
                <button type="button" className="link-button" disabled={!ready || f.at === undefined} title={`${f.depot.id} → ${f.destination.id}`} onClick={() => open(f.at, flowPopup(f, words))}>
                  {flowTitle(f, words)} — {t('logistics.map.flowMinutes', { minutes: Math.round(f.minutes) })}
                  {f.at === undefined ? ` (${t('logistics.map.notOnMap')})` : ''}
                </button>
                <div className="hint">{flowItemsText(f, lang)}</div>
                {f.closedNow.length > 0 && <span className="error"> {t('logistics.map.closedNow', { segments: f.closedNow.join(', ') })}</span>}
              </li>
            ))}
          </ul>
          {isolated.length > 0 && (
            <>
              <h4>{t('logistics.map.isolatedList', { n: isolated.length })}</h4>
              <ul data-testid="plan-isolated">
                {isolated.map((p) => (
                  <li key={`${p.node}|${p.place.id}`}>
                    <button type="button" className="link-button" disabled={!ready || p.at === undefined} title={p.place.id} onClick={() => open(p.at, placePopup(isolatedProps(p), words))}>
                      {placeOf(words, p.node, p.place).text} ({nodeName(p.node)}){p.at === undefined ? ` (${t('logistics.map.notOnMap')})` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.unplaced.length > 0 && <p>{t('logistics.map.unplaced', { list: joinLabels(data.unplaced.map((p) => `${placeOf(words, p.node, p.place).text} (${nodeName(p.node)})`), lang) })}</p>}
          {ready && data.bounds && (
            <button type="button" className="secondary" onClick={() => mapRef.current?.fitBounds(data.bounds!, { padding: 40, maxZoom: 12 })}>
              {t('logistics.map.fit')}
            </button>
          )}
        </aside>
      </div>
    </section>
  );
}
