// The trust anchor's page, on the node that serves an anchor: who is listed (role, areas, node, status, validity), the
// join requests waiting for a person with exactly what each asks for, revocations, and the list's versions. A person
// named in the dialog approves (after a check that changes nothing), declines with a reason, suspends, reinstates or
// revokes (final: the participant id must be typed). Each change is the node's anchor operation, as `tsunagu trust` does it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { participantRoles } from '../../../src/model/codes.ts';
import { ApiError, operatorApi, type AnchorOperationResult, type AnchorOverview, type ListedParticipantView, type WaitingJoinRequestView } from '../api.ts';
import { Dialog, ErrorBox, Loading } from '../components/common.tsx';
import { codeLabel, formatDateTime, getDisplayTimeZone, useLang } from '../i18n/index.ts';
import { useConsole } from '../state.tsx';

type Change = 'suspend' | 'reinstate' | 'revoke';

/** What the dialog is asked to do. */
type Pending =
  | { kind: 'approve'; request: WaitingJoinRequestView }
  | { kind: 'decline'; request: WaitingJoinRequestView }
  | { kind: Change; participant: ListedParticipantView };

/** A listing's period as dates in the node's time zone: the table stays readable at tablet width. */
function formatDate(iso: string, lang: 'ja' | 'en'): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: getDisplayTimeZone(), dateStyle: 'medium' }).format(d);
}

function nameText(name: { ja?: string; en?: string } | undefined, lang: 'ja' | 'en'): string {
  return name?.[lang] ?? name?.ja ?? name?.en ?? '';
}

function Keys({ keys }: { keys: WaitingJoinRequestView['keys'] }) {
  return (
    <ul className="plain">
      {keys.map((k) => (
        <li key={k.kid}>
          <span className="code">{k.kid}</span>
          <span className="small code" data-testid="fingerprint">
            SHA-256 {k.fingerprint}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Exactly what a request asks for, as a definition list the operator reads before deciding. */
function RequestDetails({ r }: { r: WaitingJoinRequestView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const row = (label: string, value: ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <dl className="details">
      {row(t('anchor.participantId'), <span className="code">{r.participantId}</span>)}
      {row(t('anchor.nameJa'), r.name?.ja ?? '—')}
      {row(t('anchor.nameEn'), r.name?.en ?? '—')}
      {row(t('anchor.role'), codeLabel(participantRoles, r.role, lang) || '—')}
      {row(t('anchor.jurisdiction'), r.jurisdiction.join(', ') || '—')}
      {row(t('anchor.nodeUrl'), <span className="code">{r.nodeUrl ?? '—'}</span>)}
      {row(t('anchor.keys'), <Keys keys={r.keys} />)}
      {row(t('anchor.expiresAt'), formatDateTime(r.expiresAt, lang) || '—')}
      {row(t('anchor.received'), `${formatDateTime(r.receivedAt, lang)} (${t(`anchor.source.${r.source}`)})`)}
      {row(t('anchor.intent'), t(`anchor.intents.${r.intent}`))}
      {row(t('anchor.signature'), r.signatureVerified ? t('anchor.signatureVerified') : <strong>{t('anchor.signatureNotVerified')}</strong>)}
    </dl>
  );
}

function Problems({ items }: { items: { code: string; message: string }[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <div className="error" role="note">
      <p>{t('anchor.wouldRefuse')}</p>
      <ul>
        {items.map((p) => (
          <li key={p.code}>
            {p.message} <span className="code">{p.code}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The decision dialog: who decides, the check (approve) or the warning (revoke), then the decision itself. */
function DecisionDialog({ pending, onClose, onDone }: { pending: Pending; onClose: () => void; onDone: (r: AnchorOperationResult) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { operatorName, setOperatorName } = useConsole();
  const [by, setBy] = useState(operatorName);
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const [check, setCheck] = useState<AnchorOperationResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  // After the dialog opened (showModal focuses its first button): the name is the first thing to give.
  useEffect(() => {
    const timer = setTimeout(() => first.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  const subjectId = 'request' in pending ? pending.request.participantId : pending.participant.participantId;
  const subjectName = 'request' in pending ? nameText(pending.request.name, lang) : nameText(pending.participant.name, lang);

  // Approving starts with the node's own check, which changes nothing: what a person confirms is what will be done.
  useEffect(() => {
    if (pending.kind !== 'approve') return;
    operatorApi.approveJoinRequest(pending.request.seq, { by: operatorName || '-', dryRun: true }).then(setCheck, setError);
  }, [pending, operatorName]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = by.trim();
    if (name === '') return;
    if (name !== operatorName) setOperatorName(name);
    setBusy(true);
    setError(undefined);
    const done =
      pending.kind === 'approve'
        ? operatorApi.approveJoinRequest(pending.request.seq, { by: name })
        : pending.kind === 'decline'
          ? operatorApi.declineJoinRequest(pending.request.seq, { by: name, reason: reason.trim() })
          : operatorApi.changeParticipantStatus(pending.participant.participantId, { by: name, change: pending.kind, ...(pending.kind === 'revoke' ? { confirm: confirm.trim() } : {}) });
    done.then(onDone, setError).finally(() => setBusy(false));
  };

  const cannotApprove = pending.kind === 'approve' && error instanceof ApiError && check === undefined;
  const revokeUnconfirmed = pending.kind === 'revoke' && confirm.trim() !== subjectId;
  return (
    <Dialog title={t(`anchor.dialog.${pending.kind}`, { name: subjectName || subjectId })} onClose={onClose}>
      <form onSubmit={submit} data-testid="anchor-decision">
        {'request' in pending && <RequestDetails r={pending.request} />}
        {pending.kind === 'approve' && check && (
          <p role="status" data-testid="approve-check">
            {check.message}
          </p>
        )}
        {pending.kind === 'revoke' && (
          <p className="error" role="note">
            {t('anchor.revokeFinal', { id: subjectId })}
          </p>
        )}
        <div className="field">
          <label htmlFor="anchor-by">{t('anchor.by')}</label>
          <input id="anchor-by" ref={first} value={by} required autoComplete="name" onChange={(e) => setBy(e.target.value)} />
        </div>
        {pending.kind === 'decline' && (
          <div className="field">
            <label htmlFor="anchor-reason">{t('anchor.reason')}</label>
            <input id="anchor-reason" value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </div>
        )}
        {pending.kind === 'revoke' && (
          <div className="field">
            <label htmlFor="anchor-confirm">{t('anchor.confirmLabel', { id: subjectId })}</label>
            <input id="anchor-confirm" value={confirm} autoComplete="off" onChange={(e) => setConfirm(e.target.value)} />
          </div>
        )}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="submit" data-testid="anchor-decide" disabled={busy || cannotApprove || revokeUnconfirmed || (pending.kind === 'approve' && !check)}>
            {t(`anchor.do.${pending.kind}`)}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function statusBadge(status: ListedParticipantView['status'], t: (k: string) => string) {
  return <span className={`badge ${status === 'active' ? 'badge-ok' : 'badge-active'}`}>{t(`anchor.status.${status}`)}</span>;
}

export function TrustPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [overview, setOverview] = useState<AnchorOverview>();
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState<Pending>();
  const [done, setDone] = useState<AnchorOperationResult>();
  const doneBox = useRef<HTMLParagraphElement>(null);

  const load = () => {
    setError(undefined);
    return operatorApi.anchor().then(setOverview, setError);
  };
  useEffect(() => {
    void load();
  }, [lang]);
  useEffect(() => {
    if (done) doneBox.current?.focus();
  }, [done]);

  return (
    <>
      <h1 tabIndex={-1}>{t('anchor.title')}</h1>
      <p>{t('anchor.explain')}</p>
      <ErrorBox error={error} />
      {error instanceof ApiError && error.code === 'ANCHOR_BUSY' && (
        <button type="button" onClick={() => void load()}>
          {t('app.retry')}
        </button>
      )}
      {done && (
        <p className="notice" role="status" tabIndex={-1} ref={doneBox} data-testid="anchor-done">
          {done.message}
        </p>
      )}
      {!overview && !error && <Loading />}
      {overview && (
        <>
          <p data-testid="anchor-version">
            {t('anchor.current', { list: overview.trustListId, version: overview.version, issued: formatDateTime(overview.issuedAt, lang), next: formatDateTime(overview.nextUpdate, lang) })}
          </p>

          <section className="card" aria-labelledby="anchor-requests">
            <h2 id="anchor-requests">{t('anchor.requests', { n: overview.requests.length })}</h2>
            {overview.requests.length === 0 && <p>{t('anchor.noRequests')}</p>}
            {overview.requests.map((r) => (
              <article key={r.seq} className="join-request" data-testid="join-request" data-participant={r.participantId} aria-label={nameText(r.name, lang) || r.participantId}>
                <h3>
                  {nameText(r.name, lang) || r.participantId} <span className="small code">#{r.seq}</span>
                </h3>
                <RequestDetails r={r} />
                <Problems items={r.problems} />
                <div className="actions">
                  <button type="button" onClick={() => setPending({ kind: 'approve', request: r })}>
                    {t('anchor.approve')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setPending({ kind: 'decline', request: r })}>
                    {t('anchor.decline')}
                  </button>
                </div>
              </article>
            ))}
          </section>

          <section className="card" aria-labelledby="anchor-participants">
            <h2 id="anchor-participants">{t('anchor.participants', { n: overview.participants.length })}</h2>
            <div className="table-wrap">
              <table data-testid="anchor-participants">
                <thead>
                  <tr>
                    <th scope="col">{t('anchor.participant')}</th>
                    <th scope="col">{t('anchor.role')}</th>
                    <th scope="col">{t('anchor.jurisdiction')}</th>
                    <th scope="col">{t('anchor.nodeUrl')}</th>
                    <th scope="col">{t('anchor.statusLabel')}</th>
                    <th scope="col">{t('anchor.validity')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('anchor.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {overview.participants.map((p) => (
                    <tr key={p.participantId} data-participant={p.participantId} data-status={p.status}>
                      <th scope="row">
                        {nameText(p.name, lang)}
                        <span className="small code">{p.participantId}</span>
                      </th>
                      <td>{codeLabel(participantRoles, p.role, lang)}</td>
                      <td>{p.jurisdiction.join(', ')}</td>
                      <td className="code">{p.nodeUrl ?? '—'}</td>
                      <td>{statusBadge(p.status, t)}</td>
                      <td title={`${formatDateTime(p.validFrom, lang)} – ${formatDateTime(p.validUntil, lang)}`}>
                        <span className="nowrap">{formatDate(p.validFrom, lang)} –</span> <span className="nowrap">{formatDate(p.validUntil, lang)}</span>
                      </td>
                      <td>
                        {p.status === 'active' && (
                          <button type="button" className="secondary" onClick={() => setPending({ kind: 'suspend', participant: p })}>
                            {t('anchor.do.suspend')}
                          </button>
                        )}
                        {p.status === 'suspended' && (
                          <button type="button" className="secondary" onClick={() => setPending({ kind: 'reinstate', participant: p })}>
                            {t('anchor.do.reinstate')}
                          </button>
                        )}
                        {p.status !== 'revoked' && p.participantId !== overview.anchorId && (
                          <button type="button" className="secondary" onClick={() => setPending({ kind: 'revoke', participant: p })}>
                            {t('anchor.do.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card" aria-labelledby="anchor-revocations">
            <h2 id="anchor-revocations">{t('anchor.revocations')}</h2>
            {overview.revocations.length === 0 ? (
              <p>{t('anchor.noRevocations')}</p>
            ) : (
              <ul>
                {overview.revocations.map((r) => (
                  <li key={r.participantId}>
                    {nameText(r.name, lang)} <span className="code">{r.participantId}</span> — {formatDateTime(r.revokedAt, lang)}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="anchor-history">
            <h2 id="anchor-history">{t('anchor.history')}</h2>
            <div className="table-wrap">
              <table data-testid="anchor-history">
                <thead>
                  <tr>
                    <th scope="col">{t('anchor.version')}</th>
                    <th scope="col">{t('anchor.issuedAt')}</th>
                    <th scope="col">{t('anchor.operation')}</th>
                    <th scope="col">{t('anchor.subject')}</th>
                    <th scope="col">{t('anchor.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.history.map((v) => (
                    <tr key={v.version} data-version={v.version}>
                      <th scope="row">{v.version}</th>
                      <td>{formatDateTime(v.issuedAt, lang)}</td>
                      <td>{t(`anchor.operations.${v.operation}`, { defaultValue: v.operation })}</td>
                      <td className="code">{v.subject ?? ''}</td>
                      <td>{v.participants}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {pending && (
        <DecisionDialog
          pending={pending}
          onClose={() => setPending(undefined)}
          onDone={(r) => {
            setPending(undefined);
            setDone(r);
            void load();
          }}
        />
      )}
    </>
  );
}
