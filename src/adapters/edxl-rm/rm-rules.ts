// What makes an EDXL-RM message value sound beyond its JSON Schema: the header fields each message type requires or
// forbids, receipts that account for what was shipped, and text that XML can carry. Shared by the reader (after
// conversion) and the writer (before anything is written), so neither lets an unsound message through.
import { receiptProblems, validate } from '../../model/index.ts';
import type { XmlProblem } from '../xml/xml-input.ts';
import { RmMessageSchema, rmMessageSchemas, type RmMessage } from './message.ts';

// XML 1.0 Char: tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** JSON Pointers of the strings in a value that XML 1.0 cannot carry (control characters, lone surrogates). */
function unwritableText(value: unknown, at: string, out: string[]): void {
  if (typeof value === 'string') {
    if (NOT_XML_CHAR.test(value)) out.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unwritableText(v, `${at}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) unwritableText(v, `${at}/${k}`, out);
  }
}

/** Problems of a message value, each naming the JSON path of the field; empty when it can be written and read back. */
export function rmMessageProblems(value: unknown): XmlProblem[] {
  const type = (value as { type?: unknown } | null)?.type;
  const schema = typeof type === 'string' && Object.hasOwn(rmMessageSchemas, type) ? rmMessageSchemas[type as RmMessage['type']] : RmMessageSchema;
  const checked = validate(schema, value);
  if (!checked.ok) return checked.problems.map((p) => ({ code: 'EDXL_RM_VALUE_INVALID', params: { field: p.path || '/', detail: p.message } }));
  const m = checked.value as RmMessage;
  const problems: XmlProblem[] = [];
  const bad: string[] = [];
  unwritableText(m, '', bad);
  for (const field of bad) problems.push({ code: 'EDXL_RM_TEXT_NOT_XML', params: { field } });
  if (m.type === 'RequestResource' && m.header.precedingMessageId !== undefined) {
    problems.push({ code: 'EDXL_RM_FIELD_NOT_ALLOWED', params: { field: '/header/precedingMessageId', type: m.type } });
  }
  if (m.type === 'CommitResource' && m.header.precedingMessageId === undefined) {
    problems.push({ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: '/header/precedingMessageId', type: m.type } });
  }
  if (m.type === 'CommitResource') {
    // Where the parties and the order travel (Resource, AssignmentInformation) the schema also requires a quantity.
    m.lines.forEach((l, i) => {
      if (!l.line && (l.order ?? l.supplier ?? l.from ?? l.to) !== undefined) {
        problems.push({ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: `/lines/${i}/line`, type: m.type } });
      }
    });
  }
  if (m.type === 'ReportResourceDeploymentStatus') {
    m.lines.forEach((l, i) => {
      const at = `/lines/${i}/receipt`;
      if (l.state === 'received' && !l.receipt) problems.push({ code: 'EDXL_RM_FIELD_REQUIRED', params: { field: at, type: m.type } });
      if (l.state !== 'received' && l.receipt) problems.push({ code: 'EDXL_RM_FIELD_NOT_ALLOWED', params: { field: at, type: m.type } });
      if (l.state === 'received' && l.receipt) {
        for (const p of receiptProblems([l.line], [{ line: 0, ...l.receipt }])) {
          problems.push({ code: 'EDXL_RM_VALUE_INVALID', params: { field: at, detail: p.message } });
        }
      }
    });
  }
  return problems;
}
