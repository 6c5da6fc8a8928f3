// "Requests sent and answers" on the logistics page: each request this node sent (to whom, when, by whom, its
// MessageID), its lines with what the answers say of each, the answers received one by one (when, from whom, what they
// said) behind a button, and a form to record a request sent to a partner outside the data space by file.
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stockCategories } from '../../../model/codes.ts';
import { ErrorBox, Loading, useAction } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { logisticsApi, type ReceivedAnswerView, type SentRequestView } from './api.ts';
import { useNamedPerson } from './named-person.ts';
import { amountText, quantityText } from './quantity.ts';
import { answerSender, answersByLine, lineSummary, recipientName } from './sent-requests.ts';
import { foldedGroup } from './shipment-board.ts';
import type { Text } from '../../../model/index.ts';
import type { AnswerLineState } from '../types.ts';
import { PlaceName } from './PlaceName.tsx';
import { areaLabel } from './place-labels.ts';

/** What an answer says of a line, in words: "引受 150 個", with the reason of a decline and the counts of a receipt. */
export function SaidText(p: { state: AnswerLineState; quantity?: number; unit?: string; reason?: string; receipt?: { received: number; damaged: number; lost: number }; received?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const amount = p.quantity !== undefined ? ` ${p.unit !== undefined ? amountText(p.quantity, p.unit, lang) : quantityText(p.quantity, lang)}` : '';
  const extra = [
    ...(p.reason !== undefined ? [t('logistics.sent.reason', { reason: p.reason })] : []),
    ...(p.receipt ? [t('logistics.sent.receipt', { received: quantityText(p.receipt.received, lang), damaged: quantityText(p.receipt.damaged, lang), lost: quantityText(p.receipt.lost, lang) })] : []),
    ...(!p.receipt && p.received !== undefined ? [t('logistics.sent.receivedCount', { received: quantityText(p.received, lang) })] : []),
  ];
  return (
    <>
      <strong>{t(`logistics.sent.states.${p.state}`)}</strong>
      {amount}
      {extra.length > 0 && (lang === 'ja' ? `（${joinLabels(extra, lang)}）` : ` (${joinLabels(extra, lang)})`)}
    </>
  );
}

export function SentRequests({ changed, onRecorded }: { changed: number; onRecorded: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<SentRequestView[]>();
  const [areaNames, setAreaNames] = useState<Record<string, Text>>({});
  const [error, setError] = useState<unknown>();
  const [unfolded, setUnfolded] = useState(false);
  // Answers from a participant's node arrive by themselves: the operator reads them again when they choose.
  const [tick, setTick] = useState(0);
  const listId = useId();
  useEffect(() => {
    setError(undefined);
    logisticsApi.sentRequests().then((r) => {
      setItems(r.items);
      setAreaNames(r.areaNames ?? {});
    }, setError);
  }, [changed, tick]);
  const { visible, hidden } = foldedGroup(items ?? [], unfolded, 5);
  return (
    <section className="card" aria-labelledby="logistics-sent">
      <h2 id="logistics-sent">{t('logistics.sent.title')}</h2>
      <p>{t('logistics.sent.help')}</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setTick((n) => n + 1)}>
          {t('logistics.sent.reload')}
        </button>
      </div>
      <ErrorBox error={error} />
      {items === undefined ? (
        error === undefined && <Loading />
      ) : items.length === 0 ? (
        <p>{t('logistics.sent.none')}</p>
      ) : (
        <>
          <div id={listId} data-testid="sent-requests">
            {visible.map((r) => (
              <SentRequestCard key={r.messageId} request={r} changed={changed + tick} areaNames={areaNames} />
            ))}
          </div>
          {foldedGroup(items, false, 5).hidden > 0 && (
            <button type="button" className="secondary" aria-expanded={unfolded} aria-controls={listId} onClick={() => setUnfolded(!unfolded)}>
              {unfolded ? t('logistics.sent.fewer') : t('logistics.sent.more', { count: hidden })}
            </button>
          )}
        </>
      )}
      <RecordSent onRecorded={onRecorded} />
    </section>
  );
}

function SentRequestCard({ request: r, changed, areaNames }: { request: SentRequestView; changed: number; areaNames: Record<string, Text> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const headingId = useId();
  const answersId = useId();
  const [open, setOpen] = useState(false);
  const [answers, setAnswers] = useState<ReceivedAnswerView[]>();
  const { busy, error, run } = useAction();
  const recipient = recipientName(r, nodeName);
  // Read again when the page's data changed (an answer file taken in) while the answers are shown.
  useEffect(() => {
    if (open) void run(() => logisticsApi.answersTo(r.messageId), (a) => setAnswers(a.items));
  }, [open, changed]);
  const said = answers ? answersByLine(answers) : undefined;
  return (
    <article className="sent-request" aria-labelledby={headingId} data-testid="sent-request">
      <h3 id={headingId}>
        {t('logistics.sent.heading', { recipient, at: formatDateTime(r.sentAt, lang) })}
        <span className="place-id">{t('logistics.sent.meta', { message: r.messageId, by: r.sentBy })}</span>
      </h3>
      <p className="hint">{r.sentTo !== undefined ? t('logistics.sent.inside') : t('logistics.sent.outside')}</p>
      <div className="table-wrap">
        <table data-testid="sent-lines">
          <thead>
            <tr>
              <th scope="col">{t('logistics.sent.item')}</th>
              <th scope="col">{t('logistics.sent.asked')}</th>
              <th scope="col">{t('logistics.sent.area')}</th>
              <th scope="col">{t('logistics.sent.state')}</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l) => {
              const s = lineSummary(l.quantity, l);
              const words = [
                ...s.parts.map((p) => `${t(`logistics.sent.counts.${p.count}`)} ${quantityText(p.value, lang)}`),
                ...(s.unanswered > 0 && s.parts.length > 0 ? [t('logistics.sent.unanswered', { n: quantityText(s.unanswered, lang) })] : []),
              ];
              const history = said?.get(l.elementId);
              return (
                <Fragment key={l.elementId}>
                  <tr className={history ? 'has-said' : undefined}>
                    <td>{codeLabel(stockCategories, l.category, lang)}</td>
                    <td>
                      {amountText(l.quantity, l.unit, lang)}
                    </td>
                    <td>
                      <PlaceName label={areaLabel(l.areaCode, areaNames, lang)} />
                    </td>
                    <td data-testid="sent-line-state">{words.length > 0 ? joinLabels(words, lang) : t('logistics.sent.noAnswer')}</td>
                  </tr>
                  {history && (
                    // A row of its own under the line, across the table: what each answer said, in the order it happened.
                    <tr className="said-row">
                      <td colSpan={4}>
                        <ul className="said" data-testid="sent-line-answers">
                          {history.map((x) => {
                            const from = answerSender(x.sender, x.receivedBy, recipient, nodeName);
                            return (
                              <li key={`${x.answer}|${x.line.elementId}`}>
                                {formatDateTime(x.line.at, lang)} {from.kind === 'participant' ? from.name : from.partner}:{' '}
                                <SaidText state={x.line.state} quantity={x.line.quantity} unit={x.line.unit} reason={x.line.reason} received={x.line.received} />
                              </li>
                            );
                          })}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {r.answers > 0 && (
        <button type="button" className="secondary" aria-expanded={open} aria-controls={answersId} onClick={() => setOpen(!open)}>
          {open ? t('logistics.sent.hideAnswers') : t('logistics.sent.showAnswers', { count: r.answers })}
        </button>
      )}
      <div id={answersId} aria-live="polite">
        {open && busy && answers === undefined && <Loading />}
        <ErrorBox error={error} />
        {open && answers && answers.length > 0 && (
          <>
            <h4>{t('logistics.sent.answersTitle')}</h4>
            <ul data-testid="sent-answers">
              {answers.map((a) => {
                const from = answerSender(a.sender, a.receivedBy, recipient, nodeName);
                return (
                  <li key={a.messageId}>
                    {t('logistics.sent.answerHead', {
                      type: t(`logistics.sent.type.${a.type}`),
                      from: from.kind === 'participant' ? t('logistics.sent.fromParticipant', { name: from.name }) : t('logistics.sent.fromFile', { partner: from.partner, by: from.by }),
                      at: formatDateTime(a.receivedAt, lang),
                    })}
                    <span className="place-id">MessageID {a.messageId}</span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </article>
  );
}

/** Record a RequestResource sent outside the data space: the file, to whom, by whom; the result said where focus lands. */
function RecordSent({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const { named, problem } = useNamedPerson();
  const [file, setFile] = useState<File>();
  const [recipient, setRecipient] = useState('');
  const [missing, setMissing] = useState<string>();
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const fileId = useId();
  const recipientId = useId();
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const record = () => {
    setDone(undefined);
    if (!file) return setMissing(t('logistics.sent.record.needFile'));
    if (recipient.trim() === '') return setMissing(t('logistics.sent.record.needRecipient'));
    setMissing(undefined);
    const by = named();
    if (!by) return;
    const to = recipient.trim();
    void run(() => logisticsApi.recordSent(file, to, by), (r) => {
      setDone(t(`logistics.sent.record.${r.result}`, { messages: r.messageIds.join(', '), recipient: to }));
      onRecorded();
    });
  };
  return (
    <form
      className="record-sent"
      aria-labelledby={`${recipientId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        record();
      }}
    >
      <h3 id={`${recipientId}-title`}>{t('logistics.sent.record.title')}</h3>
      <p>{t('logistics.sent.record.help')}</p>
      <div className="field">
        <label htmlFor={fileId}>{t('logistics.sent.record.file')}</label>
        <input id={fileId} type="file" accept=".xml,.edxlde,application/xml,text/xml" onChange={(e) => setFile(e.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor={recipientId}>{t('logistics.sent.record.recipient')}</label>
        <input id={recipientId} value={recipient} maxLength={200} onChange={(e) => setRecipient(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('logistics.sent.record.button')}
        </button>
      </div>
      {(missing ?? problem) && (
        <p className="error" role="alert">
          {missing ?? problem}
        </p>
      )}
      <ErrorBox error={error} />
      {done && (
        <p role="status" tabIndex={-1} ref={doneRef} data-testid="record-sent-result">
          {done}
        </p>
      )}
    </form>
  );
}
