// `tsunagu logistics edxl-rm …` and `tsunagu logistics needs` driven in-process as a logistics officer would: check a
// message, convert it to JSON and back, compute needs from Nanao's real snapshots and hand them on as HXL or EDXL-RM.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRmMessage } from '../../src/adapters/edxl-rm/rm-in.ts';
import { runCli } from './support/run-cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tsunagu-logistics-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const fixture = (f: string) => path.resolve('test', 'fixtures', 'edxl-rm', f);
const nanao = (f: string) => path.resolve('data', 'noto-2024-nanao', f);
const env = {};

describe('tsunagu logistics edxl-rm', () => {
  it('says which messages are valid and why the others are not, and exits 1 when any is not', async () => {
    const r = await runCli(['logistics', 'edxl-rm', 'validate', fixture('request-resource.xml'), fixture('hostile-xxe.xml')], env);
    expect(r.code).toBe(1);
    expect(r.out).toEqual(['request-resource.xml: 有効な RequestResource（資源 2 件）']);
    expect(r.err).toEqual(['hostile-xxe.xml: 文書型宣言（DOCTYPE / DTD）を含むXMLは受け付けません。外部ファイルの読み込みや実体展開に使われるためです']);
  });

  it('checks each message of an EDXL-DE envelope', async () => {
    const r = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'validate', fixture('envelope-commit-and-report.edxlde')], env);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'envelope-commit-and-report.edxlde: a valid CommitResource (resource lines: 2)',
      'envelope-commit-and-report.edxlde: a valid ReportResourceDeploymentStatus (resource lines: 1)',
    ]);
  });

  it('converts messages to JSON and writes the same message back as XML', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'commit.json');
    const converted = await runCli(['logistics', 'edxl-rm', 'convert', fixture('commit-resource.xml'), '--out', json], env);
    expect(converted.code).toBe(0);
    const [entry] = JSON.parse(readFileSync(json, 'utf8')) as [{ file: string; message: { type: string } }];
    expect(entry.file).toBe('commit-resource.xml');
    const xml = path.join(dir, 'commit.xml');
    expect((await runCli(['logistics', 'edxl-rm', 'write', json, '--out', xml], env)).code).toBe(0);
    const back = readRmMessage(new Uint8Array(readFileSync(xml)));
    expect(back).toEqual({ ok: true, message: entry.message });
  });

  it('converts nothing when one file of several has a problem, and says so in English', async () => {
    const out = path.join(tempDir(), 'all.json');
    const r = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'convert', fixture('request-resource.xml'), fixture('nims-request-resource.xml'), '--out', out], env);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(r.err).toContain('nims-request-resource.xml: The time "2009-06-09T13:00:00" in SentDateTime has no offset (Z or +09:00); its time zone is unknown, so it is not read. The sender must write the offset');
    expect(r.err.at(-1)).toBe('Nothing was written because of the problems above');
  });

  it('refuses to write a message whose JSON breaks the rules, naming the field', async () => {
    const file = path.join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify({ type: 'CommitResource', header: { messageId: 'm', sentAt: '2024-01-05T10:00:00+09:00', originatingMessageId: 'r', contact: { role: 'Owner' } }, lines: [{ elementId: 'c', respondsTo: '1', answer: 'maybe' }] }));
    const r = await runCli(['--lang', 'en', 'logistics', 'edxl-rm', 'write', file], env);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toMatch(/^bad\.json: \/lines\/0\/answer: /);
  });
});

describe('tsunagu logistics needs', () => {
  it("computes needs from the shelters open in Nanao's newest snapshot and writes them as HXL with the people's header in Japanese", async () => {
    const out = path.join(tempDir(), 'needs.csv');
    const r = await runCli(
      ['logistics', 'needs', '--shelters', nanao('open_shelter_Nanao-shi_2024-01-09-1800.csv'), nanao('open_shelter_Nanao-shi_2024-01-18-0600.csv'), '--needed-by', '2024-01-19T12:00:00+09:00', '--out', out],
      env,
    );
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\r\n');
    expect(rows[0]!.startsWith('届け先ID,届け先の種別,地域コード')).toBe(true);
    expect(rows[1]!.startsWith('#loc+code,#loc+type,#adm2+code')).toBe(true);
    expect(rows.filter((l) => l.includes(',food,')).length).toBeGreaterThan(10);
    expect(r.err).toEqual([`需要 ${rows.length - 3} 行を ${out} に書き出しました`]);
    // Shelters of the earlier snapshot that the newest one no longer lists had closed: the newest alone decides.
    const newestOnly = path.join(tempDir(), 'newest.csv');
    await runCli(['logistics', 'needs', '--shelters', nanao('open_shelter_Nanao-shi_2024-01-18-0600.csv'), '--needed-by', '2024-01-19T12:00:00+09:00', '--out', newestOnly], env);
    expect(readFileSync(newestOnly, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('writes given needs as an EDXL-RM RequestResource that reads back into the same demand lines', async () => {
    const dir = tempDir();
    const needs = [{ origin: 'request', destination: { type: 'shelter', id: 'nanao-0012' }, areaCode: '172022', item: { category: 'blanket' }, quantity: 40, unit: 'sheet', neededBy: '2024-01-06T18:00:00+09:00', priority: 'high' }];
    writeFileSync(path.join(dir, 'needs.json'), JSON.stringify(needs));
    const out = path.join(dir, 'request.xml');
    const r = await runCli(['logistics', 'needs', '--needs', path.join(dir, 'needs.json'), '--format', 'edxl-rm', '--contact', '七尾市', '--out', out], env);
    expect(r.code).toBe(0);
    const back = readRmMessage(new Uint8Array(readFileSync(out)));
    expect(back.ok && back.message.type === 'RequestResource' && back.message.lines.map((l) => l.demand)).toEqual(needs);
  });

  it('names the bad field of a needs file and needs --needed-by to compute needs', async () => {
    const file = path.join(tempDir(), 'needs.json');
    writeFileSync(file, JSON.stringify([{ origin: 'request', destination: { type: 'shelter', id: 's' }, areaCode: '172022', item: { category: 'blanket' }, quantity: -1, unit: 'sheet', neededBy: '2024-01-06T18:00:00+09:00', priority: 'high' }]));
    const bad = await runCli(['--lang', 'en', 'logistics', 'needs', '--needs', file], env);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/^needs\.json: Needs JSON, \/0\/quantity: /);
    const noTime = await runCli(['--lang', 'en', 'logistics', 'needs', '--shelters', nanao('open_shelter_Nanao-shi_2024-01-09-1800.csv')], env);
    expect(noTime.code).toBe(1);
    expect(noTime.err).toEqual(['Computing needs from --shelters needs --needed-by (when they are needed)']);
  });
});
