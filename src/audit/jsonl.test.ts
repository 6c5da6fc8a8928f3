import { describe, expect, it } from 'vitest';
import { auditExportLine, auditJsonLines, auditLinesFromChunks, readAuditJsonLines, type AuditExportHeader } from './jsonl.ts';
import type { AuditLogItem } from './verify.ts';

const body = `{"action":"query","prevHash":"${'0'.repeat(64)}","seq":1,"time":"2025-01-01T00:00:00.000Z"}`;
const hash = 'c'.repeat(64);
const header: AuditExportHeader = { type: 'header', format: 'tsunagu-audit-log', version: 1, node: 'jp-x-node', head: { seq: 1, hash }, exportedAt: '2025-01-02T00:00:00.000Z' };

async function collect(lines: string[]): Promise<AuditLogItem[]> {
  const out: AuditLogItem[] = [];
  for await (const page of readAuditJsonLines(lines, 2)) out.push(...page);
  return out;
}

describe('audit JSON Lines', () => {
  it('writes each entry line as JSON that embeds the stored text verbatim, and reads it back unchanged', async () => {
    const line = auditExportLine({ type: 'entry', seq: 1, hash, body });
    expect(JSON.parse(line)).toEqual({ type: 'entry', hash, entry: JSON.parse(body) });
    expect(await collect([line])).toEqual([{ type: 'entry', hash, body }]);
  });

  it('round-trips a header, entries and checkpoints through text chunks', async () => {
    const items: AuditLogItem[] = [
      { type: 'entry', seq: 1, hash, body },
      { type: 'checkpoint', checkpoint: { seq: 1, hash } },
    ];
    let text = '';
    for await (const chunk of auditJsonLines(header, [items])) text += chunk;
    expect(text.endsWith('\n')).toBe(true);
    expect(await collect(text.split('\n'))).toEqual([
      { type: 'header', node: 'jp-x-node', head: { seq: 1, hash } },
      { type: 'entry', hash, body },
      { type: 'checkpoint', checkpoint: { seq: 1, hash } },
    ]);
  });

  it('puts a reformatted entry back into canonical text, and tolerates CRLF and blank lines', async () => {
    const pretty = JSON.stringify({ type: 'entry', hash, entry: JSON.parse(body) }, null, 0).replace('{"type"', '{ "type"');
    expect(await collect([`${pretty}\r`, '', '  '])).toEqual([{ type: 'entry', hash, body }]);
  });

  it('keeps a damaged or misfiled entry exact by writing it as a string with its stored seq', async () => {
    const damaged = 'not json\nat all';
    const line = auditExportLine({ type: 'entry', seq: 7, hash, body: damaged });
    expect(line).not.toContain('\n');
    expect(await collect([line])).toEqual([{ type: 'entry', seq: 7, hash, body: damaged }]);
    const misfiled = auditExportLine({ type: 'entry', seq: 2, hash, body });
    expect(await collect([misfiled])).toEqual([{ type: 'entry', seq: 2, hash, body }]);
  });

  it('turns unreadable lines into malformed items with their line number', async () => {
    expect(await collect(['{', '[1]', '{"type":"nope"}', '{"type":"entry"}'])).toEqual([
      expect.objectContaining({ type: 'malformed', line: 1 }),
      { type: 'malformed', line: 2, detail: 'not a JSON object' },
      expect.objectContaining({ type: 'malformed', line: 3 }),
      { type: 'malformed', line: 4, detail: 'entry without hash' },
    ]);
  });
});

describe('auditLinesFromChunks', () => {
  it('splits bytes into lines across chunk boundaries, including a character split between chunks', async () => {
    const text = 'first 七尾\nsecond\r\nthird';
    const bytes = new TextEncoder().encode(text);
    const chunks = [bytes.slice(0, 8), bytes.slice(8, 9), bytes.slice(9)]; // 8 splits the 3-byte 七
    const lines: string[] = [];
    for await (const group of auditLinesFromChunks(chunks)) lines.push(...group);
    expect(lines).toEqual(['first 七尾', 'second\r', 'third']);
  });

  it('drops a leading BOM only, reads tiny chunks, and turns invalid UTF-8 into U+FFFD, as TextDecoder does', async () => {
    const lines = async (chunks: (string | Uint8Array)[]) => {
      const out: string[] = [];
      for await (const group of auditLinesFromChunks(chunks)) out.push(...group);
      return out;
    };
    const bom = [0xef, 0xbb, 0xbf];
    const bytes = new Uint8Array([...bom, ...new TextEncoder().encode('a\n'), ...bom, 0x62, 0xff, 0x0a, 0x63]);
    const expected = new TextDecoder().decode(bytes).split('\n');
    expect(expected).toEqual(['a', '\ufeffb\ufffd', 'c']);
    expect(await lines([bytes])).toEqual(expected);
    expect(await lines(Array.from(bytes, (b) => new Uint8Array([b])))).toEqual(expected);
    expect(await lines(['a\n', '\ufeffb\n'])).toEqual(['a', '\ufeffb']);
    expect(await lines([new Uint8Array([0x61, 0x0a])])).toEqual(['a']);
    expect(await lines([new Uint8Array([0x61])])).toEqual(['a']);
  });
});
