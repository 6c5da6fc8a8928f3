// The answers this node received to a request it sent, as they were taken in: MessageID and type, who sent them (a
// participant, or operator:console for a file), when and by whom, and their lines resolved to the requested lines —
// read from logistics_rm_answers (migrations/0005-edxl-rm-answers.sql). Reads only.
import type { ApplicationSql } from '../../node/application/index.ts';
import type { AnswerLine } from './rm-answers.ts';
import type { ReceivedAnswerView } from './types.ts';

interface AnswerRow {
  message_id: string;
  type: ReceivedAnswerView['type'];
  sender: string;
  received_at: string;
  received_by: string;
  lines: AnswerLine[];
}

/** Whether this node sent (or recorded as sent) a request under that MessageID. */
export async function sentRequestKnown(sql: ApplicationSql, request: string): Promise<boolean> {
  return (await sql.query('select 1 from logistics_rm_sent where message_id = $1', [request])).rows.length > 0;
}

/** An answer as stored: its lines keep the consignment key that decides which state is the newest. */
export type ReceivedAnswer = Omit<ReceivedAnswerView, 'lines'> & { lines: AnswerLine[] };

/** The answers to one request, oldest first (the order they were taken in). */
export async function answersReceived(sql: ApplicationSql, request: string): Promise<ReceivedAnswer[]> {
  const r = await sql.query<AnswerRow>(
    `select message_id, type, sender, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at, received_by, lines
       from logistics_rm_answers where answers = $1 order by received_at, message_id`,
    [request],
  );
  return r.rows.map((x) => ({ messageId: x.message_id, type: x.type, sender: x.sender, receivedAt: x.received_at, receivedBy: x.received_by, lines: x.lines }));
}

/** An answer as the console reads it: the consignment key is the node's bookkeeping, not something to show. */
export function answerView(a: ReceivedAnswer): ReceivedAnswerView {
  return { ...a, lines: a.lines.map(({ key: _key, ...line }) => line) };
}
