import { describe, expect, it } from 'vitest';
import { activeDeclarations, areaPhase, instantMs, phaseOfArea } from './phase.ts';
import { ISHIKAWA, NANAO, NOTO_NOW, WAJIMA, declaration } from './test-fixtures.ts';

const now = instantMs(NOTO_NOW);
const phase = (decls: Parameters<typeof activeDeclarations>[0], area = NANAO) => phaseOfArea(activeDeclarations(decls, now), area);

describe('the phase of an area', () => {
  it('is normal without a declaration covering the area', () => {
    expect(phase([])).toBe('normal');
    expect(phase([declaration('emergency', [WAJIMA])])).toBe('normal');
  });

  it('is the strongest active declaration covering the area: emergency over alert over recovery', () => {
    const all = [declaration('recovery', [NANAO], { id: 'a' }), declaration('alert', [ISHIKAWA], { id: 'b' })];
    expect(phase(all)).toBe('alert');
    expect(phase([...all, declaration('emergency', [NANAO], { id: 'c' })])).toBe('emergency');
  });

  it('ignores a supersession by another issuer, so nobody can end someone else’s declaration', () => {
    const ended = [
      declaration('emergency', [NANAO], { id: 'd1' }),
      declaration('closed', [NANAO], { id: 'd2', supersedes: 'd1', issuer: 'jp-172049-wajima-city', issuedAt: '2024-01-09T00:00:00+09:00' }),
    ];
    expect(phase(ended)).toBe('emergency');
  });

  it('takes the later of two versions of one declaration', () => {
    const versions = [
      declaration('emergency', [NANAO], { id: 'd1', issuedAt: '2024-01-01T16:10:00+09:00' }),
      declaration('recovery', [NANAO], { id: 'd1', issuedAt: '2024-01-09T00:00:00+09:00' }),
    ];
    expect(phase(versions)).toBe('recovery');
    expect(phase([...versions].reverse())).toBe('recovery');
  });

  it('tolerates a declaration dated a few minutes ahead, as trust does, but not one dated hours ahead', () => {
    expect(phase([declaration('emergency', [NANAO], { issuedAt: '2024-01-10T09:03:00+09:00' })])).toBe('emergency');
    expect(phase([declaration('emergency', [NANAO], { issuedAt: '2024-01-10T11:00:00+09:00' })])).toBe('normal');
  });

  it('filters by hazard when asked', () => {
    const active = activeDeclarations([declaration('emergency', [NANAO])], now);
    expect(phaseOfArea(active, NANAO, ['tsunami'])).toBe('normal');
    expect(phaseOfArea(active, NANAO, ['earthquake'])).toBe('emergency');
  });

  it('is available in one call from verified declarations and a moment', () => {
    expect(areaPhase([declaration('alert', [ISHIKAWA])], NANAO, NOTO_NOW)).toBe('alert');
    expect(areaPhase([declaration('alert', [ISHIKAWA])], NANAO, '2024-06-01T00:00:00+09:00')).toBe('normal');
  });

  it('refuses a moment that is not a time', () => {
    expect(() => instantMs('yesterday')).toThrow(RangeError);
  });
});
