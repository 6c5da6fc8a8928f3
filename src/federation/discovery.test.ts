import { describe, expect, it } from 'vitest';
import { areaCode } from '../model/area-code.ts';
import { buildTestTrust } from '../trust/test-fixtures.ts';
import { areasOverlap, discoverNodes } from './discovery.ts';

const now = new Date('2026-01-10T09:00:00.000Z');
const trust = buildTestTrust(now);
const ids = (targets: { participantId: string }[]) => targets.map((t) => t.participantId);

describe('discoverNodes', () => {
  it('finds the nodes whose jurisdiction contains or lies within the query area, leaving out revoked, suspended and lapsed ones', () => {
    const targets = discoverNodes(trust.registry, { areas: [areaCode('170003')], now });
    expect(ids(targets)).toEqual([
      'jp-170003-ishikawa-pref',
      'jp-172022-nanao-city',
      'jp-172022-nanao-dialysis-clinic',
      'jp-172022-nanao-hospital',
      'jp-172049-wajima-care-provider',
      'jp-172049-wajima-city',
      'jp-cao-bousai',
    ]);
  });

  it('asks only the nodes of a municipality and the areas above it for a query about that municipality', () => {
    const targets = discoverNodes(trust.registry, { areas: [areaCode('172049')], now });
    expect(ids(targets)).toEqual(['jp-170003-ishikawa-pref', 'jp-172049-wajima-care-provider', 'jp-172049-wajima-city', 'jp-cao-bousai']);
  });

  it('filters by role and leaves out the node itself', () => {
    const targets = discoverNodes(trust.registry, {
      areas: [areaCode('172022')],
      roles: ['municipality', 'dialysis-clinic', 'hospital'],
      exclude: ['jp-172022-nanao-city'],
      now,
    });
    expect(ids(targets)).toEqual(['jp-172022-nanao-dialysis-clinic', 'jp-172022-nanao-hospital']);
    expect(targets[0]).toMatchObject({
      nodeUrl: 'https://jp-172022-nanao-dialysis-clinic.node.example.jp/',
      role: 'dialysis-clinic',
      jurisdiction: ['172022'],
      catalogKnown: false,
    });
  });

  it('finds a recognised foreign participant only for its own country', () => {
    expect(ids(discoverNodes(trust.registry, { areas: [areaCode('PH')], now }))).toEqual(['ph-ocd']);
    expect(ids(discoverNodes(trust.registry, { areas: [areaCode('172022')], now }))).not.toContain('ph-ocd');
  });

  it('leaves out nodes whose known catalog does not offer the dataset and keeps those whose catalog is unknown', () => {
    const catalogs = new Map([
      ['jp-172022-nanao-hospital', { datasets: ['shelters'] }],
      ['jp-172022-nanao-dialysis-clinic', { datasets: ['dialysis-patients'] }],
    ]);
    const targets = discoverNodes(trust.registry, {
      areas: [areaCode('172022')],
      roles: ['dialysis-clinic', 'hospital', 'municipality'],
      dataset: 'dialysis-patients',
      catalogs,
      now,
    });
    expect(targets.map((t) => [t.participantId, t.catalogKnown])).toEqual([
      ['jp-172022-nanao-city', false],
      ['jp-172022-nanao-dialysis-clinic', true],
    ]);
  });

  it('no longer finds a participant once its listing has lapsed', () => {
    const later = new Date(now.getTime() + 400 * 24 * 3_600_000);
    expect(discoverNodes(trust.registry, { areas: [areaCode('172022')], now: later })).toEqual([]);
  });
});

describe('areasOverlap', () => {
  it('holds both ways between a prefecture and its municipalities, and not between neighbours', () => {
    expect(areasOverlap([areaCode('170003')], [areaCode('172022')])).toBe(true);
    expect(areasOverlap([areaCode('172022')], [areaCode('170003')])).toBe(true);
    expect(areasOverlap([areaCode('172022')], [areaCode('172049')])).toBe(false);
  });
});
