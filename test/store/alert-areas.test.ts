// An alert names many municipalities (data.areaCodes): a query or an `alerts` subscription by area finds it when its
// areas overlap the asked ones — inside them, or containing them (a prefecture-wide warning concerns each of its
// municipalities) — on PGlite and on PostgreSQL alike.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jmaImporter } from '../../src/adapters/jma/jma-importer.ts';
import type { AreaCode, LonLat, RecordDraft } from '../../src/model/index.ts';
import type { Store } from '../../src/store/types.ts';
import { backendRuns, backends, openTestStore } from './support/backends.ts';
import { namespace } from './support/drafts.ts';

const VXSE53 = new Uint8Array(readFileSync(new URL('../../examples/alerts/noto-2024-01-01-VXSE53.reconstruction.xml', import.meta.url)));

for (const backend of backends()) {
  describe(`alerts by area on ${backend.name}`, () => {
    if (!backendRuns(backend)) return;
    let store: Store;
    const ns = namespace();
    const noto = ns.id('noto');
    const prefectureWide = ns.id('prefecture');
    const yokohama = ns.id('yokohama');
    const tsurumi = ns.id('tsurumi');

    beforeAll(async () => {
      store = await openTestStore(backend);
      const parsed = jmaImporter.parse('vxse53.xml', VXSE53, { sourceNode: ns.sourceNode, now: new Date().toISOString() });
      const draft = parsed.items[0]!.draft as RecordDraft<'alert'>;
      await store.upsert([
        { ...draft, id: noto },
        { ...draft, id: prefectureWide, data: { ...draft.data, areaCodes: ['170003' as AreaCode], areas: [] } },
        { ...draft, id: yokohama, data: { ...draft.data, areaCodes: ['141003' as AreaCode], areas: [] } },
        { ...draft, id: tsurumi, data: { ...draft.data, areaCodes: ['141011' as AreaCode], areas: [] } },
      ]);
    });
    afterAll(async () => {
      await store?.close();
      await backend.cleanup();
    });

    const found = async (areas: string[]) => (await store.query({ type: 'alert', areas: areas as AreaCode[] })).map((r) => r.id).sort();

    it("finds an alert by one of its municipalities, by their prefecture and by Japan, and not by another prefecture's", async () => {
      expect(await found(['172022'])).toEqual([noto, prefectureWide].sort());
      expect(await found(['170003'])).toEqual([noto, prefectureWide].sort());
      expect(await found(['JP'])).toEqual([noto, prefectureWide, yokohama, tsurumi].sort());
      expect(await found(['131016'])).toEqual([]);
      expect(await found(['130001'])).toEqual([]);
    });

    it("finds a designated city's alert by one of its wards, and a ward's alert by its city, but not by another ward", async () => {
      expect(await found(['141011'])).toEqual([tsurumi, yokohama].sort()); // 鶴見区: its own and its city's
      expect(await found(['141003'])).toEqual([tsurumi, yokohama].sort()); // 横浜市: its own and its ward's
      expect(await found(['141020'])).toEqual([yokohama]); // 神奈川区: only the city-wide one
      expect(await found(['140007'])).toEqual([tsurumi, yokohama].sort());
    });

    it('queues a notification for an alerts subscription whose areas the alert overlaps, and none for one it does not', async () => {
      const base = { topic: 'alerts' as const, dataset: 'alerts', recordType: 'alert' as const, purpose: 'life-saving', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
      await store.subscriptions.create({ ...base, id: ns.id('sub-nanao'), subscriber: 'jp-172022-nanao-city', filter: { areas: ['172022' as AreaCode] }, peerUrl: 'https://nanao.example.jp/', callbackUrl: 'https://nanao.example.jp/' });
      await store.subscriptions.create({ ...base, id: ns.id('sub-tokyo'), subscriber: 'jp-131016-chiyoda-city', filter: { areas: ['131016' as AreaCode] }, peerUrl: 'https://chiyoda.example.jp/', callbackUrl: 'https://chiyoda.example.jp/' });
      const [current] = await store.query({ type: 'alert', ids: [noto] });
      await store.upsert([{ ...current!, data: { ...current!.data, headline: 'changed' } }]);
      expect((await store.outbox.list({ peer: 'jp-172022-nanao-city' })).map((m) => (m.payload as { recordId: string }).recordId)).toEqual([noto]);
      expect(await store.outbox.list({ peer: 'jp-131016-chiyoda-city' })).toEqual([]);
    });

    it('queues a notification for an alerts subscription by polygon when the alert’s own polygon meets it, and none when it lies elsewhere', async () => {
      const square = (lon: number, lat: number): LonLat[] => [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]];
      const subscriber = 'jp-172031-wajima-city';
      await store.subscriptions.create({
        id: ns.id('sub-polygon'), subscriber, topic: 'alerts', dataset: 'alerts', recordType: 'alert', purpose: 'life-saving',
        filter: { within: { type: 'Polygon', coordinates: [square(137.0, 37.0)] }, areas: [] },
        peerUrl: 'https://wajima.example.jp/', callbackUrl: 'https://wajima.example.jp/',
        createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const [current] = await store.query({ type: 'alert', ids: [noto] });
      const meeting = ns.id('meeting');
      const elsewhere = ns.id('elsewhere');
      await store.upsert([
        { ...current!, id: meeting, data: { ...current!.data, polygons: [{ type: 'Polygon', coordinates: [square(137.05, 37.05)] }] } },
        { ...current!, id: elsewhere, data: { ...current!.data, polygons: [{ type: 'Polygon', coordinates: [square(136.0, 36.0)] }] } },
      ]);
      expect((await store.outbox.list({ peer: subscriber })).map((m) => (m.payload as { recordId: string }).recordId)).toEqual([meeting]);
    });
  });
}
