// Re-importing a persons register into a real store: an unchanged file changes nothing, and a safety status reported
// later in the field survives a re-import of the older file, with the conflict reported; a dated newer file still wins.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { createPersonCsvImporter, parsePersonMapping } from '../../src/adapters/person-csv.ts';
import type { PersonMapping } from '../../src/adapters/person-mapping.ts';
import { message } from '../../src/i18n/index.ts';
import type { RecordOf } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, useTestStore } from '../store/support/backends.ts';

const examples = path.resolve(import.meta.dirname, '..', '..', 'examples', 'persons');
const CSV = 'nanao-evacuation-support-list.synthetic.csv';
const NODE = 'jp-172022-nanao-city';
const PREFIX = 'example-nanao-city:person:';

function mapping(): PersonMapping {
  const parsed = parsePersonMapping(readFileSync(path.join(examples, 'nanao-evacuation-support-list.mapping.json')), 'mapping.json');
  if (!parsed.ok) throw new Error('the example mapping must parse');
  return parsed.mapping;
}

const importOnce = (store: Store, now: string, m: PersonMapping = mapping(), bytes: Uint8Array = readFileSync(path.join(examples, CSV))) =>
  applyImport(store, createPersonCsvImporter(m), [{ name: CSV, bytes }], { sourceNode: NODE, now });

/** A field report written as the node writes a delivered safety-status update: a new version with the report. */
async function fieldReport(store: Store, id: string, status: 'safe' | 'needs-rescue', reportedAt: string): Promise<void> {
  const person = (await store.get('person', `${PREFIX}${id}`)) as RecordOf<'person'>;
  const { version: _v, recordedAt: _r, ...draft } = person;
  await store.upsert([
    {
      ...draft,
      observedAt: reportedAt,
      lineage: [...person.lineage, { activity: 'federated', sourceNode: 'jp-170003-ishikawa-pref', recordId: person.id, at: reportedAt }],
      data: { ...person.data, safety: { status, reportedBy: 'jp-170003-ishikawa-pref', reportedAt } },
    },
  ]);
}

describe.each(backends())('re-importing the example persons register on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('reports every row unchanged the second time, the rows with a safety value included', async () => {
    const first = await importOnce(store, '2024-01-10T09:00:00+09:00');
    expect(first).toMatchObject({ applied: true, created: 8, updated: 0, unchanged: 0 });
    const second = await importOnce(store, '2024-01-11T09:00:00+09:00');
    expect(second).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 8 });
    const evacuated = (await store.get('person', `${PREFIX}N0002`)) as RecordOf<'person'>;
    expect(evacuated.version).toBe(1);
    // The file does not date its 安否 column, so the import does not pretend to know when it was reported.
    expect(evacuated.data.safety).toEqual({ status: 'evacuated', whereabouts: '七尾市立見本小学校（架空）', reportedBy: NODE });
  });

  it('keeps a later field report over the file’s undated status and reports the conflict, in Japanese and English', async () => {
    await fieldReport(store, 'N0002', 'needs-rescue', '2024-01-12T10:00:00+09:00');
    await fieldReport(store, 'N0003', 'safe', '2024-01-12T10:05:00+09:00');
    const again = await importOnce(store, '2024-01-13T09:00:00+09:00');
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 8 });
    const n2 = (await store.get('person', `${PREFIX}N0002`)) as RecordOf<'person'>;
    expect(n2.data.safety).toMatchObject({ status: 'needs-rescue', reportedBy: 'jp-170003-ishikawa-pref' });
    expect(Date.parse(n2.data.safety.reportedAt!)).toBe(Date.parse('2024-01-12T10:00:00+09:00'));
    const n3 = (await store.get('person', `${PREFIX}N0003`)) as RecordOf<'person'>;
    expect(n3.data.safety.status).toBe('safe');
    // N0002's file says 避難済み, which disagrees with the report; N0003's file says nothing, which is no conflict.
    const conflicts = again.notices.filter((n) => n.code === 'PERSON_SAFETY_KEPT_NEWER');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.params).toMatchObject({ row: 3, id: 'N0002', keptJa: '要救助', fileJa: '避難済み', by: 'jp-170003-ishikawa-pref' });
    expect(message(conflicts[0]!.code, conflicts[0]!.params, 'ja')).toContain('後から報告された「要救助」');
    expect(message(conflicts[0]!.code, conflicts[0]!.params, 'en')).toContain('stays "Needs rescue"');
  });

  it('lets a changed row make a new version while still keeping the later field report', async () => {
    const text = readFileSync(path.join(examples, CSV), 'utf8').replace('0767-00-0002', '0767-00-9002');
    const changed = await importOnce(store, '2024-01-14T09:00:00+09:00', mapping(), new TextEncoder().encode(text));
    expect(changed).toMatchObject({ applied: true, created: 0, updated: 1, unchanged: 7 });
    const n2 = (await store.get('person', `${PREFIX}N0002`)) as RecordOf<'person'>;
    expect(n2.data.contact?.phone).toBe('0767-00-9002');
    expect(n2.data.safety.status).toBe('needs-rescue');
    expect(n2.lineage.some((s) => s.activity === 'federated')).toBe(true);
    expect(n2.lineage.filter((s) => s.activity === 'import')).toHaveLength(1);
  });

  it('applies a status the file dates after the field report: the newer report wins, whichever way it came', async () => {
    const dated = { ...mapping(), observedAtColumn: '同意日' } as PersonMapping;
    // 同意日 stands in for a dated status column here: 2023 dates are older than the field report, so nothing changes.
    const older = await importOnce(store, '2024-01-15T09:00:00+09:00', dated);
    const n2 = (await store.get('person', `${PREFIX}N0002`)) as RecordOf<'person'>;
    expect(n2.data.safety.status).toBe('needs-rescue');
    expect(older.notices.some((n) => n.code === 'PERSON_SAFETY_KEPT_NEWER' && n.params.id === 'N0002')).toBe(true);
    const text = readFileSync(path.join(examples, CSV), 'utf8').replace(',2023/4/1,避難済み,', ',2024/1/20,避難済み,');
    const newer = await importOnce(store, '2024-01-20T12:00:00+09:00', dated, new TextEncoder().encode(text));
    expect(newer.notices.filter((n) => n.code === 'PERSON_SAFETY_KEPT_NEWER' && n.params.id === 'N0002')).toEqual([]);
    const after = (await store.get('person', `${PREFIX}N0002`)) as RecordOf<'person'>;
    expect(after.data.safety).toMatchObject({ status: 'evacuated', reportedBy: NODE });
  });
});
