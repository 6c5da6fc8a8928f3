// EDXL-RM 1.0 at the logistics application's edges: whole RequestResource documents taken in as requests (from the
// node's operator, or from a participant's node as a delivery), and the answers written back — a CommitResource for a
// request message, a plan's CommitResource or ReportResourceDeploymentStatus — from the shipments this node keeps.
import { randomUUID } from 'node:crypto';
import type { Shipment } from '../../model/index.ts';
import {
  OPERATOR_CONSOLE, message, type ApplicationContext, type AuditEntryDraft, type Lang, type RmHeader, type RmMessage, type XmlProblem,
} from '../../node/application/index.ts';
import { fail, type ServiceOutcome } from './plan-service.ts';
import { recordAllSent, rmAnswerStorage, SentReused } from './rm-answer-storage.ts';
import { answerMessagesOf, answersTakenReason, type RmAnswerMessage } from './rm-answers.ts';
import { LOGISTICS_PURPOSE } from './shipment-flow.ts';
import type { LogisticsStorage, RmIntakeOutcome, RmIntakeParty, StoredRequest } from './storage.ts';
import type { StoredShipment } from './types.ts';

/** One problem of a refused document, as problem+json's `errors` carries it: the element or field, and the text. */
export function problemErrors(problems: readonly XmlProblem[], lang: Lang): { path: string; message: string }[] {
  return problems.map((p) => {
    const where = [p.params.field, p.params.line === undefined ? undefined : `line ${p.params.line}`].filter((x) => x !== undefined).join(', ');
    return { path: where || '/', message: `${p.code}: ${message(p.code, p.params, lang)}` };
  });
}

/** What a batch of messages did, counted for the answer and the audit entry. */
export interface RmTaken {
  messages: {
    messageId: string;
    result: 'stored' | 'updated' | 'cancelled' | 'unchanged';
    lines: number;
    requestIds: string[];
    withdrawn: string[];
    /** An answer (CommitResource, ReportResourceDeploymentStatus): its type and the request it answers. */
    type?: string;
    answers?: string;
  }[];
}

export function rmTakenOf(outcome: Extract<RmIntakeOutcome, { ok: true }>): RmTaken {
  return {
    messages: outcome.steps.map((s) =>
      s.kind === 'unchanged'
        ? { messageId: s.messageId, result: 'unchanged' as const, lines: 0, requestIds: [], withdrawn: [] }
        : {
            messageId: s.messageId,
            result: s.recall === undefined ? ('stored' as const) : s.recall.type === 'update' ? ('updated' as const) : ('cancelled' as const),
            lines: s.lines.length,
            requestIds: s.lines.map((l) => l.id),
            withdrawn: s.recall?.withdrawn ?? [],
          },
    ),
  };
}

/** The audit reason of a batch taken in: who, which MessageIDs, how many lines taken, withdrawn, unchanged. */
export function rmTakenReason(taken: RmTaken, sender: string, by: string): { code: string; params: Record<string, string | number> } {
  const sum = (f: (m: RmTaken['messages'][number]) => number) => taken.messages.reduce((n, m) => n + f(m), 0);
  return {
    code: 'LOGISTICS_RM_TAKEN',
    params: {
      sender, by: by.slice(0, 200), messages: taken.messages.map((m) => m.messageId).join(', ').slice(0, 900),
      lines: sum((m) => m.lines), withdrawn: sum((m) => m.withdrawn.length), unchanged: taken.messages.filter((m) => m.result === 'unchanged').length,
    },
  };
}

const refusalReason = (sender: string, messages: readonly string[], codes: readonly string[]) => ({
  code: 'LOGISTICS_RM_REFUSED',
  params: { sender, messages: messages.join(', ').slice(0, 900) || '-', codes: [...new Set(codes)].join(', ').slice(0, 900) },
});

export function createRmService(context: ApplicationContext, storage: LogisticsStorage) {
  const answers = rmAnswerStorage(context.database);
  const audit = (requestId: string, decision: 'allow' | 'deny', reason: { code: string; params: Record<string, string | number> }, recordIds: string[]): AuditEntryDraft => ({
    kind: 'logistics-request', requester: OPERATOR_CONSOLE, purpose: LOGISTICS_PURPOSE, action: 'write', dataset: 'demands', fields: [],
    recordCount: recordIds.length, ...(recordIds.length > 0 ? { recordIds: recordIds.slice(0, 1000) } : {}), decision, reasons: [reason], requestId,
  });

  /**
   * The node's operator takes a file in: every RequestResource it holds (alone or in an EDXL-DE envelope) becomes
   * requests in one transaction, or nothing does. Audited either way, with the MessageIDs and the counts.
   */
  async function importDocument(bytes: Uint8Array, by: string, requestId: string, lang: Lang): Promise<ServiceOutcome<RmTaken>> {
    const read = context.resourceMessages.read(bytes);
    const sender = OPERATOR_CONSOLE;
    if (!read.ok) {
      if (!(await context.audit.append(audit(requestId, 'deny', refusalReason(sender, [], read.problems.map((p) => p.code)), [])))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
      return fail(422, 'LOGISTICS_RM_DOCUMENT_REFUSED', { reasons: read.problems.map((p) => message(p.code, p.params, lang)).join(lang === 'ja' ? '。' : '; ').slice(0, 2000) }, problemErrors(read.problems, lang));
    }
    // Decided by message type: a document of answers (from a partner outside the data space) answers requests this node sent.
    if (read.messages[0]!.type !== 'RequestResource') return importAnswers(read.messages, by, requestId);
    const party: RmIntakeParty = { sender, requester: context.node.id, by, at: context.now().toISOString() };
    // Two intakes of one new MessageID at once: the second fails on the key the first inserted; taken again, it sees the first.
    const outcome = await storage.takeRmMessages(read.messages, party).catch(() => storage.takeRmMessages(read.messages, party));
    const ids = read.messages.map((m) => m.header.messageId);
    if (!outcome.ok) {
      const r = outcome.refusal;
      if (!(await context.audit.append(audit(requestId, 'deny', refusalReason(sender, ids, [r.code]), [])))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
      return fail(r.status, r.code, r.params, r.errors?.map((e) => ({ path: read.messages.length > 1 ? `#${outcome.index + 1} ${e.path}` : e.path, message: e.message })));
    }
    const taken = rmTakenOf(outcome);
    const recordIds = taken.messages.flatMap((m) => [...m.requestIds, ...m.withdrawn]);
    if (!(await context.audit.append(audit(requestId, 'allow', rmTakenReason(taken, sender, by), recordIds)))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: taken };
  }

  // Two imports of one new answer at once: the second fails on the MessageID the first inserted; taken again, it sees the first.
  const takeAnswers: typeof answers.takeAnswers = (messages, party) => answers.takeAnswers(messages, party).catch(() => answers.takeAnswers(messages, party));

  const answerAudit = (requestId: string, decision: 'allow' | 'deny', reason: { code: string; params: Record<string, string | number> }, recordIds: string[]): AuditEntryDraft => ({
    ...audit(requestId, decision, reason, recordIds), kind: 'logistics-answer', action: 'write-status', dataset: 'shipments',
  });

  /**
   * The node's operator takes in answers to requests this node sent — a partner's CommitResource or
   * ReportResourceDeploymentStatus file — all messages of the document in one transaction, or none. Audited.
   */
  async function importAnswers(messages: readonly RmMessage[], by: string, requestId: string): Promise<ServiceOutcome<RmTaken>> {
    const ids = messages.map((m) => m.header.messageId);
    const found = answerMessagesOf(messages);
    const outcome = found.ok
      ? await takeAnswers(found.answers, { sender: OPERATOR_CONSOLE, signed: false, by, at: context.now().toISOString() })
      : undefined;
    if (!found.ok || !outcome?.ok) {
      const r = found.ok ? (outcome as Extract<typeof outcome, { ok: false }>).refusal : { status: 422, code: 'LOGISTICS_RM_NOT_ANSWER', params: { messageId: found.messageId, type: found.type } };
      if (!(await context.audit.append(answerAudit(requestId, 'deny', refusalReason(OPERATOR_CONSOLE, ids, [r.code]), [])))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
      const index = found.ok ? (outcome as Extract<typeof outcome, { ok: false }>).index : 0;
      const errors = 'errors' in r ? r.errors : undefined;
      return fail(r.status, r.code, r.params, errors?.map((e) => ({ path: messages.length > 1 ? `#${index + 1} ${e.path}` : e.path, message: e.message })));
    }
    const taken: RmTaken = {
      messages: outcome.steps.map((s, i) => ({
        messageId: s.messageId, result: s.kind === 'store' ? 'stored' : 'unchanged', lines: s.kind === 'store' ? s.lines.length : 0, requestIds: [], withdrawn: [],
        type: (found.answers[i] as RmAnswerMessage).type, answers: s.answers,
      })),
    };
    const reason = answersTakenReason(outcome.steps, OPERATOR_CONSOLE, by);
    if (!(await context.audit.append(answerAudit(requestId, 'allow', reason, [...new Set(outcome.steps.map((s) => s.answers))])))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: taken };
  }

  /**
   * The node's operator records RequestResource messages it sent outside the data space (a DELSA warehouse's own
   * system, by e-mail): the partner's answers, imported as files, are then stored against them. Audited.
   */
  async function recordSentOutside(bytes: Uint8Array, recipient: string, by: string, requestId: string, lang: Lang): Promise<ServiceOutcome<{ messageIds: string[]; result: 'recorded' | 'unchanged' }>> {
    const read = context.resourceMessages.read(bytes);
    if (!read.ok) return fail(422, 'LOGISTICS_RM_DOCUMENT_REFUSED', { reasons: read.problems.map((p) => message(p.code, p.params, lang)).join(lang === 'ja' ? '。' : '; ').slice(0, 2000) }, problemErrors(read.problems, lang));
    const other = read.messages.find((m) => m.type !== 'RequestResource');
    if (other) return fail(422, 'LOGISTICS_RM_NOT_REQUEST', { messageId: other.header.messageId, type: other.type });
    const at = context.now().toISOString();
    const outcome = await context.database
      .transaction((tx) => recordAllSent(tx, read.messages, { recipient }, by, at))
      .catch((e: unknown) => (e instanceof SentReused ? e : Promise.reject(e)));
    if (outcome instanceof SentReused) return fail(409, 'LOGISTICS_RM_SENT_REUSED', { messageId: outcome.messageId, recipient: outcome.recipient });
    const messageIds = read.messages.map((m) => m.header.messageId);
    const lines = read.messages.reduce((n, m) => n + m.lines.length, 0);
    const reason = { code: 'LOGISTICS_RM_SENT_RECORDED', params: { messageId: messageIds.join(', ').slice(0, 900), lines, recipient: recipient.slice(0, 200), by: by.slice(0, 200) } };
    if (!(await context.audit.append({ ...audit(requestId, 'allow', reason, []), recordCount: lines }))) return fail(503, 'NODE_AUDIT_UNAVAILABLE', {});
    return { ok: true, value: { messageIds, result: outcome.every((r) => r === 'unchanged') ? 'unchanged' : 'recorded' } };
  }

  /** A CommitResource of what this node's plans did with shipments: accepted once committed (whatever came after), or declined. */
  async function answersOf(shipments: readonly StoredShipment[], respondsTo: (demandId: string | undefined) => string) {
    const answers: { shipmentId: string; shipment: Shipment; respondsTo: (line: number) => string; order?: string }[] = [];
    for (const s of shipments) {
      if (s.state === 'planned') continue;
      let shipment = s.shipment;
      if (s.state !== 'declined' && s.state !== 'committed') {
        const committed = (await storage.transitions(s.orderId)).find((t) => t.state === 'committed');
        shipment = { ...s.shipment, status: { state: 'committed', at: committed?.at ?? s.updatedAt } };
      }
      answers.push({ shipmentId: s.orderId, shipment, respondsTo: (l) => respondsTo(s.shipment.lines[l]?.demand), order: s.orderId });
    }
    return answers;
  }

  function header(precedingMessageId: string, originatingMessageId: string, role: 'RespondingOrg' | 'Sender'): RmHeader {
    const name = context.node.name.en ?? context.node.name.ja ?? context.node.id;
    return {
      messageId: `${context.node.id}-${randomUUID()}`, sentAt: context.now().toISOString(), originatingMessageId, precedingMessageId,
      contact: { role, description: name },
    };
  }

  /** The requests of a message, for its answer: its lines' element ids by request id (withdrawn ones included). */
  async function requestMessage(messageId: string): Promise<{ sender: string; lines: StoredRequest[] } | undefined> {
    const m = await storage.rmMessage(messageId);
    return m ? { sender: m.sender, lines: m.lines } : undefined;
  }

  /**
   * The CommitResource answering a RequestResource this node took in: one line per shipment line its approved plans
   * ordered for the message's requests, accepted once the supplier committed, declined with the supplier's reason.
   */
  async function commitAnswer(messageId: string): Promise<ServiceOutcome<{ xml: string; lines: number; shipments: string[] }>> {
    const m = await requestMessage(messageId);
    if (!m) return fail(404, 'LOGISTICS_RM_MESSAGE_UNKNOWN', { messageId });
    const elements = new Map(m.lines.map((l) => [l.id, l.elementId ?? l.id]));
    const shipments = (await storage.shipments({})).filter((s) => s.requester === context.node.id && s.shipment.lines.some((l) => l.demand !== undefined && elements.has(l.demand)));
    const answers = await answersOf(shipments, (d) => (d === undefined ? '-' : (elements.get(d) ?? d)));
    if (answers.length === 0) return fail(409, 'LOGISTICS_RM_NO_ANSWER_YET', { messageId });
    return written(context.resourceMessages.commitResourceOf(header(messageId, messageId, 'RespondingOrg'), answers), answers.map((a) => a.shipmentId));
  }

  function written(made: { ok: true; message: RmMessage } | { ok: false; problems: XmlProblem[] }, shipments: string[]): ServiceOutcome<{ xml: string; lines: number; shipments: string[] }> {
    const xml = made.ok ? context.resourceMessages.write(made.message) : made;
    if (!xml.ok) {
      return fail(422, 'LOGISTICS_EXPORT_REFUSED', { reasons: xml.problems.map((p) => message(p.code, p.params, 'en')).join('; ').slice(0, 2000) }, problemErrors(xml.problems, 'en'));
    }
    return { ok: true, value: { xml: xml.xml, lines: made.ok ? made.message.lines.length : 0, shipments } };
  }

  /**
   * A plan's shipments as EDXL-RM: `commit` answers its needs (a line from an EDXL-RM request answers that request's
   * element; the message answered is that request when all came from one, else the plan), `status` reports each
   * shipment past its commitment.
   */
  async function planMessage(planId: string, type: 'commit' | 'status'): Promise<ServiceOutcome<{ xml: string; lines: number; shipments: string[] }>> {
    const found = await storage.plan(planId);
    if (!found) return fail(404, 'LOGISTICS_PLAN_UNKNOWN', { planId });
    const shipments = (await storage.shipments({ planId })).filter((s) => s.requester === context.node.id);
    const requests = new Map((await storage.requests()).map((r) => [r.id, r]));
    const sources = new Set(found.lines.map((l) => requests.get(l.demandId)?.messageId ?? `urn:tsunagu:logistics-plan:${planId}`));
    const answered = sources.size === 1 ? [...sources][0]! : `urn:tsunagu:logistics-plan:${planId}`;
    const typeName = type === 'commit' ? 'CommitResource' : 'ReportResourceDeploymentStatus';
    if (type === 'commit') {
      const answers = await answersOf(shipments, (d) => (d === undefined ? '-' : (requests.get(d)?.elementId ?? d)));
      if (answers.length === 0) return fail(409, 'LOGISTICS_PLAN_NOTHING_TO_REPORT', { planId, type: typeName });
      return written(context.resourceMessages.commitResourceOf(header(answered, answered, 'RespondingOrg'), answers), answers.map((a) => a.shipmentId));
    }
    const reportable = shipments.filter((s) => !['planned', 'committed', 'declined'].includes(s.state));
    if (reportable.length === 0) return fail(409, 'LOGISTICS_PLAN_NOTHING_TO_REPORT', { planId, type: typeName });
    const reports = reportable.map((s) => ({ shipmentId: s.orderId, shipment: s.shipment, order: s.orderId }));
    return written(context.resourceMessages.deploymentStatusOf(header(answered, answered, 'Sender'), reports), reportable.map((s) => s.orderId));
  }

  return { importDocument, recordSentOutside, sentRequests: answers.sentRequests, commitAnswer, planMessage, requestMessage };
}

export type RmService = ReturnType<typeof createRmService>;
