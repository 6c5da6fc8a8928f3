// What the console's browser tests share: where Chromium is and whether to run (a machine without it skips; CI fails),
// where screenshots go, Chromium launched as the tests need it (software GL for MapLibre), and a small demo federation
// on free ports in a temporary directory, closed and removed afterwards.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startDemoFederation, type DemoFederation, type DemoNode } from '../../../src/demo/federation.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const screenshots = path.join(repoRoot, 'test-results', 'browser');
export const chromiumPath = process.env.TSUNAGU_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Locally a machine without Chromium skips the browser tests; in CI a missing browser is a failure, not a skip. */
export const runBrowser = existsSync(chromiumPath) || process.env.CI !== undefined;

/** Small synthetic populations: enough rows for every page, quick to build. */
export const SMALL_DEMO = { nanao: 20, wajima: 20, clinicPatients: 10, careClients: 10 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'],
  });
}

export interface BrowserDemo {
  browser: Browser;
  federation: DemoFederation;
  node(key: string): DemoNode;
  close(): Promise<void>;
}

/** Chromium and a demo federation on free ports under a fresh temporary directory named after the test. */
export async function startBrowserDemo(name: string, sizes = SMALL_DEMO): Promise<BrowserDemo> {
  await mkdir(screenshots, { recursive: true });
  const browser = await launchChromium();
  const root = await mkdtemp(path.join(os.tmpdir(), `tsunagu-${name}-`));
  const federation = await startDemoFederation({ root, basePort: 0, sizes, logLevel: 'silent' });
  return {
    browser,
    federation,
    node(key) {
      const found = federation.nodes.find((n) => n.participant.key === key);
      if (!found) throw new Error(`no demo node ${key}`);
      return found;
    },
    async close() {
      await browser.close();
      await federation.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
