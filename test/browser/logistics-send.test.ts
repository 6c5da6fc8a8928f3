// Sending an EDXL-RM request file to a participant's node from the logistics console, in a real browser against the
// ASEAN demo (each node in a process of its own): under the OCD's declaration for Region VIII, the OCD's operator
// previews its RequestResource file in English, chooses the AHA Centre by name, reads in the confirmation what will go,
// backs out with Escape (nothing is sent, the focus comes back), then sends by keyboard; a double click sends once;
// the request appears under "Requests sent and answers" without a reload, the outbox says it was delivered, the AHA
// Centre's node takes its lines in as requests, and both audit logs hold the step. Sending to a participant the OCD's
// own policy does not release requests to is refused in the node's own words, and the preview stays to choose again. Screenshots at 1366×900 and 768×1024 go to
// test-results/browser/.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAseanFederation, type AseanFederation, type AseanNode } from '../../src/demo/asean/federation.ts';
import { aseanParticipantByKey, type AseanParticipantKey } from '../../src/demo/asean/scenario.ts';
import { bundledDataDir } from '../../src/demo/federation.ts';
import { launchChromium, runBrowser, screenshots } from './support/browser-demo.ts';

let root: string;
let federation: AseanFederation | undefined;
let browser: Browser | undefined;

const node = (key: AseanParticipantKey): AseanNode => federation!.nodes.find((n) => n.participant.key === key)!;
const idOf = (key: AseanParticipantKey) => aseanParticipantByKey(key).id;
const nameOf = (key: AseanParticipantKey) => aseanParticipantByKey(key).name.en;

async function operatorGet<T>(key: AseanParticipantKey, route: string): Promise<T> {
  const n = node(key);
  const res = await fetch(`${n.url}/operator${route}`, { headers: { authorization: `Bearer ${n.operatorToken}` } });
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

interface AuditItem { kind: string; decision: string; requester: string; reasons: { code: string; message: string }[] }
const auditOf = async (key: AseanParticipantKey) => (await operatorGet<{ items: AuditItem[] }>(key, '/audit?limit=1000')).items;
const sentAudits = async () => (await auditOf('ocd')).filter((e) => e.kind === 'logistics-request' && e.reasons.some((r) => r.code === 'LOGISTICS_RM_SENT'));

/** The OCD's console (English, as the ASEAN demo's link opens it) on the logistics page, the operator named. */
async function ocdLogistics(width: number, height: number) {
  const context = await browser!.newContext({ viewport: { width, height }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(node('ocd').consoleUrl);
  await page.getByRole('link', { name: 'Logistics' }).click();
  await page.getByLabel('Your name').fill('OCD operations, J. Santos');
  return { context, page, section: page.getByRole('region', { name: 'EDXL-RM files: requests and answers' }) };
}

describe.skipIf(!runBrowser)('sending an EDXL-RM request file to a participant’s node from the logistics console', { timeout: 180_000 }, () => {
  let file: string;
  let messageId: string;
  const lines = 10;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-logistics-send-'));
    browser = await launchChromium();
    federation = await startAseanFederation({ root, basePort: 0, logLevel: 'silent', trustRefreshSeconds: 0 });
    // The AHA Centre takes requests from national agencies under a declared emergency: the OCD declares for Region VIII.
    const ocd = node('ocd');
    const declared = await fetch(`${ocd.url}/operator/declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ocd.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hazard: 'typhoon', phase: 'emergency', areas: ['PH08'], validHours: 72, title: { ja: '台風（訓練）: 第8地域', en: 'Typhoon (exercise): Region VIII, emergency' } }),
    });
    expect(declared.status).toBe(201);
    // (expect.poll works inside tests only.)
    for (let waited = 0; !JSON.stringify(await (await fetch(`${node('aha-centre').url}/api/v1/declarations`)).json()).includes('PH08'); waited += 500) {
      if (waited > 60_000) throw new Error('the AHA Centre did not receive the OCD’s declaration');
      await new Promise((r) => setTimeout(r, 500));
    }
    // The demo's own request file, under a MessageID of this run.
    const xml = await readFile(path.join(bundledDataDir, '..', 'examples', 'asean', 'request-resource.xml'), 'utf8');
    messageId = `ph-ocd-console-${Date.now()}`;
    file = path.join(root, 'ocd-request.xml');
    await writeFile(file, xml.replaceAll('ph-ocd-rr-2026-001', messageId));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await federation?.close();
    if (root) await rm(root, { recursive: true, force: true });
  }, 120_000);

  it('sends a previewed RequestResource to the AHA Centre chosen by name, after a confirmation, by keyboard; the AHA Centre’s node takes it in', async () => {
    const { context, page, section } = await ocdLogistics(1366, 900);
    await section.getByLabel(/EDXL-RM file \(XML\)/).setInputFiles(file);
    await section.getByTestId('rm-lines').waitFor({ timeout: 30_000 });
    // Quantities read as English writes them.
    expect(await section.getByTestId('rm-lines').locator('tbody tr').first().textContent()).toContain('3,000 sets');

    const send = section.getByTestId('rm-send');
    const recipient = send.getByLabel('Send to (participants with a node, by name)');
    // Recipients by name, never this node, never a bare id; the operator's name already there.
    const options = (await recipient.locator('option').allTextContents()).slice(1);
    expect(options).toEqual([nameOf('aha-centre'), nameOf('dswd-fo8')]);
    expect(options.join(' ')).not.toContain(idOf('ocd'));
    expect(await send.getByLabel('Asked by (your name)').inputValue()).toBe('OCD operations, J. Santos');

    // Nothing chosen: said, nothing asked.
    await send.getByRole('button', { name: 'Send…' }).click();
    expect(await send.getByRole('alert').textContent()).toBe('Choose the participant to send it to first.');

    // By keyboard: the recipient, then Tab to the name and to the button; Enter opens the confirmation.
    await recipient.focus();
    await recipient.selectOption({ label: nameOf('aha-centre') });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe(await send.getByLabel('Asked by (your name)').getAttribute('id'));
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Send…');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Send to ${nameOf('aha-centre')}?` });
    await dialog.waitFor();
    const confirm = dialog.getByTestId('rm-send-confirm');
    expect(await confirm.getByTestId('rm-send-messages').textContent()).toBe(`MessageID ${messageId}: ${lines} lines`);
    expect(await confirm.getByTestId('rm-send-lines').textContent()).toBe(`${lines} lines`);
    expect(await confirm.textContent()).toContain(idOf('aha-centre'));
    expect(await confirm.textContent()).toContain('OCD operations, J. Santos');
    expect(await confirm.textContent()).toContain('Nothing has been sent yet.');
    // The focus is on the send button: Enter would send. Escape goes back instead, and nothing was sent.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rm-send-confirm-button');
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-confirm-1366.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The focus comes back once the dialog has gone (the console puts it there on the next frame).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Send…');
    expect(await sentAudits()).toHaveLength(0);

    // Enter again, then Enter on the confirmation: sent, the result where the focus lands.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rm-send-confirm-button');
    await page.keyboard.press('Enter');
    const result = send.getByTestId('rm-send-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toBe(
      `Sent to ${nameOf('aha-centre')}: request ${messageId} (${lines} lines), signed, through this node’s outbox. The recipient’s node decides by its own policy whether to take it in; the answers appear under “Requests sent and answers”.`,
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rm-send-result');
    // What became of it, from this node's outbox, when the operator asks: delivered, so the AHA Centre's node took it in.
    const checkDelivery = send.getByRole('button', { name: 'Check the delivery' });
    await expect
      .poll(async () => {
        await checkDelivery.click();
        await send.getByTestId('rm-send-delivery').waitFor();
        return send.getByTestId('rm-send-delivery').getAttribute('data-delivery');
      }, { timeout: 90_000, interval: 1000 })
      .toBe('delivered');
    expect(await send.getByTestId('rm-send-delivery').textContent()).toMatch(new RegExp(`^Delivered at .+: ${nameOf('aha-centre').replace(/[()]/g, '\\$&')}’s node took the requests in`));
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-result-1366.png') });

    // Under "Requests sent and answers" without a reload: to the AHA Centre by name, by the operator.
    const card = page.getByRole('region', { name: 'Requests sent and answers', exact: true }).getByTestId('sent-request').filter({ hasText: messageId });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toMatch(new RegExp(`^Request to ${nameOf('aha-centre').replace(/[()]/g, '\\$&')} \\(.+\\)MessageID ${messageId} · sent by OCD operations, J\\. Santos$`));
    expect(await card.textContent()).toContain('Sent signed to the participant’s node');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-sent-1366.png') });

    // The AHA Centre's node took every line in as requests, and both logs hold the step.
    await expect
      .poll(async () => (await operatorGet<{ needs: { demand: { origin: string } }[] }>('aha-centre', '/logistics/needs')).needs.filter((n) => n.demand.origin === 'request').length, { timeout: 90_000 })
      .toBe(lines);
    const taken = (await auditOf('aha-centre')).find((e) => e.kind === 'logistics-request' && e.requester === idOf('ocd'));
    expect(taken).toMatchObject({ decision: 'allow' });
    expect(taken!.reasons.map((r) => r.code)).toContain('LOGISTICS_RM_TAKEN');
    const sent = await sentAudits();
    expect(sent).toHaveLength(1);
    const said = sent[0]!.reasons.find((r) => r.code === 'LOGISTICS_RM_SENT')!.message;
    expect(said).toContain(idOf('aha-centre'));
    expect(said).toContain('OCD operations, J. Santos');
    await context.close();
  });

  it('shows the sender’s policy refusing a recipient in the node’s words, keeping the preview to choose again, and sends once on a double click (tablet width)', async () => {
    const { context, page, section } = await ocdLogistics(768, 1024);
    const send = section.getByTestId('rm-send');

    // To DSWD Field Office VIII: the OCD's own policy releases requests to the regional coordinator only, so its node
    // refuses before anything is recorded or queued (403), in its words; nothing is sent.
    await section.getByLabel(/EDXL-RM file \(XML\)/).setInputFiles(file);
    await send.getByLabel('Send to (participants with a node, by name)').selectOption({ label: nameOf('dswd-fo8') });
    await send.getByRole('button', { name: 'Send…' }).click();
    const dialog = page.getByRole('dialog', { name: `Send to ${nameOf('dswd-fo8')}?` });
    await dialog.waitFor();
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-confirm-768.png') });
    const before = (await sentAudits()).length;
    await dialog.getByTestId('rm-send-confirm-button').dblclick();
    const refusal = send.getByTestId('rm-send-refusal');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.getAttribute('data-code')).toBe('LOGISTICS_RM_SEND_REFUSED');
    const words = (await refusal.textContent())!;
    // The recipient by name and the policy's reason in words, no code.
    expect(words).toContain(nameOf('dswd-fo8'));
    expect(words).not.toMatch(/\b(POLICY|TRUST)_[A-Z_]+\b/);
    expect(words).toContain('Nothing was sent. You can choose another participant');
    expect(words).not.toMatch(/\bLOGISTICS_[A-Z_]+\b/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rm-send-refusal');
    // The preview and the form stay: the operator can choose again.
    expect(await section.getByTestId('rm-lines').count()).toBe(1);
    expect(await send.getByRole('button', { name: 'Send…' }).isEnabled()).toBe(true);
    expect((await sentAudits()).length).toBe(before);
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-refused-768.png') });

    // The same file to the AHA Centre again, with a double click on the confirmation: one send, and it says nothing new went.
    await send.getByLabel('Send to (participants with a node, by name)').selectOption({ label: nameOf('aha-centre') });
    await send.getByRole('button', { name: 'Send…' }).click();
    const again = page.getByRole('dialog', { name: `Send to ${nameOf('aha-centre')}?` });
    await again.waitFor();
    await again.getByTestId('rm-send-confirm-button').dblclick();
    const result = send.getByTestId('rm-send-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toBe(`Already sent to ${nameOf('aha-centre')}: request ${messageId} went before with the same content, so nothing new was sent.`);
    expect((await sentAudits()).length).toBe(before + 1);
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-send-again-768.png') });
    await context.close();
  });
});
