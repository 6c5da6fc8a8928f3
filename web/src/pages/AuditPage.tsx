// Audit: who used this node's data, for what — the node's own audit log with filters, newest first, and a summary
// per requester, purpose and decision.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purposes } from '../../../src/model/codes.ts';
import { operatorApi, type AuditItem, type AuditPage as AuditPageData } from '../api.ts';
import { ErrorBox, FilterActions, Loading, SelectField, TextField } from '../components/common.tsx';
import { codeLabel, formatDateTime, useLang } from '../i18n/index.ts';
import { useConsole } from '../state.tsx';
import { OPERATOR_CONSOLE, requesterChoices } from '../audit-requesters.ts';

interface AuditFilters {
  requester: string;
  purpose: string;
  dataset: string;
  decision: string;
  since: string;
  until: string;
}
const emptyFilters: AuditFilters = { requester: '', purpose: '', dataset: '', decision: '', since: '', until: '' };

/** A datetime-local value is Japan time as the operator reads it; the API wants ISO 8601 with an offset. */
function toIso(local: string): string | undefined {
  return local ? `${local}:00+09:00` : undefined;
}

export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { session, nodeName } = useConsole();
  const [draft, setDraft] = useState(emptyFilters);
  const [filters, setFilters] = useState(emptyFilters);
  const [data, setData] = useState<AuditPageData>();
  const [items, setItems] = useState<AuditItem[]>([]);
  const [error, setError] = useState<unknown>();

  const params = useCallback(
    (cursor?: string) => ({
      requester: filters.requester || undefined,
      purpose: filters.purpose || undefined,
      dataset: filters.dataset || undefined,
      decision: filters.decision || undefined,
      since: toIso(filters.since),
      until: toIso(filters.until),
      limit: '100',
      cursor,
    }),
    [filters],
  );

  useEffect(() => {
    setError(undefined);
    operatorApi.audit(params()).then((d) => {
      setData(d);
      setItems(d.items);
    }, setError);
  }, [params, lang]);

  const more = async () => {
    if (!data?.next) return;
    try {
      const d = await operatorApi.audit(params(data.next));
      setData({ ...d, summary: data.summary });
      setItems((prev) => [...prev, ...d.items]);
    } catch (e) {
      setError(e);
    }
  };

  const requesterName = (item: { requester: string; requesterName?: AuditItem['requesterName'] }) =>
    typeof item.requesterName === 'string'
      ? item.requesterName
      : (item.requesterName?.[lang] ?? (item.requester === OPERATOR_CONSOLE ? t('audit.ownConsole') : nodeName(item.requester)));
  const decisionLabel = (d: string | undefined) => (d === 'allow' ? t('audit.allow') : d === 'deny' ? t('audit.deny') : d ?? '');
  const kindLabel = (k: string) => {
    const key = `kinds.${k}`;
    const label = t(key);
    return label === key ? k : label;
  };

  return (
    <>
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <form
        className="card filters"
        aria-labelledby="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <h2 id="audit-filters">{t('audit.filters')}</h2>
        <div className="inline-form">
          <SelectField
            id="audit-requester"
            label={t('audit.requester')}
            value={draft.requester}
            onChange={(requester) => setDraft({ ...draft, requester })}
            anyLabel={t('common.any')}
            choices={requesterChoices(session.node, session.peers, { ja: t('audit.ownConsole', { lng: 'ja' }), en: t('audit.ownConsole', { lng: 'en' }) }).map((c) => ({ value: c.value, label: c.label[lang] }))}
          />
          <SelectField
            id="audit-purpose"
            label={t('audit.purpose')}
            value={draft.purpose}
            onChange={(purpose) => setDraft({ ...draft, purpose })}
            anyLabel={t('common.any')}
            choices={Object.keys(purposes).map((p) => ({ value: p, label: codeLabel(purposes, p, lang) }))}
          />
          <TextField id="audit-dataset" label={t('audit.dataset')} value={draft.dataset} onChange={(dataset) => setDraft({ ...draft, dataset })} />
          <SelectField
            id="audit-decision"
            label={t('audit.decision')}
            value={draft.decision}
            onChange={(decision) => setDraft({ ...draft, decision })}
            anyLabel={t('common.any')}
            choices={[
              { value: 'allow', label: t('audit.allow') },
              { value: 'deny', label: t('audit.deny') },
            ]}
          />
          <TextField id="audit-since" type="datetime-local" label={t('audit.since')} value={draft.since} onChange={(since) => setDraft({ ...draft, since })} />
          <TextField id="audit-until" type="datetime-local" label={t('audit.until')} value={draft.until} onChange={(until) => setDraft({ ...draft, until })} />
        </div>
        <FilterActions
          onReset={() => {
            setDraft(emptyFilters);
            setFilters(emptyFilters);
          }}
        />
      </form>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data?.summary && data.summary.length > 0 && (
        <section className="card" aria-labelledby="audit-summary">
          <h2 id="audit-summary">{t('audit.summary')}</h2>
          <div className="table-wrap">
            <table data-testid="audit-summary">
              <thead>
                <tr>
                  <th scope="col">{t('audit.requester')}</th>
                  <th scope="col">{t('audit.purpose')}</th>
                  <th scope="col">{t('audit.decision')}</th>
                  <th scope="col">{t('audit.count')}</th>
                </tr>
              </thead>
              <tbody>
                {data.summary.map((s) => (
                  <tr key={`${s.requester}|${s.purpose}|${s.decision}`}>
                    <th scope="row">{requesterName(s)}</th>
                    <td>{s.purposeLabel ?? codeLabel(purposes, s.purpose, lang)}</td>
                    <td>{decisionLabel(s.decision)}</td>
                    <td>{s.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {data && items.length === 0 && <p role="status">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="audit-table">
            <caption>{t('audit.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.colAt')}</th>
                <th scope="col">{t('audit.colKind')}</th>
                <th scope="col">{t('audit.requester')}</th>
                <th scope="col">{t('audit.purpose')}</th>
                <th scope="col">{t('audit.dataset')}</th>
                <th scope="col">{t('audit.decision')}</th>
                <th scope="col">{t('audit.colCount')}</th>
                <th scope="col">{t('audit.colReasons')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr
                  key={item.seq}
                  data-kind={item.kind}
                  data-action={item.action}
                  data-decision={item.decision}
                  data-requester={item.requester}
                  className={item.decision === 'deny' ? 'denied' : undefined}
                >
                  <td className="nowrap">{formatDateTime(item.at, lang)}</td>
                  <td>
                    {item.kindLabel ?? kindLabel(item.kind)}
                    {item.action && <span className="small" title={item.action}>{item.actionLabel ?? item.action}</span>}
                  </td>
                  <td>{requesterName(item)}</td>
                  <td>{item.purposeLabel ?? codeLabel(purposes, item.purpose, lang)}</td>
                  <td title={item.dataset}>{item.datasetLabel ?? item.dataset ?? ''}</td>
                  <td className="nowrap">{decisionLabel(item.decision)}</td>
                  <td className="nowrap">{item.count ?? ''}</td>
                  <td>
                    {[...new Set(item.reasons?.map((r) => r.message) ?? [])].join(' ')}
                    {item.fields && item.fields.length > 0 && <span className="small" title={item.fields.join(', ')}>{(item.fieldLabels ?? item.fields).join(', ')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data?.next && (
        <button type="button" className="secondary" onClick={more}>
          {t('audit.loadMore')}
        </button>
      )}
    </>
  );
}
