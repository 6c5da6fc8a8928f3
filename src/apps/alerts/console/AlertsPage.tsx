// Alerts and the situation picture: the alerts in force for one status at a time (real, exercise or test — never
// mixed), an alert's municipalities with intensities and its tsunami coasts, the persons requiring care and shelters
// of its areas from every node (refusals shown per node), the link to the lives-to-save list, a timeline of alerts
// (issued, updated, cancelled), declarations and situation reports linking to each record, and a situation report a
// person drafts, approves, and only then prints. `?alert=` and `?report=` open one record (the timeline's links).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { alertKinds, alertSeverities } from '../../../model/alert.ts';
import { purposes, safetyStatuses } from '../../../model/codes.ts';
import { ErrorBox, Loading, useAction } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { parsePolygon, POLYGON_EXAMPLE } from '../../../../web/src/polygon.ts';
import { errorText } from '../../../../web/src/api.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { ALERT_PICTURES, PictureChoice } from './AlertLayer.tsx';
import { UnmetNeeds } from './UnmetNeeds.tsx';
import { municipalityNames } from './municipality-label.ts';
import { alertsApi, type AlertDetailView, type AlertPeopleView, type AlertsInForceView, type ReportAreaChoiceView, type ReportAreasView, type ReportMunicipality, type SituationReport, type TimelineView, type AlertSubscriptionsView } from './api.ts';

export function AlertsPage({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const requested = params.get('status');
  const [status, setStatus] = useState<string>(requested && (ALERT_PICTURES as readonly string[]).includes(requested) ? requested : 'actual');
  const [list, setList] = useState<AlertsInForceView>();
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<string | undefined>(params.get('alert') ?? undefined);
  const [timeline, setTimeline] = useState<TimelineView>();
  const reportId = params.get('report') ?? undefined;

  // The timeline's and the map's links change the hash: follow them to the record they name.
  useEffect(() => {
    if (requested && (ALERT_PICTURES as readonly string[]).includes(requested)) setStatus(requested);
    setSelected(params.get('alert') ?? undefined);
  }, [params, requested]);
  useEffect(() => {
    setList(undefined);
    setTimeline(undefined);
    alertsApi.inForce(status).then(setList, setError);
    alertsApi.timeline(status).then(setTimeline, setError);
  }, [status]);

  return (
    <>
      <h1 tabIndex={-1}>{t('alerts.title')}</h1>
      <PictureChoice id="alerts-status" className="field no-print" picture={status} onPicture={setStatus} />
      <ErrorBox error={error} />
      {list === undefined ? <Loading /> : <InForce list={list} onSelect={setSelected} selected={selected} />}
      {selected && <AlertDetail id={selected} />}
      {timeline && <Timeline timeline={timeline} />}
      <SubscriptionSection />
      <ReportSection status={status} reportId={reportId} suggestedAreas={[...new Set(list?.items.flatMap((a) => a.areaCodes) ?? [])]} />
    </>
  );
}

function InForce({ list, onSelect, selected }: { list: AlertsInForceView; onSelect: (id: string) => void; selected: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="alerts-in-force">
      <h2 id="alerts-in-force">{t('alerts.inForce')}</h2>
      {list.items.length === 0 ? (
        <p>{t('alerts.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('alerts.sent')}</th>
              <th scope="col">{t('alerts.kinds')}</th>
              <th scope="col">{t('alerts.severity')}</th>
              <th scope="col">{t('alerts.headline')}</th>
              <th scope="col">{t('alerts.areas')}</th>
              <th scope="col" className="no-print" />
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id} aria-selected={a.id === selected} className={`severity-${a.severity}`}>
                <td>{formatDateTime(a.sent, lang)}</td>
                <td>{joinLabels(a.kinds.map((k) => codeLabel(alertKinds, k, lang)), lang)}</td>
                <td>
                  <span className={`badge severity-${a.severity}`}>{codeLabel(alertSeverities, a.severity, lang)}</span>
                </td>
                <td>{a.headline ?? a.event ?? ''}</td>
                <td>{a.areaCodes.length}</td>
                <td className="no-print">
                  <button type="button" onClick={() => onSelect(a.id)}>
                    {t('alerts.details')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AlertDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [detail, setDetail] = useState<AlertDetailView>();
  const [people, setPeople] = useState<AlertPeopleView>();
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    setDetail(undefined);
    setPeople(undefined);
    setError(undefined);
    alertsApi.alert(id).then(setDetail, setError);
  }, [id, setError]);
  if (error) return <ErrorBox error={error} />;
  if (!detail) return <Loading />;
  const a = detail.record.data;
  const ask = () => run(() => alertsApi.people(id), setPeople);
  return (
    <section className="card" aria-labelledby="alert-detail">
      <h2 id="alert-detail">{a.headline ?? a.event ?? joinLabels(a.kinds.map((k) => codeLabel(alertKinds, k, lang)), lang)}</h2>
      <p>
        {formatDateTime(a.sent, lang)} · {codeLabel(alertSeverities, a.severity, lang)} · {t('alerts.signature', { state: a.signature.state })}
      </p>
      <h3>{t('alerts.municipalities')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('alerts.code')}</th>
            <th scope="col">{t('alerts.names')}</th>
            <th scope="col">{t('alerts.intensity')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.municipalities.map((m) => (
            <tr key={m.code}>
              <td>{m.code}</td>
              <td>{joinLabels(municipalityNames(m, lang), lang)}</td>
              <td>{m.maxIntensity ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(a.jma?.tsunami.length ?? 0) > 0 && (
        <>
          <h3>{t('alerts.tsunami')}</h3>
          <ul>
            {a.jma!.tsunami.map((c) => (
              <li key={c.code}>
                {c.name}: {c.grade}
                {c.expectedArrival ? ` · ${t('alerts.arrival')} ${c.expectedArrival.includes('T') ? formatDateTime(c.expectedArrival, lang) : c.expectedArrival}` : ''}
                {c.expectedHeight ? ` · ${t('alerts.height')} ${c.expectedHeight}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="no-print">
        <button type="button" onClick={() => void ask()} disabled={busy}>
          {busy ? t('alerts.asking') : t('alerts.people')}
        </button>
      </p>
      {people && <PeopleView people={people} />}
    </section>
  );
}

function Figures({ rows }: { rows: readonly ReportMunicipality[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const perNode = (xs: { node: string; count: number }[]) => xs.map((x) => t('alerts.byNode', { node: nodeName(x.node), count: x.count })).join(lang === 'ja' ? '、' : '; ');
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('alerts.code')}</th>
          <th scope="col">{t('alerts.names')}</th>
          <th scope="col">{t('alerts.intensity')}</th>
          <th scope="col">{t('alerts.persons')}</th>
          <th scope="col">{t('alerts.safety')}</th>
          <th scope="col">{t('alerts.shelters')}</th>
          <th scope="col">{t('alerts.openShelters')}</th>
          <th scope="col">{t('alerts.evacuees')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.code}>
            <td>{m.code}</td>
            <td>{joinLabels(municipalityNames(m, lang), lang)}</td>
            <td>{m.maxIntensity ?? ''}</td>
            <td>{perNode(m.persons)}</td>
            <td>{Object.entries(m.safety).map(([s, n]) => `${codeLabel(safetyStatuses, s, lang)} ${n}`).join(lang === 'ja' ? '、' : ', ')}</td>
            <td>{perNode(m.shelters)}</td>
            <td>{m.openShelters}</td>
            <td>{m.evacuees}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Missing({ missing }: { missing: { node: string; dataset: string; message: string }[] }) {
  const { t } = useTranslation();
  const { nodeName } = useConsole();
  if (missing.length === 0) return null;
  return (
    <>
      <h3>{t('alerts.missing')}</h3>
      <ul>
        {missing.map((m) => (
          <li key={`${m.node}/${m.dataset}`}>{t('alerts.missingLine', { node: nodeName(m.node), dataset: t(`alerts.dataset.${m.dataset}`, { defaultValue: m.dataset }), message: m.message })}</li>
        ))}
      </ul>
    </>
  );
}

function PeopleView({ people }: { people: AlertPeopleView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const link = people.lifeline;
  return (
    <div aria-live="polite">
      <p>{t('alerts.purpose', { purpose: codeLabel(purposes, people.purpose, lang) })}</p>
      <Figures rows={people.municipalities} />
      <Missing missing={people.missing} />
      {people.notOffered.length > 0 && <p>{t('alerts.notOffered', { nodes: joinLabels([...new Set(people.notOffered.map((n) => nodeName(n.node)))], lang) })}</p>}
      <p className="no-print">
        {link.kind === 'not-offered' ? (
          <span className="notice">{link.reason === 'exercise' ? t('alerts.lifelineExercise') : t('alerts.lifelineNoDeclaration')}</span>
        ) : (
          <a className="button" href={link.href}>
            {t('alerts.startLifeline')}
          </a>
        )}
        {people.declaration.kind === 'proposed' && (
          <>
            {' '}
            <a className="button secondary" href={people.declaration.href} data-testid="prepare-declaration">
              {t('alerts.prepareDeclaration')}
            </a>
          </>
        )}
      </p>
    </div>
  );
}

function Timeline({ timeline }: { timeline: TimelineView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const line = (e: TimelineView['items'][number]): { kind: string; text: string } => {
    switch (e.kind) {
      case 'alert':
        return { kind: `${t('alerts.alertEvent')} (${t(`alerts.change.${e.change}`)})`, text: `${codeLabel(alertSeverities, e.severity, lang)} · ${e.text} · ${t(`alerts.state.${e.state}`)}` };
      case 'declaration':
        return { kind: t('alerts.declarationEvent'), text: `${(lang === 'ja' ? e.title.ja : e.title.en) ?? e.title.ja ?? e.title.en ?? e.hazard} · ${nodeName(e.issuer)} · ${e.areas.join(', ')}` };
      case 'report':
        return { kind: `${t('alerts.reportEvent')} (${t(`alerts.change.${e.change}`, { by: e.by })})`, text: e.areas.join(', ') };
    }
  };
  return (
    <section className="card" aria-labelledby="alerts-timeline">
      <h2 id="alerts-timeline">{t('alerts.timeline')}</h2>
      <p className="small">{t('alerts.timelineNote')}</p>
      {timeline.items.length === 0 ? (
        <p>{t('alerts.timelineEmpty')}</p>
      ) : (
        <ol className="timeline" data-testid="alerts-timeline">
          {timeline.items.map((e) => {
            const { kind, text } = line(e);
            return (
              <li key={`${e.kind}-${e.id}-${'change' in e ? e.change : ''}`}>
                <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> · {kind} · <a href={e.href}>{text}</a>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Alerts of other nodes for this node's jurisdiction, delivered as they are issued (docs/alerts.md). */
function SubscriptionSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const { session, nodeName } = useConsole();
  const providers = session.peers.filter((p) => p.participantId !== session.node.id);
  const [held, setHeld] = useState<AlertSubscriptionsView>();
  const [provider, setProvider] = useState(providers[0]?.participantId ?? '');
  const [purpose, setPurpose] = useState('life-saving');
  // Empty: the node's whole jurisdiction. A GeoJSON polygon narrows it (docs/alerts.md, subscriptions by polygon).
  const [polygon, setPolygon] = useState('');
  const [problem, setProblem] = useState<string>();
  const { busy, error, run } = useAction();
  const reload = () => run(() => alertsApi.subscriptions(), setHeld);
  useEffect(() => {
    void reload();
  }, []);
  if (providers.length === 0) return null;
  const subscribe = (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    let within: object | undefined;
    if (polygon.trim() !== '') {
      const parsed = parsePolygon(polygon);
      if (!parsed.ok) return setProblem(t(parsed.problem.key, parsed.problem.params));
      within = parsed.geometry;
    }
    void run(() => alertsApi.subscribe({ provider, purpose, ...(within ? { within } : {}) }), () => void reload());
  };
  return (
    <section className="card no-print" aria-labelledby="alerts-subscriptions">
      <h2 id="alerts-subscriptions">{t('alerts.subscriptions.title')}</h2>
      <p className="small">{t('alerts.subscriptions.explain')}</p>
      <form onSubmit={subscribe}>
        <div className="field">
          <label htmlFor="subscription-provider">{t('alerts.subscriptions.provider')}</label>
          <select id="subscription-provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
            {providers.map((p) => (
              <option key={p.participantId} value={p.participantId}>
                {nodeName(p.participantId)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="subscription-purpose">{t('alerts.subscriptions.purpose')}</label>
          <select id="subscription-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {['life-saving', 'evacuation-support', 'training'].map((p) => (
              <option key={p} value={p}>
                {codeLabel(purposes, p, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="subscription-polygon">{t('alerts.subscriptions.polygon')}</label>
          <textarea
            id="subscription-polygon"
            rows={3}
            spellCheck={false}
            value={polygon}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? 'subscription-polygon-hint subscription-problem' : 'subscription-polygon-hint'}
            onChange={(e) => setPolygon(e.target.value)}
          />
          <p id="subscription-polygon-hint" className="small">
            {t('alerts.subscriptions.polygonHint')} <code>{POLYGON_EXAMPLE}</code>
          </p>
        </div>
        <button type="submit" disabled={busy}>
          {t('alerts.subscriptions.subscribe')}
        </button>
      </form>
      {problem && (
        <p id="subscription-problem" className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorBox error={error} />
      {held && held.items.length === 0 && <p>{t('alerts.subscriptions.none')}</p>}
      {held && held.items.length > 0 && (
        <ul data-testid="alert-subscriptions">
          {held.items.map((s) => (
            <li key={`${s.provider}/${s.id}`}>
              {t('alerts.subscriptions.line', { provider: nodeName(s.provider), purpose: codeLabel(purposes, s.purpose, lang), areas: s.areas.join(', '), until: formatDateTime(s.expiresAt, lang) })}
              {s.byPolygon ? `${lang === 'ja' ? '・' : ' · '}${t('alerts.subscriptions.byPolygon')}` : ''}{' '}
              <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => alertsApi.unsubscribe(s.provider, s.id), () => void reload())}>
                {t('alerts.subscriptions.end')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {held && held.unreachable.length > 0 && (
        <p className="notice">{t('alerts.subscriptions.unreachable', { nodes: held.unreachable.map((u) => nodeName(u.provider)).join(', ') })}</p>
      )}
    </section>
  );
}

/** Text matched as a person types it: NFKC (full-width digits, half-width kana) and case folded. */
const folded = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The municipalities a report is drafted for, chosen by name from those in this node's jurisdiction (a designated
 * city's wards under it): a search box narrows the checkbox list; the chosen ones are listed as they are chosen.
 */
function AreaChoice({ choices, chosen, onChosen, suggested }: { choices: ReportAreasView; chosen: readonly string[]; onChosen: (codes: string[]) => void; suggested: readonly string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useState('');
  const nameOf = (c: ReportAreaChoiceView) => c.name[lang] ?? c.name.ja ?? c.name.en ?? c.code;
  const wanted = folded(search.trim());
  const shown = wanted === '' ? choices.areas : choices.areas.filter((c) => folded(nameOf(c)).includes(wanted) || folded(c.code).startsWith(wanted));
  const picked = new Set(chosen);
  const toggle = (code: string, on: boolean) => onChosen(on ? [...chosen, code] : chosen.filter((c) => c !== code));
  const named = choices.areas.filter((c) => picked.has(c.code));
  const withAlerts = choices.areas.filter((c) => suggested.includes(c.code)).map((c) => c.code);
  return (
    <fieldset className="area-choice">
      <legend>{t('alerts.reportAreas')}</legend>
      <p className="small" id="report-areas-hint">
        {t('alerts.reportAreasHint', { jurisdiction: choices.jurisdiction.map((j) => { const c = choices.areas.find((a) => a.code === j); return c ? nameOf(c) : j; }).join(lang === 'ja' ? '、' : ', ') })}
      </p>
      <div className="field">
        <label htmlFor="report-area-search">{t('alerts.reportAreaSearch')}</label>
        <input id="report-area-search" type="search" value={search} aria-describedby="report-areas-hint" aria-controls="report-area-list" onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ul id="report-area-list" className="choice-list" aria-label={t('alerts.reportAreas')} data-testid="report-area-list">
        {shown.map((c) => (
          <li key={c.code} className={c.city ? 'ward' : undefined}>
            <label className="inline">
              <input type="checkbox" checked={picked.has(c.code)} onChange={(e) => toggle(c.code, e.target.checked)} />
              {nameOf(c)} <span className="small-inline">({c.whole ? t('alerts.reportAreaWhole', { code: c.code }) : c.code})</span>
            </label>
          </li>
        ))}
        {shown.length === 0 && <li>{t('alerts.reportAreaNoMatch')}</li>}
      </ul>
      <p aria-live="polite" data-testid="report-areas-chosen">
        {named.length === 0 ? t('alerts.reportAreasNone') : t('alerts.reportAreasChosen', { n: named.length, names: named.map(nameOf).join(lang === 'ja' ? '、' : ', ') })}
      </p>
      <p>
        {withAlerts.length > 0 && (
          <button type="button" className="secondary" onClick={() => onChosen([...new Set([...chosen, ...withAlerts])])}>
            {t('alerts.reportAreasWithAlerts', { n: withAlerts.length })}
          </button>
        )}{' '}
        {chosen.length > 0 && (
          <button type="button" className="secondary" onClick={() => onChosen([])}>
            {t('alerts.reportAreasClear')}
          </button>
        )}
      </p>
    </fieldset>
  );
}

function ReportSection({ status, suggestedAreas, reportId }: { status: string; suggestedAreas: string[]; reportId: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { operatorName, setOperatorName, nodeName } = useConsole();
  const [choices, setChoices] = useState<ReportAreasView>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [at, setAt] = useState('');
  const [report, setReport] = useState<SituationReport>();
  const { busy, error, run: runAction } = useAction();
  const [problem, setProblem] = useState<string>();
  // A report named by the timeline's link opens as it was drafted (and approved, if it was).
  useEffect(() => {
    if (reportId) void runAction(() => alertsApi.report(reportId), setReport);
  }, [reportId]);
  useEffect(() => {
    alertsApi.reportAreas().then(setChoices, (e: unknown) => setProblem(errorText(e)));
  }, []);
  // With alerts in force, the municipalities of the jurisdiction they name are chosen to begin with; the person changes that.
  const suggestedKey = suggestedAreas.join(',');
  useEffect(() => {
    if (choices) setChosen(choices.areas.filter((c) => suggestedAreas.includes(c.code)).map((c) => c.code));
  }, [choices, suggestedKey]);

  // Drafting and approving name a person: the report says who did each.
  const run = (fn: () => Promise<SituationReport>) => {
    setProblem(undefined);
    if (operatorName.trim() === '') return setProblem(t('alerts.needName'));
    return runAction(fn, setReport);
  };
  const draft = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return setProblem(t('alerts.reportAreasNone'));
    void run(() => alertsApi.draftReport({ status, areas: chosen, ...(at ? { at: new Date(at).toISOString() } : {}), by: operatorName }));
  };
  const approved = report?.approval.state === 'approved' ? report.approval : undefined;
  const names = new Map<string, string>();
  for (const c of choices?.areas ?? []) names.set(c.code, c.name[lang] ?? c.name.ja ?? c.name.en ?? c.code);
  for (const m of report?.body.municipalities ?? []) {
    const shown = municipalityNames(m, lang)[0];
    if (shown !== undefined) names.set(m.code, shown);
  }
  const placeName = (code: string) => (names.has(code) ? `${names.get(code)} (${code})` : code);
  return (
    <section className="card" aria-labelledby="alerts-report">
      <h2 id="alerts-report">{t('alerts.report')}</h2>
      <form onSubmit={draft} className="no-print">
        {choices === undefined ? <Loading /> : <AreaChoice choices={choices} chosen={chosen} onChosen={setChosen} suggested={suggestedAreas} />}
        <div className="field">
          <label htmlFor="report-at">{t('alerts.reportAt')}</label>
          <input id="report-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="report-by">{t('alerts.reportBy')}</label>
          <input id="report-by" value={operatorName} onChange={(e) => setOperatorName(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('alerts.drafting') : t('alerts.draft')}
        </button>
      </form>
      {problem && <p className="error" role="alert">{problem}</p>}
      <ErrorBox error={error} />
      {report && (
        <article aria-label={t('alerts.report')}>
          <p role="status">{approved ? t('alerts.approved', { by: approved.by, at: formatDateTime(approved.at, lang) }) : t('alerts.notApproved')}</p>
          <p>{t('alerts.reportFor', { areas: report.body.areas.map(placeName).join(lang === 'ja' ? '、' : ', ') })}</p>
          <p>{t('alerts.figuresAt', { at: formatDateTime(report.body.figuresAt, lang), alertsAt: formatDateTime(report.body.at, lang) })}</p>
          {report.body.alerts.length === 0 ? (
            <p>{t('alerts.reportNoAlerts')}</p>
          ) : (
            <ul>
              {report.body.alerts.map((a) => (
                <li key={a.id}>
                  {formatDateTime(a.sent, lang)} · {codeLabel(alertSeverities, a.severity, lang)} · {a.headline ?? a.event ?? ''} ({a.sender})
                </li>
              ))}
            </ul>
          )}
          <Figures rows={report.body.municipalities} />
          <UnmetNeeds section={report.body.unmetNeeds} placeName={placeName} />
          <h3>{t('alerts.sources')}</h3>
          <ul>
            {report.body.sources.map((s) => (
              <li key={`${s.node}/${s.dataset}`}>{t('alerts.byNode', { node: `${nodeName(s.node)} (${t(`alerts.dataset.${s.dataset}`, { defaultValue: s.dataset })})`, count: s.count })}</li>
            ))}
          </ul>
          <Missing missing={report.body.missing} />
          <p className="no-print">
            {approved ? (
              <button type="button" onClick={() => window.print()}>
                {t('alerts.print')}
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => void run(() => alertsApi.approveReport(report.id, operatorName))}>
                {t('alerts.approve')}
              </button>
            )}
          </p>
        </article>
      )}
    </section>
  );
}
