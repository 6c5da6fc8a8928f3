// The logistics application's tables for EDXL-RM answers (migrations/0005-edxl-rm-answers.sql): the requests this
// node sent, and the CommitResource and ReportResourceDeploymentStatus messages that answer them. A batch of answers
// is taken in inside the caller's transaction — every message's step, or the first refusal and nothing stored.
import type { ApplicationDatabase, ApplicationSql, RmMessage, RmRequestResource } from '../../node/application/index.ts';
import { answeredRequestIds, answerStep, sentLineStatuses, type AnswerLine, type AnswerStep, type RmAnswerMessage, type SentLineStatus, type SentRequest } from './rm-answers.ts';
import { rmDigest } from './rm-intake.ts';

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;

interface SentRow {
  message_id: string;
  sent_to: string | null;
  recipient: string;
  digest: string;
  lines: SentRequest['lines'];
  sent_at: string;
  sent_by: string;
}

const sentOf = (r: SentRow): SentRequest => ({
  messageId: r.message_id, recipient: r.recipient, sentAt: r.sent_at, sentBy: r.sent_by, lines: r.lines, ...(r.sent_to !== null ? { sentTo: r.sent_to } : {}),
});
const sentColumns = `message_id, sent_to, recipient, digest, lines, ${utc('sent_at')}, sent_by`;

/** A RequestResource as this node keeps what it asked: each line's element, item, unit, quantity and area. */
export function sentRequestOf(message: RmRequestResource, to: { sentTo?: string; recipient: string }, by: string, at: string): SentRequest {
  return {
    messageId: message.header.messageId, ...to, sentAt: at, sentBy: by,
    lines: message.lines.map((l) => ({ elementId: l.elementId, category: l.demand.item.category, unit: l.demand.unit, quantity: l.demand.quantity, areaCode: l.demand.areaCode })),
  };
}

export type RecordSentOutcome = { kind: 'recorded' | 'unchanged' } | { kind: 'reused'; messageId: string; recipient: string };

/**
 * Keep a request this node sends (in the transaction that queues or records it). The same MessageID with the same
 * content to the same party changes nothing; anything else under that MessageID is refused.
 */
export async function recordSent(sql: ApplicationSql, message: RmRequestResource, sent: SentRequest): Promise<RecordSentOutcome> {
  const digest = rmDigest(message);
  // Insert first: a row-lock read of a MessageID not stored yet locks nothing, so two sends of one new MessageID at
  // once would both insert and the second fail on the key. The loser of the insert waits for the winner's
  // transaction and then reads the row the winner kept.
  const inserted = await sql.query(
    `insert into logistics_rm_sent (message_id, sent_to, recipient, digest, lines, sent_at, sent_by) values ($1, $2, $3, $4, $5::jsonb, $6, $7)
     on conflict (message_id) do nothing returning message_id`,
    [sent.messageId, sent.sentTo ?? null, sent.recipient, digest, JSON.stringify(sent.lines), sent.sentAt, sent.sentBy],
  );
  if (inserted.rows.length > 0) return { kind: 'recorded' };
  const row = (await sql.query<SentRow>(`select ${sentColumns} from logistics_rm_sent where message_id = $1`, [sent.messageId])).rows[0]!;
  return row.digest === digest && row.sent_to === (sent.sentTo ?? null) && row.recipient === sent.recipient
    ? { kind: 'unchanged' }
    : { kind: 'reused', messageId: sent.messageId, recipient: row.recipient };
}

/** Thrown inside a transaction to roll it back when a MessageID was already sent otherwise. */
export class SentReused extends Error {
  constructor(readonly messageId: string, readonly recipient: string) {
    super(`MessageID ${messageId} already sent`);
  }
}

/** Keep every RequestResource of a document as sent, in the caller's transaction; throws SentReused (rolling it all back) on a reused MessageID. */
export async function recordAllSent(sql: ApplicationSql, messages: readonly RmMessage[], to: { sentTo?: string; recipient: string }, by: string, at: string): Promise<RecordSentOutcome['kind'][]> {
  const results: RecordSentOutcome['kind'][] = [];
  for (const m of messages) {
    if (m.type !== 'RequestResource') continue;
    const r = await recordSent(sql, m, sentRequestOf(m, to, by, at));
    if (r.kind === 'reused') throw new SentReused(r.messageId, r.recipient);
    results.push(r.kind);
  }
  return results;
}

async function sentRequest(sql: ApplicationSql, messageId: string): Promise<SentRequest | undefined> {
  const r = await sql.query<SentRow>(`select ${sentColumns} from logistics_rm_sent where message_id = $1`, [messageId]);
  return r.rows[0] ? sentOf(r.rows[0]) : undefined;
}

async function answerLines(sql: ApplicationSql, requestId: string): Promise<AnswerLine[]> {
  const r = await sql.query<{ lines: AnswerLine[] }>('select lines from logistics_rm_answers where answers = $1 order by received_at, message_id', [requestId]);
  return r.rows.flatMap((x) => x.lines);
}

/** Who takes a batch of answers in: a participant's node (signed) or the node's operator (`by`). */
export interface AnswerParty {
  sender: string;
  signed: boolean;
  by: string;
  at: string;
}

export type AnswerIntakeOutcome =
  | { ok: true; steps: Exclude<AnswerStep, { kind: 'refuse' }>[] }
  | { ok: false; index: number; refusal: Extract<AnswerStep, { kind: 'refuse' }> };

/** The request an answer concerns, when this node sent one under one of the MessageIDs the answer names. */
export async function requestAnswered(sql: ApplicationSql, message: RmAnswerMessage): Promise<SentRequest | undefined> {
  for (const id of answeredRequestIds(message)) {
    const sent = await sentRequest(sql, id);
    if (sent) return sent;
  }
  return undefined;
}

/** Take answers in, inside the caller's transaction: a refusal stops the batch before anything of it is written. */
export async function takeAnswersIn(sql: ApplicationSql, messages: readonly RmAnswerMessage[], party: AnswerParty): Promise<AnswerIntakeOutcome> {
  const steps: Exclude<AnswerStep, { kind: 'refuse' }>[] = [];
  const batch = new Map<string, { digest: string; sender: string }>();
  const batchLines = new Map<string, AnswerLine[]>();
  for (const [index, message] of messages.entries()) {
    const sent = await requestAnswered(sql, message);
    const id = message.header.messageId;
    const stored = await sql.query<{ digest: string; sender: string }>('select digest, sender from logistics_rm_answers where message_id = $1 for update', [id]);
    const known = batch.get(id) ?? stored.rows[0];
    const earlier = sent ? [...(await answerLines(sql, sent.messageId)), ...(batchLines.get(sent.messageId) ?? [])] : [];
    const step = answerStep(message, { sender: party.sender, signed: party.signed, ...(sent ? { sent } : {}), ...(known ? { known } : {}), earlier });
    if (step.kind === 'refuse') return { ok: false, index, refusal: step };
    steps.push(step);
    if (step.kind === 'store') {
      batch.set(id, { digest: step.digest, sender: party.sender });
      batchLines.set(step.answers, [...(batchLines.get(step.answers) ?? []), ...step.lines]);
    }
  }
  for (const step of steps) {
    if (step.kind !== 'store') continue;
    await sql.query(
      'insert into logistics_rm_answers (message_id, type, answers, sender, digest, lines, received_at, received_by) values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)',
      [step.messageId, step.type, step.answers, party.sender, step.digest, JSON.stringify(step.lines), party.at, party.by],
    );
  }
  return { ok: true, steps };
}

/** A request this node sent, and what its answers say of each line. */
export interface SentRequestView extends Omit<SentRequest, 'lines'> {
  answers: number;
  lines: SentLineStatus[];
}

/** A requested line a shipment's demand came from, and who sent the request (a participant, or operator:console). */
export interface RmSource {
  demandId: string;
  messageId: string;
  elementId: string;
  sender: string;
  /** The requested line's area code: what the release of its answer concerns. */
  areaCode: string;
}

/** The EDXL-RM requested lines a shipment's lines serve. */
export async function rmSourcesOf(sql: ApplicationSql, orderId: string): Promise<RmSource[]> {
  const r = await sql.query<{ demand_id: string; message_id: string; element_id: string; sender: string; area_code: string }>(
    `select q.id as demand_id, q.message_id, q.element_id, m.sender, q.demand ->> 'areaCode' as area_code
       from logistics_shipments s
       join logistics_requests q on q.id in (select jsonb_array_elements(s.shipment -> 'lines') ->> 'demand')
       join logistics_rm_messages m on m.message_id = q.message_id
      where s.order_id = $1 and q.element_id is not null
      order by q.id`,
    [orderId],
  );
  return r.rows.map((x) => ({ demandId: x.demand_id, messageId: x.message_id, elementId: x.element_id, sender: x.sender, areaCode: x.area_code }));
}

export function rmAnswerStorage(db: ApplicationDatabase) {
  return {
    takeAnswers: (messages: readonly RmAnswerMessage[], party: AnswerParty) => db.transaction((tx) => takeAnswersIn(tx, messages, party)),
    /** The requests this node sent, newest first, each with its lines' committed, declined, in-transit and delivered quantities. */
    async sentRequests(limit = 200): Promise<SentRequestView[]> {
      const sent = (await db.query<SentRow>(`select ${sentColumns} from logistics_rm_sent order by sent_at desc, message_id limit $1`, [limit])).rows.map(sentOf);
      const out: SentRequestView[] = [];
      for (const s of sent) {
        const r = await db.query<{ lines: AnswerLine[] }>('select lines from logistics_rm_answers where answers = $1', [s.messageId]);
        out.push({ ...s, answers: r.rows.length, lines: sentLineStatuses(s, r.rows.flatMap((x) => x.lines)) });
      }
      return out;
    },
  };
}

export type RmAnswerStorage = ReturnType<typeof rmAnswerStorage>;
