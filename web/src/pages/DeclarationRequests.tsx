// Declaration requests on the declarations page: asking a participant that may declare (the recipients the node
// offers, with the areas each may declare for), the requests received — issued through the declaration form filled
// in from the request, or declined with a reason the requester reads — and the requests sent with their state.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hazards, phases, type Hazard, type Phase } from '../../../src/model/codes.ts';
import { codesOf } from '../../../src/model/labels.ts';
import { operatorApi, type DeclarationRecipientsView, type DeclarationRequestView } from '../api.ts';
import { ErrorBox, SelectField } from '../components/common.tsx';
import { codeLabel, formatDateTime, useLang } from '../i18n/index.ts';

type Recipient = DeclarationRecipientsView['recipients'][number];

/** The declarations page's link that opens the declaration form filled in from a received request. */
export function issueLinkOf(r: DeclarationRequestView): string {
  const q = new URLSearchParams({ propose: '1', hazard: r.hazard, phase: r.phase, areas: r.areas.join(','), requester: r.requester, request: r.id });
  return `#/declarations?${q.toString()}`;
}

const areasText = (r: DeclarationRequestView) => r.areas.map((a, i) => (r.areaNames?.[i] && r.areaNames[i] !== a ? `${r.areaNames[i]} (${a})` : a)).join(', ');

function StateBadge({ r }: { r: DeclarationRequestView }) {
  const { t } = useTranslation();
  return <span className={`badge ${r.state === 'issued' ? 'badge-active' : 'badge-past'}`}>{t(`requests.state.${r.state}`)}</span>;
}

function RequestForm({ onSent, onClose }: { onSent: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [recipients, setRecipients] = useState<Recipient[]>();
  const [recipient, setRecipient] = useState('');
  const [hazard, setHazard] = useState<Hazard>('earthquake');
  const [phase, setPhase] = useState<Phase>('emergency');
  const [areas, setAreas] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    operatorApi.declarationRecipients().then((r) => {
      setRecipients(r.recipients);
      setRecipient((current) => current || (r.recipients[0]?.participantId ?? ''));
    }, setError);
  }, [lang]);
  const chosen = recipients?.find((r) => r.participantId === recipient);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await operatorApi.requestDeclaration({ recipient, hazard, phase, areas, reason });
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="card" data-testid="request-form">
      <h2 ref={heading} tabIndex={-1}>
        {t('requests.formTitle')}
      </h2>
      {recipients && recipients.length === 0 && <p className="notice">{t('requests.noRecipients')}</p>}
      {recipients && recipients.length > 0 && (
        <>
          <SelectField
            id="request-recipient"
            label={t('requests.recipient')}
            value={recipient}
            onChange={(v) => (setRecipient(v), setAreas([]))}
            choices={recipients.map((r) => ({ value: r.participantId, label: r.name[lang] }))}
          />
          <SelectField id="request-hazard" label={t('declarations.hazard')} value={hazard} onChange={(v) => setHazard(v as Hazard)} choices={codesOf(hazards).map((c) => ({ value: c, label: codeLabel(hazards, c, lang) }))} />
          <SelectField id="request-phase" label={t('declarations.phase')} value={phase} onChange={(v) => setPhase(v as Phase)} choices={codesOf(phases).filter((c) => c !== 'closed').map((c) => ({ value: c, label: codeLabel(phases, c, lang) }))} />
          <fieldset className="field">
            <legend>{t('requests.areas')}</legend>
            {chosen?.areas.map((a) => (
              <label key={a.code} className="check">
                <input type="checkbox" checked={areas.includes(a.code)} onChange={(e) => setAreas(e.target.checked ? [...areas, a.code] : areas.filter((x) => x !== a.code))} />
                {a.name[lang]} ({a.code})
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="request-reason">{t('requests.reason')}</label>
            <textarea id="request-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        </>
      )}
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" disabled={busy || !chosen || areas.length === 0 || reason.trim() === ''} data-testid="request-send">
          {t('requests.send')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function DeclineForm({ r, onDone, onCancel }: { r: DeclarationRequestView; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await operatorApi.declineDeclarationRequest({ requester: r.requester, id: r.id, reason });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} data-testid="decline-form">
      <label htmlFor={`decline-${r.id}`}>{t('requests.declineReason')}</label>
      <textarea ref={field} id={`decline-${r.id}`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" disabled={reason.trim() === ''}>
          {t('requests.decline')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function RequestRows({ items, side, onChanged }: { items: DeclarationRequestView[]; side: 'sent' | 'received'; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [declining, setDeclining] = useState<string>();
  return (
    <div className="table-wrap">
      <table data-testid={`requests-${side}`}>
        <thead>
          <tr>
            <th scope="col">{t('declarations.state')}</th>
            <th scope="col">{side === 'sent' ? t('requests.recipient') : t('requests.requester')}</th>
            <th scope="col">{t('declarations.hazard')}</th>
            <th scope="col">{t('declarations.phase')}</th>
            <th scope="col">{t('declarations.areas')}</th>
            <th scope="col">{t('requests.reason')}</th>
            <th scope="col">{t('requests.requestedAt')}</th>
            <th scope="col">{t('requests.answer')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={`${r.requester}/${r.id}`}>
              <td>
                <StateBadge r={r} />
              </td>
              <th scope="row">{(side === 'sent' ? r.recipientName : r.requesterName)[lang]}</th>
              <td>{codeLabel(hazards, r.hazard, lang)}</td>
              <td>{codeLabel(phases, r.phase, lang)}</td>
              <td>{areasText(r)}</td>
              <td>{r.reason}</td>
              <td>{formatDateTime(r.requestedAt, lang)}</td>
              <td>
                {r.state === 'issued' && t('requests.issuedAs', { id: r.declarationId })}
                {r.state === 'declined' && t('requests.declinedBecause', { reason: r.declineReason })}
                {r.answerDelivery && <span className="small">{t(`requests.answerDelivery.${r.answerDelivery}`)}</span>}
                {side === 'received' && r.state === 'waiting' && declining !== r.id && (
                  <div className="actions">
                    <a className="button-link" href={issueLinkOf(r)} data-testid="request-issue">
                      {t('requests.issue')}
                    </a>
                    <button type="button" className="secondary" onClick={() => setDeclining(r.id)}>
                      {t('requests.decline')}
                    </button>
                  </div>
                )}
                {declining === r.id && <DeclineForm r={r} onDone={() => (setDeclining(undefined), onChanged())} onCancel={() => setDeclining(undefined)} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `version` changes when the page issued a declaration, which may have answered a request. */
export function DeclarationRequests({ version }: { version: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [lists, setLists] = useState<{ sent: DeclarationRequestView[]; received: DeclarationRequestView[] }>();
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const load = () => operatorApi.declarationRequests().then(setLists, setError);
  useEffect(() => {
    void load();
  }, [lang, version]);

  return (
    <section aria-labelledby="requests-title" className="declaration-requests">
      <h2 id="requests-title">{t('requests.title')}</h2>
      <ErrorBox error={error} />
      {lists && lists.received.length > 0 && (
        <>
          <h3>{t('requests.received')}</h3>
          <RequestRows items={lists.received} side="received" onChanged={() => void load()} />
        </>
      )}
      {sent && (
        <p role="status" className="card outcome outcome-allowed" data-testid="request-sent">
          {t('requests.sentNotice')}
        </p>
      )}
      {!open && (
        <button ref={opener} type="button" className="secondary" onClick={() => (setOpen(true), setSent(false))} data-testid="request-open">
          {t('requests.open')}
        </button>
      )}
      {open && (
        <RequestForm
          onSent={() => (setOpen(false), setSent(true), void load())}
          onClose={() => (setOpen(false), setTimeout(() => opener.current?.focus(), 0))}
        />
      )}
      {lists && lists.sent.length > 0 && (
        <>
          <h3>{t('requests.sent')}</h3>
          <RequestRows items={lists.sent} side="sent" onChanged={() => void load()} />
        </>
      )}
    </section>
  );
}
