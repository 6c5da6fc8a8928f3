// `tsunagu import jma`: JMA 防災情報XML telegrams into alert records, one record per status, kind and EventID, whose
// versions follow the Serial: 訂正 replaces, 取消 cancels, and an older Serial never replaces a newer one.
import { createHash } from 'node:crypto';
import type { Alert, AnyRecord, AnyRecordDraft, RecordDraft } from '../../model/index.ts';
import { alertDraft } from '../alert-items.ts';
import type { ImportContext, ImportItem, Importer, ParsedFile } from '../types.ts';
import { readXmlWith, type XmlNode, type XmlProblem } from '../xml/xml-input.ts';
import { judgeJmaTelegram } from './jma-schema.ts';
import { jmaReportToPayload } from './jma-telegram.ts';
import { knownUnsupportedTelegrams } from './telegram-kinds.ts';

/**
 * Record id of a telegram's subject: status (so an exercise never touches a real alert), kind, and the EventID — or,
 * for kinds without one (weather warnings), the office and head title, which name the same subject every time.
 */
export function jmaAlertRecordId(alert: Alert): string {
  const jma = alert.jma!;
  const subject = jma.eventId ?? `${jma.publishingOffice}\u0000${alert.event ?? jma.controlTitle}`;
  return `alert:jma:${alert.status}:${jma.telegramKind}:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
}

/** Whether telegram `a` was issued after `b` for the same subject: by Serial where both have one, else by report time. */
export function isLaterTelegram(a: Alert, b: Alert): boolean {
  const [sa, sb] = [a.jma?.serial, b.jma?.serial];
  if (sa !== undefined && sb !== undefined && sa !== sb) return sa > sb;
  return a.sent >= b.sent;
}

function unchanged(current: AnyRecord): AnyRecordDraft {
  const { version: _v, recordedAt: _r, ...draft } = current;
  return draft;
}

/** How a telegram folds onto the stored record of its subject. */
export function foldTelegram(draft: RecordDraft<'alert'>) {
  return (current: AnyRecord): AnyRecordDraft => {
    if (current.type !== 'alert') return draft;
    const incoming = draft.data;
    if (incoming.messageType === 'cancel') {
      // 取消 withdraws what was issued under this EventID; the content stays readable, marked cancelled.
      const base = unchanged(current) as RecordDraft<'alert'>;
      return {
        ...base,
        observedAt: draft.observedAt,
        lineage: [...base.lineage, ...draft.lineage],
        data: { ...base.data, state: 'cancelled', replacedBy: { sender: incoming.sender, identifier: incoming.identifier, sent: incoming.sent } },
      };
    }
    return isLaterTelegram(incoming, current.data) ? draft : unchanged(current);
  };
}

/**
 * One telegram file: screened and parsed (xml-input), judged against JMA's schemas (jma-schema), then read. A kind
 * Tsunagu does not read is refused by name; a telegram the schema refuses is refused with the schema's reasons, each
 * with its line and element path; only a valid telegram reaches the conversion and its checks.
 */
/**
 * JMA's schemas let elements of its reserved "addition" namespace pass anywhere their wildcards stand (`xs:any`, lax),
 * though none is declared: such elements are not read, so an `add:Area` is never taken for an alert area.
 */
export const JMA_ADDITION_NAMESPACE = 'http://xml.kishou.go.jp/jmaxml1/addition1/';
const SKIPPED = new Set([JMA_ADDITION_NAMESPACE]);

export function parseJmaFile(file: string, bytes: Uint8Array, ctx: ImportContext): ParsedFile {
  const refuse = (problems: XmlProblem[]): ParsedFile => ({ file, items: [], rejected: problems.map((p) => ({ file, code: p.code, params: p.params })), notices: [], total: 1 });
  const read = readXmlWith(bytes, judgeJmaTelegram, { skipNamespaces: SKIPPED });
  if (!read.ok) return refuse([read.problem]);
  const verdict = read.inspected;
  if (verdict.kind === 'not-jma') return refuse([{ code: 'JMA_NOT_JMA', params: { root: verdict.root } }]);
  if (verdict.kind === 'unsupported') return refuse([{ code: 'JMA_KIND_UNSUPPORTED', params: { kind: knownUnsupportedTelegrams[verdict.title] ?? '', title: verdict.title } }]);
  if (verdict.kind === 'refused') return refuse(verdict.problems);
  const report = read.root.Report;
  // The schema has accepted a jmx:Report root, which the plain tree names Report; the guard keeps the types honest.
  if (report === undefined || typeof report !== 'object' || Array.isArray(report)) return refuse([{ code: 'JMA_NOT_JMA', params: { root: 'Report' } }]);
  const converted = jmaReportToPayload(report);
  if (!converted.ok) return refuse(converted.problems);
  const draft = alertDraft(jmaAlertRecordId(converted.alert), converted.alert, file, `jma-${converted.telegram.code}`, ctx);
  const item: ImportItem = { draft, row: 1, merge: foldTelegram(draft) };
  const notices = converted.unmapped.length > 0
    ? [{ file, code: 'ALERT_AREAS_UNMAPPED' as const, params: { areas: converted.unmapped.slice(0, 10).join(', ') + (converted.unmapped.length > 10 ? ` … (+${converted.unmapped.length - 10})` : '') } }]
    : [];
  return { file, items: [item], rejected: [], notices, total: 1 };
}

export const jmaImporter: Importer = {
  kind: 'jma',
  describe: { ja: '気象庁防災情報XML（地震・津波・気象警報・土砂災害・指定河川洪水予報）', en: 'JMA disaster-information XML (earthquake, tsunami, weather warnings, landslide, river floods)' },
  parse: parseJmaFile,
};
