// "Send to a participant's node" under a previewed RequestResource file: the recipient chosen by name among the
// participants with a node, who asks, a confirmation saying what will go (messages, lines, recipient), then the file
// sent through the node's send route; the result or the node's refusal said where the focus lands.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, ErrorBox, SelectField, TextField, useAction } from '../../../../web/src/components/common.tsx';
import { formatDateTime, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { logisticsApi, type RmSent } from './api.ts';
import { NodeError, type RefusalWords } from './Refusal.tsx';
import { deliveryOf, recipientChoices, type Delivery, type Recipient, type SendSummary } from './send-request.ts';

/** Focus an element once the current update is done (returns the cancel, for an effect's cleanup). */
function focusSoon(element: () => HTMLElement | null | undefined): () => void {
  const timer = setTimeout(() => element()?.focus(), 0);
  return () => clearTimeout(timer);
}

/** What the operator asked to send: kept while the confirmation is open, so that it shows exactly what will go. */
interface Pending {
  recipient: Recipient;
  by: string;
}

export function SendRequest({ file, summary, onSent }: { file: File; summary: SendSummary; onSent: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session, nodeName, operatorName, setOperatorName } = useConsole();
  const recipients = useMemo(() => recipientChoices(session.peers, session.node.id, nodeName, lang), [session, nodeName, lang]);
  const [to, setTo] = useState('');
  const [by, setBy] = useState(operatorName);
  // The page's name field and this one say the same person: a name typed above follows here.
  useEffect(() => setBy(operatorName), [operatorName]);
  const [missing, setMissing] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  // A second click (or Enter held down) before the first answer must not send again: the state alone updates too late.
  const sending = useRef(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<{ result: RmSent; recipient: Recipient }>();
  const openButton = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const refusalBox = useRef<HTMLDivElement>(null);
  const ids = useId();
  // The result or the refusal takes the focus after the confirmation has closed: the browser gives the focus back to the
  // button that opened it as the dialog goes, which would otherwise win over the focus put here.
  useEffect(() => {
    if (sent) return focusSoon(() => resultRef.current);
  }, [sent]);
  useEffect(() => {
    if (error !== undefined) return focusSoon(() => refusalBox.current?.querySelector<HTMLElement>('[tabindex="-1"], [role="alert"]'));
  }, [error]);

  const refusal: RefusalWords = {
    lead: (count) => t('logistics.rmFiles.send.refused', { count }),
    after: t('logistics.rmFiles.send.refusedAfter'),
    testId: 'rm-send-refusal',
  };

  const ask = (e: FormEvent) => {
    e.preventDefault();
    const recipient = recipients.find((r) => r.participantId === to);
    if (!recipient) return setMissing(t('logistics.rmFiles.send.needRecipient'));
    if (by.trim() === '') return setMissing(t('logistics.rmFiles.send.needBy'));
    setMissing(undefined);
    setError(undefined);
    setPending({ recipient, by: by.trim() });
  };
  // Back from the confirmation without sending: the focus returns to "Send…" once the dialog has closed.
  const [backOut, setBackOut] = useState(0);
  useEffect(() => {
    if (backOut > 0) return focusSoon(() => openButton.current);
  }, [backOut]);
  const cancel = () => {
    setPending(undefined);
    setBackOut((n) => n + 1);
  };
  const confirm = async () => {
    if (!pending || sending.current) return;
    sending.current = true;
    setBusy(true);
    if (pending.by !== operatorName.trim()) setOperatorName(pending.by);
    // The outcome and the dialog's closing in one update: the focus then goes to the result or the refusal, not back to the button.
    try {
      const result = await logisticsApi.sendRequestFile(file, pending.recipient.participantId, pending.by);
      setSent({ result, recipient: pending.recipient });
      onSent();
    } catch (e) {
      setError(e);
    } finally {
      sending.current = false;
      setBusy(false);
      setPending(undefined);
    }
  };

  return (
    <section className="record-sent" aria-labelledby={`${ids}-title`} data-testid="rm-send">
      <h4 id={`${ids}-title`}>{t('logistics.rmFiles.send.title')}</h4>
      {sent ? (
        <>
          <p role="status" tabIndex={-1} ref={resultRef} data-testid="rm-send-result">
            {sent.result.duplicate
              ? t('logistics.rmFiles.send.duplicate', { recipient: sent.recipient.label, messages: sent.result.messageIds.join(', ') })
              : t('logistics.rmFiles.send.sent', { recipient: sent.recipient.label, messages: sent.result.messageIds.join(', '), count: summary.lines })}
          </p>
          <DeliveryCheck seq={sent.result.seq} recipient={sent.recipient} />
        </>
      ) : recipients.length === 0 ? (
        <p>{t('logistics.rmFiles.send.noRecipients')}</p>
      ) : (
        <form onSubmit={ask} noValidate>
          <p>{t('logistics.rmFiles.send.help')}</p>
          <SelectField
            id={`${ids}-to`}
            label={t('logistics.rmFiles.send.recipient')}
            value={to}
            onChange={setTo}
            choices={recipients.map((r) => ({ value: r.participantId, label: r.label }))}
            anyLabel={t('logistics.rmFiles.send.choose')}
          />
          <TextField id={`${ids}-by`} label={t('logistics.rmFiles.send.by')} value={by} onChange={setBy} />
          <div className="actions">
            <button type="submit" ref={openButton} disabled={busy}>
              {t('logistics.rmFiles.send.button')}
            </button>
          </div>
          {missing && (
            <p className="error" role="alert">
              {missing}
            </p>
          )}
        </form>
      )}
      <div ref={refusalBox}>
        <NodeError error={error} words={refusal} />
      </div>
      {pending && (
        <Confirmation file={file} summary={summary} pending={pending} busy={busy} onConfirm={() => void confirm()} onCancel={cancel} />
      )}
    </section>
  );
}

/** Enough for any participant's messages in a demo or a day's work; beyond it the check says it cannot tell. */
const OUTBOX_LOOK = 2000;

/** What became of the request in this node's outbox, read when the operator asks: waiting, delivered (taken in), refused. */
function DeliveryCheck({ seq, recipient }: { seq: number; recipient: Recipient }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { busy, error, run } = useAction();
  const [delivery, setDelivery] = useState<Delivery>();
  const check = () => void run(() => logisticsApi.outboxTo(recipient.participantId, OUTBOX_LOOK), (r) => setDelivery(deliveryOf(seq, r.messages, OUTBOX_LOOK)));
  const words = (d: Delivery): string => {
    const at = 'at' in d && d.at !== undefined ? formatDateTime(d.at, lang) : '—';
    switch (d.kind) {
      case 'waiting':
        return t('logistics.rmFiles.send.delivery.waiting', { attempts: d.attempts, next: d.nextAttemptAt !== undefined ? formatDateTime(d.nextAttemptAt, lang) : '—', reason: d.lastReason ?? '—' });
      case 'delivered':
        return t('logistics.rmFiles.send.delivery.delivered', { recipient: recipient.label, at });
      case 'refused':
        return t('logistics.rmFiles.send.delivery.refused', { recipient: recipient.label, at, reason: d.reason });
      case 'gave-up':
        return t('logistics.rmFiles.send.delivery.gave-up', { recipient: recipient.label, at, reason: d.reason, attempts: d.attempts });
      default:
        return t(`logistics.rmFiles.send.delivery.${d.kind}`);
    }
  };
  return (
    <div aria-live="polite">
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={check}>
          {t('logistics.rmFiles.send.checkDelivery')}
        </button>
      </div>
      {delivery && (
        <p className={delivery.kind === 'refused' || delivery.kind === 'gave-up' ? 'error' : undefined} data-testid="rm-send-delivery" data-delivery={delivery.kind}>
          {words(delivery)}
        </p>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

/** The last step: what will go, to whom, asked by whom; Enter sends ("Send now" has the focus), Escape goes back. */
function Confirmation(p: { file: File; summary: SendSummary; pending: Pending; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const confirmButton = useRef<HTMLButtonElement>(null);
  // showModal focuses the dialog's first button (its close button): the decision asked for is to send, so it gets the focus.
  useEffect(() => focusSoon(() => confirmButton.current), []);
  const { recipient, by } = p.pending;
  return (
    <Dialog title={t('logistics.rmFiles.send.confirmTitle', { recipient: recipient.label })} onClose={p.busy ? () => undefined : p.onCancel}>
      <div data-testid="rm-send-confirm">
        <dl className="details">
          <dt>{t('logistics.rmFiles.send.confirmTo')}</dt>
          <dd>
            {recipient.label}
            <span className="place-id">{recipient.participantId}</span>
          </dd>
          <dt>{t('logistics.rmFiles.send.confirmFile')}</dt>
          <dd>{p.file.name}</dd>
          <dt>{t('logistics.rmFiles.send.confirmMessages', { count: p.summary.messages.length })}</dt>
          <dd>
            <ul data-testid="rm-send-messages">
              {p.summary.messages.map((m) => (
                <li key={m.messageId}>
                  {t('logistics.rmFiles.send.confirmMessage', { message: m.messageId, count: m.lines })}
                  {m.recall && <> {t(`logistics.rmFiles.send.recall.${m.recall.type}`, { message: m.recall.messageId })}</>}
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('logistics.rmFiles.send.confirmLinesTitle')}</dt>
          <dd data-testid="rm-send-lines">{t('logistics.rmFiles.send.confirmLines', { count: p.summary.lines })}</dd>
          <dt>{t('logistics.rmFiles.send.confirmBy')}</dt>
          <dd>{by}</dd>
        </dl>
        <p>{t('logistics.rmFiles.send.confirmNote')}</p>
        {p.busy && <p role="status">{t('logistics.rmFiles.send.sending')}</p>}
        <div className="actions">
          <button type="button" ref={confirmButton} disabled={p.busy} onClick={p.onConfirm} data-testid="rm-send-confirm-button">
            {t('logistics.rmFiles.send.confirm')}
          </button>
          <button type="button" className="secondary" disabled={p.busy} onClick={p.onCancel}>
            {t('app.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
