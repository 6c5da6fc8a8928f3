import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { alertFeatures, intensityScale, severityColours, tsunamiColours } from '../../src/apps/alerts/console/alert-features.ts';
import type { AlertArea } from '../../src/apps/alerts/console/boundaries.ts';
import { alertMapPlaces } from '../../src/apps/alerts/map-layer.ts';
import { municipalityBoundaries } from '../../src/apps/alerts/boundaries.ts';
import { municipalityPoints, type Alert } from '../../src/model/index.ts';
import type { AlertMapView } from '../../src/apps/alerts/types.ts';

/** A prefecture's areas as the console reads them from GET /operator/alerts/boundaries/{prefecture}. */
function areasOf(prefecture: string): Map<string, AlertArea> {
  const topology = JSON.parse(readFileSync(new URL(`../../data/municipality-boundaries/${prefecture}.topo.json`, import.meta.url), 'utf8')) as Topology;
  const fc = feature(topology, topology.objects.areas!) as unknown as { features: { geometry: Polygon | MultiPolygon; properties: { code: string; kind: string; name: string } }[] };
  return new Map(fc.features.map((f) => [f.properties.code, { geometry: f.geometry, kind: f.properties.kind, name: f.properties.name }]));
}

function view(over: Partial<Alert>): AlertMapView {
  const data: Alert = {
    format: 'cap', identifier: 'x', sender: 's', sent: '2026-07-01T07:22:00Z', status: 'actual', messageType: 'alert', references: [],
    state: 'in-force', kinds: ['cap-met'], severity: 'severe', urgency: 'expected', certainty: 'likely',
    areaCodes: [], areas: [], polygons: [], circles: [], signature: { state: 'unsigned' }, ...over,
  };
  return {
    status: 'actual', at: data.sent, places: alertMapPlaces([{ id: 'a', data }], municipalityPoints, municipalityBoundaries),
    points: { source: '', coverage: '' }, boundaries: municipalityBoundaries.source,
  };
}

describe("the alert layer's features", () => {
  it("draws an alert for Iwate as Iwate's municipal areas once Iwate's boundaries are loaded, and at label points before", () => {
    const v = view({ areaCodes: ['032026', '032018'] as Alert['areaCodes'] });
    const before = alertFeatures(v);
    expect(before.features.map((f) => [f.properties!.code, f.geometry.type, f.properties!.drawn])).toEqual(
      expect.arrayContaining([['032026', 'Point', 'point'], ['032018', 'Point', 'point']]),
    );
    const after = alertFeatures(v, areasOf('03'));
    expect(after.features).toHaveLength(2);
    for (const f of after.features) {
      expect(f.properties).toMatchObject({ drawn: 'area', severityColour: severityColours.severe });
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
  });

  it('fills by intensity where one was observed and outlines by tsunami grade, with the place itself for the popup', () => {
    const v = view({ areaCodes: ['032026'] as Alert['areaCodes'] });
    v.places[0] = { ...v.places[0]!, maxIntensity: '6-', tsunami: { grade: '大津波警報', name: '岩手県' } };
    const [f] = alertFeatures(v, areasOf('03')).features;
    expect(f!.properties).toMatchObject({ intensityColour: new Map(intensityScale).get('6-'), tsunamiColour: tsunamiColours.major });
    expect(JSON.parse(String(f!.properties!.place))).toMatchObject({ code: '032026', names: ['宮古市'] });
  });

  it('leaves a municipality with neither boundary nor point out of the map (the legend names it), and lays wider areas first', () => {
    const v = view({ areaCodes: ['221384', '221309', '220001', '221406'] as Alert['areaCodes'] });
    const features = alertFeatures(v, areasOf('22')).features;
    expect(features.map((f) => f.properties!.code)).toEqual(['220001', '221309', '221406']);
    // The prefecture and the city hold a drawn ward: outlined, so only the ward is filled.
    expect(features.map((f) => f.properties!.drawn)).toEqual(['outline', 'outline', 'area']);
    expect(alertFeatures(view({ areaCodes: ['221309'] as Alert['areaCodes'] }), areasOf('22')).features[0]!.properties!.drawn).toBe('area');
    expect(v.places.find((p) => p.code === '221384')).toMatchObject({ label: { ja: '浜松市中央区' } });
    expect(v.places.find((p) => p.code === '221384')?.at).toBeUndefined();
  });
});
