// The logistics plan on the map in a real browser against the demo federation: Nanao's officer proposes a plan and
// sees the prefecture's road picture (closed roads counted in the legend), the flows from the Kanazawa depot to
// Nanao's shelters, a shelter at Machino that no open road reaches marked isolated, and opens a flow's and the
// isolated shelter's popups from the keyboard list (items, quantities, minutes); the same plan in English at tablet width. Screenshots at 1366×900 and 768×1024 go to test-results/browser/.
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
    await page.getByRole('button', { name: '計画を提案させる' }).click();
    await page.waitForSelector('[data-testid="plan-map"][data-map-state="ready"]', { timeout: 90_000 });
    // The prefecture's road picture of January 2024 has closed segments; the legend counts them.
    await expect.poll(() => page.getByText(/通行止め: \d+ 区間/).textContent()).toMatch(/通行止め: [1-9]\d* 区間/);
    const flows = page.getByTestId('plan-flows').getByRole('button');
    expect(await flows.count()).toBeGreaterThan(0);
    expect(await flows.first().textContent()).toMatch(/depot-kanazawa.*→.*\d+ 分/);

    // The isolated shelter is listed beside the map, and its popup says it needs air or sea delivery.
    const isolated = page.getByTestId('plan-isolated').getByRole('button', { name: /machino-test-shelter/ });
    await isolated.focus();
    await page.keyboard.press('Enter');
    const placePopup = await page.getByTestId('plan-place-popup').textContent();
    expect(placePopup).toMatch(/孤立.*空路・海路/);
    expect(placePopup).not.toContain('この計画で届ける');
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-isolated-1366.png') });

    await flows.first().focus();
    await page.keyboard.press('Enter');
    const popup = page.getByTestId('plan-flow-popup');
    await popup.waitFor();
    expect(await popup.textContent()).toMatch(/行 \d+: 食料 [\d,]+ 食/);
    await page.getByTestId('plan-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-1366.png') });
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
    expect(await page.getByTestId('plan-flows').getByRole('button').first().textContent()).toMatch(/→.*\d+ min/);
    expect(await page.getByTestId('plan-isolated').textContent()).toContain('machino-test-shelter');
    await page.getByTestId('plan-map').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'logistics-map-768.png') });
    await context.close();
  });
});
