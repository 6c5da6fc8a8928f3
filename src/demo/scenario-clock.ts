// The demo's persons as of the moment the demo first starts. The synthetic population describes the morning of the
// 2024 earthquake; what runs down with time — the home-oxygen supply a provider reported — is reported as of the
// demo's first start instead, so the lives-to-save list shows "oxygen low" for those who have little left now, and
// "oxygen out" hours later, as a real list would, rather than every supply spent since 2024.
import type { RecordDraft } from '../model/index.ts';

/** The drafts with each home-oxygen report dated `startedAt`; everything else as generated. */
export function reportedAtDemoStart(drafts: readonly RecordDraft<'person'>[], startedAt: Date): RecordDraft<'person'>[] {
  const asOf = startedAt.toISOString();
  return drafts.map((d) => {
    const oxygen = d.data.care.homeOxygen;
    if (oxygen === undefined) return d;
    return { ...d, data: { ...d.data, care: { ...d.data.care, homeOxygen: { ...oxygen, asOf } } } };
  });
}
