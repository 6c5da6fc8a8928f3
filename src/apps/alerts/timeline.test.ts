import { describe, expect, it } from 'vitest';
import type { Alert, Declaration } from '../../model/index.ts';
import { alertChange, timelineEvents } from './timeline.ts';
import type { SituationReport } from './types.ts';

function alert(over: Partial<Alert>): Alert {
  return {
    format: 'cap', identifier: 'x', sender: 's', sent: '2024-01-01T07:22:00Z', status: 'actual', messageType: 'alert', references: [],
    state: 'in-force', kinds: ['cap-met'], severity: 'moderate', urgency: 'expected', certainty: 'likely',
    areaCodes: [], areas: [], polygons: [], circles: [], signature: { state: 'unsigned' }, ...over,
  };
}
const declaration: Declaration = {
  id: 'decl-1', issuer: 'jp-172022-nanao-city', hazard: 'earthquake', phase: 'emergency', areas: ['172022'] as Declaration['areas'],
  title: { ja: '能登半島地震', en: 'Noto earthquake' }, issuedAt: '2024-01-01T08:00:00Z', expiresAt: '2024-01-08T08:00:00Z',
};
function report(id: string, status: string, draftedAt: string, approvedAt?: string): SituationReport {
  return {
    id, draftedAt, draftedBy: '田中',
    approval: approvedAt ? { state: 'approved', by: '鈴木', at: approvedAt } : { state: 'draft' },
    body: { status, areas: ['172022'], at: draftedAt, figuresAt: draftedAt, purpose: 'life-saving', alerts: [], municipalities: [], sources: [], missing: [] },
  };
}

describe('the timeline', () => {
  it('names what each alert message did: issued, updated (CAP Update, JMA 訂正 or a later serial) or cancelled', () => {
    expect(alertChange(alert({}))).toBe('issued');
    expect(alertChange(alert({ messageType: 'update' }))).toBe('updated');
    expect(alertChange(alert({ messageType: 'cancel' }))).toBe('cancelled');
    const jma = { telegramKind: 'VXSE53', controlTitle: 't', publishingOffice: '気象庁', infoType: '発表' as const, infoKind: '地震情報', reportDateTime: '2024-01-01T07:35:00Z', intensities: [], tsunami: [], warnings: [] };
    expect(alertChange(alert({ format: 'jma', jma: { ...jma, serial: 2 } }))).toBe('updated');
    expect(alertChange(alert({ format: 'jma', jma: { ...jma, serial: 1 } }))).toBe('issued');
  });

  it('lists alerts, declarations and reports newest first, each linking to its record', () => {
    const items = timelineEvents({
      status: 'actual',
      alerts: [{ id: 'a1', data: alert({ sent: '2024-01-01T07:10:00Z', headline: '大雨警報' }) }, { id: 'a2', data: alert({ sent: '2024-01-01T09:00:00Z', messageType: 'cancel' }) }],
      declarations: [declaration],
      reports: [report('r1', 'actual', '2024-01-01T08:30:00Z', '2024-01-01T08:45:00Z')],
    });
    expect(items.map((e) => [e.kind, 'change' in e ? e.change : '', e.at])).toEqual([
      ['alert', 'cancelled', '2024-01-01T09:00:00Z'],
      ['report', 'approved', '2024-01-01T08:45:00Z'],
      ['report', 'drafted', '2024-01-01T08:30:00Z'],
      ['declaration', '', '2024-01-01T08:00:00Z'],
      ['alert', 'issued', '2024-01-01T07:10:00Z'],
    ]);
    expect(items.find((e) => e.id === 'a1')?.href).toBe('#/alerts?status=actual&alert=a1');
    expect(items.find((e) => e.id === 'r1')?.href).toBe('#/alerts?status=actual&report=r1');
  });

  it('keeps the exercise picture apart: no declaration, no real alert and no real report in it', () => {
    const items = timelineEvents({
      status: 'exercise',
      alerts: [{ id: 'real', data: alert({}) }, { id: 'drill', data: alert({ status: 'exercise' }) }],
      declarations: [declaration],
      reports: [report('r-real', 'actual', '2024-01-01T08:30:00Z'), report('r-drill', 'exercise', '2024-01-01T08:40:00Z')],
    });
    expect(items.map((e) => e.id)).toEqual(['r-drill', 'drill']);
  });
});
