// Fold an open-shelter snapshot into the shelter already stored: the evacuee-count series grows, the description
// follows the newest snapshot, and what snapshots never carry (needs, 共通ID, notes) is left alone.
import { ShelterSchema, type AnyRecord, type AnyRecordDraft, type EvacueeCount, type LineageStep, type RecordDraft, type Shelter, type Text } from '../model/index.ts';

/** The parts of a shelter a snapshot describes; everything else in the stored record is kept as it is. */
export const SNAPSHOT_FIELDS = [
  'localId',
  'name',
  'kinds',
  'hazards',
  'areaCode',
  'address',
  'location',
  'capacity',
  'openStatus',
  'servedCommunities',
  'contact',
] as const satisfies readonly (keyof Shelter)[];

/** Payload keys in schema order, so a merged payload always serialises the same way. */
const SHELTER_KEYS = Object.keys(ShelterSchema.properties) as (keyof Shelter)[];

const instant = (iso: string) => Date.parse(iso);

/** Counts of both series, one per instant (the incoming one wins a tie), oldest first. */
export function mergeEvacueeCounts(current: readonly EvacueeCount[], incoming: readonly EvacueeCount[]): EvacueeCount[] {
  const byInstant = new Map<number, EvacueeCount>();
  for (const c of [...current, ...incoming]) byInstant.set(instant(c.observedAt), c);
  return [...byInstant.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
}

function inSchemaOrder(data: Partial<Shelter>): Shelter {
  const out: Record<string, unknown> = {};
  for (const key of SHELTER_KEYS) if (data[key] !== undefined) out[key] = data[key];
  return out as Shelter;
}

/** Lineage of both; an earlier step from the same adapter and file is replaced, so re-imports do not pile up. */
function mergeLineage(current: readonly LineageStep[], incoming: readonly LineageStep[]): LineageStep[] {
  const sameSource = (a: LineageStep, b: LineageStep) => a.activity === b.activity && a.adapter === b.adapter && a.file === b.file;
  return [...current.filter((c) => !incoming.some((i) => sameSource(c, i))), ...incoming];
}

/**
 * The newer name, with the English name and kana reading of the older one when the newer snapshot has none and the
 * Japanese name is unchanged: later Nanao snapshots dropped those columns, which does not mean the readings changed.
 */
function withReadings(newer: Text, older: Text | undefined): Text {
  if (!older || older.ja !== newer.ja) return newer;
  const en = newer.en ?? older.en;
  const kana = newer.kana ?? older.kana;
  return { ...(newer.ja !== undefined ? { ja: newer.ja } : {}), ...(en !== undefined ? { en } : {}), ...(kana !== undefined ? { kana } : {}) };
}

/**
 * Combine a snapshot draft with the stored record of the same id. The series keeps every count (a count at the same
 * instant is replaced), sorted oldest first; descriptive fields come from whichever is newer (the snapshot when times
 * are equal, so a corrected re-publication wins), keeping readings of the name a newer snapshot lacks; observedAt is
 * the newer time. Importing the same snapshot again yields the same payload. The series never depends on the order of
 * imports; the description does not either, unless a shelter's Japanese name changes back and forth between snapshots
 * (then which readings survive can). A stored record that is not a shelter is replaced by the snapshot.
 */
export function mergeShelterSnapshot(current: AnyRecord | AnyRecordDraft, incoming: RecordDraft<'shelter'>): RecordDraft<'shelter'> {
  if (current.type !== 'shelter') return incoming;
  const incomingIsNewer = instant(incoming.observedAt) >= instant(current.observedAt);
  const [newer, older] = incomingIsNewer ? [incoming, current] : [current, incoming];
  const described: Partial<Shelter> = { ...current.data };
  for (const key of SNAPSHOT_FIELDS) {
    const value = newer.data[key];
    if (value === undefined) delete described[key];
    else (described as Record<string, unknown>)[key] = value;
  }
  described.name = withReadings(newer.data.name, older.data.name);
  const data = inSchemaOrder({
    ...described,
    evacueeCounts: mergeEvacueeCounts(current.data.evacueeCounts ?? [], incoming.data.evacueeCounts),
    needs: current.data.needs ?? incoming.data.needs,
  });
  return {
    id: incoming.id,
    type: 'shelter',
    sourceNode: newer.sourceNode,
    observedAt: newer.observedAt,
    quality: newer.quality,
    lineage: mergeLineage(current.lineage, incoming.lineage),
    data,
  };
}
