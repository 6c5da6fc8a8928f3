// The alert layer the console's map draws (web/src/pages/MapPage.tsx): per municipality, its area filled by its
// seismic intensity (JMA's own colours) or else by the most severe alert, outlined thick by the tsunami grade of its
// coast; a municipality without a bundled boundary as a halo, ring and dot at its representative point. Its legend
// with the choice of picture (real, exercise, test — never mixed, a drill clearly labelled) and the keyboard's list.
import { useTranslation } from 'react-i18next';
import { alertKinds, alertSeverities, alertStatuses } from '../../../model/alert.ts';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../../../../web/src/i18n/index.ts';
import type { AlertMapPlace, AlertMapView } from '../types.ts';
import type { AlertAreasState } from './boundaries.ts';
import { intensityLabel, intensityScale, placeName, severityColours, tsunamiClass, tsunamiColours } from './alert-features.ts';

// The map page draws the layer from here.
export { ALERT_LAYER_IDS, alertFeatures, alertLayers } from './alert-features.ts';

export const ALERT_PICTURES = ['actual', 'exercise', 'test'] as const;

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
