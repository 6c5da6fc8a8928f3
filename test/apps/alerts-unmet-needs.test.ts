// The situation report's unmet needs, asked of the node's logistics application through the application interface
// (`logistics.unmet-needs` version 2): the latest plan's figures with their needs and nodes while it stands, the open
// needs against the stock known before any plan or after the latest was declined, "not installed" on a node without
// logistics — and version 1 still answering as it always did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { alertsApplication, logisticsApplication } from '../../src/apps/index.ts';
import { unmetNeedsSection } from '../../src/apps/alerts/report.ts';
import { logisticsStorage } from '../../src/apps/logistics/storage.ts';
import type { NeedLine, PlanLine } from '../../src/apps/logistics/types.ts';
import { unmetNeedsCapability } from '../../src/model/index.ts';
import type { Application, ApplicationContext } from '../../src/node/application/index.ts';
import { installApplications, type ApplicationHost } from '../../src/node/application/install.ts';
import { createAccessGate } from '../../src/node/access-gate.ts';
import { publicOnly } from '../../src/node/requester.ts';
import { standaloneFederationClient } from '../../src/node/operator/trusted-context.ts';

const NODE = 'jp-172022-nanao-city';

/** The application with the context the node gave it, for the test to act as its routes would. */
function keeping(app: Application): { app: Application; context: () => ApplicationContext } {
  let kept: ApplicationContext | undefined;
  return { app: { ...app, install: (context) => ((kept = context), app.install(context)) }, context: () => kept! };
}

function host(store: Store): ApplicationHost {
  const auditLog = { append: async () => ({ ok: true as const, entries: [] }) } as unknown as ApplicationHost['auditLog'];
  return {
    store, participantId: NODE, name: { ja: '七尾市', en: 'Nanao City' }, dataAreas: [], participantName: () => undefined, now: () => new Date(),
    declarations: () => [], peers: () => [], client: standaloneFederationClient('none'), auditLog,
    gate: createAccessGate({ policies: [], auditLog, dataAreas: [] }), authenticate: publicOnly, warn: () => undefined,
  };
}

/** An application that still asks version 1, as one written before version 2 would. */
const versionOneReader = (): Application => ({ id: 'reader', name: { ja: '読み手', en: 'Reader' }, consumes: [unmetNeedsCapability], install: () => ({}) });

const need = (id: string, shelter: string, quantity: number): NeedLine => ({
  id, receiver: NODE,
  demand: { origin: 'push-estimate', destination: { type: 'shelter', id: shelter }, areaCode: '172022' as NeedLine['demand']['areaCode'], item: { category: 'blanket' }, quantity, unit: 'piece', neededBy: '2024-01-02T09:00:00+09:00', priority: 'high' },
});

describe('unmet needs in the situation report', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('says logistics is not installed on a node without it', async () => {
    const alerts = keeping(alertsApplication());
    await installApplications([alerts.app], host(store));
    expect(await unmetNeedsSection(alerts.context(), ['172022'], 'ja')).toEqual({ state: 'not-installed' });
  });

  it('gives the open needs against the stock known before any plan, then the latest plan’s unmet needs, then needs against stock again once the latest is declined', async () => {
    const alerts = keeping(alertsApplication());
    const logistics = keeping(logisticsApplication({ service: { deadlineMs: 1_000 } }));
    const reader = keeping(versionOneReader());
    await installApplications([alerts.app, logistics.app, reader.app], host(store));
    const storage = logisticsStorage(logistics.context().database, NODE);
    const v1 = () => reader.context().capabilities.ask(unmetNeedsCapability, { areas: ['172022'] as never });

    // No plan: a request entered is a need; this node asks no peer, so no stock is known and all of it is short.
    await storage.saveRequest({ id: 'request-1', demand: { ...need('request-1', 'shelter-a', 60).demand, origin: 'request', requestedBy: NODE }, enteredBy: 'operator', enteredAt: '2024-01-01T23:00:00.000Z' });
    const before = await unmetNeedsSection(alerts.context(), ['172022'], 'en');
    expect(before).toMatchObject({
      state: 'needs-against-stock', why: 'no-plan', href: '#/logistics',
      municipalities: [{ code: '172022', items: [{ category: 'blanket', unit: 'piece', needed: 60, needs: [{ needId: 'request-1', node: NODE, origin: 'request', quantity: 60 }] }] }],
      items: [{ category: 'blanket', unit: 'piece', neededInAreas: 60, neededEverywhere: 60, knownStock: 0, short: 60, holders: [] }],
      missing: [],
    });
    expect(before).not.toHaveProperty('declinedPlanId');
    // Version 1 answers as documented: no plan.
    expect(await v1()).toMatchObject({ kind: 'answered', provider: 'logistics', answer: { kind: 'no-plan' } });

    const inputs = { needs: [need('n1', 'shelter-a', 100), need('n2', 'shelter-b', 40)], answered: [{ node: NODE, dataset: 'shelters', count: 2 }] };
    // The plan's lines send 70 of n1's 100 blankets and all 40 of n2's: what is unmet is read from them as they stand.
    const line = (n: number, demandId: string, destination: string, quantity: number): PlanLine => ({
      line: n, supplier: NODE, stockId: 'depot:blankets', stockVersion: 1, depot: { type: 'facility', id: 'depot' }, receiver: NODE,
      destination: { type: 'shelter', id: destination }, areaCode: '172022', demandId, category: 'blanket', unit: 'piece', quantity, proposedQuantity: quantity, minutes: 30, route: [],
    });
    await storage.savePlan(
      { id: 'plan-a', state: 'proposed', proposedAt: '2024-01-02T00:00:00.000Z', inputs, result: { unmet: [{ demand: 'n1', quantity: 30 }, { demand: 'n2', quantity: 0 }] } },
      [line(1, 'n1', 'shelter-a', 70), line(2, 'n2', 'shelter-b', 40)],
    );
    const section = await unmetNeedsSection(alerts.context(), ['172022'], 'en');
    expect(section).toMatchObject({
      state: 'plan', planId: 'plan-a', planState: 'proposed', href: '#/logistics',
      municipalities: [{ code: '172022', items: [{ category: 'blanket', unit: 'piece', unmet: 30, needed: 100, needs: [{ needId: 'n1', node: NODE, destination: { type: 'shelter', id: 'shelter-a' } }] }] }],
      sources: [{ node: NODE, dataset: 'shelters', count: 2 }],
    });
    // Only the asked areas: Wajima has nothing here.
    expect(await unmetNeedsSection(alerts.context(), ['172049'], 'en')).toMatchObject({ state: 'plan', municipalities: [] });

    await storage.savePlan({ id: 'plan-b', state: 'proposed', proposedAt: '2024-01-02T01:00:00.000Z', inputs, result: { unmet: [] } }, []);
    await storage.decline('plan-b', 'operator', '2024-01-02T01:10:00.000Z', 'wrong counts');
    expect(await unmetNeedsSection(alerts.context(), ['172022'], 'en')).toMatchObject({ state: 'needs-against-stock', why: 'latest-declined', declinedPlanId: 'plan-b' });
    // Version 1 keeps reading the latest plan not declined.
    expect(await v1()).toMatchObject({ kind: 'answered', answer: { kind: 'plan', planId: 'plan-a' } });
  });

  it('gathers no needs or stock for an exercise or test report (they are shared for supply logistics, not for training); a standing plan is reported', async () => {
    const alerts = keeping(alertsApplication());
    const versions: number[] = [];
    const logistics = keeping(logisticsApplication({ service: { deadlineMs: 1_000 } }));
    const fresh = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    try {
      await installApplications([alerts.app, logistics.app], host(fresh));
      const context = alerts.context();
      const ask = context.capabilities.ask;
      const counting = { ...context, capabilities: { ...context.capabilities, ask: ((c: { version: number }, q: unknown) => (versions.push(c.version), (ask as (c: unknown, q: unknown) => unknown)(c, q))) as typeof ask } };
      const storage = logisticsStorage(logistics.context().database, NODE);
      await storage.saveRequest({ id: 'request-1', demand: { ...need('request-1', 'shelter-a', 60).demand, origin: 'request', requestedBy: NODE }, enteredBy: 'operator', enteredAt: '2024-01-01T23:00:00.000Z' });
      // No plan: an exercise or a test report asks only for the plan (version 1, which gathers nothing), an actual report gathers.
      expect(await unmetNeedsSection(counting, ['172022'], 'en', 'exercise')).toEqual({ state: 'not-for-exercise' });
      expect(await unmetNeedsSection(counting, ['172022'], 'en', 'test')).toEqual({ state: 'not-for-exercise' });
      expect(await unmetNeedsSection(counting, ['172022'], 'en', 'actual')).toMatchObject({ state: 'needs-against-stock' });
      expect(versions).toEqual([1, 1, 2]);
      // A standing plan is this node's own: an exercise report gives it as an actual one does.
      await storage.savePlan({ id: 'plan-x', state: 'proposed', proposedAt: '2024-01-02T00:00:00.000Z', inputs: { needs: [need('n1', 'shelter-a', 10)], answered: [] }, result: { unmet: [{ demand: 'n1', quantity: 10 }] } }, []);
      expect(await unmetNeedsSection(counting, ['172022'], 'en', 'exercise')).toMatchObject({ state: 'plan', planId: 'plan-x' });
    } finally {
      await fresh.close();
    }
  });
});
