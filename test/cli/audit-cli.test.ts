// `tsunagu keys` and `tsunagu audit` as the data's owner uses them: verify the log, see who used the data,
// export it for verification elsewhere, and find the exact entry someone changed behind the log's back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDraft } from '../../src/audit/index.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { openStore } from '../../src/store/open-store.ts';
import { loadSigner } from '../../src/trust/key-file.ts';
import { runCli } from './support/run-cli.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-audit-cli-'));
const env = { TSUNAGU_DATA_DIR: dataDir, TSUNAGU_NODE_ID: 'jp-172022-nanao-city' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (args: string[]) => runCli(args, env);

function draft(i: number, requester: string, purpose: string, decision: 'allow' | 'deny'): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester,
    purpose,
    action: 'read',
    dataset: 'persons',
    fields: ['name', 'location', 'care.needs'],
    recordCount: decision === 'allow' ? 12 : 0,
    policy: { id: 'nanao-persons', version: 3 },
    decision,
    reasons: [{ code: decision === 'allow' ? 'POLICY_PERMIT_MATCHED' : 'POLICY_PHASE_NOT_PERMITTED', params: { permitId: 'emergency-life-saving' } }],
    requestId: `req-${i}`,
  };
}

beforeAll(async () => {
  const generated = await run(['keys', 'generate']);
  expect(generated.code).toBe(0);
  const signer = await loadSigner(path.join(dataDir, 'node-key.json'), 'jp-172022-nanao-city');
  if (!signer.ok) throw new Error(signer.problem.code);
  const store = await openStore({ backend: 'pglite', dataDir });
  const opened = await store.audit.open({ signer: signer.value, checkpointPolicy: { minIntervalMs: 0 } });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  await opened.log.append([draft(1, 'jp-170003-ishikawa-pref', 'life-saving', 'allow'), draft(2, 'jp-172049-wajima-city', 'life-saving', 'deny')]);
  await opened.log.append([draft(3, 'jp-170003-ishikawa-pref', 'evacuation-support', 'allow')]);
  await opened.log.close();
  await store.close();
}, 60_000);

describe('tsunagu audit', () => {
  it('keeps an existing key when asked to generate again, and shows only the public key', async () => {
    const before = readFileSync(path.join(dataDir, 'node-key.json'), 'utf8');
    await run(['keys', 'generate']);
    expect(readFileSync(path.join(dataDir, 'node-key.json'), 'utf8')).toBe(before);
    const shown = await run(['keys', 'show']);
    expect(shown.out.join('\n')).toMatch(/publicKey: [A-Za-z0-9_-]{43}/);
    expect(shown.out.join('\n')).not.toMatch(/privateSeed/);
  });

  it("verifies the node's own log", async () => {
    const r = await run(['--lang', 'en', 'audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/3/);
  });

  it('shows the owner who used its data, for what, filtered by requester and decision', async () => {
    const all = await run(['audit', 'query', '--oldest-first']);
    expect(all.out).toHaveLength(3);
    expect(all.out[0]).toMatch(/^#1\t.*\tjp-170003-ishikawa-pref\t人命救助\tpersons\tallow\t12/);
    const denied = await run(['audit', 'query', '--decision', 'deny', '--json']);
    expect(denied.out.map((l) => JSON.parse(l).requester)).toEqual(['jp-172049-wajima-city']);
    const summary = await run(['--lang', 'en', 'audit', 'summary', '--requester', 'jp-170003-ishikawa-pref']);
    expect(summary.out[0]).toMatch(/^Requester\tPurpose/);
    expect(summary.out).toHaveLength(3);
    const bad = await run(['--lang', 'en', 'audit', 'query', '--from', 'yesterday']);
    expect(bad.code).toBe(2);
  });

  it('shows times in Japan time with their offset, as the console does, and UTC as stored in --json', async () => {
    const shown = await run(['audit', 'query', '--oldest-first']);
    expect(shown.out[0]!.split('\t')[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
    const json = await run(['audit', 'query', '--oldest-first', '--json']);
    expect(JSON.parse(json.out[0]!).time).toMatch(/Z$/);
    expect(Date.parse(shown.out[0]!.split('\t')[1]!)).toBe(Date.parse(JSON.parse(json.out[0]!).time));
  });

  it('says when nothing matches, and that a purpose outside the vocabulary is probably a typo', async () => {
    const none = await run(['--lang', 'en', 'audit', 'query', '--requester', 'jp-000000-nobody']);
    expect(none.code).toBe(0);
    expect(none.out).toEqual([]);
    expect(none.err.join('\n')).toContain('No entry matches these filters');
    const typo = await run(['--lang', 'en', 'audit', 'query', '--purpose', 'rescue']);
    expect(typo.code).toBe(2);
    expect(typo.err.join('\n')).toContain('"rescue" is not a purpose of the vocabulary (life-saving');
  });

  it('exports the log and verifies the export with the public key alone', async () => {
    const out = path.join(dataDir, 'audit.jsonl');
    expect((await run(['audit', 'export', '--out', out])).code).toBe(0);
    const key = (await run(['keys', 'show'])).out.join('\n');
    const kid = /kid: (.+)/.exec(key)![1]!;
    const pub = /publicKey: (.+)/.exec(key)![1]!;
    expect((await run(['audit', 'verify', out, '--public-key', `${kid}:${pub}`])).code).toBe(0);
    const wrong = await run(['audit', 'verify', out, '--public-key', `${kid}:${'A'.repeat(43)}`]);
    expect(wrong.code).toBe(1);
  });

  it('names the entry that was changed directly in the database', async () => {
    const db = await openPgliteDatabase(dataDir);
    await db.exec('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await db.exec(`UPDATE audit_entries SET body = replace(body, '"recordCount":0', '"recordCount":40') WHERE seq = 2`);
    await db.close();
    const r = await run(['--lang', 'en', 'audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/#2 /);
  });
});
