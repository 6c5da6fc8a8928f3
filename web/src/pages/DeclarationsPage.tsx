// Declarations: issuing one as this node (IssueDeclaration.tsx), requests for one between participants
// (DeclarationRequests.tsx), and the disaster declarations this node has received,
// in force and past, with a way to start the lives-to-save list over one of them.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hazards, phases } from '../../../src/model/codes.ts';
import { operatorApi, type DeclarationSummary } from '../api.ts';
import { ErrorBox, Loading } from '../components/common.tsx';
import { codeLabel, formatDateTime, useLang } from '../i18n/index.ts';
import { useConsole } from '../state.tsx';
import { DeclarationRequests } from './DeclarationRequests.tsx';
import { IssueDeclaration, proposalFrom } from './IssueDeclaration.tsx';

export function DeclarationsPage({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const [items, setItems] = useState<DeclarationSummary[]>();
  const [error, setError] = useState<unknown>();
  const [issuedCount, setIssuedCount] = useState(0);

  const load = () => operatorApi.declarations().then((d) => setItems(d.items), setError);
  useEffect(() => {
    void load();
  }, [lang]);

  return (
    <>
      <h1 tabIndex={-1}>{t('declarations.title')}</h1>
      {/* Keyed by the link, so a request's "issue" link opens the form afresh, filled in from that request. */}
      <IssueDeclaration key={params.toString()} onIssued={() => (void load(), setIssuedCount((n) => n + 1))} proposal={proposalFrom(params)} />
      <DeclarationRequests version={issuedCount} />
      {/* Its own heading: under the requests' tables it would otherwise read as one more of them. */}
      <h2 id="declarations-received">{t('declarations.receivedTitle')}</h2>
      <ErrorBox error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t('declarations.empty')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="declarations-table" aria-labelledby="declarations-received">
            <thead>
              <tr>
                <th scope="col">{t('declarations.state')}</th>
                <th scope="col">{t('declarations.hazard')}</th>
                <th scope="col">{t('declarations.phase')}</th>
                <th scope="col">{t('declarations.areas')}</th>
                <th scope="col">{t('declarations.issuer')}</th>
                <th scope="col">{t('declarations.validFrom')}</th>
                <th scope="col">{t('declarations.validUntil')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('lifeline.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className={d.active === false ? 'past' : 'active'}>
                  <td>
                    <span className={`badge ${d.active === false ? 'badge-past' : 'badge-active'}`}>
                      {d.active === false ? t('declarations.past') : t('declarations.active')}
                    </span>
                  </td>
                  <th scope="row">
                    {codeLabel(hazards, d.hazard, lang)}
                    {d.title?.[lang] && <span className="small">{d.title[lang]}</span>}
                  </th>
                  <td>{codeLabel(phases, d.phase, lang)}</td>
                  <td>{d.areas.map((a, i) => (d.areaNames?.[i] ? `${d.areaNames[i]} (${a})` : a)).join(', ')}</td>
                  <td>{d.issuerName?.[lang] ?? nodeName(d.issuer)}</td>
                  <td>{formatDateTime(d.validFrom, lang)}</td>
                  <td>{formatDateTime(d.validUntil, lang)}</td>
                  <td>
                    {d.active !== false && (
                      <>
                        <a className="button-link" href={`#/lifeline?declaration=${encodeURIComponent(d.id)}`}>
                          {t('declarations.startRun')}
                        </a>{' '}
                        {/* The officer's morning in one click: the list started from this declaration, narrowed to
                            those to phone first; printing or exporting it is the next click. */}
                        <a className="button-link" data-testid="call-list-link" href={`#/lifeline?declaration=${encodeURIComponent(d.id)}&start=1&preset=call-list`}>
                          {t('declarations.callList')}
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
