// The situation report's unmet needs, asked of the node's logistics application through the application interface:
// the latest plan's figures with their needs and nodes, "no plan yet" before one, "not installed" on a node without
// logistics — and a plan that was declined does not count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { alertsApplication, logisticsApplication } from '../../src/apps/index.ts';
import { unmetNeedsSection } from '../../src/apps/alerts/report.ts';
import { logisticsStorage } from '../../src/apps/logistics/storage.ts';
import type { NeedLine } from '../../src/apps/logistics/types.ts';
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

  it('says there is no plan yet, then gives the latest plan’s unmet needs with their shelters and nodes, never a declined one', async () => {
    const alerts = keeping(alertsApplication());
    const logistics = keeping(logisticsApplication());
    await installApplications([alerts.app, logistics.app], host(store));
    expect(await unmetNeedsSection(alerts.context(), ['172022'], 'en')).toEqual({ state: 'no-plan' });

    const storage = logisticsStorage(logistics.context().database, NODE);
    const inputs = { needs: [need('n1', 'shelter-a', 100), need('n2', 'shelter-b', 40)], answered: [{ node: NODE, dataset: 'shelters', count: 2 }] };
    await storage.savePlan({ id: 'plan-a', state: 'proposed', proposedAt: '2024-01-02T00:00:00.000Z', inputs, result: { unmet: [{ demand: 'n1', quantity: 30 }, { demand: 'n2', quantity: 0 }] } }, []);
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
    expect(await unmetNeedsSection(alerts.context(), ['172022'], 'en')).toMatchObject({ state: 'plan', planId: 'plan-a' });
  });
});
