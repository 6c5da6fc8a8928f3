// `tsunagu import cap|jma` driven in-process as a user would: folders of telegrams, reasons in words, exit codes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../support/shared-data.ts';
import { runCli } from './support/run-cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tsunagu-alerts-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tsunagu import cap and jma', () => {
  const env = { TSUNAGU_DATA_DIR: tempDir(), TSUNAGU_NODE_ID: 'jp-170003-ishikawa-pref' };

  it('imports a folder of telegrams and single files, and says so in Japanese', async () => {
    // All 80 samples go through the same importer in test/alerts/alert-import.test.ts; here, the command's paths.
    const folder = path.resolve('examples', 'alerts');
    const files = ['32-35_01_01_100806_VXSE51.xml', '17_01_01_190529_VXWW50.xml'].map((f) => sharedDataPath('jma', f));
    const r = await runCli(['import', 'jma', folder, ...files], env);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toMatch(/^jma: 4 行を読み込み — 新規 4 件/);
    // A CLI process that creates its database and loads JMA's schemas: 22.8 s of 30 on a loaded machine.
  }, 90_000);

  it("refuses invalid.cap with the schema's reason in English, saves nothing and exits 1", async () => {
    const r = await runCli(['--lang', 'en', 'import', 'cap', sharedDataPath('cap', 'invalid.cap'), sharedDataPath('cap', 'weather.cap')], env);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/invalid\.cap.*Line 9 \(\/alert\/info\): element info is not allowed here; expected source, scope/);
    expect(r.err.at(-1)).toMatch(/Nothing was saved/);
  });

  it('names a telegram kind it does not read', async () => {
    const file = path.join(tempDir(), 'VZSA50.xml');
    writeFileSync(file, '<?xml version="1.0" encoding="UTF-8"?><Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>地上実況図</Title><Status>通常</Status><PublishingOffice>気象庁</PublishingOffice></Control></Report>');
    const r = await runCli(['import', 'jma', file], env);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('VZSA50 地上実況図 は対応していません');
  });
});
