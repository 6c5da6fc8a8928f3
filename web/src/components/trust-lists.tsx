// The trust lists this node decides by: which anchors, which version, how old, and why the last fetch failed — so an
// operator working offline sees how current the list of who may ask is, and can fetch it again now.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, operatorApi, type TrustListState } from '../api.ts';
import { ErrorBox } from './common.tsx';

function ageText(t: (key: string, o?: Record<string, unknown>) => string, seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  if (seconds < 60) return t('common.seconds', { n: Math.round(seconds) });
  if (seconds < 3600) return t('common.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return t('common.hours', { n: Math.round(seconds / 3600) });
  return t('trust.days', { n: Math.round(seconds / 86_400) });
}

export function TrustLists() {
  const { t } = useTranslation();
  const [lists, setLists] = useState<TrustListState[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    operatorApi.trustLists().then((r) => setLists(r.trustLists), setError);
  }, []);

  const refresh = () => {
    setBusy(true);
    setError(undefined);
    operatorApi
      .refreshTrust()
      .then((r) => setLists(r.trustLists), setError)
      .finally(() => setBusy(false));
  };

  // A node on its own (no trust files) holds no list: nothing to show.
  if (error instanceof ApiError && error.code === 'TRUST_LIST_NONE_HELD') return null;
  return (
    <section className="card" aria-labelledby="trust-lists">
      <h2 id="trust-lists">{t('trust.title')}</h2>
      <p>{t('trust.explain')}</p>
      <ErrorBox error={error} />
      {lists && lists.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('trust.anchor')}</th>
                <th scope="col">{t('trust.version')}</th>
                <th scope="col">{t('trust.age')}</th>
                <th scope="col">{t('trust.lastFetch')}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.anchorId}>
                  <th scope="row">
                    {l.anchorId}
                    <span className="small code">{l.trustListId}</span>
                    {l.via === 'recognition' && <span className="small">{t('trust.recognised')}</span>}
                  </th>
                  <td>{l.version ?? '—'}</td>
                  <td>
                    {ageText(t, l.ageSeconds)}
                    {l.stale && <strong> {t('trust.stale')}</strong>}
                  </td>
                  <td>{l.lastProblem ? t('trust.problem', { code: l.lastProblem.code, detail: String(l.lastProblem.params.detail ?? l.lastProblem.params.url ?? '') }) : l.lastConfirmedAt ? new Date(l.lastConfirmedAt).toLocaleString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" onClick={refresh} disabled={busy}>
        {busy ? t('trust.fetching') : t('trust.fetch')}
      </button>
    </section>
  );
}
