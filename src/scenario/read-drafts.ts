// Reading a node's generated NDJSON back as record drafts, line by line (never the whole file in memory), each one
// checked against the record schemas and their rules before anything is written.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isRecordType, RecordEnvelopeSchemas, recordRuleProblems, type AnyRecordDraft } from '../model/record.ts';
import { validate } from '../model/validate.ts';

export type DraftLine = { ok: true; line: number; draft: AnyRecordDraft } | { ok: false; line: number; detail: string };

/** Check one parsed line the way the store will see it once it adds version and recordedAt. */
export function checkDraft(value: unknown): { ok: true; draft: AnyRecordDraft } | { ok: false; detail: string } {
  if (value === null || typeof value !== 'object') return { ok: false, detail: 'not a JSON object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !isRecordType(type)) return { ok: false, detail: `unknown record type ${JSON.stringify(type)}` };
  const r = validate(RecordEnvelopeSchemas[type], { ...(value as object), version: 1, recordedAt: '2000-01-01T00:00:00Z' });
  const problems = r.ok ? recordRuleProblems(r.value) : r.problems;
  if (problems.length > 0) return { ok: false, detail: problems.map((p) => `${p.path} ${p.message}`).join('; ') };
  return { ok: true, draft: value as AnyRecordDraft };
}

export async function* readDrafts(file: string): AsyncGenerator<DraftLine> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { ok: false, line: n, detail: (e as Error).message };
      continue;
    }
    const checked = checkDraft(value);
    yield checked.ok ? { ok: true, line: n, draft: checked.draft } : { ok: false, line: n, detail: checked.detail };
  }
}
