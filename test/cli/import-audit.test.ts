// `tsunagu import` as the data's owner sees it afterwards: every import that writes, and every import refused, leaves
// entries in the node's own audit log — who (the local operator's account id), which files, which dataset, the
// counts — and the log still verifies. No name from the imported rows enters the log.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { runCli } from './support/run-cli.ts';

const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'tsunagu-import-audit-')), 'data');
const env = { TSUNAGU_DATA_DIR: dataDir, TSUNAGU_NODE_ID: 'jp-172022-nanao-city' };
afterAll(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));
const run = (args: string[]) => runCli(args, env);

const mapping = 'examples/persons/nanao-evacuation-support-list.mapping.json';
const persons = 'examples/persons/nanao-evacuation-support-list.synthetic.csv';

async function importEntries() {
  const store = await openStore({ backend: 'pglite', dataDir });
  try {
    const r = await store.audit.query({ kind: 'import', order: 'oldest-first' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.page.entries;
  } finally {
    await store.close();
  }
}

describe('tsunagu import in the audit log', () => {
  it('records who imported which file into which dataset before the write, and the counts after it', { timeout: 120_000 }, async () => {
    const r = await run(['--lang', 'en', 'import', 'persons', '--mapping', mapping, persons]);
    expect(r.code).toBe(0);
    const created = Number(/(\d+) new/.exec(r.out.at(-1)!)![1]);
    expect(created).toBeGreaterThan(0);
    const [accepted, applied] = await importEntries();
    const account = `uid:${process.getuid!()}`;
    expect(accepted).toMatchObject({
      kind: 'import',
      requester: 'operator:local',
      action: 'import',
      dataset: 'persons',
      decision: 'allow',
      recordCount: created,
      reasons: [{ code: 'IMPORT_AUDIT_ACCEPTED', params: { account, kind: 'persons', files: path.basename(persons), records: created, refusedRows: 0 } }],
    });
    expect(applied).toMatchObject({ decision: 'allow', reasons: [{ code: 'IMPORT_AUDIT_APPLIED', params: { created, updated: 0, unchanged: 0, refusedRows: 0 } }] });
    expect(applied!.requestId).toBe(accepted!.requestId);
    // The rows' names stay out of the log.
    const firstName = readFileSync(persons, 'utf8').split('\n')[1]!.split(',').find((c) => /[一-龥]{2,}/.test(c));
    expect(firstName).toBeDefined();
    expect(JSON.stringify(await importEntries())).not.toContain(firstName!);
    expect((await run(['audit', 'verify'])).code).toBe(0);
  });

  it('records a re-import as unchanged, and a refused import as a denial with its counts, saving nothing', async () => {
    expect((await run(['import', 'persons', '--mapping', mapping, persons])).code).toBe(0);
    const bad = path.join(path.dirname(dataDir), 'bad.csv');
    writeFileSync(bad, readFileSync(persons, 'utf8').split('\n').slice(0, 2).join('\n') + '\nbroken,row\n');
    const refused = await run(['--lang', 'en', 'import', 'persons', '--mapping', mapping, bad]);
    expect(refused.code).toBe(1);
    const entries = await importEntries();
    expect(entries.map((e) => e.reasons[0]!.code)).toEqual(['IMPORT_AUDIT_ACCEPTED', 'IMPORT_AUDIT_APPLIED', 'IMPORT_AUDIT_ACCEPTED', 'IMPORT_AUDIT_APPLIED', 'IMPORT_AUDIT_REFUSED']);
    expect(entries[3]!.reasons[0]!.params).toMatchObject({ created: 0 });
    expect(entries[4]).toMatchObject({ decision: 'deny', recordCount: 0, reasons: [{ params: { files: 'bad.csv', problems: expect.any(Number) } }] });
    expect(entries[4]!.reasons[0]!.params.problems).toBeGreaterThan(0);
  });

  it('records nothing for a dry run, which saves nothing', async () => {
    const before = (await importEntries()).length;
    expect((await run(['import', 'persons', '--dry-run', '--mapping', mapping, persons])).code).toBe(0);
    expect(await importEntries()).toHaveLength(before);
  });
});
