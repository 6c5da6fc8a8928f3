// The logistics page in a real browser against the demo federation: Nanao's officer reads the needs by area name and,
// before any declaration, one reason why data is withheld; proposes a plan and sees the prefecture's road picture
// (closed roads counted in the legend), the flows from the Kanazawa stockpile to Nanao's shelters by name, a shelter at
// Machino that no open road reaches marked isolated (by its id: no record names it), opens a flow's and the isolated
// shelter's popups from the keyboard list, approves it and finds the orders on the board grouped by plan, titled by
// destination and items; the same plan in English at tablet width; the prefecture, as supplier, unfolds the plan's
// long group of orders and commits them all by keyboard; an EDXL-RM file refused (a DTD) and one previewed, taken in
// and the needs downloaded as EDXL-RM; a request sent outside the data space recorded from the console, the partner's
// answer file previewed against it (which line, what changes) and taken in by keyboard, and the requests sent read
// with their answers in Japanese and, at tablet width, in English. Screenshots at 1366×900 and 768×1024 go to
// test-results/browser/.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestResourceOf } from '../../src/adapters/edxl-rm/from-records.ts';
import { writeRmMessage } from '../../src/adapters/edxl-rm/rm-out.ts';
import type { DemoNode } from '../../src/demo/federation.ts';
import type { Demand } from '../../src/model/index.ts';
import { runBrowser, screenshots, startBrowserDemo, type BrowserDemo } from './support/browser-demo.ts';

let demo: BrowserDemo | undefined;

const nanao = (): DemoNode => demo!.node('nanao');

describe.skipIf(!runBrowser)('the logistics plan on the map in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    demo = await startBrowserDemo('logistics-map');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  }, 180_000);

  it('draws a proposed plan’s flows over the road picture and opens a flow’s popup from the keyboard', async () => {
    const context = await demo!.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
    // A request for a shelter at Machino (Wajima), which both closed stretches of route 249 cut off from every depot.
    const entered = await fetch(`${nanao().url}/operator/logistics/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${nanao().operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        destination: { type: 'shelter', id: 'machino-test-shelter' }, areaCode: '172049', location: { type: 'Point', coordinates: [137.05, 37.4] },
        item: { category: 'food' }, quantity: 120, unit: 'meal', neededBy: new Date(Date.now() + 86_400_000).toISOString(), priority: 'high', by: 'browser test',
      }),
    });
    expect(entered.status).toBe(201);
    const page = await context.newPage();
    await page.goto(nanao().consoleUrl);
    await page.getByRole('link', { name: '物資支援' }).click();
    // Needs by area name, the code beneath; before any declaration one sentence says why, the nodes folded under it.
    const needs = page.getByRole('region', { name: '需要と在庫', exact: true });
    const areas = () => needs.locator('tbody tr td:first-child').allTextContents();
    // Nanao's shelters, and the Machino request in Wajima's area.
    await expect.poll(areas, { timeout: 60_000 }).toEqual(expect.arrayContaining(['七尾市172022', '輪島市172049']));
    const before = page.getByTestId('logistics-before-declaration');
    expect(await before.locator('p').textContent()).toMatch(/^災害宣言が出ていません。.*参加者 \d+ 者が、この計画に使うデータを出していません/);
    expect(await before.locator(':scope > details').getAttribute('open')).toBeNull();
    // Unfolded: each gap with what it changes, the participants that withheld it with the reason in words, never a raw code.
    await before.locator(':scope > details > summary').click();
    const gaps = before.getByTestId('logistics-gaps');
    expect(await gaps.textContent()).toMatch(/利用ポリシーが、いまは物資支援に出していない/);
    expect(await gaps.textContent()).not.toMatch(/NODE_[A-Z_]+/);
    await gaps.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-notice-1366.png') });
    await page.getByRole('button', { name: '計画を提案させる' }).click();
    await page.waitForSelector('[data-testid="plan-map"][data-map-state="ready"]', { timeout: 90_000 });
    // The prefecture's road picture of January 2024 has closed segments; the legend counts them.
    await expect.poll(() => page.getByText(/通行止め: \d+ 区間/).textContent()).toMatch(/通行止め: [1-9]\d* 区間/);
    const flows = page.getByTestId('plan-flows').getByRole('button');
    expect(await flows.count()).toBeGreaterThan(0);
    // Flows by place name: the stockpile as the prefecture's facility record names it, the shelter as Nanao's does.
    const stockpileFlow = flows.filter({ hasText: '石川県 防災備蓄倉庫（金沢） →' }).first();
    expect(await stockpileFlow.textContent()).toMatch(/^石川県 防災備蓄倉庫（金沢） → [^\s]+.* — \d+ 分$/);
    expect(await flows.allTextContents()).not.toContainEqual(expect.stringContaining('depot-kanazawa'));

    // The isolated shelter is listed beside the map, and its popup says it needs air or sea delivery.
    const isolated = page.getByTestId('plan-isolated').getByRole('button', { name: /machino-test-shelter/ });
    // Focus and Enter in one step (locator.press waits for the button to be there): on a loaded machine the list may
    // be drawn again between a separate focus() and the key press, and the press then went nowhere (CI, 16:00).
    await isolated.press('Enter');
    // Visible, not only in the page: MapLibre places the popup on the next frame after the jump.
    await page.getByTestId('plan-place-popup').waitFor({ state: 'visible' });
    const placePopup = await page.getByTestId('plan-place-popup').textContent();
    expect(placePopup).toMatch(/孤立.*空路・海路/);
    expect(placePopup).not.toContain('この計画で届ける');
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-isolated-1366.png') });

    await stockpileFlow.press('Enter');
    const popup = page.getByTestId('plan-flow-popup');
    await popup.waitFor();
    const popupText = await popup.textContent();
    expect(popupText).toMatch(/^石川県 防災備蓄倉庫（金沢） → /);
    // The ids stay beneath the names for the operator: the depot's and the destination's, with their holders.
    expect(popupText).toContain('出荷元: 石川県 · jp-170003-ishikawa-pref:depot-kanazawa');
    expect(popupText).toMatch(/届け先: 七尾市 · 172022-/);
    expect(popupText).toMatch(/行 \d+: [^\d]+ [\d,.]+ /);
    await page.getByTestId('plan-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-1366.png') });

    // Plan lines and, once approved, the orders on the board name depot and destination, the ids beneath.
    const lines = page.getByRole('region', { name: '計画', exact: true }).locator('table').nth(1);
    expect(await lines.textContent()).toContain('石川県 防災備蓄倉庫（金沢）石川県 · jp-170003-ishikawa-pref:depot-kanazawa');
    await page.getByLabel('あなたの名前').fill('七尾市 物資班 田中');
    await page.getByRole('button', { name: '承認して出庫指示を送る' }).click();
    // The board groups the plan's orders, each titled by destination and items; the ids wait in its details.
    const board = page.getByRole('region', { name: '輸送の状況', exact: true });
    const title = board.getByTestId('shipment-title').first();
    await title.waitFor({ timeout: 60_000 });
    expect(await title.textContent()).toMatch(/^\S.* — .+ [\d,.]+ .+$/);
    expect(await title.textContent()).not.toMatch(/plan-|\.\d+$/);
    expect(await board.getByTestId('board-counts').first().textContent()).toMatch(/^計画 \d+$/);
    expect(await board.getByTestId('shipment-to').first().textContent()).toMatch(/^届け先: .+七尾市 · 172022-/);
    expect(await board.getByTestId('shipment-order').first().textContent()).toMatch(/^指示 plan-/);
    expect(await board.getByTestId('shipment-from').allTextContents()).toContainEqual(expect.stringMatching(/^出荷元: 石川県 防災備蓄倉庫（金沢）石川県 · jp-170003-ishikawa-pref:depot-kanazawa$/));
    await title.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-board-1366.png') });
    await context.close();
  });

  it('shows the same plan in English at tablet width', async () => {
    const context = await demo!.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(nanao().consoleUrl);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Logistics' }).click();
    await page.getByRole('button', { name: 'Open' }).first().click();
    await page.waitForSelector('[data-testid="plan-map"][data-map-state="ready"]', { timeout: 60_000 });
    expect(await page.getByTestId('plan-flows').getByRole('button').allTextContents()).toContainEqual(
      expect.stringMatching(/^Ishikawa Prefecture disaster stockpile \(Kanazawa\) → .+ — \d+ min$/),
    );
    expect(await page.getByTestId('plan-isolated').textContent()).toContain('machino-test-shelter');
    // Approved orders are not needed again: what is left is the isolated Machino request, in Wajima's area.
    // The needs are gathered from the nodes apart from the plan: wait for them rather than read the table once.
    const needAreas = () => page.getByRole('region', { name: 'Needs against stock', exact: true }).locator('tbody tr td:first-child').allTextContents();
    await expect.poll(needAreas, { timeout: 60_000 }).toContain('Wajima City172049');
    await page.getByTestId('plan-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-768.png') });
    // At tablet width the order cards stay wide enough to read: no title wrapped a character to a line.
    const card = page.getByTestId('shipment-card').first();
    await card.scrollIntoViewIfNeeded();
    expect((await card.boundingBox())!.width).toBeGreaterThan(240);
    await page.screenshot({ path: path.join(screenshots, 'logistics-board-768.png') });
    await context.close();
  });

  it('lets the prefecture, as supplier, read the plan’s orders folded by state and commit them all with one click, by keyboard', async () => {
    const ishikawa = demo!.node('ishikawa');
    const context = await demo!.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(ishikawa.consoleUrl);
    await page.getByRole('link', { name: '物資支援' }).click();
    await page.getByLabel('あなたの名前').fill('石川県 物資班 山本');
    const board = page.getByRole('region', { name: '輸送の状況', exact: true });
    const plan = board.getByTestId('board-plan').first();
    await plan.waitFor({ timeout: 60_000 });
    expect(await plan.getByRole('heading', { level: 3 }).textContent()).toMatch(/^七尾市の計画: 指示 \d+ 件/);
    const planned = plan.locator('[data-state="planned"]');
    const count = Number(/\((\d+)\)/.exec((await planned.getByRole('heading', { level: 4 }).textContent())!)![1]);
    const more = planned.getByRole('button', { name: /^ほか \d+ 件を表示$/ });
    await plan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-supplier-board-768.png') });
    if (count > 7) {
      // Folded after six: the rest one keyboard press away, and folded again.
      expect(await planned.getByTestId('shipment-card').count()).toBe(6);
      await more.focus();
      await page.keyboard.press('Enter');
      expect(await planned.getByTestId('shipment-card').count()).toBe(count);
      expect(await planned.getByRole('button', { name: '折りたたむ' }).getAttribute('aria-expanded')).toBe('true');
    } else {
      expect(await more.count()).toBe(0);
    }
    const commitAll = planned.getByRole('button', { name: `${count} 件をすべて引き受ける` });
    await commitAll.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => plan.getByTestId('board-counts').textContent(), { timeout: 60_000 }).toMatch(/引受済み \d+/);
    // What the bulk step did is said under the plan's counts, though the planned group it was offered in is gone.
    expect(await plan.getByRole('status').textContent()).toMatch(/^\d+ 件を処理、\d+ 件は拒否されました/);
    await plan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-supplier-committed-768.png') });
    await context.close();
  });

  it('takes an EDXL-RM request file in from the console after showing its lines, refusing a hostile one in words', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-rm-file-'));
    const hostile = path.join(dir, 'hostile.xml');
    await writeFile(hostile, '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>\n');
    const good = path.join(dir, 'nanao-request.xml');
    const header = { messageId: `nanao-console-${Date.now()}`, sentAt: new Date().toISOString(), originatingMessageId: 'x', contact: { role: 'Requester' as const, description: '七尾市 第二避難所' } };
    const demand = (shelter: string, quantity: number): Demand => ({
      origin: 'request', destination: { type: 'shelter', id: shelter }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
      item: { category: 'blanket' }, quantity, unit: 'piece', neededBy: new Date(Date.now() + 86_400_000).toISOString(), priority: 'high',
    });
    const written = writeRmMessage(requestResourceOf({ ...header, originatingMessageId: header.messageId }, [{ id: 'l1', demand: demand('172022-console-1', 30) }, { id: 'l2', demand: demand('172022-console-2', 12) }]));
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    await writeFile(good, written.xml);

    const context = await demo!.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(nanao().consoleUrl);
    await page.getByRole('link', { name: '物資支援' }).click();
    await page.getByLabel('あなたの名前').fill('七尾市 物資班 田中');
    const section = page.getByRole('region', { name: 'EDXL-RM のファイル（要請と回答）' });
    await section.getByLabel(/EDXL-RM ファイル（XML）/).setInputFiles(hostile);
    const refusal = section.getByTestId('rm-refusal');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toMatch(/取り込みませんでした（何も保存していません）|文書型宣言/);
    expect(await refusal.textContent()).not.toMatch(/\bXML_[A-Z_]+:/);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-rm-refused-1366.png') });

    await section.getByLabel(/EDXL-RM ファイル（XML）/).setInputFiles(good);
    const lines = section.getByTestId('rm-lines');
    await lines.waitFor({ timeout: 30_000 });
    expect(await lines.locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^毛布30 個・本七尾市172022-console-1 · 172022.+高$/),
      expect.stringMatching(/^毛布12 個・本七尾市172022-console-2 · 172022.+高$/),
    ]);
    expect(await section.getByTestId('rm-forecast').textContent()).toContain('2 行が要請になります');
    await page.screenshot({ path: path.join(screenshots, 'logistics-rm-preview-1366.png') });
    const take = section.getByRole('button', { name: '要請として取り込む' });
    await take.focus();
    await page.keyboard.press('Enter');
    await section.getByTestId('rm-outcome').waitFor({ timeout: 30_000 });
    expect(await section.getByTestId('rm-outcome').textContent()).toMatch(/取り込みました（2 行が要請になりました）/);
    // The needs table now holds the two requests' shelters' area.
    await expect.poll(() => page.getByRole('region', { name: '需要と在庫', exact: true }).locator('tbody').textContent(), { timeout: 60_000 }).toContain('七尾市');
    await page.screenshot({ path: path.join(screenshots, 'logistics-rm-imported-1366.png') });
    // Download the needs as EDXL-RM from the same place.
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'EDXL-RM（XML）で保存' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^needs-jp-172022-nanao-city-\d{8}-\d{4}\.xml$/);
    expect(await readFile((await download.path())!, 'utf8')).toContain('172022-console-1');
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a request sent outside the data space, previews and takes in the partner’s answer file, and shows the requests sent with their answers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-rm-answer-'));
    const messageId = `nanao-outside-${Date.now()}`;
    const demand = (shelter: string, category: 'blanket' | 'food', unit: 'piece' | 'meal', quantity: number): Demand => ({
      origin: 'request', destination: { type: 'shelter', id: shelter }, areaCode: '172022', location: { type: 'Point', coordinates: [136.97, 37.04] },
      item: { category }, quantity, unit, neededBy: new Date(Date.now() + 86_400_000).toISOString(), priority: 'high',
    });
    const write = (message: Parameters<typeof writeRmMessage>[0]) => {
      const w = writeRmMessage(message);
      if (!w.ok) throw new Error(JSON.stringify(w.problems));
      return w.xml;
    };
    const request = path.join(dir, 'request-sent.xml');
    await writeFile(request, write(requestResourceOf({ messageId, sentAt: new Date().toISOString(), originatingMessageId: messageId, contact: { role: 'Requester', description: '七尾市 物資班' } }, [
      { id: 'o1', demand: demand('172022-outside-1', 'blanket', 'piece', 150) },
      { id: 'o2', demand: demand('172022-outside-2', 'food', 'meal', 600) },
    ])));
    const answer = path.join(dir, 'retailer-commit.xml');
    await writeFile(answer, write({
      type: 'CommitResource',
      header: { messageId: `${messageId}-commit`, sentAt: new Date().toISOString(), originatingMessageId: messageId, precedingMessageId: messageId, contact: { role: 'RespondingOrg', description: '金沢の小売業者 物流部' } },
      lines: [
        { elementId: 'C-1', respondsTo: 'o1', answer: 'accept', line: { category: 'blanket', unit: 'piece', quantity: 150 } },
        { elementId: 'C-2', respondsTo: 'o2', answer: 'decline', reason: '在庫なし', line: { category: 'food', unit: 'meal', quantity: 600 } },
      ],
    }));

    const context = await demo!.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(nanao().consoleUrl);
    await page.getByRole('link', { name: '物資支援' }).click();
    await page.getByLabel('あなたの名前').fill('七尾市 物資班 田中');
    const sent = page.getByRole('region', { name: '送った要請と回答', exact: true });
    // Recorded from the console, by keyboard: the result is said where the focus lands.
    await sent.getByLabel('送った RequestResource のファイル（XML）').setInputFiles(request);
    await sent.getByLabel(/^送り先/).fill('金沢の小売業者（メールで送付）');
    await sent.getByRole('button', { name: '送った要請として記録する' }).focus();
    await page.keyboard.press('Enter');
    const recorded = sent.getByTestId('record-sent-result');
    await recorded.waitFor({ timeout: 30_000 });
    expect(await recorded.textContent()).toContain(`記録しました: 要請 ${messageId} を金沢の小売業者（メールで送付）へ送付`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('record-sent-result');
    const card = sent.getByTestId('sent-request').filter({ hasText: messageId });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toMatch(/^金沢の小売業者（メールで送付）への要請（.+）MessageID .+ · 送った人 七尾市 物資班 田中$/);
    expect(await card.getByTestId('sent-line-state').allTextContents()).toEqual(['まだ回答なし', 'まだ回答なし']);

    // The partner's answer file: which requested line each of its lines answers, and what taking it in would change.
    const files = page.getByRole('region', { name: 'EDXL-RM のファイル（要請と回答）' });
    await files.getByLabel(/EDXL-RM ファイル（XML）/).setInputFiles(answer);
    const answerPreview = files.getByTestId('rm-answer');
    await answerPreview.waitFor({ timeout: 30_000 });
    expect(await answerPreview.getByRole('heading', { level: 4 }).textContent()).toMatch(/^金沢の小売業者 物流部からの引受・辞退/);
    expect(await answerPreview.getByTestId('rm-answer-request').textContent()).toContain(`七尾市 物資班 田中 が金沢の小売業者（メールで送付）へ送った要請 ${messageId} への回答です`);
    expect(await answerPreview.locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^毛布 150 個・本 · 七尾市引受 150 個・本/),
      expect.stringMatching(/^食料 600 食 · 七尾市辞退 600 食（理由: 在庫なし）/),
    ]);
    expect(await files.getByTestId('rm-changes').locator('li').allTextContents()).toEqual(['毛布 150 個・本 · 七尾市: 引受 0 → 150', '食料 600 食 · 七尾市: 辞退 0 → 600']);
    expect(await files.getByTestId('rm-forecast').textContent()).toContain(`要請 ${messageId} への回答として記録します（2 行）`);
    await answerPreview.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-rm-answer-preview-1366.png') });
    await files.getByRole('button', { name: '回答として取り込む' }).focus();
    await page.keyboard.press('Enter');
    await files.getByTestId('rm-outcome').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^取り込みの結果回答 .+: 要請 .+ への回答として記録しました（2 行）。$/);

    // The request sent now says what the answers say, and its answers open from the keyboard.
    await expect.poll(() => card.getByTestId('sent-line-state').allTextContents(), { timeout: 30_000 }).toEqual(['引受 150', '辞退 600']);
    await card.getByRole('button', { name: '回答を表示（1 件）' }).press('Enter');
    await card.getByTestId('sent-answers').waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('sent-line-answers').allTextContents()).toEqual([
      expect.stringMatching(/^\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2} 金沢の小売業者（メールで送付）: 引受 150 個・本$/),
      expect.stringMatching(/: 辞退 600 食（理由: 在庫なし）$/),
    ]);
    expect(await card.getByTestId('sent-answers').textContent()).toMatch(/^引受・辞退 金沢の小売業者（メールで送付）のファイル（七尾市 物資班 田中 が取り込み） · .+ 受信MessageID /);
    expect(await card.getByRole('button', { name: '回答を閉じる' }).getAttribute('aria-expanded')).toBe('true');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-sent-1366.png') });
    await context.close();

    // In English at tablet width: the same request, its lines readable (no cell narrower than a word).
    const tablet = await demo!.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'en-GB' });
    const en = await tablet.newPage();
    await en.goto(nanao().consoleUrl);
    await en.getByRole('button', { name: 'English' }).click();
    await en.getByRole('link', { name: 'Logistics' }).click();
    const enCard = en.getByRole('region', { name: 'Requests sent and answers', exact: true }).getByTestId('sent-request').filter({ hasText: messageId });
    await enCard.waitFor({ timeout: 60_000 });
    expect(await enCard.getByRole('heading', { level: 3 }).textContent()).toMatch(/^Request to 金沢の小売業者（メールで送付） \(.+\)MessageID /);
    expect(await enCard.getByTestId('sent-line-state').allTextContents()).toEqual(['committed 150', 'declined 600']);
    await enCard.getByRole('button', { name: 'Show the answer (1)' }).press('Enter');
    await enCard.getByTestId('sent-line-answers').first().waitFor({ timeout: 30_000 });
    expect(await enCard.getByTestId('sent-line-answers').nth(1).textContent()).toMatch(/: Declined 600 meals \(reason: 在庫なし\)$/);
    for (const cell of await enCard.locator('tbody tr:not(.said-row) td').all()) expect((await cell.boundingBox())!.width).toBeGreaterThan(50);
    await enCard.scrollIntoViewIfNeeded();
    await en.screenshot({ path: path.join(screenshots, 'logistics-sent-768.png') });
    await tablet.close();
    await rm(dir, { recursive: true, force: true });
  });
});
