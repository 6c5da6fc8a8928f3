import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyRecord, RecordDraft, RecordOf, Shelter } from '../model/index.ts';
import { mergeEvacueeCounts, mergeShelterSnapshot } from './shelter-snapshot-merge.ts';

const JST = 9 * 3600_000;
/** An instant written in JST, as the Nanao snapshots give it. */
const jst = (ms: number) => new Date(ms + JST).toISOString().replace(/\.\d{3}Z$/, '+09:00');
const BASE = Date.parse('2024-01-09T18:00:00+09:00');

interface SnapshotSpec {
  minutes: number;
  count: number;
  name: string;
  withReadings: boolean;
  phone?: string;
}

const readingsOf = (name: string) => ({ kana: `カナ${name}`, en: `en-${name}` });

function snapshot(s: SnapshotSpec): RecordDraft<'shelter'> {
  const observedAt = jst(BASE + s.minutes * 60_000);
  const file = `open_shelter_${s.minutes}.csv`;
  return {
    id: '172022-CC0000000504',
    type: 'shelter',
    sourceNode: 'jp-172022-nanao-city',
    observedAt,
    quality: { level: 'reported', note: '出典：七尾市 避難所開設情報 (CC BY 4.0)' },
    lineage: [{ activity: 'import', adapter: 'nanao-open-shelters', file, row: 1, at: '2025-06-01T09:00:00+09:00' }],
    data: {
      localId: 'CC0000000504',
      name: { ja: s.name, ...(s.withReadings ? readingsOf(s.name) : {}) },
      kinds: ['designated-shelter'],
      hazards: ['earthquake'],
      areaCode: '172022',
      openStatus: 'open',
      evacueeCounts: [{ observedAt, count: s.count, source: file }],
      needs: [],
      ...(s.phone ? { contact: { phone: s.phone } } : {}),
    },
  };
}

/** Apply drafts one after another as the import pipeline does: the first creates, later ones merge. */
function fold(drafts: readonly RecordDraft<'shelter'>[], stored?: AnyRecord): AnyRecord {
  let current = stored;
  for (const d of drafts) {
    const next = current ? mergeShelterSnapshot(current, d) : d;
    current = { ...next, version: (current?.version ?? 0) + 1, recordedAt: next.observedAt };
  }
  return current!;
}

/** What the store compares to decide "unchanged": the payload and the quality, canonically serialised. */
const payloadOf = (r: AnyRecord | RecordDraft<'shelter'>) => canonicalize({ data: r.data, quality: r.quality });
const shelterData = (r: AnyRecord) => r.data as Shelter;

const NAMES = ['御祓地区コミュニティセンター', '御祓地区コミュニティセンター（別館）'];
/** Snapshots of one shelter at distinct times; `names` limits the Japanese names it is published under. */
const specsOf = (names: readonly string[]) =>
  fc.uniqueArray(
    fc.record({
      minutes: fc.integer({ min: 0, max: 60 * 24 * 30 }),
      count: fc.integer({ min: 0, max: 5000 }),
      name: fc.constantFrom(...names),
      withReadings: fc.boolean(),
      phone: fc.option(fc.constantFrom('0767-52-0001', '0767-52-0002'), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8, selector: (s) => s.minutes },
  );
const specs = specsOf(NAMES);
const withShuffled = <T>(list: fc.Arbitrary<T[]>) => list.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length })));

describe('mergeShelterSnapshot', () => {
  it('adds a count to the series of the stored shelter, oldest first', () => {
    const merged = fold([snapshot({ minutes: 60, count: 20, name: 'A', withReadings: false }), snapshot({ minutes: 0, count: 10, name: 'A', withReadings: false })]);
    expect(shelterData(merged).evacueeCounts.map((c) => [c.observedAt, c.count])).toEqual([
      ['2024-01-09T18:00:00+09:00', 10],
      ['2024-01-09T19:00:00+09:00', 20],
    ]);
    expect(merged.observedAt).toBe('2024-01-09T19:00:00+09:00');
  });

  it('replaces a count with the same observation time, even written with another offset', () => {
    const first = snapshot({ minutes: 0, count: 10, name: 'A', withReadings: false });
    const corrected = snapshot({ minutes: 0, count: 12, name: 'A', withReadings: false });
    corrected.data.evacueeCounts[0]!.observedAt = '2024-01-09T09:00:00Z';
    expect(shelterData(fold([first, corrected])).evacueeCounts).toEqual([{ observedAt: '2024-01-09T09:00:00Z', count: 12, source: 'open_shelter_0.csv' }]);
  });

  it('takes the description from the newer snapshot, whichever arrives last', () => {
    const older = snapshot({ minutes: 0, count: 10, name: 'A', withReadings: false, phone: '0767-52-0001' });
    const newer = snapshot({ minutes: 60, count: 20, name: 'B', withReadings: false });
    for (const order of [[older, newer], [newer, older]]) {
      const data = shelterData(fold(order));
      expect(data.name).toEqual({ ja: 'B' });
      expect(data.contact).toBeUndefined();
    }
  });

  it('keeps the kana and English names a newer snapshot lacks while the Japanese name is the same', () => {
    const older = snapshot({ minutes: 0, count: 10, name: 'A', withReadings: true });
    const newer = snapshot({ minutes: 60, count: 20, name: 'A', withReadings: false });
    expect(shelterData(fold([older, newer])).name).toEqual({ ja: 'A', ...readingsOf('A') });
    expect(shelterData(fold([newer, older])).name).toEqual({ ja: 'A', ...readingsOf('A') });
    const renamed = snapshot({ minutes: 60, count: 20, name: 'B', withReadings: false });
    expect(shelterData(fold([older, renamed])).name).toEqual({ ja: 'B' });
  });

  it('leaves what snapshots never carry — needs, 共通ID, accepted groups, note — as stored', () => {
    const stored: RecordOf<'shelter'> = {
      ...snapshot({ minutes: 0, count: 10, name: 'A', withReadings: false }),
      version: 3,
      recordedAt: '2024-01-10T00:00:00+09:00',
    };
    stored.data = {
      ...stored.data,
      commonId: 'E1720200005111',
      acceptedGroups: '高齢者',
      note: '駐車場あり',
      needs: [{ item: '毛布', quantity: 40, reportedAt: '2024-01-10T08:00:00+09:00' }],
    };
    const data = shelterData(fold([snapshot({ minutes: 60, count: 20, name: 'A', withReadings: false })], stored));
    expect(data).toMatchObject({ commonId: 'E1720200005111', acceptedGroups: '高齢者', note: '駐車場あり', needs: stored.data.needs });
    expect(data.evacueeCounts).toHaveLength(2);
  });

  it('records each snapshot file once in the lineage, however often it is imported', () => {
    const a = snapshot({ minutes: 0, count: 10, name: 'A', withReadings: false });
    const b = snapshot({ minutes: 60, count: 20, name: 'A', withReadings: false });
    expect(fold([a, b, a, b, a]).lineage.map((s) => s.file)).toEqual(['open_shelter_60.csv', 'open_shelter_0.csv']);
  });

  it('replaces a stored record of another type', () => {
    const other = { ...snapshot({ minutes: 0, count: 1, name: 'A', withReadings: false }), type: 'facility' } as unknown as AnyRecord;
    const incoming = snapshot({ minutes: 60, count: 20, name: 'A', withReadings: false });
    expect(mergeShelterSnapshot(other, incoming)).toBe(incoming);
  });

  it('gives the same series, oldest first, whatever order the snapshots are imported in', () => {
    fc.assert(
      fc.property(withShuffled(specs), ([inOrder, shuffled]) => {
        const a = shelterData(fold(inOrder.map(snapshot))).evacueeCounts;
        expect(shelterData(fold(shuffled.map(snapshot))).evacueeCounts).toEqual(a);
        const times = a.map((c) => Date.parse(c.observedAt));
        expect(times).toEqual([...inOrder].map((s) => BASE + s.minutes * 60_000).sort((x, y) => x - y));
      }),
    );
  });

  it('gives the same whole record whatever the order, for a shelter that keeps its name', () => {
    fc.assert(
      fc.property(withShuffled(specsOf(NAMES.slice(0, 1))), ([inOrder, shuffled]) => {
        const a = fold(inOrder.map(snapshot));
        const b = fold(shuffled.map(snapshot));
        expect(payloadOf(b)).toBe(payloadOf(a));
        expect(b.observedAt).toBe(a.observedAt);
      }),
    );
  });

  it('is idempotent: merging the same snapshot twice gives what merging it once gave', () => {
    fc.assert(
      fc.property(specs, specs, (history, [incoming]) => {
        const stored = fold(history.map(snapshot));
        const once = fold([snapshot(incoming!)], stored);
        const twice = fold([snapshot(incoming!)], once);
        expect(payloadOf(twice)).toBe(payloadOf(once));
        expect(twice.observedAt).toBe(once.observedAt);
      }),
    );
  });

  it('changes nothing when any snapshot already merged is imported again, for a shelter that keeps its name', () => {
    fc.assert(
      fc.property(specsOf(NAMES.slice(0, 1)), fc.nat(), (list, pick) => {
        const merged = fold(list.map(snapshot));
        const again = mergeShelterSnapshot(merged, snapshot(list[pick % list.length]!));
        expect(payloadOf(again)).toBe(payloadOf(merged));
        expect(again.observedAt).toBe(merged.observedAt);
      }),
    );
  });
});

describe('mergeEvacueeCounts', () => {
  it('is the sorted union by instant, the incoming count winning a tie', () => {
    const c = (minutes: number, count: number) => ({ observedAt: jst(BASE + minutes * 60_000), count });
    expect(mergeEvacueeCounts([c(60, 1), c(0, 2)], [c(30, 3), c(60, 4)])).toEqual([c(0, 2), c(30, 3), c(60, 4)]);
  });
});
