// Synthetic persons for statistics tests: so many per kind of care in one area, each with a name and an id that an
// aggregate answer must never contain (`<prefix>-<n>`, 統計 <n>).
import { areaCode, type CareNeed, type RecordDraft } from '../../src/model/index.ts';

export function personsWithNeeds(holder: string, area: string, groups: readonly [CareNeed, number][], prefix: string): RecordDraft<'person'>[] {
  let n = 0;
  return groups.flatMap(([need, count]) =>
    Array.from({ length: count }, () => {
      n++;
      return {
        id: `${prefix}-${n}`,
        type: 'person' as const,
        sourceNode: holder,
        observedAt: '2024-01-01T09:00:00+09:00',
        quality: { level: 'synthetic' as const },
        lineage: [{ activity: 'entry' as const, at: '2024-01-01T09:00:00+09:00' }],
        data: {
          name: { full: `統計 ${n}` },
          areaCode: areaCode(area),
          care: { needs: [need] },
          consent: { shareWithSupporters: false },
          onEvacuationSupportList: true,
          safety: { status: 'unknown' as const },
        },
      };
    }),
  );
}
