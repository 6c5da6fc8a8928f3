import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertStatuses, alertStates, codesOf, type Alert } from '../../model/index.ts';
import { alertsInForce, isInForce, namedMunicipalities } from './in-force.ts';

function alert(over: Partial<Alert> = {}): Alert {
  return {
    format: 'jma', identifier: 'e1', sender: '気象庁', sent: '2024-01-01T07:22:00Z', status: 'actual', messageType: 'alert', references: [],
    state: 'in-force', kinds: ['tsunami-warning'], severity: 'severe', urgency: 'immediate', certainty: 'observed',
    areaCodes: [], areas: [], polygons: [], circles: [], signature: { state: 'unsigned' }, ...over,
  };
}
const AT = new Date('2024-01-01T08:00:00Z');

describe('alerts in force', () => {
  it('never returns an alert of another status, a replaced one or an expired one', () => {
    const arb = fc.record({
      status: fc.constantFrom(...codesOf(alertStatuses)),
      state: fc.constantFrom(...codesOf(alertStates)),
      expiresInMinutes: fc.option(fc.integer({ min: -600, max: 600 }), { nil: undefined }),
      sentMinutes: fc.integer({ min: -600, max: 0 }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 20 }), fc.constantFrom(...codesOf(alertStatuses)), (specs, status) => {
        const records = specs.map((s, i) => ({
          id: `a${i}`,
          data: alert({
            identifier: `a${i}`, status: s.status, state: s.state, sent: new Date(AT.getTime() + s.sentMinutes * 60_000).toISOString(),
            ...(s.expiresInMinutes !== undefined ? { expires: new Date(AT.getTime() + s.expiresInMinutes * 60_000).toISOString() } : {}),
          }),
        }));
        const got = alertsInForce(records, status, AT);
        for (const r of got) {
          expect(r.data.status).toBe(status);
          expect(r.data.state).toBe('in-force');
          if (r.data.expires) expect(Date.parse(r.data.expires)).toBeGreaterThan(AT.getTime());
        }
        // Nothing that stands is left out, and the newest comes first.
        expect(got.length).toBe(records.filter((r) => r.data.status === status && isInForce(r.data, AT)).length);
        for (let i = 1; i < got.length; i++) expect(Date.parse(got[i - 1]!.data.sent)).toBeGreaterThanOrEqual(Date.parse(got[i]!.data.sent));
      }),
    );
  });

  it('treats an alert expiring exactly now as no longer in force', () => {
    expect(isInForce(alert({ expires: AT.toISOString() }), AT)).toBe(false);
    expect(isInForce(alert(), AT)).toBe(true);
  });
});

describe('the municipalities of an alert', () => {
  it('names each municipality with the areas covering it and its intensity where the message gives one', () => {
    const a = alert({
      areaCodes: ['172049', '173843', '172022'],
      areas: [{ name: '石川県能登', codeType: '津波予報区', code: '391', areaCodes: ['172049', '173843', '172022'] }],
      jma: {
        telegramKind: 'VXSE53', controlTitle: '震源・震度に関する情報', publishingOffice: '気象庁', infoType: '発表', infoKind: '地震情報',
        reportDateTime: '2024-01-01T16:10:00+09:00', intensities: [{ code: '1738400', name: '志賀町', maxIntensity: '7', areaCode: '173843' }], tsunami: [], warnings: [],
      },
    });
    expect(namedMunicipalities(a)).toEqual([
      { code: '172022', names: ['石川県能登'] },
      { code: '172049', names: ['石川県能登'] },
      { code: '173843', names: ['志賀町', '石川県能登'], maxIntensity: '7' },
    ]);
  });

  it('keeps a municipality no area names, with no names rather than a guessed one', () => {
    expect(namedMunicipalities(alert({ areaCodes: ['172022'] }))).toEqual([{ code: '172022', names: [] }]);
  });
});
