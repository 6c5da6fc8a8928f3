// EDXL-RM files on the logistics page: choose or drop a file — a RequestResource, or a partner's answer to a request
// this node sent — read what it says and what taking it in would do before anything is stored (for answers: the
// request and line each answers, what would change), take it in through the node's import route with the operator's
// name, and see what happened to each message, or send a file of requests to a participant's node (SendRequest.tsx);
// the node's needs downloaded as EDXL-RM or HXL from the same place.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { allergens, demandPriorities, stockCategories } from '../../../model/codes.ts';
import { useAction } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { logisticsApi, type AnswerPreview, type ImportForecast, type PreviewMessage, type RequestFilePreview, type RmImportResult, type SentLineChange } from './api.ts';
import { useNamedPerson } from './named-person.ts';
import { amountText, quantityText } from './quantity.ts';
import { textIn } from './place-labels.ts';
import { exportFileName, exportFormats, resultWord, type ExportFormat } from './request-file.ts';
import { SendRequest } from './SendRequest.tsx';
import { sendSummary } from './send-request.ts';
import { NodeError as NodeRefusal, Refusal, type RefusalWords } from './Refusal.tsx';
import { SaidText } from './SentRequests.tsx';
import { countChanges } from './sent-requests.ts';

/** How the import's refusals read: the node took nothing in. */
function useImportRefusal(): RefusalWords {
  const { t } = useTranslation();
  return { lead: (count) => t('logistics.rmFiles.refused', { count }), testId: 'rm-refusal' };
}

/** An error from the node on reading, taking in or downloading: a refusal in its words, or the usual error line. */
function NodeError({ error }: { error: unknown }) {
  return <NodeRefusal error={error} words={useImportRefusal()} />;
}

function Results({ result, forecast }: { result: RmImportResult; forecast: boolean }) {
  const { t } = useTranslation();
  return (
    <ul data-testid={forecast ? 'rm-forecast' : 'rm-outcome'}>
      {result.messages.map((m) => (
        <li key={m.messageId}>
          {t(`logistics.rmFiles.${forecast ? 'will' : 'did'}.${resultWord(m)}`, { message: m.messageId, lines: m.lines, withdrawn: m.withdrawn.length, request: m.answers })}
        </li>
      ))}
    </ul>
  );
}

function Forecast({ forecast }: { forecast: ImportForecast }) {
  const { t } = useTranslation();
  const refused = useImportRefusal();
  return (
    <>
      <h4>{t('logistics.rmFiles.forecastTitle')}</h4>
      {forecast.ok ? <Results result={forecast} forecast /> : <Refusal detail={forecast.detail} errors={forecast.errors ?? []} code={forecast.code} words={refused} />}
    </>
  );
}

function MessageLines({ message: m }: { message: PreviewMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section aria-label={t('logistics.rmFiles.message', { message: m.messageId })}>
      <h4>{t('logistics.rmFiles.message', { message: m.messageId })}</h4>
      <p>
        {t('logistics.rmFiles.sent', { at: formatDateTime(m.sentAt, lang), contact: m.contact ?? '—' })}
        {m.recall && <> {t(`logistics.rmFiles.recall.${m.recall.type}`, { message: m.recall.messageId })}</>}
      </p>
      {m.lines.length > 0 && (
        <div className="table-wrap">
          <table data-testid="rm-lines">
            <thead>
              <tr>
                <th scope="col">{t('logistics.item')}</th>
                <th scope="col">{t('logistics.quantity')}</th>
                <th scope="col">{t('logistics.to')}</th>
                <th scope="col">{t('logistics.rmFiles.neededBy')}</th>
                <th scope="col">{t('logistics.rmFiles.priority')}</th>
              </tr>
            </thead>
            <tbody>
              {m.lines.map((l) => {
                const category = codeLabel(stockCategories, l.category, lang);
                // The sender's own name for the item, when it says more than the category ("Family kit" under "Family kits" does not).
                const own = textIn(l.name, lang);
                const named = own !== undefined && !category.toLowerCase().startsWith(own.toLowerCase()) ? own : undefined;
                const area = textIn(l.areaName, lang);
                return (
                  <tr key={l.elementId}>
                    <td>
                      {category}
                      {named !== undefined && <span className="place-id">{named}</span>}
                      {l.freeFrom && <span className="place-id">{t('logistics.rmFiles.freeFrom', { list: joinLabels(l.freeFrom.map((a) => codeLabel(allergens, a, lang)), lang) })}</span>}
                    </td>
                    <td>
                      {amountText(l.quantity, l.unit, lang)}
                    </td>
                    <td>
                      {area ?? l.areaCode}
                      <span className="place-id">{area === undefined ? l.destination.id : `${l.destination.id} · ${l.areaCode}`}</span>
                    </td>
                    <td>{formatDateTime(l.neededBy, lang)}</td>
                    <td>{codeLabel(demandPriorities, l.priority, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The requested line as the page names it: item, quantity asked, area. */
function requestedText(l: { category: string; quantity: number; unit: string; areaCode: string; areaName?: { ja?: string; en?: string } }, lang: 'ja' | 'en'): string {
  return `${codeLabel(stockCategories, l.category, lang)} ${amountText(l.quantity, l.unit, lang)} · ${textIn(l.areaName, lang) ?? l.areaCode}`;
}

/** One answer of a file: from whom, which request of this node it answers, and per line what it says of which requested line. */
function AnswerLines({ answer: a }: { answer: AnswerPreview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const title = t(`logistics.rmFiles.answerTitle.${a.type}`, { contact: a.contact ?? t('logistics.rmFiles.unnamedPartner') });
  return (
    <section aria-label={title} data-testid="rm-answer">
      <h4>
        {title}
        <span className="place-id">{t('logistics.rmFiles.answerMeta', { message: a.messageId, at: formatDateTime(a.sentAt, lang) })}</span>
      </h4>
      <p data-testid="rm-answer-request">
        {a.request
          ? t('logistics.rmFiles.answersRequest', {
              request: a.request.messageId, recipient: a.request.sentTo !== undefined ? nodeName(a.request.sentTo) : a.request.recipient, at: formatDateTime(a.request.sentAt, lang), by: a.request.sentBy,
            })
          : t('logistics.rmFiles.noRequest', { names: joinLabels(a.names, lang) })}
      </p>
      <div className="table-wrap">
        <table data-testid="rm-answer-lines">
          <thead>
            <tr>
              <th scope="col">{t('logistics.rmFiles.requestedLine')}</th>
              <th scope="col">{t('logistics.rmFiles.said')}</th>
              <th scope="col">{t('logistics.rmFiles.when')}</th>
            </tr>
          </thead>
          <tbody>
            {a.lines.map((l) => (
              <tr key={l.elementId}>
                <td>{l.requested ? requestedText(l.requested, lang) : t('logistics.rmFiles.noLine', { ref: l.respondsTo ?? l.elementId })}</td>
                <td>
                  <SaidText state={l.state} quantity={l.quantity} unit={l.unit} reason={l.reason} receipt={l.receipt} />
                </td>
                <td>{formatDateTime(l.at, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The requested lines whose counts the import would change: each count before → after. */
function Changes({ changes }: { changes: readonly SentLineChange[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (changes.length === 0) return null;
  return (
    <>
      <h4>{t('logistics.rmFiles.changesTitle')}</h4>
      <ul data-testid="rm-changes">
        {changes.map((c) => (
          <li key={`${c.request}|${c.elementId}`}>
            {requestedText(c, lang)}:{' '}
            {joinLabels(
              countChanges(c.before, c.after).map((x) =>
                t('logistics.rmFiles.changeLine', { count: t(`logistics.sent.counts.${x.count}`), before: quantityText(x.before, lang), after: quantityText(x.after, lang) }),
              ),
              lang,
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function RequestFiles({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { session } = useConsole();
  const reading = useAction();
  const importing = useAction();
  const downloading = useAction();
  const { named, problem } = useNamedPerson();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<RequestFilePreview>();
  const [outcome, setOutcome] = useState<RmImportResult>();
  const [dragging, setDragging] = useState(false);
  const sendable = preview ? sendSummary(preview) : undefined;
  // The import button goes once the file is taken in: focus moves to what happened, not to the page's top.
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  // The file chosen last: a preview of an earlier choice that answers late is dropped, never shown for this one
  // (a large file chosen, then quickly a small one — the import would take the small one).
  const chosen = useRef<File | undefined>(undefined);
  const choose = (f: File | undefined) => {
    chosen.current = f;
    setFile(f);
    setPreview(undefined);
    setOutcome(undefined);
    if (f) void reading.run(() => logisticsApi.previewRequestFile(f), (p) => {
      if (chosen.current === f) setPreview(p);
    });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const take = () => {
    const by = named();
    if (!by || !file) return;
    void importing.run(() => logisticsApi.importRequestFile(file, by), (r) => {
      setOutcome(r);
      onImported();
    });
  };
  const download = (format: ExportFormat) =>
    void downloading.run(() => logisticsApi.exportNeeds(format), (blob) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = exportFileName(session.node.id, format, new Date());
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });

  return (
    <section className="card" aria-labelledby="logistics-rm-files">
      <h2 id="logistics-rm-files">{t('logistics.rmFiles.title')}</h2>
      <p>{t('logistics.rmFiles.help')}</p>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        data-testid="rm-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="rm-file">{t('logistics.rmFiles.choose')}</label>{' '}
        <input id="rm-file" type="file" accept=".xml,.edxlde,application/xml,text/xml" onChange={(e) => choose(e.target.files?.[0])} />
      </div>
      {reading.busy && <p role="status">{t('logistics.rmFiles.reading')}</p>}
      <NodeError error={reading.error} />
      {preview && file && (
        <div data-testid="rm-preview">
          {preview.kind === 'answers' ? (
            <>
              <h3>{t('logistics.rmFiles.containsAnswers', { file: file.name, count: preview.answers.length })}</h3>
              {preview.answers.map((a) => (
                <AnswerLines key={a.messageId} answer={a} />
              ))}
              {preview.messages.length > 0 && <h4>{t('logistics.rmFiles.andRequests')}</h4>}
            </>
          ) : (
            <h3>{t('logistics.rmFiles.contains', { file: file.name, count: preview.messages.length })}</h3>
          )}
          {preview.messages.map((m) => (
            <MessageLines key={m.messageId} message={m} />
          ))}
          <Forecast forecast={preview.forecast} />
          {preview.forecast.ok && <Changes changes={preview.changes} />}
          {outcome === undefined && (
            <div className="actions">
              <button type="button" disabled={importing.busy} onClick={take}>
                {t(preview.kind === 'answers' ? 'logistics.rmFiles.importAnswers' : 'logistics.rmFiles.import')}
              </button>
            </div>
          )}
          {problem && <p className="error" role="alert">{problem}</p>}
          <NodeError error={importing.error} />
          {outcome && (
            <div role="status" tabIndex={-1} ref={outcomeRef}>
              <h4>{t('logistics.rmFiles.outcomeTitle')}</h4>
              <Results result={outcome} forecast={false} />
            </div>
          )}
          {sendable && <SendRequest file={file} summary={sendable} onSent={onImported} />}
        </div>
      )}
      <h3>{t('logistics.rmFiles.exportTitle')}</h3>
      <p>{t('logistics.rmFiles.exportHelp')}</p>
      <div className="actions">
        {exportFormats.map((f) => (
          <button key={f} type="button" className="secondary" disabled={downloading.busy} onClick={() => download(f)}>
            {t(`logistics.rmFiles.export.${f}`)}
          </button>
        ))}
      </div>
      <NodeError error={downloading.error} />
    </section>
  );
}
