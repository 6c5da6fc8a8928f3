// A tsunami warning for areas whose boundaries cut a prefecture's coast (相模湾・三浦半島 at 観音崎, 福岡県瀬戸内海沿岸
// at the 関門海峡) reaches the municipalities on that coast, and the nodes serving them are the ones asked for people.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJmaFile } from '../../src/adapters/jma/jma-importer.ts';
import { areaOfAlert, nodesFor } from '../../src/apps/alerts/people.ts';
import type { NodeTarget } from '../../src/federation/discovery.ts';
import { areaCode, type Alert } from '../../src/model/index.ts';

const ctx = { sourceNode: 'jp-140007-kanagawa-pref', now: '2026-12-06T00:00:00Z' };
// JMA's sample 32-39_11_02_250206_VTSE41.xml with two areas changed (see the comment at the top of the file).
const constructed = new Uint8Array(readFileSync(new URL('../fixtures/alerts/sagami-kanmon-VTSE41.constructed.xml', import.meta.url)));

function alert(): Alert {
  const parsed = parseJmaFile('vtse41.xml', constructed, ctx);
  expect(parsed.rejected).toEqual([]);
  return parsed.items[0]!.draft.data as Alert;
}

const node = (participantId: string, jurisdiction: string[]): NodeTarget => ({
  participantId,
  nodeUrl: `http://127.0.0.1/${participantId}/`,
  role: 'municipality',
  jurisdiction: jurisdiction.map(areaCode),
  trustListId: 'test',
  catalogKnown: true,
});

describe('a tsunami warning for an area cut at a cape or a strait', () => {
  it('covers the municipalities on that coast, a divided one included, and none beyond the boundary', () => {
    const a = alert();
    expect(a.status).toBe('exercise');
    expect(a.kinds).toEqual(expect.arrayContaining(['major-tsunami-warning', 'tsunami-warning']));
    const sagami = a.areas.find((x) => x.code === '330')!.areaCodes;
    // 横須賀市 (観音崎 divides its coast), 三浦市, 鎌倉市, 小田原市 and 湯河原町 on 相模湾.
    expect(sagami).toEqual(expect.arrayContaining(['142018', '142107', '142042', '142069', '143847']));
    expect(sagami).not.toContain('141003'); // 横浜市, in 東京湾内湾
    const seto = a.areas.find((x) => x.code === '710')!.areaCodes;
    // 北九州市 with 門司区 and 小倉南区, and 苅田町 on 周防灘; not 若松区 or 福岡市 (福岡県日本海沿岸 only).
    expect(seto).toEqual(expect.arrayContaining(['401005', '401013', '401072', '406210']));
    expect(seto).not.toContain('401030');
    expect(seto).not.toContain('401307');
    expect([...a.areaCodes].sort()).toEqual([...new Set([...sagami, ...seto])].sort());
  });

  it('asks for people exactly the nodes whose area the warned coast touches', () => {
    const a = alert();
    const peers = [
      node('yokosuka', ['142018']),
      node('kanagawa-pref', ['140007']),
      node('kitakyushu', ['401005']),
      node('moji-ward', ['401013']),
      node('yokohama', ['141003']),
      node('wakamatsu-ward', ['401030']),
      node('nanao', ['172022']),
    ];
    const area = areaOfAlert(a);
    expect(area.purpose).toBe('training'); // 訓練: asked for training, never for life-saving
    expect(nodesFor(area, peers).map((p) => p.participantId).sort()).toEqual(['kanagawa-pref', 'kitakyushu', 'moji-ward', 'yokosuka']);
  });
});
