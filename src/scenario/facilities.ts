// Facilities of the scenario's nodes: a clinic group's dialysis sites, a care provider's facilities, and supply
// depots (facility kind `depot`) of municipalities and prefectures. Ishikawa's depots stand at real shelters.
import { areaCode } from '../model/area-code.ts';
import type { Facility } from '../model/facility.ts';
import type { RecordDraft } from '../model/record.ts';
import { Draws, saltOf, seedOf } from './hash.ts';
import { genericLocalityNames, round6 } from './municipalities.ts';
import { syntheticDraft } from './person-record.ts';
import { SCENARIO_OBSERVED_AT, type MunicipalityPlan, type ScenarioNode, type ScenarioPlan } from './plan.ts';
import { nodeSizes } from './rates.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

export function siteId(nodeId: string, site: number): string {
  return `${nodeId}:site-${pad2(site + 1)}`;
}

export function depotId(nodeId: string, depot: number): string {
  return `${nodeId}:depot-${pad2(depot + 1)}`;
}

function placeFor(m: MunicipalityPlan, seed: number): { locality: string; location: [number, number] } {
  const rng = new Draws(seed);
  if (m.muni.localities.length > 0) {
    // On a real shelter's position: depots and clinics near where people will gather.
    const l = rng.pick(m.muni.localities);
    return { locality: l.name, location: [l.near[0], l.near[1]] };
  }
  return {
    locality: `${rng.pick(genericLocalityNames)}${rng.int(1, 5)}丁目`,
    location: [round6(m.muni.centre[0] + (rng.next() - 0.5) * 0.04), round6(m.muni.centre[1] + (rng.next() - 0.5) * 0.03)],
  };
}

function facility(kind: Facility['kind'], name: string, node: ScenarioNode, m: MunicipalityPlan, seed: number, capacity: Facility['capacity']): Facility {
  const place = placeFor(m, seed);
  const code = areaCode(m.muni.code);
  return {
    kind,
    name: { ja: name },
    operator: node.id,
    areaCode: code,
    address: { text: `${m.muni.prefecture}${m.muni.name}${place.locality}`, prefecture: m.muni.prefecture, municipality: m.muni.name, locality: place.locality, areaCode: code },
    location: { type: 'Point', coordinates: place.location },
    ...(capacity ? { capacity } : {}),
    status: { value: 'operating', asOf: SCENARIO_OBSERVED_AT },
  };
}

/** The municipality a provider's site stands in: sites are spread over the area's municipalities in turn. */
function siteMunicipality(plan: ScenarioPlan, node: ScenarioNode, site: number): MunicipalityPlan {
  return plan.municipalities[node.municipalities[site % node.municipalities.length]!]!;
}

/** The facilities a node publishes in `facilities.ndjson` (providers' sites). */
export function* providerFacilities(plan: ScenarioPlan, node: ScenarioNode): Generator<RecordDraft<'facility'>> {
  if (node.kind !== 'dialysis-provider' && node.kind !== 'care-provider') return;
  for (let s = 0; s < node.sites; s++) {
    const m = siteMunicipality(plan, node, s);
    const seed = seedOf(plan.seed, saltOf(node.id), s, 1);
    const data =
      node.kind === 'dialysis-provider'
        ? facility('dialysis-clinic', `${m.muni.name}透析クリニック${s + 1}（架空）`, node, m, seed, { dialysisStations: Math.max(5, Math.round(nodeSizes.dialysisPerSite / 3)) })
        : facility('care-facility', `${m.muni.name}ケアホーム${s + 1}（架空）`, node, m, seed, { beds: 20 + (seed % 61) });
    yield syntheticDraft('facility', siteId(node.id, s), node.id, data);
  }
}

/** The supply depots a node publishes in `depots.ndjson` (municipal stockpiles, prefectural wide-area hubs). */
export function* depotFacilities(plan: ScenarioPlan, node: ScenarioNode): Generator<RecordDraft<'facility'>> {
  if (node.kind !== 'municipality' && node.kind !== 'prefecture') return;
  for (let d = 0; d < node.sites; d++) {
    const m = plan.municipalities[node.municipalities[(d * 7) % node.municipalities.length]!]!;
    const seed = seedOf(plan.seed, saltOf(node.id), d, 2);
    const data =
      node.kind === 'municipality'
        ? facility('depot', `${m.muni.name}防災備蓄倉庫${d + 1}（架空）`, node, m, seed, { storageM3: 200 + (seed % 9) * 100 })
        : facility('depot', `${m.muni.prefecture}広域物資輸送拠点${d + 1}（架空）`, node, m, seed, { storageM3: 5000 + (seed % 11) * 1000 });
    yield syntheticDraft('facility', depotId(node.id, d), node.id, data);
  }
}
