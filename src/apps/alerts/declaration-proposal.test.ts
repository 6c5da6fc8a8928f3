import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.ts';
import { declarationProposalFor } from './declaration-proposal.ts';

function alert(over: Partial<Alert> = {}): Alert {
  return {
    format: 'jma', identifier: 'x', sender: '気象庁', sent: '2024-01-01T07:22:00Z', status: 'actual', messageType: 'alert', references: [], state: 'in-force',
    kinds: ['major-tsunami-warning'], severity: 'extreme', urgency: 'immediate', certainty: 'observed', areaCodes: ['172049', '172022'], areas: [], polygons: [], circles: [],
    signature: { state: 'unsigned' }, headline: '大津波警報', ...over,
  } as Alert;
}

describe('a declaration prepared from an alert', () => {
  it('proposes the emergency phase for a major tsunami warning, over its municipalities, as a link a person opens', () => {
    const p = declarationProposalFor(alert(), true);
    expect(p).toMatchObject({ kind: 'proposed', hazard: 'tsunami', phase: 'emergency', areas: ['172022', '172049'] });
    if (p.kind !== 'proposed') return;
    const params = new URLSearchParams(p.href.split('?')[1]);
    expect([params.get('propose'), params.get('hazard'), params.get('phase'), params.get('areas'), params.get('alert')]).toEqual(['1', 'tsunami', 'emergency', '172022,172049', '大津波警報']);
  });

  it('reads the hazard from the kinds, and proposes the alert phase for what does not call for acting now', () => {
    expect(declarationProposalFor(alert({ kinds: ['earthquake-intensity'], severity: 'severe' }), true)).toMatchObject({ hazard: 'earthquake', phase: 'emergency' });
    expect(declarationProposalFor(alert({ kinds: ['landslide-alert'], severity: 'moderate' }), true)).toMatchObject({ hazard: 'landslide', phase: 'alert' });
    expect(declarationProposalFor(alert({ kinds: ['weather-advisory'], severity: 'minor' }), true)).toMatchObject({ hazard: 'other', phase: 'alert' });
  });

  it('is never offered for an exercise or a test, an alert no longer in force, or one without areas', () => {
    expect(declarationProposalFor(alert({ status: 'exercise' }), true)).toEqual({ kind: 'not-offered', reason: 'exercise' });
    expect(declarationProposalFor(alert({ status: 'test' }), true)).toEqual({ kind: 'not-offered', reason: 'exercise' });
    expect(declarationProposalFor(alert(), false)).toEqual({ kind: 'not-offered', reason: 'not-in-force' });
    expect(declarationProposalFor(alert({ areaCodes: [] }), true)).toEqual({ kind: 'not-offered', reason: 'no-areas' });
  });
});
