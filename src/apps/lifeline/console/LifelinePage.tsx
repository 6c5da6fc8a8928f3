// Lives to save: start a run over a declaration's area or a pasted polygon, then work the list most urgent first —
// filters, priority factors with their points and sentences, sources and their age, disagreements shown, status
// updates sent back to every source node, the review queue of possible duplicates, CSV export and printing.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { careNeeds, hazards, safetyStatuses } from '../../../model/codes.ts';
import type { PriorityFactorCode } from '../types.ts';
import type { SafetyStatus } from '../../../model/codes.ts';
import { operatorApi, type Bilingual } from '../../../../web/src/api.ts';
import {
  lifelineApi,
  type DeliveryView as Delivery,
  type LifelineRow,
  type PersonFilters,
  type PersonsPage,
  type ReviewItem,
  type RunSummary,
  type SafetyResult,
} from './api.ts';
import { Dialog, ErrorBox, FilterActions, Loading, SelectField, TextField, useAge } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang, type Lang } from '../../../../web/src/i18n/index.ts';
import { parsePolygon, POLYGON_EXAMPLE } from '../../../../web/src/polygon.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { offeredShelters, type ShelterOption } from './shelter-choice.ts';

const PAGE_SIZE = 50;
const factorCodes: PriorityFactorCode[] = [
  'dialysis-overdue',
  'dialysis-due-soon',
  'oxygen-out',
  'oxygen-low',
  'needs-rescue',
  'status-unknown',
  'bedridden',
  'medically-dependent-child',
  'lives-alone',
  'in-hazard-area',
  'age-85-plus',
];

function textOf(value: string | Bilingual | undefined, lang: Lang): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value[lang];
}

export function LifelinePage({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const { run } = useConsole();
  const [tab, setTab] = useState<'list' | 'review'>('list');
  return (
    <>
      <h1 tabIndex={-1}>{t('lifeline.title')}</h1>
      <StartRun
        preselected={params.get('declaration') ?? undefined}
        hazard={params.get('hazard') ?? undefined}
        collapsed={run !== undefined}
        startNow={params.get('start') === '1'}
      />
      {run && (
        <>
          <RunSummaryView run={run} />
          <div
            className="tabs no-print"
            role="tablist"
            aria-label={t('lifeline.runHeading')}
            onKeyDown={(e) => {
              // The tab pattern: arrows move between the two tabs, Tab moves into the panel.
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              const next = tab === 'list' ? 'review' : 'list';
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            <button
              type="button"
              role="tab"
              id="tab-list"
              aria-controls="panel-list"
              aria-selected={tab === 'list'}
              tabIndex={tab === 'list' ? 0 : -1}
              onClick={() => setTab('list')}
            >
              {t('lifeline.tabList')}
            </button>
            <button
              type="button"
              role="tab"
              id="tab-review"
              aria-controls="panel-review"
              aria-selected={tab === 'review'}
              tabIndex={tab === 'review' ? 0 : -1}
              onClick={() => setTab('review')}
            >
              {t('lifeline.tabReview', { n: run.reviewCount })}
            </button>
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'list' ? <PersonsList run={run} preset={params.get('preset') === 'call-list' ? callListFilters : undefined} /> : <ReviewQueue run={run} />}
          </div>
        </>
      )}
    </>
  );
}

/**
 * `hazard`: a GeoJSON polygon handed over by a link (the alerts page's), shown in the polygon form for a person to start.
 * `startNow`: the link the person clicked asked for the run itself (the declarations page's call list): started once
 * for the preselected declaration if it is in force, and the request taken out of the address so a reload does not
 * start another.
 */
function StartRun({ preselected, hazard, collapsed, startNow }: { preselected: string | undefined; hazard: string | undefined; collapsed: boolean; startNow: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session, setRun } = useConsole();
  // The session's declarations, refreshed here: one may have arrived since the console was opened.
  const [active, setActive] = useState(() => session.declarations.filter((d) => d.active !== false));
  // The source follows the declarations in force until the operator picks one: a declaration that arrives after the
  // console was opened (the usual order) makes the list start from it, not from an empty polygon form.
  const [chosenMode, setMode] = useState<'declaration' | 'polygon' | undefined>(hazard !== undefined ? 'polygon' : undefined);
  const mode = chosenMode ?? (active.length > 0 ? 'declaration' : 'polygon');
  const [declarationId, setDeclarationId] = useState(preselected ?? active[0]?.id ?? '');
  const refresh = useCallback(
    () =>
      operatorApi.declarations().then(
        (d) => {
          const inForce = d.items.filter((x) => x.active !== false);
          setActive(inForce);
          setDeclarationId((id) => (id && inForce.some((x) => x.id === id) ? id : (inForce[0]?.id ?? '')));
          return inForce;
        },
        () => undefined, // the session's list stays; a real failure shows when the run is started
      ),
    [],
  );
  useEffect(() => {
    void refresh();
    // While none is in force, look again now and then: the declaration is usually issued after the console opens.
    if (active.length > 0) return;
    const timer = setInterval(() => void refresh(), 15_000);
    return () => clearInterval(timer);
  }, [refresh, active.length]);
  const [polygon, setPolygon] = useState(hazard ?? '');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setError(undefined);
    let body: Parameters<typeof lifelineApi.startRun>[0];
    if (mode === 'declaration') {
      const id = declarationId || (await refresh())?.[0]?.id;
      if (!id) return setProblem(t('lifeline.noDeclaration'));
      body = { declarationId: id };
    } else {
      const parsed = parsePolygon(polygon);
      if (!parsed.ok) return setProblem(t(parsed.problem.key, parsed.problem.params));
      body = { hazard: parsed.geometry };
    }
    setBusy(true);
    try {
      setRun(await lifelineApi.startRun(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const started = useRef(false);
  useEffect(() => {
    if (!startNow || started.current || preselected === undefined || !active.some((d) => d.id === preselected)) return;
    started.current = true;
    window.history.replaceState(null, '', window.location.hash.replace(/([?&])start=1&?/, '$1').replace(/[?&]$/, ''));
    setBusy(true);
    lifelineApi.startRun({ declarationId: preselected }).then(setRun, setError).finally(() => setBusy(false));
  }, [startNow, preselected, active, setRun]);

  return (
    // Once a run exists the list is the work; starting another stays one click away. A link that started the run
    // itself (the call list) leaves the form closed too.
    <details className="card no-print start-run" open={!collapsed || (preselected !== undefined && !startNow) || hazard !== undefined}>
      <summary>
        <h2 id="start-heading">{t('lifeline.startHeading')}</h2>
      </summary>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('lifeline.source')}</legend>
          <label className="inline">
            <input type="radio" name="run-source" checked={mode === 'declaration'} onChange={() => setMode('declaration')} />
            {t('lifeline.fromDeclaration')}
          </label>
          <label className="inline">
            <input type="radio" name="run-source" checked={mode === 'polygon'} onChange={() => setMode('polygon')} />
            {t('lifeline.fromPolygon')}
          </label>
        </fieldset>
        {mode === 'declaration' ? (
          active.length === 0 ? (
            <p className="notice">{t('lifeline.noDeclaration')}</p>
          ) : (
            <div className="field">
              <label htmlFor="run-declaration">{t('lifeline.declaration')}</label>
              <select id="run-declaration" value={declarationId} onChange={(e) => setDeclarationId(e.target.value)}>
                {active.map((d) => (
                  <option key={d.id} value={d.id}>
                    {`${d.title?.[lang] ?? codeLabelHazard(d.hazard, lang)} — ${(d.areaNames ?? d.areas).join(', ')} (${formatDateTime(d.validFrom, lang)})`}
                  </option>
                ))}
              </select>
            </div>
          )
        ) : (
          <div className="field">
            <label htmlFor="run-polygon">{t('lifeline.polygon')}</label>
            <textarea
              id="run-polygon"
              rows={6}
              spellCheck={false}
              value={polygon}
              aria-invalid={problem !== undefined}
              aria-describedby={problem ? 'run-polygon-hint run-problem' : 'run-polygon-hint'}
              onChange={(e) => setPolygon(e.target.value)}
            />
            <p id="run-polygon-hint" className="small">
              {t('lifeline.polygonHint')} <code>{POLYGON_EXAMPLE}</code>
            </p>
          </div>
        )}
        {problem && (
          <p className="error" role="alert" id="run-problem">
            {problem}
          </p>
        )}
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {busy ? t('lifeline.starting') : t('lifeline.start')}
        </button>
      </form>
    </details>
  );
}

function codeLabelHazard(code: string, lang: Lang): string {
  return codeLabel(hazards, code, lang);
}

function RunSummaryView({ run }: { run: RunSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const age = useAge();
  return (
    <section className="card run-summary" aria-labelledby="run-heading">
      <h2 id="run-heading">{t('lifeline.runHeading')}</h2>
      <p data-testid="run-summary">
        {t('lifeline.runSummary', { total: run.total, review: run.reviewCount })} {t('lifeline.generatedAt', { at: formatDateTime(run.generatedAt, lang) })}
      </p>
      <details className="no-print" open={run.sources.answered.length === 0 && run.sources.missing.length > 0}>
        <summary>{t('lifeline.sources')}</summary>
        <ul>
          {run.sources.answered.map((s) => (
            <li key={`${s.node}/${s.dataset}`}>
              {t('lifeline.sourceLine', { node: nodeName(s.node), dataset: s.dataset, count: s.count, age: age(s.cachedAgeSeconds) })}
            </li>
          ))}
        </ul>
        {run.sources.missing.length > 0 && (
          <>
            <h3>{t('lifeline.missing')}</h3>
            <ul>
              {run.sources.missing.map((m) => (
                <li key={m.node}>{t('lifeline.missingLine', { node: nodeName(m.node), detail: m.detail ?? m.reason })}</li>
              ))}
            </ul>
          </>
        )}
      </details>
      {run.sources.answered.some((s) => (s.withheld?.length ?? 0) > 0) && (
        // What each provider's policy kept back, so a factor that cannot apply is never silent.
        <ul className="withheld" data-testid="run-withheld">
          {run.sources.answered
            .filter((s) => (s.withheld?.length ?? 0) > 0)
            .map((s) => (
              <li key={s.node}>{t('lifeline.withheldBy', { node: nodeName(s.node), fields: joinLabels(s.withheld!.map((w) => w.label), lang) })}</li>
            ))}
        </ul>
      )}
      {run.sources.missing.length > 0 && (
        <p className="notice" data-testid="run-missing">
          {t('lifeline.missingNotice', { nodes: run.sources.missing.map((m) => nodeName(m.node)).join(', ') })}
        </p>
      )}
    </section>
  );
}

const emptyFilters: PersonFilters = { needs: [], status: [], area: '', factor: '', q: '', sort: 'priority', order: 'desc' };
/** Those to phone first the morning after: dialysis and home-oxygen patients whose safety nobody has confirmed. */
const callListFilters: PersonFilters = { ...emptyFilters, needs: ['dialysis', 'home-oxygen'], status: ['unknown'] };

function PersonsList({ run, preset }: { run: RunSummary; preset?: PersonFilters }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session } = useConsole();
  const [draft, setDraft] = useState<PersonFilters>(preset ?? emptyFilters);
  const [filters, setFilters] = useState<PersonFilters>(preset ?? emptyFilters);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PersonsPage>();
  const [error, setError] = useState<unknown>();
  const [selected, setSelected] = useState<LifelineRow>();
  const [reload, setReload] = useState(0);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    setOffset(0);
  }, [run.runId]);
  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    lifelineApi.persons(run.runId, filters, offset, PAGE_SIZE).then(
      (p) => !cancelled && setPage(p),
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [run.runId, filters, offset, lang, reload]);

  const areaNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const d of session.declarations) d.areas.forEach((a, i) => d.areaNames?.[i] && names.set(a, d.areaNames[i]!));
    return names;
  }, [session]);
  const areas = run.area.areas;

  const toggle = (key: 'needs' | 'status', code: string) =>
    setDraft((d) => {
      const list = d[key] ?? [];
      return { ...d, [key]: list.includes(code) ? list.filter((c) => c !== code) : [...list, code] };
    });

  // Print carries every row the filters select, not the page on screen: fetched whole, rendered for paper, printed.
  const [printRows, setPrintRows] = useState<LifelineRow[]>();
  const printAll = async () => {
    setError(undefined);
    try {
      const rows: LifelineRow[] = [];
      for (let at = 0; ; ) {
        const p = await lifelineApi.persons(run.runId, filters, at, 1000);
        rows.push(...p.items);
        at += p.items.length;
        if (p.items.length === 0 || at >= p.total) break;
      }
      setPrintRows(rows);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (printRows === undefined) return;
    // Once the print view has rendered; browsers return from print() when the dialog closes.
    const timer = setTimeout(() => {
      window.print();
      setPrintRows(undefined);
    }, 50);
    return () => clearTimeout(timer);
  }, [printRows]);

  const exportCsv = async () => {
    setExporting(true);
    setError(undefined);
    try {
      const { blob, filename } = await lifelineApi.personsCsv(run.runId, filters);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <form
        className="card filters no-print"
        aria-labelledby="filters-heading"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        <h2 id="filters-heading">{t('lifeline.filters')}</h2>
        <div className="filter-grid">
          <fieldset>
            <legend>{t('lifeline.needs')}</legend>
            {Object.keys(careNeeds).map((code) => (
              <label key={code} className="inline">
                <input type="checkbox" name="needs" value={code} checked={draft.needs?.includes(code) ?? false} onChange={() => toggle('needs', code)} />
                {codeLabel(careNeeds, code, lang)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('lifeline.status')}</legend>
            {Object.keys(safetyStatuses).map((code) => (
              <label key={code} className="inline">
                <input type="checkbox" name="status" value={code} checked={draft.status?.includes(code) ?? false} onChange={() => toggle('status', code)} />
                {codeLabel(safetyStatuses, code, lang)}
              </label>
            ))}
          </fieldset>
          <div className="field-row">
            <SelectField
              id="filter-area"
              label={t('lifeline.area')}
              value={draft.area}
              onChange={(area) => setDraft({ ...draft, area })}
              anyLabel={t('common.any')}
              choices={areas.map((a) => ({ value: a, label: areaNames.get(a) ? `${areaNames.get(a)} (${a})` : a }))}
            />
            <SelectField
              id="filter-factor"
              label={t('lifeline.factor')}
              value={draft.factor}
              onChange={(factor) => setDraft({ ...draft, factor })}
              anyLabel={t('common.any')}
              choices={factorCodes.map((f) => ({ value: f, label: t(`factors.${f}`) }))}
            />
            <TextField id="filter-q" type="search" label={t('lifeline.text')} value={draft.q} onChange={(q) => setDraft({ ...draft, q })} />
            <SelectField
              id="filter-sort"
              label={t('lifeline.sort')}
              value={draft.sort}
              onChange={(sort) => setDraft({ ...draft, sort: sort as PersonFilters['sort'] })}
              choices={[
                { value: 'priority', label: t('lifeline.sortPriority') },
                { value: 'name', label: t('lifeline.sortName') },
                { value: 'status', label: t('lifeline.sortStatus') },
                { value: 'updated', label: t('lifeline.sortUpdated') },
              ]}
            />
            <SelectField
              id="filter-order"
              label={t('lifeline.order')}
              value={draft.order}
              onChange={(order) => setDraft({ ...draft, order: order as PersonFilters['order'] })}
              choices={[
                { value: 'desc', label: t('lifeline.desc') },
                { value: 'asc', label: t('lifeline.asc') },
              ]}
            />
          </div>
        </div>
        <FilterActions
          onReset={() => {
            setDraft(emptyFilters);
            setFilters(emptyFilters);
            setOffset(0);
          }}
        >
          <button
            type="button"
            className="secondary"
            data-testid="call-list-preset"
            onClick={() => {
              setDraft(callListFilters);
              setFilters(callListFilters);
              setOffset(0);
            }}
          >
            {t('lifeline.callListPreset')}
          </button>
          <button type="button" className="secondary" onClick={exportCsv} disabled={exporting}>
            {exporting ? t('lifeline.exporting') : t('lifeline.exportCsv')}
          </button>
          <button type="button" className="secondary" onClick={printAll} disabled={printRows !== undefined}>
            {printRows !== undefined ? t('lifeline.printPreparing') : t('lifeline.print')}
          </button>
        </FilterActions>
      </form>
      <ErrorBox error={error} />
      {!page ? (
        <Loading />
      ) : (
        // The browser's own print (Ctrl+P) prints the page on screen; the Print button prints every row instead.
        <div className={printRows !== undefined ? 'screen-only' : undefined}>
          <PersonsTable rows={page.items} offset={page.offset} total={page.total} onSelect={setSelected} />
        </div>
      )}
      {printRows !== undefined && <PrintView run={run} filters={filters} rows={printRows} />}
      {page && page.total > PAGE_SIZE && (
        <nav className="pager no-print" aria-label={t('common.next')}>
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('common.prev')}
          </button>
          <span>{t('common.showing', { from: offset + 1, to: Math.min(offset + PAGE_SIZE, page.total), total: page.total })}</span>
          <button type="button" className="secondary" disabled={offset + PAGE_SIZE >= page.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t('common.next')}
          </button>
        </nav>
      )}
      {selected && (
        <StatusDialog
          run={run}
          row={selected}
          onClose={(changed) => {
            setSelected(undefined);
            if (changed) setReload((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

/** What a printed list says about itself: the filters, when it was made and printed, its sources and who printed it. */
function PrintView({ run, filters, rows }: { run: RunSummary; filters: PersonFilters; rows: LifelineRow[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { operatorName, nodeName, session } = useConsole();
  const described = [
    filters.needs?.length ? `${t('lifeline.needs')}: ${joinLabels(filters.needs.map((n) => codeLabel(careNeeds, n, lang)), lang)}` : undefined,
    filters.status?.length ? `${t('lifeline.status')}: ${joinLabels(filters.status.map((s) => codeLabel(safetyStatuses, s, lang)), lang)}` : undefined,
    filters.area ? `${t('lifeline.area')}: ${filters.area}` : undefined,
    filters.factor ? `${t('lifeline.factor')}: ${t(`factors.${filters.factor}`)}` : undefined,
    filters.q ? `${t('lifeline.text')}: ${filters.q}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return (
    <section className="print-only print-view" data-testid="print-view" data-rows={rows.length}>
      <h2>
        {t('lifeline.printTitle', { node: session.node.name[lang], count: rows.length })}
      </h2>
      <p>{described.length > 0 ? `${t('lifeline.printFilters')}: ${described.join(' / ')}` : t('lifeline.printNoFilters')}</p>
      <p>
        {t('lifeline.generatedAt', { at: formatDateTime(run.generatedAt, lang) })} {t('lifeline.printedAt', { at: formatDateTime(new Date().toISOString(), lang), by: operatorName || t('app.operatorUnset') })}
      </p>
      <p>
        {t('lifeline.sources')}: {run.sources.answered.map((s) => `${nodeName(s.node)} (${s.count})`).join(', ')}
        {run.sources.missing.length > 0 && ` — ${t('lifeline.missingNotice', { nodes: run.sources.missing.map((m) => nodeName(m.node)).join(', ') })}`}
      </p>
      {rows.length === 0 ? <p>{t('lifeline.noRows')}</p> : <PersonsTable rows={rows} offset={0} total={rows.length} forPrint />}
    </section>
  );
}

function PersonsTable({ rows, offset, total, onSelect, forPrint = false }: { rows: LifelineRow[]; offset: number; total: number; onSelect?: (row: LifelineRow) => void; forPrint?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const age = useAge();
  if (rows.length === 0) return <p role="status">{t('lifeline.noRows')}</p>;
  // A column no source released anything for is left out rather than shown empty on every row.
  const showAge = rows.some((r) => r.age !== undefined);
  const showPhone = rows.some((r) => r.phone !== undefined);
  return (
    <div className="table-wrap">
      <table className="persons" data-testid={forPrint ? 'print-table' : 'persons-table'} data-total={total}>
        <caption>
          {t('lifeline.tableCaption')} — {t('common.showing', { from: offset + 1, to: offset + rows.length, total })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('lifeline.colRank')}</th>
            <th scope="col">{t('lifeline.colScore')}</th>
            <th scope="col">{t('lifeline.colName')}</th>
            {showPhone && <th scope="col">{t('lifeline.colPhone')}</th>}
            {showAge && <th scope="col">{t('lifeline.colAge')}</th>}
            <th scope="col">{t('lifeline.colAddress')}</th>
            <th scope="col">{t('lifeline.colNeeds')}</th>
            <th scope="col">{t('lifeline.colStatus')}</th>
            <th scope="col">{t('lifeline.colFactors')}</th>
            <th scope="col">{t('lifeline.colSources')}</th>
            {!forPrint && (
              <th scope="col" className="no-print">
                {t('lifeline.colActions')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.id} data-person-id={row.id} className={row.conflicts.length > 0 ? 'has-conflict' : undefined}>
              <td>{offset + i + 1}</td>
              <td className="score">{row.priority.score}</td>
              <th scope="row">
                {row.name}
                {row.kana && <span className="kana">{row.kana}</span>}
              </th>
              {showPhone && <td className="phone">{row.phone ? <a href={`tel:${row.phone.replace(/[^0-9+]/g, '')}`}>{row.phone}</a> : ''}</td>}
              {showAge && <td>{row.age ?? ''}</td>}
              <td>{row.address ?? row.areaCode ?? ''}</td>
              <td>{joinLabels(row.needs.map((n) => codeLabel(careNeeds, n, lang)), lang)}</td>
              <td>
                <span className={`status status-${row.safety.status}`}>{codeLabel(safetyStatuses, row.safety.status, lang)}</span>
                {row.safety.by && <span className="small">{t('lifeline.statusBy', { by: row.safety.by, at: formatDateTime(row.safety.at, lang) })}</span>}
                {row.safety.conflicting && row.safety.conflicting.length > 0 && <span className="flag">⚠ {t('lifeline.statusConflicting')}</span>}
              </td>
              <td>
                <ul className="factors">
                  {row.priority.factors.map((f) => (
                    <li key={f.code}>
                      <span className="points">+{f.points}</span> {f.message ?? t(`factors.${f.code}`)}
                    </li>
                  ))}
                </ul>
                {row.withheld && row.withheld.length > 0 && (
                  <ul className="withheld small" data-testid="withheld">
                    {row.withheld.map((w) => (
                      <li key={w.fact}>{w.message}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <ul className="sources">
                  {row.sources.map((s) => (
                    <li key={`${s.node}/${s.recordId}`}>
                      {textOf(s.nodeName, lang) || nodeName(s.node)} <span className="small">({age(s.cachedAgeSeconds)})</span>
                    </li>
                  ))}
                </ul>
                {row.conflicts.length > 0 && (
                  <div className="flag" data-testid="conflict">
                    ⚠ {t('lifeline.conflict')}
                    <ul>
                      {row.conflicts.map((c) => (
                        <li key={c.field}>{t('lifeline.conflictLine', { field: c.field, values: c.values.map((v) => v.value).join(' / ') })}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </td>
              {!forPrint && (
                <td className="no-print">
                  <button type="button" className="secondary" aria-label={t('lifeline.updateFor', { name: row.name })} onClick={() => onSelect?.(row)}>
                    {t('lifeline.update')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

let shelterOptions: Promise<ShelterOption[]> | undefined;
/** The shelters of the map (one entry per place: the node joins the records of the same shelter), loaded once a tab. */
function loadShelterOptions(): Promise<ShelterOption[]> {
  shelterOptions ??= operatorApi.shelters([136.2, 36.0, 137.5, 37.9]).then(
    (fc) =>
      fc.features.map((f) => ({
        id: f.id,
        ids: f.properties.ids ?? [f.id],
        name: f.properties.name,
        ...(f.properties.nameEn ? { nameEn: f.properties.nameEn } : {}),
        ...(f.properties.areaCode ? { areaCode: f.properties.areaCode } : {}),
        ...(f.geometry ? { at: [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!] as const } : {}),
      })),
    () => {
      shelterOptions = undefined;
      return [];
    },
  );
  return shelterOptions;
}

function StatusDialog({ run, row, onClose }: { run: RunSummary; row: LifelineRow; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { operatorName, setOperatorName, nodeName } = useConsole();
  const [status, setStatus] = useState<SafetyStatus>(row.safety.status);
  const [shelter, setShelter] = useState(row.safety.shelter ?? '');
  const [note, setNote] = useState('');
  const [name, setName] = useState(operatorName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<SafetyResult>();
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [shelters, setShelters] = useState<ShelterOption[]>([]);
  const [shelterText, setShelterText] = useState('');
  const [wide, setWide] = useState(false);

  useEffect(() => {
    void loadShelterOptions().then(setShelters);
  }, []);
  const person = { ...(row.areaCode ? { areaCode: row.areaCode } : {}), ...(row.location ? { at: row.location } : {}) };
  const offered = useMemo(() => offeredShelters(shelters, { person, wide, text: shelterText }), [shelters, wide, shelterText, row.id]);
  // The shelter already on record, found under any of the ids joined into it.
  const current = shelter ? shelters.find((s) => s.ids.includes(shelter)) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return setError(new Error(t('app.nameRequired')));
    if (name.trim() !== operatorName) setOperatorName(name.trim());
    setBusy(true);
    setError(undefined);
    try {
      const r = await lifelineApi.reportSafety({
        runId: run.runId,
        personId: row.id,
        status,
        ...(shelter ? { shelter } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        by: name.trim(),
        ...(row.safety.at ? { basedOnAt: row.safety.at } : {}),
      });
      setResult(r);
      setDeliveries(r.deliveries);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const refresh = useCallback(async () => {
    try {
      setDeliveries((await lifelineApi.personSafety(row.id, run.runId)).deliveries);
    } catch (err) {
      setError(err);
    }
  }, [row.id, run.runId]);

  const stateLabel = (s: Delivery['state']) =>
    s === 'delivered' ? t('lifeline.deliveryDelivered') : s === 'failed' ? t('lifeline.deliveryFailed') : t('lifeline.deliveryQueued');

  return (
    <Dialog title={t('lifeline.dialogTitle', { name: row.name })} onClose={() => onClose(result !== undefined)}>
      {/* After saving, the status now in force: the one just recorded, or the newer one it lost to. */}
      <p data-testid="status-current">
        {t('lifeline.currentStatus', { status: codeLabel(safetyStatuses, (result?.conflict?.current ?? result?.report ?? row.safety).status, lang) })}
      </p>
      {result ? (
        <div data-testid="status-result">
          <p role="status">{t('lifeline.recorded')}</p>
          {result.conflict && (
            <p className="warning" role="alert" data-testid="status-conflict">
              {result.conflict.message ??
                t('lifeline.conflictWarning', {
                  status: codeLabel(safetyStatuses, result.conflict.current.status, lang),
                  by: result.conflict.current.by,
                  at: formatDateTime(result.conflict.current.at, lang),
                })}
            </p>
          )}
          <h3>{t('lifeline.deliveries')}</h3>
          <ul data-testid="deliveries">
            {deliveries.map((d) => (
              <li key={`${d.node}/${d.recordId}`} data-state={d.state}>
                {t('lifeline.deliveryLine', { node: nodeName(d.node), record: d.recordId, state: stateLabel(d.state) })}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="secondary" onClick={refresh}>
              {t('lifeline.refreshDeliveries')}
            </button>
            <button type="button" onClick={() => onClose(true)}>
              {t('app.close')}
            </button>
          </div>
          <ErrorBox error={error} />
        </div>
      ) : (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="status-select">{t('lifeline.status')}</label>
            <select id="status-select" value={status} onChange={(e) => setStatus(e.target.value as SafetyStatus)}>
              {Object.keys(safetyStatuses).map((code) => (
                <option key={code} value={code}>
                  {codeLabel(safetyStatuses, code, lang)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>{t('lifeline.shelter')}</legend>
            <label htmlFor="status-shelter-search">{t('lifeline.shelterSearch')}</label>
            <input id="status-shelter-search" type="search" value={shelterText} onChange={(e) => setShelterText(e.target.value)} />
            <label className="check">
              <input type="checkbox" checked={wide} onChange={(e) => setWide(e.target.checked)} />
              {t('lifeline.shelterWiden')}
            </label>
            <label htmlFor="status-shelter" className="visually-hidden">
              {t('lifeline.shelter')}
            </label>
            <select id="status-shelter" value={shelter} onChange={(e) => setShelter(e.target.value)}>
              <option value="">{t('lifeline.shelterNone', { n: offered.length })}</option>
              {current && !offered.some((s) => s.id === current.id) && <option value={current.id}>{(lang === 'en' && current.nameEn) || current.name}</option>}
              {!current && shelter && <option value={shelter}>{shelter}</option>}
              {offered.map((s) => (
                <option key={s.id} value={s.id}>
                  {(lang === 'en' && s.nameEn) || s.name}
                  {s.metres !== undefined ? ` (${(s.metres / 1000).toFixed(1)} km)` : ''}
                </option>
              ))}
            </select>
          </fieldset>
          <div className="field">
            <label htmlFor="status-note">{t('lifeline.note')}</label>
            <textarea id="status-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="status-by">{t('app.nameLabel')}</label>
            <input id="status-by" required value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />
          </div>
          <ErrorBox error={error} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('lifeline.submitting') : t('lifeline.submit')}
            </button>
            <button type="button" className="secondary" onClick={() => onClose(false)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function personLine(p: ReviewItem['a']['person'], field: 'name' | 'kana' | 'birthDate' | 'address'): string {
  switch (field) {
    case 'name':
      return p.name?.full ?? '';
    case 'kana':
      return p.name?.kana ?? '';
    case 'birthDate':
      return p.birthDate ?? '';
    case 'address': {
      const a = p.address as unknown;
      if (!a) return '';
      if (typeof a === 'string') return a;
      const o = a as Record<string, unknown>;
      return String(o.full ?? o.text ?? [o.prefecture, o.city, o.locality, o.line].filter(Boolean).join(''));
    }
  }
}

function ReviewQueue({ run }: { run: RunSummary }) {
  const { t } = useTranslation();
  const { operatorName, setOperatorName, setRun, nodeName } = useConsole();
  const [items, setItems] = useState<ReviewItem[]>();
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState(operatorName);
  const [message, setMessage] = useState<string>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    lifelineApi.review(run.runId).then((r) => setItems(r.items), setError);
  }, [run.runId, reload]);

  const decide = async (item: ReviewItem, decision: 'confirm' | 'split') => {
    if (name.trim() === '') return setError(new Error(t('app.nameRequired')));
    if (name.trim() !== operatorName) setOperatorName(name.trim());
    setError(undefined);
    try {
      const r = await lifelineApi.decide({ runId: run.runId, a: item.match.a, b: item.match.b, decision, by: name.trim() });
      setRun({ ...run, reviewCount: r.reviewCount, total: r.total });
      setMessage(t('lifeline.decided', { review: r.reviewCount, total: r.total }));
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{t('lifeline.tabReview', { n: run.reviewCount })}</h2>
      {!operatorName && (
        <div className="field">
          <label htmlFor="review-by">{t('app.nameLabel')}</label>
          <input id="review-by" value={name} autoComplete="name" onChange={(e) => setName(e.target.value)} />
        </div>
      )}
      {message && <p role="status">{message}</p>}
      <ErrorBox error={error} />
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('lifeline.reviewEmpty')}</p>
      ) : (
        items.map((item) => (
          <article key={`${item.match.a}|${item.match.b}`} className="card review-item">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('lifeline.field')}</th>
                  <th scope="col">{t('lifeline.recordA')}</th>
                  <th scope="col">{t('lifeline.recordB')}</th>
                </tr>
              </thead>
              <tbody>
                {(['name', 'kana', 'birthDate', 'address'] as const).map((field) => (
                  <tr key={field}>
                    <th scope="row">{t(field === 'name' ? 'lifeline.colName' : `lifeline.${field}`)}</th>
                    <td>{personLine(item.a.person, field)}</td>
                    <td>{personLine(item.b.person, field)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('lifeline.node')}</th>
                  <td>{nodeName(item.a.sourceNode)}</td>
                  <td>{nodeName(item.b.sourceNode)}</td>
                </tr>
              </tbody>
            </table>
            <p>{t('lifeline.confidence', { pct: Math.round(item.match.confidence * 100) })}</p>
            <h3>{t('lifeline.evidence')}</h3>
            <ul className="evidence">
              {item.match.evidence.map((ev, i) => (
                <li key={i} className={ev.weight >= 0 ? 'for' : 'against'}>
                  <span className="points">{ev.weight >= 0 ? `+${ev.weight.toFixed(1)}` : ev.weight.toFixed(1)}</span>{' '}
                  {ev.message ?? t(`evidence.${ev.kind}`)}
                  {ev.values && <span className="small"> ({ev.values.join(' / ')})</span>}
                </li>
              ))}
            </ul>
            <div className="actions">
              <button type="button" onClick={() => decide(item, 'confirm')}>
                {t('lifeline.confirmPair')}
              </button>
              <button type="button" className="secondary" onClick={() => decide(item, 'split')}>
                {t('lifeline.splitPair')}
              </button>
            </div>
          </article>
        ))
      )}
    </section>
  );
}
