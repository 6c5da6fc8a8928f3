// Export format: JSON Lines, one header, then every entry followed by the checkpoints that cover it, so a log can be
// verified on another machine. Entry lines embed the stored canonical text verbatim, so reading one back is a
// slice, not a parse.
import { canonicalJson } from '../trust/canonical-json.ts';
import { readChainFields, type ChainHead } from './chain.ts';
import { verifyAuditChain, type AuditLogItem, type AuditLogSource, type AuditVerification, type VerifyAuditOptions } from './verify.ts';

export const AUDIT_EXPORT_FORMAT = 'tsunagu-audit-log';

export interface AuditExportHeader {
  type: 'header';
  format: typeof AUDIT_EXPORT_FORMAT;
  version: 1;
  node?: string;
  /** The log's head when exported (unsigned; checkpoints are what vouch). */
  head: ChainHead;
  exportedAt: string;
}

const ENTRY_PREFIX = '{"type":"entry","hash":"';
const ENTRY_MIDDLE = '","entry":';
const BODY_AT = ENTRY_PREFIX.length + 64 + ENTRY_MIDDLE.length;

/** One line (without its newline) for an item read from a store. */
export function auditExportLine(item: AuditLogItem | AuditExportHeader): string {
  switch (item.type) {
    case 'header':
      return JSON.stringify(item);
    case 'entry':
      // A body that is not one line of JSON (only a damaged one) travels as a string, so the file stays readable
      // and the damage is reported for the right entry.
      // So does an entry filed under another seq than it says (keeping where the store had it).
      if (
        /^[0-9a-f]{64}$/.test(item.hash) &&
        isSingleLineObject(item.body) &&
        (item.seq === undefined || readChainFields(item.body)?.seq === item.seq)
      ) {
        return `${ENTRY_PREFIX}${item.hash}${ENTRY_MIDDLE}${item.body}}`;
      }
      return JSON.stringify({ type: 'entry', hash: item.hash, seq: item.seq, body: item.body });
    case 'checkpoint':
      return JSON.stringify({ type: 'checkpoint', checkpoint: item.checkpoint });
    case 'malformed':
      return JSON.stringify({ type: 'malformed', line: item.line, detail: item.detail });
  }
}

function isSingleLineObject(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return false;
  return !text.includes('\n') && !text.includes('\r');
}

/** The export as text chunks of many lines, each line ending in a newline. */
export async function* auditJsonLines(header: AuditExportHeader, items: AuditLogSource): AsyncGenerator<string> {
  yield `${auditExportLine(header)}\n`;
  for await (const chunk of items) {
    const list = Array.isArray(chunk) ? (chunk as readonly AuditLogItem[]) : [chunk as AuditLogItem];
    let text = '';
    for (const item of list) text += `${auditExportLine(item)}\n`;
    if (text) yield text;
  }
}

/**
 * Split a byte or text stream (a file's read stream) into lines, many per step: several times faster than
 * `readline`, which costs a promise per line. Bytes are decoded a chunk's complete lines at a time (a newline byte
 * never occurs inside a multi-byte character), which is cheaper than a streaming decoder; a leading BOM is dropped,
 * as TextDecoder would, and invalid UTF-8 becomes U+FFFD as with it.
 */
export async function* auditLinesFromChunks(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string[]> {
  // Bytes after the last newline so far, kept in parts so that a very long line is joined once, not per chunk.
  let carry: Buffer[] = [];
  let first = true;
  for await (const chunk of chunks) {
    // Copied when kept: the stream may reuse the chunk's memory.
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const last = bytes.lastIndexOf(NEWLINE);
    if (last < 0) {
      carry.push(Buffer.from(bytes));
      continue;
    }
    let text = carry.length > 0 ? Buffer.concat([...carry, bytes.subarray(0, last)]) : bytes.subarray(0, last);
    carry = last + 1 < bytes.length ? [Buffer.from(bytes.subarray(last + 1))] : [];
    if (first) {
      first = false;
      // A BOM can only open the stream.
      if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
    }
    yield text.toString('utf8').split('\n');
  }
  // The last line, without a newline after it.
  if (carry.length > 0) {
    let text = Buffer.concat(carry);
    if (first && text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
    if (text.length > 0) yield [text.toString('utf8')];
  }
}

const NEWLINE = 0x0a;

/**
 * Read an export back as items for `verifyAuditChain`, in pages. Accepts lines one by one (as `readline` yields
 * them) or in arrays (as `auditLinesFromChunks` does); a line that is not an item becomes a `malformed` item so
 * verification reports it with its line number.
 */
export async function* readAuditJsonLines(
  lines: AsyncIterable<string | readonly string[]> | Iterable<string | readonly string[]>,
  pageSize = 4096,
): AsyncGenerator<AuditLogItem[]> {
  let page: AuditLogItem[] = [];
  let lineNo = 0;
  for await (const group of lines) {
    for (const raw of typeof group === 'string' ? [group] : group) {
      lineNo++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      page.push(readLine(line, lineNo));
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length > 0) yield page;
}

function readLine(line: string, lineNo: number): AuditLogItem {
  if (line.startsWith(ENTRY_PREFIX) && line.startsWith(ENTRY_MIDDLE, BODY_AT - ENTRY_MIDDLE.length) && line.endsWith('}')) {
    return { type: 'entry', hash: line.slice(ENTRY_PREFIX.length, ENTRY_PREFIX.length + 64), body: line.slice(BODY_AT, -1) };
  }
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { type: 'malformed', line: lineNo, detail: e instanceof Error ? e.message : String(e) };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { type: 'malformed', line: lineNo, detail: 'not a JSON object' };
  const o = obj as Record<string, unknown>;
  switch (o.type) {
    case 'header': {
      const head = o.head as Partial<ChainHead> | undefined;
      const validHead = head && Number.isSafeInteger(head.seq) && typeof head.hash === 'string';
      return {
        type: 'header',
        ...(typeof o.node === 'string' ? { node: o.node } : {}),
        ...(validHead ? { head: { seq: head.seq as number, hash: head.hash as string } } : {}),
      };
    }
    case 'entry': {
      if (typeof o.hash !== 'string') return { type: 'malformed', line: lineNo, detail: 'entry without hash' };
      // Only the canonical text is hashed, so a reformatted (e.g. pretty-printed) entry is put back into it.
      if (typeof o.body === 'string') {
        return { type: 'entry', hash: o.hash, body: o.body, ...(Number.isSafeInteger(o.seq) ? { seq: o.seq as number } : {}) };
      }
      if (o.entry === null || typeof o.entry !== 'object') return { type: 'malformed', line: lineNo, detail: 'entry without body' };
      try {
        return { type: 'entry', hash: o.hash, body: canonicalJson(o.entry) };
      } catch (e) {
        return { type: 'malformed', line: lineNo, detail: e instanceof Error ? e.message : String(e) };
      }
    }
    case 'checkpoint':
      return { type: 'checkpoint', checkpoint: o.checkpoint };
    default:
      return { type: 'malformed', line: lineNo, detail: `unknown line type ${JSON.stringify(o.type)}` };
  }
}

/**
 * Verify an exported log from its bytes (e.g. `createReadStream(path)`): what `tsunagu audit verify <file>` runs. The
 * header's head counts as the expected end unless `options.expectedHead` is given.
 */
export function verifyAuditExport(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: VerifyAuditOptions,
): Promise<AuditVerification> {
  return verifyAuditChain(readAuditJsonLines(auditLinesFromChunks(chunks)), options);
}
