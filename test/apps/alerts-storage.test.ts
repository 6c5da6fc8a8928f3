// The alerts application's own table on every backend: a situation report is kept as drafted, approved once (a
// second approval changes nothing and names the first), and an approval withdrawn only when it is exactly that one.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsApplication } from '../../src/apps/alerts/application.ts';
import { reportStorage, type ReportStorage } from '../../src/apps/alerts/report-storage.ts';
import type { SituationReportBody } from '../../src/apps/alerts/types.ts';
import type { Store } from '../../src/store/types.ts';
import { backends, backendRuns, openTestStore } from '../store/support/backends.ts';

const body: SituationReportBody = {
  status: 'actual', areas: ['172022'], at: '2024-01-01T08:00:00.000Z', figuresAt: '2024-01-01T08:01:00.000Z', purpose: 'life-saving',
  alerts: [{ id: 'a1', sender: '気象庁', sent: '2024-01-01T07:10:00.000Z', kinds: ['major-tsunami-warning'], severity: 'extreme', headline: '大津波警報', areaCodes: ['172022'] }],
  municipalities: [{ code: '172022', names: ['七尾市'], maxIntensity: '6+', persons: [{ node: 'jp-172022-nanao-city', count: 3 }], safety: { unknown: 3 }, shelters: [], openShelters: 0, evacuees: 0 }],
  sources: [{ node: 'jp-172022-nanao-city', dataset: 'persons', count: 3 }],
  missing: [],
};

describe.each(backends())('the alerts storage on $name', (backend) => {
  if (!backendRuns(backend)) return;

  let store: Store;
  let reports: ReportStorage;
  beforeAll(async () => {
    store = await openTestStore(backend);
    const app = alertsApplication();
    await store.applications.migrate(app.id, app.migrations!);
    reports = reportStorage(store.applications.database(app.id));
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('keeps a draft as drafted and approves it once', async () => {
    const id = randomUUID();
    await reports.save({ id, draftedAt: '2024-01-01T08:01:00.000Z', draftedBy: '七尾 太郎', body });
    expect(await reports.get(id)).toEqual({ id, draftedAt: '2024-01-01T08:01:00.000Z', draftedBy: '七尾 太郎', approval: { state: 'draft' }, body });
    const first = await reports.approve(id, '七尾 花子', '2024-01-01T08:05:00.000Z');
    expect(first).toMatchObject({ kind: 'approved', report: { approval: { state: 'approved', by: '七尾 花子', at: '2024-01-01T08:05:00.000Z' } } });
    const second = await reports.approve(id, '別の人', '2024-01-01T08:06:00.000Z');
    expect(second).toMatchObject({ kind: 'already-approved', report: { approval: { by: '七尾 花子' } } });
    expect(await reports.approve('none', 'x', '2024-01-01T08:06:00.000Z')).toEqual({ kind: 'unknown' });
  });

  it('withdraws only the very approval it names', async () => {
    const id = randomUUID();
    await reports.save({ id, draftedAt: '2024-01-01T08:01:00.000Z', draftedBy: 'a', body });
    await reports.approve(id, 'b', '2024-01-01T08:05:00.000Z');
    await reports.withdraw(id, 'someone else', '2024-01-01T08:05:00.000Z');
    expect((await reports.get(id))?.approval.state).toBe('approved');
    await reports.withdraw(id, 'b', '2024-01-01T08:05:00.000Z');
    expect((await reports.get(id))?.approval).toEqual({ state: 'draft' });
  });
});
