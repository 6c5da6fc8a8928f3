// The situation picture in a real browser against the demo federation: Nanao's map shows no alert in the real picture,
// and, when the operator chooses the exercise picture, the reconstructed Noto telegrams (intensities, major tsunami
// warning) as municipal areas, clearly labelled as an exercise, with shelters still on the map; the boundaries are
// loaded for the prefectures the picture touches only, and the coasts the tsunami warning names in Toyama, Niigata and
// beyond are drawn and listed like Ishikawa's; a municipality's popup opens from the keyboard; the alerts page's timeline lists alerts and situation reports newest first, each link
// opening its record; Nanao subscribes to Ishikawa Prefecture's alerts from the page; Ishikawa Prefecture's operator
// chooses a municipality by name with the keyboard and drafts a report for it with no alert in force, refusals named. Screenshots at 1366×900 and 768×1024 go to test-results/browser/.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityPoints } from '../../src/model/index.ts';
import { runBrowser, screenshots, startBrowserDemo, type BrowserDemo } from './support/browser-demo.ts';

let demo: BrowserDemo | undefined;

async function openMap(viewport: { width: number; height: number }, locale = 'ja-JP'): Promise<Page> {
  const context = await demo!.browser.newContext({ viewport, locale });
  const page = await context.newPage();
  await page.goto(demo!.node('nanao').consoleUrl);
  await page.waitForSelector('[data-map-state="ready"]', { timeout: 60_000 });
  return page;
}

describe.skipIf(!runBrowser)('alert layers and the timeline in a browser', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    demo = await startBrowserDemo('alert-map');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  }, 180_000);

  it('shows no exercise alert in the real picture, and the labelled exercise picture with intensities and tsunami coasts when chosen', async () => {
    const page = await openMap({ width: 1366, height: 900 });
    const legend = page.getByTestId('alert-legend');
    await expect.poll(() => legend.getByTestId('alert-layer-empty').count()).toBe(1);
    expect(await page.getByTestId('alert-places').count()).toBe(0);

    // Boundaries are asked for as the picture needs them: none for the empty real picture.
    const boundaryFiles: string[] = [];
    page.on('response', (r) => {
      const m = /\/operator\/alerts\/boundaries\/(\d{2})$/.exec(r.url());
      if (m && r.status() === 200) boundaryFiles.push(m[1]!);
    });
    await page.getByLabel('表示する情報', { exact: true }).selectOption('exercise');
    await page.getByTestId('alert-places').waitFor();
    expect(await page.getByTestId('alert-picture-notice').textContent()).toContain('訓練');
    expect(await legend.getByRole('heading', { level: 3 }).first().textContent()).toContain('訓練');
    const places = await page.getByTestId('alert-places').getByRole('button').allTextContents();
    expect(places.find((p) => p.startsWith('輪島市'))).toMatch(/震度7.*大津波警報/);
    expect(places.find((p) => p.startsWith('七尾市'))).toMatch(/震度6強.*大津波警報/);
    // The tsunami warning names coasts beyond Ishikawa: drawn as their areas and listed like Ishikawa's.
    expect(places.find((p) => p.startsWith('富山市'))).toMatch(/津波警報/);
    expect(places.find((p) => p.startsWith('上越市'))).toMatch(/津波/);
    expect(await page.getByTestId('alert-unplaced').count()).toBe(0);
    await expect.poll(() => page.getByTestId('alert-areas-loading').count(), { timeout: 30_000 }).toBe(0);
    expect([...new Set(boundaryFiles)].sort()).toEqual(['06', '15', '16', '17', '18', '28']);
    expect(await page.getByTestId('alert-areas-failed').count()).toBe(0);
    // Shelters stay on the map with the alerts.
    await expect.poll(() => page.getByTestId('map-summary').textContent()).toMatch(/避難所 [1-9]\d*件/);
    await page.screenshot({ path: path.join(screenshots, 'alert-map-exercise-1366.png') });

    // Keyboard: the list's button opens the municipality's popup, with its record links.
    const nanaoButton = page.getByTestId('alert-places').getByRole('button', { name: /^七尾市/ });
    await nanaoButton.focus();
    await page.keyboard.press('Enter');
    const popup = page.getByTestId('alert-popup');
    await popup.waitFor();
    expect(await popup.textContent()).toMatch(/訓練 — 実際の警報ではありません.*七尾市 \(172022\).*震度6強.*大津波警報（石川県能登）/s);
    expect(await popup.getByRole('link').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(screenshots, 'alert-map-popup-1366.png') });

    // Another prefecture's municipality, from the keyboard: the map goes there and its popup says what the coast has.
    await page.keyboard.press('Escape');
    const toyama = page.getByTestId('alert-places').getByRole('button', { name: /^富山市/ });
    await toyama.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('alert-popup').textContent()).toMatch(/富山市 \(162019\).*津波警報（富山県）/s);
    await page.screenshot({ path: path.join(screenshots, 'alert-map-toyama-1366.png') });
    await page.context().close();
  });

  it('draws the layer and its legend at tablet width, in English too', async () => {
    const page = await openMap({ width: 768, height: 1024 }, 'en-GB');
    await page.locator('#map-picture').selectOption('exercise');
    await page.getByTestId('alert-places').waitFor();
    await expect.poll(() => page.getByTestId('alert-areas-loading').count(), { timeout: 30_000 }).toBe(0);
    // Zoomed out to the whole Sea of Japan coast the warning names, from Yamagata to Hyogo.
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(screenshots, 'alert-map-exercise-768.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('alert-legend').textContent()).toMatch(/Alerts — Exercise picture/);
    expect(await page.getByTestId('alert-picture-notice').textContent()).toMatch(/not the real one/);
    await page.screenshot({ path: path.join(screenshots, 'alert-map-exercise-768-en.png'), fullPage: true });
    await page.context().close();
  });

  it('lists alerts and situation reports newest first on the timeline, each linking to its record', async () => {
    const page = await openMap({ width: 1366, height: 900 });
    // The token stays with the tab; the hash now names the page.
    await page.evaluate(() => {
      window.location.hash = '#/alerts?status=exercise';
    });
    const timeline = page.getByTestId('alerts-timeline');
    await timeline.waitFor();
    const first = await timeline.getByRole('listitem').allTextContents();
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.every((l) => /警報 \(発表\)/.test(l))).toBe(true);

    // A report drafted and approved joins the timeline, newest first.
    await page.getByLabel('作成・承認する人').fill('七尾市 防災担当 テスト');
    // The exercise alerts name Nanao, so its municipality is chosen to begin with.
    await expect.poll(() => page.getByRole('checkbox', { name: /七尾市/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: '下書きを作る' }).click();
    // The draft says what logistics' plan leaves unmet; an exercise report with no plan gathers no needs or stock (they are
    // shared for supply logistics, not for training) and says so.
    await expect.poll(() => page.getByRole('region', { name: '未充足の需要' }).textContent()).toMatch(/物資計画 .+ で充足されない量|物資の計画がなく、訓練・試験の報告では各ノードから需要と在庫を集めません/);
    await page.getByRole('button', { name: '承認する' }).click();
    await page.getByRole('button', { name: '印刷' }).waitFor();
    await page.reload();
    await timeline.waitFor();
    const items = await timeline.getByRole('listitem').allTextContents();
    expect(items[0]).toMatch(/状況報告 \(七尾市 防災担当 テスト が承認\)/);
    expect(items[1]).toMatch(/状況報告 \(七尾市 防災担当 テスト が作成\)/);
    const times = await timeline.locator('time').evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // An alert's link opens that alert.
    await timeline.getByRole('listitem').filter({ hasText: '警報 (発表)' }).first().getByRole('link').click();
    await page.locator('#alert-detail').waitFor();
    expect(await page.locator('#alert-detail').textContent()).toBeTruthy();

    // Nanao asks Ishikawa Prefecture's node for the alerts of its jurisdiction; the subscription is listed.
    await page.getByLabel('送ってもらうノード').selectOption({ label: '石川県' });
    await page.getByRole('button', { name: '購読する（30日）' }).click();
    await expect.poll(() => page.getByTestId('alert-subscriptions').textContent(), { timeout: 30_000 }).toMatch(/石川県・人命救助・地域 172022/);
    // A polygon narrows it: a broken one is named before anything is sent, a good one is listed as by polygon.
    const polygonField = page.getByLabel(/この範囲の中だけ/);
    await polygonField.fill('{"type":"Polygon","coordinates":[[[136.9,37.0],[137.0,37.0]]]}');
    await page.getByRole('button', { name: '購読する（30日）' }).click();
    await expect.poll(() => page.locator('#subscription-problem').textContent()).toBeTruthy();
    const [lon, lat] = municipalityPoints.get('172022')!.at;
    const around = [[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01], [lon - 0.01, lat - 0.01]];
    await polygonField.fill(JSON.stringify({ type: 'Polygon', coordinates: [around] }));
    await page.getByRole('button', { name: '購読する（30日）' }).click();
    await expect.poll(() => page.getByTestId('alert-subscriptions').textContent(), { timeout: 30_000 }).toMatch(/地域 172022・.+ まで・多角形による/);
    await page.screenshot({ path: path.join(screenshots, 'alerts-timeline-1366.png'), fullPage: true });
    await page.context().close();
  });

  it('drafts a report for municipalities chosen by name with the keyboard when no alert is in force, naming who refused', async () => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 768, height: 1024 }]) {
      const context = await demo!.browser.newContext({ viewport, locale: 'ja-JP' });
      const page = await context.newPage();
      await page.goto(demo!.node('ishikawa').consoleUrl);
      await page.evaluate(() => {
        window.location.hash = '#/alerts';
      });
      const list = page.getByTestId('report-area-list');
      await list.waitFor();
      // The prefecture's jurisdiction: the whole of it, then its municipalities by name.
      expect(await list.getByRole('checkbox').count()).toBeGreaterThanOrEqual(19);
      await page.getByLabel('名前かコードで探す').fill('わじま');
      expect(await list.getByRole('checkbox').count()).toBe(0);
      await page.getByLabel('名前かコードで探す').fill('輪島');
      expect(await list.getByRole('checkbox').count()).toBe(1);
      // Keyboard only: from the search box to the one box left, ticked with Space.
      await page.getByLabel('名前かコードで探す').focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId('report-areas-chosen').textContent()).toMatch(/選択中（1）: 輪島市/);
      await page.getByLabel('名前かコードで探す').fill('1720');
      await list.getByRole('checkbox', { name: /七尾市/ }).check();
      await expect.poll(() => page.getByTestId('report-areas-chosen').textContent()).toMatch(/選択中（2）: 七尾市、輪島市/);
      await page.getByLabel('作成・承認する人').fill('石川県 防災担当 テスト');
      await page.getByRole('button', { name: '下書きを作る' }).click();
      const report = page.getByRole('article', { name: '状況報告' });
      await report.waitFor({ timeout: 60_000 });
      const text = (await report.textContent()) ?? '';
      expect(text).toMatch(/対象: 輪島市 \(172049\)、七尾市 \(172022\)/);
      expect(text).toMatch(/この時点で、これらの地域にこの種別の発表中の警報はありませんでした/);
      // Without a declaration the person holders refuse life-saving: each named as the trust list names it, with its reason once.
      const refusals = await report.locator('li').filter({ hasText: '要配慮者）:' }).allTextContents();
      expect(refusals.length).toBeGreaterThan(0);
      for (const line of refusals) {
        expect(line).not.toMatch(/jp-\d{6}|HTTP|NODE_/);
        expect(line.match(/利用ポリシー/g)?.length ?? 0).toBeLessThanOrEqual(1);
      }
      await page.screenshot({ path: path.join(screenshots, `alerts-report-areas-${viewport.width}.png`), fullPage: true });
      await context.close();
    }
  });
});
