// One application asking another through the node: wired at install whatever the order, refused at install when two
// provide the same capability or a provider answers what it did not declare, and `not-installed` — never a crash —
// when no application of the node provides it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { openStore } from '../../store/open-store.ts';
import { capabilityAnswerer, type Application, type ApplicationCapability, type ApplicationContext } from './application.ts';
import { ApplicationInstallError, installApplications, type ApplicationHost } from './install.ts';
import { createAccessGate } from '../access-gate.ts';
import { publicOnly } from '../requester.ts';
import { standaloneFederationClient } from '../operator/trusted-context.ts';
import { standaloneApplicationContext } from './standalone-context.ts';

const counts = {
  name: 'stock.counts',
  version: 1,
  description: 'how many of an item this node holds',
  question: Type.Object({ item: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  answer: Type.Object({ item: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
} satisfies ApplicationCapability;

const held: Record<string, number> = { blanket: 12, water: 40 };
const provider = (answer = async ({ item }: { item: string }) => ({ item, count: held[item] ?? 0 })): Application => ({
  id: 'stock',
  name: { ja: '在庫', en: 'Stock' },
  provides: [counts],
  install: () => ({ answers: [capabilityAnswerer(counts, answer)] }),
});

/** A consumer that keeps its context, so the test can ask as it would from a route. */
function consumer(consumes: readonly ApplicationCapability[] = [counts]): Application & { context?: ApplicationContext } {
  const app: Application & { context?: ApplicationContext } = {
    id: 'report',
    name: { ja: '報告', en: 'Report' },
    consumes,
    install: (context) => {
      app.context = context;
      return {};
    },
  };
  return app;
}

describe('capabilities between applications', () => {
  let host: ApplicationHost;
  beforeAll(async () => {
    const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    const auditLog = { append: async () => ({ ok: true as const, entries: [] }) } as unknown as ApplicationHost['auditLog'];
    host = {
      store, participantId: 'jp-172022-nanao-city', name: { ja: '七尾市', en: 'Nanao City' }, dataAreas: [], participantName: () => undefined,
      now: () => new Date(), declarations: () => [], peers: () => [], client: standaloneFederationClient('none'), auditLog,
      gate: createAccessGate({ policies: [], auditLog, dataAreas: [] }), authenticate: publicOnly, warn: () => undefined,
    };
  });
  afterAll(async () => {
    await host.store.close();
  });

  it('answers a consumer installed before its provider, checked against the answer schema', async () => {
    const report = consumer();
    await installApplications([report, provider()], host);
    const outcome = await report.context!.capabilities.ask(counts, { item: 'blanket' });
    expect(outcome).toEqual({ kind: 'answered', provider: 'stock', answer: { item: 'blanket', count: 12 } });
  });

  it('says not-installed when no application of the node provides the capability', async () => {
    const report = consumer();
    await installApplications([report], host);
    expect(await report.context!.capabilities.ask(counts, { item: 'blanket' })).toEqual({ kind: 'not-installed', capability: 'stock.counts@1' });
  });

  it('says not-installed in a context made outside a node', async () => {
    const app = consumer();
    const context = await standaloneApplicationContext(app, { participantId: 'x', store: host.store, auditLog: host.auditLog, client: host.client, peers: () => [] });
    expect((await context.capabilities.ask(counts, { item: 'water' })).kind).toBe('not-installed');
  });

  it('refuses to ask what the consumer did not declare in consumes', async () => {
    const report = consumer([]);
    await installApplications([report, provider()], host);
    const outcome = await report.context!.capabilities.ask(counts, { item: 'blanket' });
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'undeclared' });
  });

  it('refuses a question outside the schema before the provider sees it', async () => {
    let asked = 0;
    const report = consumer();
    await installApplications([report, provider(async ({ item }) => (asked++, { item, count: 1 }))], host);
    const outcome = await report.context!.capabilities.ask(counts, { item: '' });
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'question-invalid' });
    expect(asked).toBe(0);
  });

  it('turns a provider that throws or answers outside its schema into a failed outcome', async () => {
    const throwing = consumer();
    await installApplications([throwing, provider(async () => { throw new Error('table gone'); })], host);
    expect(await throwing.context!.capabilities.ask(counts, { item: 'water' })).toMatchObject({ kind: 'failed', reason: 'provider-error', detail: 'stock: table gone' });
    const lying = consumer();
    await installApplications([lying, provider(async ({ item }) => ({ item, count: -1 }))], host);
    expect(await lying.context!.capabilities.ask(counts, { item: 'water' })).toMatchObject({ kind: 'failed', reason: 'answer-invalid' });
  });

  it('never answers outside the schema, whatever the provider returns', async () => {
    let next: unknown;
    const report = consumer();
    await installApplications([report, provider(async () => next as { item: string; count: number })], host);
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        next = value;
        const outcome = await report.context!.capabilities.ask(counts, { item: 'water' });
        if (outcome.kind === 'answered') {
          expect(Number.isInteger(outcome.answer.count) && outcome.answer.count >= 0 && typeof outcome.answer.item === 'string').toBe(true);
        } else expect(outcome).toMatchObject({ kind: 'failed', reason: 'answer-invalid' });
      }),
      { numRuns: 200 },
    );
  });

  const other = { ...counts, answer: Type.Object({ item: Type.String(), count: Type.Number() }) } satisfies ApplicationCapability;
  it.each([
    ['the same capability provided twice', () => [provider(), { ...provider(), id: 'stock-two' }], /already provided by stock/],
    ['a consumer expecting other schemas than its provider', () => [provider(), consumer([other])], /other question or answer schemas/],
    ['a malformed capability name', () => [{ ...provider(), provides: [{ ...counts, name: 'Stock Counts' }] }], /dotted lower-case/],
    ["a capability named after another application", () => [{ ...provider(), id: 'depot' }], /must start with depot\./],
    ['a provider that answers what it does not declare', () => [{ ...provider(), provides: [] }], /answers stock.counts@1, which it does not declare in provides/],
    ['a provider that declares what it does not answer', () => [{ ...provider(), install: () => ({}) }], /does not answer it/],
  ])('refuses to install %s', async (_what, applications, why) => {
    await expect(installApplications(applications(), host)).rejects.toThrow(ApplicationInstallError);
    await expect(installApplications(applications(), host)).rejects.toThrow(why);
  });
});
