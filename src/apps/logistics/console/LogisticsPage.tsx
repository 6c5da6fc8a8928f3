// Logistics in the console: needs against stock by area and item with shortages first, plans the optimiser proposes
// with their reasons that a named person edits, approves or declines, and a board of the shipments this node takes
// part in by plan and state, with the actions its part allows (commit or decline as supplier, report progress, confirm
// receipt), EDXL-RM files (requests, answers) read, previewed and taken in or (requests) sent to a participant's node,
// the needs downloaded as EDXL-RM or HXL, and the requests this node sent with their answers.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { careNeeds, stockCategories, stockUnits, vehicleClasses } from '../../../model/codes.ts';
import type { Text } from '../../../model/index.ts';
import { operatorApi } from '../../../../web/src/api.ts';
import { ErrorBox, Loading, useAction } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { logisticsApi, type PlanView, type RoadSegmentView, type StoredPlan } from './api.ts';
import { MissingNoticeView } from './MissingNotice.tsx';
import { givenCounts, missingNotice, type MissingNotice } from './missing-notice.ts';
import { PlaceName } from './PlaceName.tsx';
import { areaLabel, placeLabel, placeNames, textIn } from './place-labels.ts';
import { PlanMap } from './PlanMap.tsx';
import { useNamedPerson } from './named-person.ts';
import { quantityText } from './quantity.ts';
import { ShipmentBoard } from './ShipmentBoard.tsx';
import { RequestFiles } from './RequestFiles.tsx';
import { SentRequests } from './SentRequests.tsx';
import { careSources, needsAgainstStock, type CareSourceRow, type NeedsRow } from './needs-table.ts';

export function LogisticsPage(_: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const { operatorName, setOperatorName } = useConsole();
  const [changed, setChanged] = useState(0);
  // The road picture comes with the supplies the needs table asks for: one audited query serves both.
  const [roads, setRoads] = useState<RoadSegmentView[]>();
  return (
    <>
      <h1 tabIndex={-1}>{t('logistics.title')}</h1>
      <div className="field">
        <label htmlFor="logistics-by">{t('logistics.by')}</label>
        <input id="logistics-by" value={operatorName} onChange={(e) => setOperatorName(e.target.value)} />
      </div>
      <NeedsSection changed={changed} onRoads={setRoads} />
      <PlanSection onChange={() => setChanged((n) => n + 1)} roads={roads} />
      <ShipmentBoard changed={changed} />
      <RequestFiles onImported={() => setChanged((n) => n + 1)} />
      <SentRequests changed={changed} onRecorded={() => setChanged((n) => n + 1)} />
    </>
  );
}

function NeedsSection({ changed, onRoads }: { changed: number; onRoads: (roads: RoadSegmentView[]) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName, session } = useConsole();
  const [rows, setRows] = useState<NeedsRow[]>();
  const [notice, setNotice] = useState<MissingNotice>();
  const [care, setCare] = useState<CareSourceRow[]>([]);
  const [shelterNames, setShelterNames] = useState<Record<string, Text>>({});
  const [areaNames, setAreaNames] = useState<Record<string, Text>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setRows(undefined);
    // Declarations in force decide what the notice says: asked again with the needs, as one may have arrived since the
    // console opened; the session's list stands in if the node cannot say.
    const inForce = operatorApi.declarations().then(
      (d) => d.items.filter((x) => x.active !== false).length,
      () => session.declarations.filter((x) => x.active !== false).length,
    );
    Promise.all([logisticsApi.needs(), logisticsApi.supplies(), inForce]).then(([n, s, declarations]) => {
      setRows(needsAgainstStock(n.needs, s.stock));
      setNotice(missingNotice({ missing: [...n.missing, ...s.missing], given: givenCounts([...n.answered, ...s.answered], n.care ?? []), estimatesFromShelters: n.needs.some((l) => l.demand.origin !== 'request'), declarationsInForce: declarations }));
      setCare(careSources(n.care));
      setShelterNames(n.shelterNames ?? {});
      setAreaNames(n.areaNames ?? {});
      onRoads(s.roadSegments);
    }, setError);
  }, [changed]);
  const shelterName = (id: string) => textIn(shelterNames[id], lang) ?? id;
  return (
    <section className="card" aria-labelledby="logistics-needs">
      <h2 id="logistics-needs">{t('logistics.needsTitle')}</h2>
      <p>{t('logistics.needsHelp')}</p>
      <ErrorBox error={error} />
      {rows === undefined ? (
        error === undefined && <Loading />
      ) : rows.length === 0 ? (
        <p>{t('logistics.noNeeds')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('logistics.area')}</th>
              <th scope="col">{t('logistics.item')}</th>
              <th scope="col">{t('logistics.needed')}</th>
              <th scope="col">{t('logistics.stock')}</th>
              <th scope="col">{t('logistics.short')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.areaCode}|${r.category}|${r.unit}`} className={r.short > 0 ? 'shortage' : undefined}>
                <td>
                  <PlaceName label={areaLabel(r.areaCode, areaNames, lang)} />
                </td>
                <td>
                  {codeLabel(stockCategories, r.category, lang)} ({codeLabel(stockUnits, r.unit, lang)})
                </td>
                <td>{quantityText(r.needed, lang)}</td>
                <td>{quantityText(r.stock, lang)}</td>
                <td>{r.short > 0 ? <strong>{quantityText(r.short, lang)}</strong> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {care.length > 0 && (
        <>
          <h3>{t('logistics.careTitle')}</h3>
          <ul>
            {care.map((c) => (
              <li key={c.node}>
                {c.unusable
                  ? t('logistics.careUnusable', { node: nodeName(c.node) })
                  : c.tableWithheld
                    ? t('logistics.careTableWithheld', { node: nodeName(c.node) })
                    : t('logistics.careLine', { node: nodeName(c.node), shelters: c.shelters })}
                {c.withheld.length > 0 && (
                  <>
                    {' — '}
                    {t('logistics.careWithheld', { minimum: c.minimumCellSize, list: joinLabels(c.withheld.map((w) => `${shelterName(w.shelterId)} ${codeLabel(careNeeds, w.need, lang)}`), lang) })}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {notice && <MissingNoticeView notice={notice} />}
    </section>
  );
}

function PlanSection({ onChange, roads }: { onChange: () => void; roads: RoadSegmentView[] | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [plans, setPlans] = useState<StoredPlan[]>();
  const [open, setOpen] = useState<PlanView>();
  const { busy, error, run } = useAction();
  const load = () => logisticsApi.plans().then((p) => setPlans(p.items), () => setPlans([]));
  useEffect(() => {
    void load();
  }, []);
  const shown = (v: PlanView) => {
    setOpen(v);
    void load();
    onChange();
  };
  return (
    <section className="card" aria-labelledby="logistics-plan">
      <h2 id="logistics-plan">{t('logistics.planTitle')}</h2>
      <button type="button" disabled={busy} onClick={() => void run(() => logisticsApi.propose(), shown)}>
        {t('logistics.propose')}
      </button>
      {busy && <p role="status">{t('logistics.proposing')}</p>}
      <ErrorBox error={error} />
      {plans && plans.length > 0 && (
        <table>
          <caption>{t('logistics.plans')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('logistics.proposedAt')}</th>
              <th scope="col">{t('logistics.state')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {plans.map((p) => (
              <tr key={p.id} aria-selected={open?.plan.id === p.id}>
                <td>{formatDateTime(p.proposedAt, lang)}</td>
                <td>{t(`logistics.planStates.${p.state}`)}</td>
                <td>
                  <button type="button" onClick={() => void run(() => logisticsApi.plan(p.id), setOpen)}>
                    {t('logistics.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <PlanDetail view={open} onChanged={shown} />}
      {open && <PlanMap view={open} roads={roads} />}
    </section>
  );
}

function PlanDetail({ view, onChanged }: { view: PlanView; onChanged: (v: PlanView) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const { busy, error, run } = useAction();
  const { named, problem } = useNamedPerson();
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const proposed = view.plan.state === 'proposed';
  // Names as the plan stored them with its places: what the plan saw, not today's records.
  const names = placeNames(view.places ?? []);
  const why = new Map<number, string[]>();
  for (const d of view.sentences?.destinations ?? []) for (const x of d.deliveries) if (x.line !== undefined) why.set(x.line, x.texts);
  const isolated = (view.sentences?.destinations ?? []).flatMap((d) => (d.isolated ? [d.isolated] : []));
  const save = (line: number) => {
    const by = named();
    const quantity = Number(edits[line]);
    if (by && Number.isFinite(quantity)) void run(() => logisticsApi.editLine(view.plan.id, line, quantity, by), onChanged);
  };
  return (
    <div aria-live="polite">
      <p>
        {view.plan.decidedBy
          ? t('logistics.decidedBy', { state: t(`logistics.planStates.${view.plan.state}`), by: view.plan.decidedBy, at: formatDateTime(view.plan.decidedAt, lang) })
          : t(`logistics.planStates.${view.plan.state}`)}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('logistics.line')}</th>
            <th scope="col">{t('logistics.from')}</th>
            <th scope="col">{t('logistics.to')}</th>
            <th scope="col">{t('logistics.item')}</th>
            <th scope="col">{t('logistics.quantity')}</th>
            <th scope="col">{t('logistics.minutes')}</th>
            <th scope="col">{t('logistics.vehicles')}</th>
            <th scope="col">{t('logistics.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {view.lines.map((l) => (
            <tr key={l.line}>
              <td>{l.line}</td>
              <td>
                <PlaceName label={placeLabel(names, l.supplier, l.depot, lang)} holder={nodeName(l.supplier)} />
              </td>
              <td>
                <PlaceName label={placeLabel(names, l.receiver, l.destination, lang)} holder={nodeName(l.receiver)} />
              </td>
              <td>
                {codeLabel(stockCategories, l.category, lang)} ({codeLabel(stockUnits, l.unit, lang)})
              </td>
              <td>
                {proposed ? (
                  <>
                    <label className="visually-hidden" htmlFor={`line-${l.line}`}>
                      {t('logistics.quantity')}
                    </label>
                    <input id={`line-${l.line}`} inputMode="decimal" size={8} value={edits[l.line] ?? String(l.quantity)} onChange={(e) => setEdits({ ...edits, [l.line]: e.target.value })} />
                    <button type="button" disabled={busy || edits[l.line] === undefined} onClick={() => save(l.line)}>
                      {t('logistics.save')}
                    </button>
                  </>
                ) : (
                  quantityText(l.quantity, lang)
                )}
              </td>
              <td>{Math.round(l.minutes)}</td>
              <td>
                {l.transport
                  ? t('logistics.vehicleLine', {
                      operator: nodeName(l.transport.operator), vehicleClass: codeLabel(vehicleClasses, l.transport.vehicleClass, lang),
                      trips: quantityText(l.transport.trips, lang), tripMinutes: Math.round(l.transport.tripMinutes),
                    })
                  : '—'}
              </td>
              <td>
                <ul>
                  {(why.get(l.line) ?? []).map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.sentences && (
        <>
          <h3>{t('logistics.shortages')}</h3>
          <ul>
            {[...isolated, ...view.sentences.shortages].map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <h3>{t('logistics.optimality')}</h3>
          <p>{view.sentences.optimality}</p>
          {view.sentences.notes.length > 0 && (
            <>
              <h3>{t('logistics.notes')}</h3>
              <ul>
                {view.sentences.notes.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      <ErrorBox error={error} />
      {proposed && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => { const by = named(); if (by) void run(() => logisticsApi.approve(view.plan.id, by), onChanged); }}>
            {t('logistics.approve')}
          </button>
          <label htmlFor="decline-reason">{t('logistics.reason')}</label>
          <input id="decline-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" disabled={busy || reason.trim() === ''} onClick={() => { const by = named(); if (by) void run(() => logisticsApi.decline(view.plan.id, by, reason.trim()), onChanged); }}>
            {t('logistics.decline')}
          </button>
        </div>
      )}
    </div>
  );
}

