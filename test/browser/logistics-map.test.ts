// The logistics plan on the map in a real browser against the demo federation: Nanao's officer reads the needs by
// area name and, before any declaration, one reason why little is published; proposes a plan and sees the
// prefecture's road picture (closed roads counted in the legend), the flows from the Kanazawa stockpile to Nanao's
// shelters by name, a shelter at Machino that no open road reaches marked isolated (by its id: no record names it),
// opens a flow's and the isolated shelter's popups from the keyboard list (items, quantities, minutes, the ids beneath
// the names), approves it and finds the orders on the board by place name; the same plan in English at tablet width.
// Screenshots at 1366×900 and 768×1024 go to test-results/browser/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoNode } from '../../src/demo/federation.ts';
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
    const board = page.getByRole('region', { name: '輸送の状況', exact: true });
    const to = board.getByTestId('shipment-to').first();
    await to.waitFor({ timeout: 60_000 });
    expect(await to.textContent()).toMatch(/^届け先: .+七尾市 · 172022-/);
    expect(await board.getByTestId('shipment-from').allTextContents()).toContainEqual(expect.stringMatching(/^出荷元: 石川県 防災備蓄倉庫（金沢）石川県 · jp-170003-ishikawa-pref:depot-kanazawa$/));
    await to.scrollIntoViewIfNeeded();
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
    await expect.poll(needAreas, { timeout: 60_000 }).toContain('輪島市172049');
    await page.getByTestId('plan-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-768.png') });
    await context.close();
  });
});
