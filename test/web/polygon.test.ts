// The console's check of a pasted GeoJSON area: what it accepts, and the precise problem it names otherwise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolygon } from '../../web/src/polygon.ts';

const square = [
  [136.9, 37.0],
  [137.0, 37.0],
  [137.0, 37.1],
  [136.9, 37.1],
  [136.9, 37.0],
];

describe('parsePolygon', () => {
  it('accepts a Polygon, a MultiPolygon, a Feature and a one-feature FeatureCollection', () => {
    const polygon = { type: 'Polygon', coordinates: [square] };
    for (const value of [
      polygon,
      { type: 'MultiPolygon', coordinates: [[square], [square]] },
      { type: 'Feature', properties: {}, geometry: polygon },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: polygon }] },
    ]) {
      const parsed = parsePolygon(JSON.stringify(value));
      expect(parsed.ok).toBe(true);
    }
  });

  it('names empty input, broken JSON and a geometry of the wrong type', () => {
    expect(parsePolygon('  ')).toEqual({ ok: false, problem: { key: 'polygon.empty', params: {} } });
    const broken = parsePolygon('{"type": ');
    expect(broken.ok ? undefined : broken.problem.key).toBe('polygon.invalidJson');
    expect(parsePolygon(JSON.stringify({ type: 'Point', coordinates: [137, 37] }))).toEqual({
      ok: false,
      problem: { key: 'polygon.notPolygon', params: { type: 'Point' } },
    });
  });

  it('names the ring that is open, too short, or holds a position out of range', () => {
    const open = parsePolygon(JSON.stringify({ type: 'Polygon', coordinates: [square.slice(0, 4).concat([[136.95, 37.05]])] }));
    expect(open).toEqual({ ok: false, problem: { key: 'polygon.ringNotClosed', params: { ring: 1 } } });
    const short = parsePolygon(JSON.stringify({ type: 'MultiPolygon', coordinates: [[square], [square.slice(0, 3)]] }));
    expect(short).toEqual({ ok: false, problem: { key: 'polygon.ringTooShort', params: { ring: 2 } } });
    const swapped = parsePolygon(JSON.stringify({ type: 'Polygon', coordinates: [square.map(([lon, lat]) => [lat, lon! + 100])] }));
    expect(swapped).toEqual({ ok: false, problem: { key: 'polygon.badPosition', params: { ring: 1, pos: 1 } } });
  });

  it('never throws, whatever text it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parsePolygon(text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });
});
