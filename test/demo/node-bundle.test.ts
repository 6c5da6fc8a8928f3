// Demo nodes started from the node bundle (no tsx) find every file they read beside their sources: they import their
// bundled data in the first start's short-lived process (data tables, migrations), answer /health and a federated
// query decided by the provider's policy (with its reasons from the message catalogs), and serve the console.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNodeBundle, ensureNodeBundle } from '../../src/demo/node-bundle.mjs';
import { startProcessDemoFederation, type ProcessDemoFederation } from '../../src/demo/process-federation.ts';

const SIZES = { nanao: 20, wajima: 20, clinicPatients: 10, careClients: 10 };

let root: string;
let federation: ProcessDemoFederation | undefined;
const bundleFailures: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-node-bundle-'));
  federation = await startProcessDemoFederation({
    root,
    basePort: 0,
    only: ['national', 'ishikawa', 'nanao'],
    sizes: SIZES,
    logLevel: 'silent',
    lang: 'en',
    trustRefreshSeconds: 0,
    onBundleFailed: (detail) => bundleFailures.push(detail),
  });
}, 600_000);

afterAll(async () => {
  await federation?.close();
  await rm(root, { recursive: true, force: true });
}, 120_000);

const node = (key: string) => federation!.nodes.find((n) => n.participant.key === key)!;

async function operator(key: string, route: string, body: unknown) {
  const n = node(key);
  const res = await fetch(`${n.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${n.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { outcome: string; items?: unknown[]; reasons?: { code: string; message: string }[] } };
}

describe('demo nodes started from the bundle', () => {
  it('run the bundle with plain node, not tsx', async () => {
    expect(bundleFailures).toEqual([]);
    const bundle = await ensureNodeBundle(defaultNodeBundle);
    expect(bundle.built).toBe(false);
    for (const n of federation!.nodes) {
      const args = (await readFile(`/proc/${n.pid}/cmdline`, 'utf8')).split('\0');
      expect(args).toContain(bundle.file);
      expect(args.join(' ')).not.toMatch(/tsx|node-process\.mjs/);
    }
  });

  it('imported their bundled data and answer /health', async () => {
    for (const n of federation!.nodes) expect((await fetch(`${n.url}/health`)).status).toBe(200);
    expect(node('nanao').summary.shelters).toBeGreaterThan(0);
    expect(node('nanao').summary.persons).toBeGreaterThan(0);
    expect(node('ishikawa').summary.shelters).toBeGreaterThan(0);
  });

  it("answer a federated query as the provider's policy decides, with its reasons read from the message catalogs", async () => {
    const shelters = await operator('ishikawa', '/operator/federation/query', { node: node('nanao').participant.id, dataset: 'shelters', purpose: 'evacuation-support', limit: 5 });
    expect(shelters.status).toBe(200);
    expect(shelters.json.outcome).toBe('allowed');
    expect(shelters.json.items?.length).toBeGreaterThan(0);
    // No declaration is in force: Nanao's list of persons stays closed to the prefecture, and says why.
    const persons = await operator('ishikawa', '/operator/federation/query?lang=en', { node: node('nanao').participant.id, dataset: 'persons', purpose: 'life-saving', area: ['172022'] });
    expect(persons.json.outcome).toBe('denied');
    expect(persons.json.reasons?.length).toBeGreaterThan(0);
    expect(persons.json.reasons!.every((r) => r.message.length > 0 && r.message !== r.code)).toBe(true);
  });

  it("serve the console's page and its scripts", async () => {
    const n = node('nanao');
    const page = await fetch(`${n.url}/console/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect((await fetch(`${n.url}/console/${s}`)).status).toBe(200);
  });
});
