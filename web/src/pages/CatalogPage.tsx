// Catalog & policies: every peer's datasets with their policy in plain words, and a form to try a query for a purpose
// and read what the peer's policy answers — the records allowed, or the refusal with its reasons.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { purposes } from '../../../src/model/codes.ts';
import { operatorApi, type Catalog, type QueryOutcome } from '../api.ts';
import { ErrorBox, Loading, SelectField, TextField } from '../components/common.tsx';
import { TrustLists } from '../components/trust-lists.tsx';
import { codeLabel, useLang } from '../i18n/index.ts';
import { useConsole } from '../state.tsx';

export function CatalogPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const [catalog, setCatalog] = useState<Catalog>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    operatorApi.catalog().then(setCatalog, setError);
  }, [lang]);

  return (
    <>
      <h1 tabIndex={-1}>{t('catalog.title')}</h1>
      <ErrorBox error={error} />
      {!catalog && !error && <Loading />}
      {catalog && <TryQuery catalog={catalog} />}
      <TrustLists />
      {catalog?.nodes.map((node) => (
        <section key={node.participantId} className="card" aria-labelledby={`cat-${node.participantId}`}>
          <h2 id={`cat-${node.participantId}`}>{t('catalog.datasets', { node: node.name[lang] })}</h2>
          {node.datasets.length === 0 ? (
            <p>{t('common.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('catalog.dataset')}</th>
                    <th scope="col">{t('catalog.recordType')}</th>
                    <th scope="col">{t('catalog.policy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {node.datasets.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        {d.title[lang]}
                        <span className="small code">{d.id}</span>
                      </th>
                      <td>{d.recordType}</td>
                      <td className="policy-text">{d.policySummary[lang]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      {catalog && catalog.missing.length > 0 && (
        <section className="card" aria-labelledby="cat-missing">
          <h2 id="cat-missing">{t('catalog.missing')}</h2>
          <ul>
            {catalog.missing.map((m) => (
              <li key={m.participantId}>
                {nodeName(m.participantId)}: {m.detail ?? m.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function TryQuery({ catalog }: { catalog: Catalog }) {
  const { t } = useTranslation();
  const lang = useLang();
  const withData = catalog.nodes.filter((n) => n.datasets.length > 0);
  const [node, setNode] = useState(withData[0]?.participantId ?? '');
  const datasets = catalog.nodes.find((n) => n.participantId === node)?.datasets ?? [];
  const [dataset, setDataset] = useState(datasets[0]?.id ?? '');
  const [purpose, setPurpose] = useState('life-saving');
  const [areas, setAreas] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<QueryOutcome>();
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    const area = areas.split(',').map((a) => a.trim()).filter((a) => a !== '');
    try {
      setOutcome(await operatorApi.federationQuery({ node, dataset, purpose, ...(area.length > 0 ? { area } : {}), limit: 100 }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="try-heading">
      <h2 id="try-heading">{t('catalog.tryHeading')}</h2>
      <p>{t('catalog.tryExplain')}</p>
      <form onSubmit={submit} className="inline-form">
        <SelectField
          id="try-node"
          label={t('catalog.node')}
          value={node}
          onChange={(id) => {
            setNode(id);
            setDataset(catalog.nodes.find((n) => n.participantId === id)?.datasets[0]?.id ?? '');
          }}
          choices={withData.map((n) => ({ value: n.participantId, label: n.name[lang] }))}
        />
        <SelectField id="try-dataset" label={t('catalog.dataset')} value={dataset} onChange={setDataset} choices={datasets.map((d) => ({ value: d.id, label: d.title[lang] }))} />
        <SelectField
          id="try-purpose"
          label={t('catalog.purpose')}
          value={purpose}
          onChange={setPurpose}
          choices={Object.keys(purposes).map((p) => ({ value: p, label: codeLabel(purposes, p, lang) }))}
        />
        <TextField id="try-areas" label={t('catalog.areas')} value={areas} onChange={setAreas} inputMode="numeric" />
        <button type="submit" disabled={busy || !node || !dataset}>
          {busy ? t('catalog.asking') : t('catalog.ask')}
        </button>
      </form>
      <ErrorBox error={error} />
      {outcome && (
        <div className={`outcome outcome-${outcome.outcome}`} role="status" data-testid="query-outcome" data-outcome={outcome.outcome}>
          {outcome.outcome === 'allowed' && (
            <>
              <p>{t('catalog.allowed', { n: outcome.items.length })}</p>
              {/* The fields the provider's policy granted (its answer's terms); the console once read a `fields` the node never sends. */}
              {outcome.access.grantedFields.length > 0 && <p>{t('catalog.fields', { fields: outcome.access.grantedFields.join(', ') })}</p>}
            </>
          )}
          {outcome.outcome === 'denied' && (
            <>
              <p>{t('catalog.denied', { code: outcome.code, detail: outcome.detail })}</p>
              {outcome.reasons.length > 0 && (
                <>
                  <h3>{t('catalog.reasons')}</h3>
                  <ul>
                    {/* One line per distinct reason: several permits often refuse for the same one. */}
                    {distinctReasons(outcome.reasons).map(({ message, code, times }) => (
                      <li key={`${code} ${message}`}>
                        {message} <span className="small code">{code}</span>
                        {times > 1 && <span className="small"> ×{times}</span>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
          {outcome.outcome === 'unreachable' && <p>{t('catalog.unreachable', { detail: outcome.detail })}</p>}
        </div>
      )}
    </section>
  );
}

/** Reasons with the same code and sentence once each, with how many times they were given, in first-seen order. */
function distinctReasons(reasons: readonly { code: string; message: string }[]): { code: string; message: string; times: number }[] {
  const seen = new Map<string, { code: string; message: string; times: number }>();
  for (const r of reasons) {
    const key = `${r.code}\n${r.message}`;
    const known = seen.get(key);
    if (known) known.times++;
    else seen.set(key, { code: r.code, message: r.message, times: 1 });
  }
  return [...seen.values()];
}
