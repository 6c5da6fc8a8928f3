// The scenario plan: which nodes exist, which municipalities each serves and how many people each municipality
// holds. Small (one entry per municipality and node) and pure; the rows themselves are generated on demand.
import { areaCode, prefectureOf } from '../model/area-code.ts';
import type { ParticipantRole } from '../model/codes.ts';
import type { Municipality } from './municipalities.ts';
import { nodeSizes, rates, rowsPerResident } from './rates.ts';
import type { ScaleName } from './scales.ts';

export const GENERATOR_VERSION = '3';
/** When every synthetic record was observed: the morning of the Noto earthquake's first day, like the demo. */
export const SCENARIO_OBSERVED_AT = '2024-01-01T09:00:00+09:00';

export type ScenarioNodeKind = 'municipality' | 'dialysis-provider' | 'care-provider' | 'prefecture';

export interface ServiceArea {
  /** Indexes into `ScenarioPlan.municipalities`. */
  municipalities: number[];
  /** The provider nodes sharing the area; a person is assigned to one by a hash. */
  nodeIds: string[];
  /** Clinic or care sites per node. */
  sitesPerNode: number;
}

/** A municipality's figures, before providers are grouped into service areas over them. */
export interface MunicipalityFigures {
  index: number;
  muni: Municipality;
  codeNumber: number;
  /** People on the city's 避難行動要支援者名簿 (hidden indexes 0 … listSize-1). */
  listSize: number;
  /** Chance that a listed person is also a dialysis patient / a care client / on home oxygen. */
  dialysisOnListRate: number;
  careOnListRate: number;
  homeOxygenRate: number;
  /** Dialysis patients not on the list (indexes listSize …), then care clients not on it. */
  offListDialysis: number;
  offListCare: number;
  depots: number;
}

export interface MunicipalityPlan extends MunicipalityFigures {
  dialysisArea: ServiceArea;
  careArea: ServiceArea;
}

export interface ScenarioNode {
  id: string;
  kind: ScenarioNodeKind;
  role: ParticipantRole;
  name: { ja: string; en: string };
  jurisdiction: string[];
  /** Indexes of the municipalities whose people or depots the node holds. */
  municipalities: number[];
  /** For providers: which of the area's nodes this is. */
  slot: number;
  /** Clinic or care sites (providers) or depots (municipalities, prefectures). */
  sites: number;
  area?: ServiceArea;
}

export interface ScenarioPlan {
  scale: ScaleName;
  seed: number;
  persons: number;
  /** Multiplier on the rates so that the person records add up to `persons`. */
  factor: number;
  municipalities: MunicipalityPlan[];
  nodes: ScenarioNode[];
  /** Person records expected (binomial draws make the real count differ slightly). */
  expectedPersons: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Group a prefecture's municipalities, in code order, into areas large enough for at least one provider node. */
function serviceAreas(members: MunicipalityFigures[], expected: (m: MunicipalityFigures) => number, perNode: number, perSite: number, kind: 'dialysis' | 'care'): ServiceArea[] {
  const groups: MunicipalityFigures[][] = [];
  let current: MunicipalityFigures[] = [];
  let sum = 0;
  for (const m of members) {
    current.push(m);
    sum += expected(m);
    if (sum >= perNode) {
      groups.push(current);
      current = [];
      sum = 0;
    }
  }
  if (current.length > 0) {
    // A small remainder joins the previous area rather than becoming a tiny provider.
    if (groups.length > 0 && sum < perNode / 2) groups[groups.length - 1]!.push(...current);
    else groups.push(current);
  }
  return groups.map((g) => {
    const total = g.reduce((s, m) => s + expected(m), 0);
    const nodes = Math.max(1, Math.round(total / perNode));
    const first = g[0]!.muni.code;
    return {
      municipalities: g.map((m) => m.index),
      nodeIds: Array.from({ length: nodes }, (_, k) => `jp-${first}-${kind}-${pad2(k + 1)}`),
      sitesPerNode: Math.max(1, Math.round(total / nodes / perSite)),
    };
  });
}

export function planScenario(scale: ScaleName, seed: number, persons: number, munis: readonly Municipality[], prefectureNodes: boolean): ScenarioPlan {
  const population = munis.reduce((s, m) => s + m.population, 0);
  const factor = population > 0 ? persons / (population * rowsPerResident) : 0;
  const figures: MunicipalityFigures[] = munis.map((muni, index) => {
    const listSize = Math.round(muni.population * rates.supportList * factor);
    const dialysis = muni.population * rates.dialysis * factor;
    const care = muni.population * rates.careClients * factor;
    const dialysisOnList = listSize > 0 ? Math.min(listSize, dialysis * rates.dialysisOnList) : 0;
    const careOnList = listSize > 0 ? Math.min(listSize, care * rates.careOnList) : 0;
    return {
      index,
      muni,
      codeNumber: Number(muni.code),
      listSize,
      dialysisOnListRate: listSize > 0 ? dialysisOnList / listSize : 0,
      careOnListRate: listSize > 0 ? careOnList / listSize : 0,
      homeOxygenRate: listSize > 0 ? Math.min(1, (muni.population * rates.homeOxygen * factor) / listSize) : 0,
      offListDialysis: Math.round(dialysis - dialysisOnList),
      offListCare: Math.round(care - careOnList),
      depots: Math.max(1, Math.round(muni.population / 40_000)),
    };
  });

  const nodes: ScenarioNode[] = [];
  // Every municipality lies in one prefecture, and a prefecture's service areas cover all its municipalities.
  const dialysisAreaOf = new Map<number, ServiceArea>();
  const careAreaOf = new Map<number, ServiceArea>();
  const prefCodes = [...new Set(munis.map((m) => m.prefCode))];
  for (const prefCode of prefCodes) {
    const members = figures.filter((m) => m.muni.prefCode === prefCode);
    const prefecture = members[0]!.muni.prefecture;
    if (prefectureNodes) {
      const prefArea = prefectureOf(areaCode(members[0]!.muni.code))!;
      nodes.push({
        id: `jp-${prefArea}-pref`,
        kind: 'prefecture',
        role: 'prefecture',
        name: { ja: `${prefecture}（合成シナリオ）`, en: `Prefecture ${prefArea} (synthetic scenario)` },
        jurisdiction: [prefArea],
        municipalities: members.map((m) => m.index),
        slot: 0,
        sites: Math.max(2, Math.round(members.length / 6)),
      });
    }
    for (const m of members) {
      nodes.push({
        id: `jp-${m.muni.code}-city`,
        kind: 'municipality',
        role: 'municipality',
        name: { ja: `${prefecture}${m.muni.name}（合成シナリオ）`, en: `Municipality ${m.muni.code} (synthetic scenario)` },
        jurisdiction: [m.muni.code],
        municipalities: [m.index],
        slot: 0,
        sites: m.depots,
      });
    }
    const expectedDialysis = (m: MunicipalityFigures) => m.dialysisOnListRate * m.listSize + m.offListDialysis;
    const expectedCare = (m: MunicipalityFigures) => m.careOnListRate * m.listSize + m.offListCare;
    const providerAreas: [ServiceArea[], 'dialysis' | 'care'][] = [
      [serviceAreas(members, expectedDialysis, nodeSizes.dialysisPerNode, nodeSizes.dialysisPerSite, 'dialysis'), 'dialysis'],
      [serviceAreas(members, expectedCare, nodeSizes.carePerNode, nodeSizes.carePerSite, 'care'), 'care'],
    ];
    for (const [areas, kind] of providerAreas) {
      for (const area of areas) {
        for (const i of area.municipalities) (kind === 'dialysis' ? dialysisAreaOf : careAreaOf).set(i, area);
        const firstName = figures[area.municipalities[0]!]!.muni.name;
        area.nodeIds.forEach((id, slot) => {
          nodes.push({
            id,
            kind: kind === 'dialysis' ? 'dialysis-provider' : 'care-provider',
            role: kind === 'dialysis' ? 'dialysis-clinic' : 'care-provider',
            name:
              kind === 'dialysis'
                ? { ja: `${firstName}透析クリニックグループ${slot + 1}（架空）`, en: `Dialysis clinic group ${id} (fictional)` }
                : { ja: `${firstName}介護サービス${slot + 1}（架空）`, en: `Care provider ${id} (fictional)` },
            jurisdiction: area.municipalities.map((i) => figures[i]!.muni.code),
            municipalities: area.municipalities,
            slot,
            sites: area.sitesPerNode,
            area,
          });
        });
      }
    }
  }
  const municipalities: MunicipalityPlan[] = figures.map((m) => ({ ...m, dialysisArea: dialysisAreaOf.get(m.index)!, careArea: careAreaOf.get(m.index)! }));
  const expectedPersons = municipalities.reduce(
    (s, m) => s + m.listSize * (1 + m.dialysisOnListRate + m.careOnListRate) + m.offListDialysis + m.offListCare,
    0,
  );
  return { scale, seed, persons, factor, municipalities, nodes, expectedPersons: Math.round(expectedPersons) };
}
