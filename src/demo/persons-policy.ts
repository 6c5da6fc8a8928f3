// Each demo node that holds persons decides by Nanao City's example persons policy, re-owned by that node and
// limited to the areas it holds people in (a care provider in two cities lists both).
import type { NodePolicy } from '../node/node-policies.ts';
import { nanaoPersonsPolicyDocument } from '../policy/examples.ts';
import { parsePolicy } from '../policy/policy-schema.ts';
import type { DemoParticipant } from './scenario.ts';

export function demoPersonsPolicy(participant: DemoParticipant): NodePolicy {
  const doc = JSON.parse(JSON.stringify(nanaoPersonsPolicyDocument)) as {
    id: string;
    owner: string;
    description: { ja: string; en: string };
    permits: { id: string; purposes: string[]; areas?: string[] }[];
  };
  // The example's statistics permit releases each person's care needs with a stable record id, to any prefecture or
  // national agency at all times: joinable with life-saving answers, and more than statistics need. Until a node can
  // answer statistics with aggregates only (counts per area and category, small cells suppressed), the demo permits
  // no statistics on persons at all.
  doc.permits = doc.permits.filter((permit) => !permit.purposes.includes('statistics'));
  doc.id = `${participant.key}-persons`;
  doc.owner = participant.id;
  doc.description = {
    ja: `${participant.name.ja} 要配慮者名簿の利用ポリシー（七尾市の例に基づくデモ）`,
    en: `${participant.name.en}: usage policy for persons requiring care (demo, after Nanao City's example)`,
  };
  for (const permit of doc.permits) if (permit.areas) permit.areas = [...participant.jurisdiction];
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(`the demo persons policy of ${participant.id} does not parse: ${JSON.stringify(parsed.problems)}`);
  return { policy: parsed.value, source: 'demo' };
}
