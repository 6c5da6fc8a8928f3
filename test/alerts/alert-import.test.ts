// Alert imports against both storage backends: all-or-nothing, Updates and Cancels written as new versions of what
// they name, JMA Serial order kept, and exercise alerts never in an actual picture.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyImport, type InputFile } from '../../src/adapters/apply-import.ts';
import { capImporter } from '../../src/adapters/cap/cap-importer.ts';
import { capAlertRecordId } from '../../src/adapters/cap/cap-alert.ts';
import { jmaImporter } from '../../src/adapters/jma/jma-importer.ts';
import { alertsOfStatus } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { backendRuns, backends, useTestStore } from '../store/support/backends.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const file = (dir: string, name: string): InputFile => ({ name, bytes: new Uint8Array(readFileSync(sharedDataPath(dir, name))) });

function cap(identifier: string, msgType: string, status = 'Exercise', references?: string): InputFile {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${identifier}</identifier><sender>bousai@pref.ishikawa.example</sender>
<sent>2024-01-01T16:${identifier.padStart(2, '0')}:00+09:00</sent><status>${status}</status><msgType>${msgType}</msgType><scope>Public</scope>
${references ? `<references>${references}</references>` : ''}<info><category>Geo</category><event>地震</event><urgency>Immediate</urgency>
<severity>Extreme</severity><certainty>Observed</certainty><headline>能登 ${identifier}</headline>
<area><areaDesc>七尾市</areaDesc><geocode><valueName>LGCode</valueName><value>172022</value></geocode></area></info></alert>`;
  return { name: `${identifier}.cap`, bytes: new TextEncoder().encode(xml) };
}

describe.each(backends())('alert import on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('imports every valid CAP example, and writes nothing when one file in the batch is invalid', async () => {
    const names = readdirSync(sharedDataPath('cap')).filter((f) => /\.(cap|edxlde)$/.test(f));
    const valid = names.filter((n) => !n.includes('invalid')).map((n) => file('cap', n));
    const refused = await applyImport(store, capImporter, [...valid, file('cap', 'invalid.cap')], ctx);
    expect(refused.applied).toBe(false);
    expect(await store.count({ type: 'alert' })).toBe(0);
    const summary = await applyImport(store, capImporter, valid, ctx);
    expect(summary.applied).toBe(true);
    // 12 alerts, but earthquake.cap and no_optional_fields.cap are the same message (sender and identifier): one record.
    expect(summary.rowsRead).toBe(12);
    expect(summary.created).toBe(11);
    expect(await store.count({ type: 'alert' })).toBe(11);
  });

  it('marks an alert superseded, then cancelled, as new versions, whatever order the files come in', async () => {
    const ref = (id: string) => `bousai@pref.ishikawa.example,${id},2024-01-01T16:${id.padStart(2, '0')}:00+09:00`;
    await applyImport(store, capImporter, [cap('11', 'Update', 'Exercise', ref('10')), cap('10', 'Alert')], ctx);
    const id = capAlertRecordId('exercise', 'bousai@pref.ishikawa.example', '10');
    const superseded = await store.get('alert', id);
    expect(superseded?.data.state).toBe('superseded');
    expect(superseded?.data.replacedBy?.identifier).toBe('11');
    await applyImport(store, capImporter, [cap('12', 'Cancel', 'Exercise', `${ref('10')} ${ref('11')}`)], ctx);
    const history = await store.history('alert', id);
    expect(history.map((h) => h.data.state)).toEqual(['superseded', 'cancelled']);
    expect((await store.get('alert', capAlertRecordId('exercise', 'bousai@pref.ishikawa.example', '11')))?.data.state).toBe('cancelled');
  });

  it('never invents the alert an Update names when it was never received', async () => {
    const before = await store.count({ type: 'alert' });
    await applyImport(store, capImporter, [cap('20', 'Update', 'Exercise', 'bousai@pref.ishikawa.example,19,2024-01-01T16:19:00+09:00')], ctx);
    expect(await store.count({ type: 'alert' })).toBe(before + 1);
    expect(await store.get('alert', capAlertRecordId('exercise', 'bousai@pref.ishikawa.example', '19'))).toBeUndefined();
  });

  it('imports every JMA sample; a later Serial wins, an older one changes nothing, a 取消 cancels', async () => {
    const names = readdirSync(sharedDataPath('jma')).filter((f) => f.endsWith('.xml'));
    const summary = await applyImport(store, jmaImporter, names.map((n) => file('jma', n)), ctx);
    expect(summary.rejected).toEqual([]);
    expect(summary.applied).toBe(true);
    const eew = (await store.query({ type: 'alert' })).filter((r) => r.data.jma?.telegramKind === 'VXSE44');
    expect(eew.map((r) => r.data.jma?.serial)).toEqual([11]);
    const again = await applyImport(store, jmaImporter, [file('jma', '36_01_03_240613_VXSE44.xml')], ctx);
    expect(again.unchanged).toBe(1);
    expect((await store.get('alert', eew[0]!.id))?.data.jma?.serial).toBe(11);
    const quake = (await store.query({ type: 'alert' })).find((r) => r.data.jma?.eventId === '20080614084350' && r.data.jma.telegramKind === 'VXSE53');
    expect(quake?.data.state).toBe('cancelled');
  });

  it('answers an actual picture without any exercise or test alert', async () => {
    const all = await store.query({ type: 'alert' });
    const actual = alertsOfStatus(all, 'actual');
    expect(actual.length).toBeGreaterThan(0);
    expect(actual.every((r) => r.data.status === 'actual')).toBe(true);
    expect(all.some((r) => r.data.status === 'exercise')).toBe(true);
  });
});
