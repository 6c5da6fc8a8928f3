// Each demo node that holds persons decides by Nanao City's example persons policy, re-owned by that node and
// limited to the areas it holds people in (a care provider in two cities lists both). Under a declared emergency and
// for life-saving, each releases what the lives-to-save list needs from it: a municipality the statutory fields of
// the 避難行動要支援者名簿 (災害対策基本法 第49条の10: 氏名, 生年月日, 性別, 住所, 電話番号その他の連絡先, 避難支援等を
// 必要とする事由), a dialysis clinic its patients' schedule and last session, a home-care provider the oxygen supply
// left — and, from every holder, birth date and sex, without which the same person cannot be matched across sources.
// Outside an emergency these stay closed (the other permits are the example's, statistics as aggregates only).
import type { NodePolicy } from '../node/node-policies.ts';
import { nanaoPersonsPolicyDocument } from '../policy/examples.ts';
import { parsePolicy } from '../policy/policy-schema.ts';
import type { DemoParticipant } from './scenario.ts';

export function demoPersonsPolicy(participant: DemoParticipant): NodePolicy {
  const doc = JSON.parse(JSON.stringify(nanaoPersonsPolicyDocument)) as {
    id: string;
    owner: string;
    description: { ja: string; en: string };
    permits: Record<string, unknown>[];
  };
  // Statistics stay the example's: aggregate-only, counts per area and kind of care with groups under 5 withheld, to
  // any prefecture or national agency — never a person's row or record id (docs/policies.md, "Aggregate-only answers";
  // parsePolicy refuses a statistics permit over persons that is not aggregate-only).
  doc.id = `${participant.key}-persons`;
  doc.owner = participant.id;
  doc.description = {
    ja: `${participant.name.ja} 要配慮者名簿の利用ポリシー（七尾市の例に基づくデモ）`,
    en: `${participant.name.en}: usage policy for persons requiring care (demo, after Nanao City's example)`,
  };
  for (const permit of doc.permits) if (permit.areas) permit.areas = [...participant.jurisdiction];
  const lifeSaving = doc.permits.find((p) => p.id === 'emergency-life-saving') as { fields?: string[] } | undefined;
  if (!lifeSaving?.fields) throw new Error('the example persons policy has no emergency-life-saving permit with fields');
  lifeSaving.fields = [...new Set([...lifeSaving.fields, ...emergencyFieldsOf(participant)])];
  doc.permits.push(supplyLogisticsCounts(participant));
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(`the demo persons policy of ${participant.id} does not parse: ${JSON.stringify(parsed.problems)}`);
  return { policy: parsed.value, source: 'demo' };
}

/**
 * In a declared emergency, the prefecture and the municipalities covering the holder's area may count its persons
 * per shelter and kind of care for supply logistics (formula, adult diapers, allergen-free food): an aggregate, never
 * a person; groups of fewer than 3 are withheld (the smallest cell a policy may publish).
 */
function supplyLogisticsCounts(participant: DemoParticipant): Record<string, unknown> {
  return {
    id: 'emergency-supply-logistics-counts',
    description: { ja: '物資支援（避難所・支援の種類ごとの人数のみ、緊急時）', en: 'Supply logistics (counts per shelter and kind of care only, in an emergency)' },
    purposes: ['supply-logistics'],
    roles: ['prefecture', 'municipality'],
    actions: ['read'],
    requesterJurisdiction: 'covers-record-area',
    areas: [...participant.jurisdiction],
    phases: ['emergency'],
    fields: ['safety.shelter', 'care.needs'],
    retention: 'P7D',
    onwardSharing: false,
    consentRequiredOutsideEmergency: false,
    answer: { kind: 'aggregate', groupBy: ['safety.shelter', 'care.needs'], minimumCellSize: 3 },
  };
}

/** What a holder of this role adds to the example's emergency life-saving fields. */
function emergencyFieldsOf(participant: DemoParticipant): string[] {
  const identity = ['birthDate', 'sex'];
  switch (participant.role) {
    case 'dialysis-clinic':
      return [...identity, 'care.dialysis'];
    case 'care-provider':
      return [...identity, 'care.homeOxygen'];
    default:
      return identity;
  }
}
