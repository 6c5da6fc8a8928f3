// The `tsunagu` command driven in-process as a user would: messages in the chosen language, exit codes, summaries.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../support/shared-data.ts';
import { runCli } from './support/run-cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tsunagu-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, env);

describe('tsunagu import', () => {
  // Each test its own database: one that runs out of time must not leave its lock to the next.
  const freshEnv = () => ({ TSUNAGU_DATA_DIR: tempDir(), TSUNAGU_NODE_ID: 'jp-172022-nanao-city' });

  it('imports a folder of GSI files, summarises in Japanese by default, and reports everything unchanged the second time', async () => {
    const env = freshEnv();
    const folder = sharedDataPath('gsi-shelters', 'ishikawa', 'evacuation');
    const first = await run(['import', 'gsi-shelters', folder], env);
    expect(first.code).toBe(0);
    expect(first.out.at(-1)).toMatch(/gsi-shelters: \d+ 行を読み込み — 新規 \d+ 件、更新（新しい版） 0 件、変更なし 0 件、不採用 0 行/);
    const second = await run(['--lang', 'en', 'import', 'gsi-shelters', folder], env);
    expect(second.code).toBe(0);
    expect(second.out.at(-1)).toMatch(/read (\d+) rows — 0 new, 0 updated \(new version\), \1 unchanged, 0 rows rejected/);
  }, 120_000); // two imports of 2,477 shelters: 10 s alone, over 30 s on a loaded CI machine

  it('refuses a file with bad rows row by row, saves nothing, and exits 1', async () => {
    const env = freshEnv();
    const bad = path.join(tempDir(), 'bad.csv');
    writeFileSync(
      bad,
      'NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,備考,緯度,経度\n' +
        '1,E1720200999111,石川県七尾市,新しい避難所,石川県七尾市,,,,,37.04,136.96\n' +
        '2,E1720200999211,石川県七尾市,座標のない避難所,石川県七尾市,,,,,,\n',
    );
    const r = await run(['--lang', 'en', 'import', 'gsi-shelters', bad], env);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/bad\.csv row 3/);
    expect(r.err.at(-1)).toMatch(/Nothing was saved/);
    const dry = await run(['import', 'gsi-shelters', '--partial', '--dry-run', bad], env);
    expect(dry.out.at(-1)).toMatch(/--dry-run/);
    const partial = await run(['--lang', 'en', 'import', 'gsi-shelters', '--partial', bad], env);
    expect(partial.out.join('\n')).toMatch(/1 new/);
    expect(partial.out.at(-1)).toMatch(/valid rows only/);
  });

  it('explains an unknown kind, a missing mapping and a missing file with exit code 2', async () => {
    const env = freshEnv();
    expect((await run(['import', 'hospitals', 'x.csv'], env)).err[0]).toMatch(/取り込み種別「hospitals」は不明です/);
    expect((await run(['--lang', 'en', 'import', 'persons', 'x.csv'], env)).err[0]).toMatch(/--mapping/);
    const missing = await run(['--lang', 'en', 'import', 'gsi-shelters', '/nonexistent/file.json'], env);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/not found/);
  });

  it('refuses a malformed database URL before connecting, saying what is wrong', async () => {
    const r = await run(['--lang', 'en', 'import', 'gsi-shelters', 'x.json'], { TSUNAGU_DATABASE_URL: 'mysql://host/db' });
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/mysql/);
  });
});

describe('tsunagu serve', () => {
  it('refuses to start a node whose policy files are malformed, naming the file and the field', async () => {
    const policyDir = tempDir();
    writeFileSync(path.join(policyDir, 'persons.json'), JSON.stringify({ id: 'nanao-persons', version: 1 }));
    const r = await run(['--lang', 'en', 'serve'], { TSUNAGU_DATA_DIR: tempDir(), TSUNAGU_NODE_ID: 'jp-172022-nanao-city', TSUNAGU_POLICY_DIR: policyDir });
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/persons\.json.*\/owner/);
  });
});

describe('tsunagu model schema', () => {
  it('writes the JSON Schemas of the data model', async () => {
    const out = tempDir();
    const r = await run(['--lang', 'en', 'model', 'schema', '--out', out], {});
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/Wrote \d+ schemas/);
  });
});
