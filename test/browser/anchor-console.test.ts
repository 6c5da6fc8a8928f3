// The trust anchor's console page in a real browser against the real demo federation: the national agency's operator
// opens its console (the only one that offers the page), sees the listed participants, and after 穴水町 sends a join
// request with the CLI (as examples/join/add-anamizu.sh does) reads exactly what it asks for, approves it by keyboard
// after the node's check, and sees the new version of the list. Screenshots go to test-results/browser/.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, runBrowser, screenshots } from './support/browser-demo.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startDemoFederation, type DemoFederation, type DemoNode } from '../../src/demo/federation.ts';
import type { SignedTrustList } from '../../src/trust/trust-list.ts';

const ANAMIZU = 'jp-174611-anamizu-town';

let root: string;
let work: string;
let federation: DemoFederation | undefined;
let browser: Browser | undefined;
let page: Page;

function nodeOf(key: string): DemoNode {
  const node = federation!.nodes.find((n) => n.participant.key === key);
  if (!node) throw new Error(`no demo node ${key}`);
  return node;
}

async function tsunagu(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tsunagu', '--lang', 'en', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false }, { ...process.env, ...env });
  expect(code, err.join('\n')).toBe(0);
  return out.join('\n');
}

describe.skipIf(!runBrowser)("the trust anchor's console page in a browser", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    browser = await launchChromium();
    root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-anchor-console-'));
    work = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-anchor-anamizu-'));
    federation = await startDemoFederation({ root, basePort: 0, sizes: { nanao: 20, wajima: 20, clinicPatients: 10, careClients: 10 }, logLevel: 'silent' });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await federation?.close();
    if (root) await rm(root, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it('offers the page only on the node that serves the anchor, listing the participants', async () => {
    await page.goto(nodeOf('nanao').consoleUrl);
    await expect.poll(() => page.getByTestId('node-name').textContent()).toContain('七尾市');
    expect(await page.getByRole('link', { name: 'トラストアンカー' }).count()).toBe(0);

    await page.goto(nodeOf('national').consoleUrl);
    await page.getByRole('link', { name: 'トラストアンカー' }).click();
    const participants = page.getByTestId('anchor-participants');
    await participants.waitFor({ timeout: 30_000 });
    for (const n of federation!.nodes) expect(await participants.locator(`tr[data-participant="${n.participant.id}"]`).getAttribute('data-status')).toBe('active');
    expect(await page.getByText('承認待ちの参加申請はありません。').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, '20-anchor-participants-ja.png'), fullPage: true });
  });

  it('shows a join request sent with the CLI exactly as it asks, approves it by keyboard after the check, and shows the new version', async () => {
    const before = (JSON.parse(await readFile(path.join(root, 'anchor', 'trust-list.json'), 'utf8')) as SignedTrustList).payload.version!;
    const env = { TSUNAGU_KEY_FILE: path.join(work, 'node-key.json') };
    await tsunagu(
      ['join', 'request', '--id', ANAMIZU, '--anchor', 'jp-fdma', '--name-ja', '穴水町', '--name-en', 'Anamizu Town', '--role', 'municipality', '--jurisdiction', '174611', '--node-url', 'http://127.0.0.1:8790/', '--out', path.join(work, 'join-request.json')],
      env,
    );
    await tsunagu(['join', 'send', '--anchor-url', `${nodeOf('national').url}/`, '--request', path.join(work, 'join-request.json')], env);
    const key = JSON.parse(await readFile(path.join(work, 'node-key.json'), 'utf8')) as { kid: string };

    await page.reload();
    const request = page.locator(`[data-testid=join-request][data-participant="${ANAMIZU}"]`);
    await request.waitFor({ timeout: 30_000 });
    const text = await request.textContent();
    for (const shown of ['穴水町', 'Anamizu Town', '174611', 'http://127.0.0.1:8790/', key.kid, '申請している鍵で確認済み']) expect(text).toContain(shown);
    expect(await request.getByTestId('fingerprint').textContent()).toMatch(/SHA-256 ([0-9a-f]{4} ){15}[0-9a-f]{4}/);
    await page.screenshot({ path: path.join(screenshots, '21-anchor-request-ja.png'), fullPage: true });

    await request.getByRole('button', { name: '承認…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    // The node's own check comes first and changes nothing: it says which version approving would publish.
    await expect.poll(() => dialog.getByTestId('approve-check').textContent(), { timeout: 30_000 }).toContain(`第${before + 1}版`);
    expect(await page.locator(':focus').getAttribute('id')).toBe('anchor-by');
    await page.keyboard.type('消防庁 運用 太郎');
    await page.screenshot({ path: path.join(screenshots, '22-anchor-approve-confirm-ja.png') });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/operator/anchor/requests/') && r.request().method() === 'POST' && !(r.request().postData() ?? '').includes('dryRun'), { timeout: 60_000 }),
      dialog.getByTestId('anchor-decide').press('Enter'),
    ]);
    expect(response.status()).toBe(201);
    await expect.poll(() => page.getByTestId('anchor-done').textContent(), { timeout: 30_000 }).toContain(`第${before + 1}版`);
    await expect.poll(() => page.getByTestId('anchor-version').textContent(), { timeout: 30_000 }).toContain(`第${before + 1}版`);
    expect(await page.locator(`[data-testid=anchor-history] tr[data-version="${before + 1}"]`).textContent()).toContain(ANAMIZU);
    expect(await page.getByTestId('anchor-participants').locator(`tr[data-participant="${ANAMIZU}"]`).getAttribute('data-status')).toBe('active');
    expect(await page.getByTestId('operator-name').textContent()).toBe('消防庁 運用 太郎');
    const published = JSON.parse(await readFile(path.join(root, 'anchor', 'trust-list.json'), 'utf8')) as SignedTrustList;
    expect(published.payload.version).toBe(before + 1);
    expect(published.payload.entries.some((e) => e.participant.id === ANAMIZU && e.status === 'active')).toBe(true);
    await page.screenshot({ path: path.join(screenshots, '23-anchor-approved-ja.png'), fullPage: true });
  });

  it('reads in English at tablet width, with revocation marked final', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.setViewportSize({ width: 768, height: 1024 });
    await expect.poll(() => page.getByRole('heading', { name: 'Trust anchor', level: 1 }).isVisible()).toBe(true);
    await page.getByTestId('anchor-participants').locator(`tr[data-participant="${ANAMIZU}"]`).getByRole('button', { name: 'Revoke (final)' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('A revocation is final');
    expect(await dialog.getByTestId('anchor-decide').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, '24-anchor-revoke-768-en.png'), fullPage: true });
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.screenshot({ path: path.join(screenshots, '25-anchor-768-en.png'), fullPage: true });
  });
});
