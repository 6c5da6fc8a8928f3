// Record drafts for store tests: valid shelters and facilities whose id, place and source a test chooses.
import { jpLocalGovernmentCheckDigit, type AnyRecordDraft, type LonLat, type RecordDraft } from '../../../src/model/index.ts';

/** A valid Japanese local government code from its first five digits. */
export function jpCode(firstFive: string): string {
  return `${firstFive}${jpLocalGovernmentCheckDigit(firstFive)}`;
}

export const codes = {
  ishikawa: jpCode('17000'),
  kanazawa: jpCode('17201'),
  nanao: jpCode('17202'),
  toyama: jpCode('16000'),
  toyamaCity: jpCode('16201'),
} as const;

let namespaceCounter = 0;

/** A source node and id prefix of its own, so tests sharing one database never see each other's records. */
export function namespace(): { sourceNode: string; id: (local: string) => string } {
  const n = `${process.pid}-${namespaceCounter++}`;
  return { sourceNode: `test-node-${n}`, id: (local) => `t${n}-${local}` };
}

export interface ShelterOptions {
  sourceNode: string;
  areaCode?: string;
  at?: LonLat;
  name?: string;
  observedAt?: string;
  openStatus?: 'unknown' | 'open' | 'closed';
}

export function shelter(id: string, o: ShelterOptions): RecordDraft<'shelter'> {
  return {
    id,
    type: 'shelter',
    sourceNode: o.sourceNode,
    observedAt: o.observedAt ?? '2024-01-01T09:00:00+09:00',
    quality: { level: 'verified' },
    lineage: [{ activity: 'entry', at: '2024-01-01T09:00:00+09:00' }],
    data: {
      name: { ja: o.name ?? `避難所 ${id}` },
      kinds: ['designated-shelter'],
      hazards: ['earthquake', 'tsunami'],
      areaCode: o.areaCode ?? codes.nanao,
      ...(o.at ? { location: { type: 'Point' as const, coordinates: o.at } } : {}),
      openStatus: o.openStatus ?? 'unknown',
      evacueeCounts: [],
      needs: [],
    },
  };
}

export function facility(id: string, o: { sourceNode: string; areaCode?: string; at?: LonLat }): RecordDraft<'facility'> {
  return {
    id,
    type: 'facility',
    sourceNode: o.sourceNode,
    observedAt: '2024-01-01T00:00:00Z',
    quality: { level: 'reported' },
    lineage: [],
    data: {
      kind: 'dialysis-clinic',
      name: { ja: `透析クリニック ${id}` },
      areaCode: o.areaCode ?? codes.nanao,
      ...(o.at ? { location: { type: 'Point' as const, coordinates: o.at } } : {}),
      status: { value: 'operating' },
    },
  };
}

export const asDrafts = (...drafts: AnyRecordDraft[]): AnyRecordDraft[] => drafts;
