// Node policies for the logistics multi-node tests: supply logistics during a declared emergency, one permit per
// group of roles, actions and fields (optionally limited to areas, or given in other phases too).
import type { NodePolicy } from '../../../src/node/node-policies.ts';
import { parsePolicy } from '../../../src/policy/index.ts';

export interface EmergencyPermit {
  roles: string[];
  actions: string[];
  fields: string[];
  areas?: string[];
  /** Default: the emergency phase only. */
  phases?: string[];
  /** Default: supply logistics only. */
  purposes?: string[];
}

export const ALL_PHASES = ['normal', 'alert', 'emergency', 'recovery'];

export function emergencyPolicy(id: string, owner: string, dataset: string, permits: EmergencyPermit[]): NodePolicy {
  const parsed = parsePolicy({
    id, version: 1, owner, dataset, fieldClasses: {}, validFrom: '2023-04-01T00:00:00+09:00', description: { ja: '物資支援', en: 'Supply logistics' },
    permits: permits.map((p, i) => ({
      id: `${id}-${i}`, description: { ja: '物資支援（緊急時）', en: 'Supply logistics (emergency)' }, purposes: p.purposes ?? ['supply-logistics'], roles: p.roles, actions: p.actions,
      requesterJurisdiction: 'any', phases: p.phases ?? ['emergency'], fields: p.fields, retention: 'P7D', onwardSharing: false, consentRequiredOutsideEmergency: false,
      ...(p.areas ? { areas: p.areas } : {}),
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { policy: parsed.value, source: `${id}.json` };
}
