import { describe, expect, it } from 'vitest';
import { builtInDatasets, firstNonPublicField } from './datasets.ts';
import { parsePolicy } from './policy-schema.ts';

/** A prefecture sharing the alerts it imported with every participant, for every purpose. */
const alertsPolicy = {
  id: 'ishikawa-alerts',
  version: 1,
  owner: 'jp-170003-ishikawa-pref',
  dataset: 'alerts',
  description: { ja: '石川県 警報の利用ポリシー（例）', en: 'Ishikawa Prefecture: usage policy for alerts (example)' },
  fieldClasses: {},
  permits: [
    {
      id: 'everyone',
      purposes: ['life-saving', 'evacuation-support', 'supply-logistics', 'training'],
      roles: ['municipality', 'prefecture', 'national-agency', 'care-provider'],
      actions: ['read'],
      requesterJurisdiction: 'any',
      phases: ['normal', 'alert', 'emergency', 'recovery'],
      fields: ['format', 'status', 'kinds', 'severity', 'headline', 'areaCodes', 'areas', 'jma.intensities', 'jma.tsunami'],
      retention: 'P30D',
      onwardSharing: true,
      consentRequiredOutsideEmergency: false,
    },
  ],
  validFrom: '2026-04-01T00:00:00+09:00',
};

describe('the alerts dataset', () => {
  it('is one policies can govern, every field public as the agencies publish it', () => {
    const r = parsePolicy(alertsPolicy);
    expect(r.ok ? [] : r.problems).toEqual([]);
    const alerts = builtInDatasets.get('alerts')!;
    expect(alerts.paths.has('jma.tsunami.expectedArrival')).toBe(true);
    for (const field of alerts.fields.children.keys()) expect(firstNonPublicField(alerts, {}, field), field).toBeUndefined();
    expect(firstNonPublicField(alerts, { 'jma.warnings': 'personal' }, 'jma')).toEqual({ field: 'jma.warnings', fieldClass: 'personal' });
  });

  it('refuses a permit for a field alerts do not have', () => {
    const wrong = { ...alertsPolicy, permits: [{ ...alertsPolicy.permits[0]!, fields: ['headline', 'casualties'] }] };
    const r = parsePolicy(wrong);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.code, p.path])).toEqual([['POLICY_SCHEMA_UNKNOWN_FIELD', '/permits/0/fields/1']]);
  });
});
