// The scenario as one stream of rows, node after node, then the overlap truth. A generator holding only the plan
// and the current position: memory does not grow with the number of rows.
import type { AnyRecordDraft, RecordDraft } from '../model/record.ts';
import { depotFacilities, providerFacilities, siteId } from './facilities.ts';
import { personPayload, personRecordId, syntheticDraft, variantsFor, type SpellingVariant } from './person-record.ts';
import { facilityStock } from './stockpiles.ts';
import type { MunicipalityPlan, ScenarioNode, ScenarioPlan } from './plan.ts';
import { membershipOf, providerSlot, truePerson, type TruePerson } from './true-person.ts';

export const scenarioFiles = ['persons', 'facilities', 'depots', 'stock'] as const;
export type ScenarioFile = (typeof scenarioFiles)[number];

/** One person on several lists: the ground truth entity resolution should find. */
export interface OverlapTruth {
  /** The hidden identity shared by the records (never stored in them). */
  personKey: string;
  records: { node: string; recordId: string }[];
  /** The variants in the providers' records (the city's record is the reference spelling). */
  variants: SpellingVariant[];
}

export type ScenarioRow =
  | { kind: 'record'; node: ScenarioNode; file: ScenarioFile; draft: AnyRecordDraft }
  | { kind: 'overlap'; truth: OverlapTruth };

function clinicOf(plan: ScenarioPlan, m: MunicipalityPlan, index: number): string {
  const { slot, site } = providerSlot(plan.seed, m, index, 'dialysis');
  return siteId(m.dialysisArea.nodeIds[slot]!, site);
}

function careNodeOf(plan: ScenarioPlan, m: MunicipalityPlan, index: number): string {
  return m.careArea.nodeIds[providerSlot(plan.seed, m, index, 'care').slot]!;
}

function personDraft(plan: ScenarioPlan, node: ScenarioNode, p: TruePerson, variants: readonly SpellingVariant[]): RecordDraft<'person'> {
  const recordId = personRecordId(node.id, plan.seed, p);
  const clinicId = p.membership.dialysis ? clinicOf(plan, p.municipality, p.index) : undefined;
  const data = personPayload(p, { nodeId: node.id, recordId, variants, ...(clinicId ? { clinicId } : {}) });
  return syntheticDraft('person', recordId, node.id, data);
}

/** The persons a node holds, in hidden-index order; providers scan cheap membership draws to find theirs. */
export function* nodePersons(plan: ScenarioPlan, node: ScenarioNode): Generator<RecordDraft<'person'>> {
  const { seed } = plan;
  if (node.kind === 'municipality') {
    const m = plan.municipalities[node.municipalities[0]!]!;
    for (let i = 0; i < m.listSize; i++) yield personDraft(plan, node, truePerson(seed, m, i), []);
    return;
  }
  if (node.kind !== 'dialysis-provider' && node.kind !== 'care-provider') return;
  const kind = node.kind === 'dialysis-provider' ? 'dialysis' : 'care';
  for (const mi of node.municipalities) {
    const m = plan.municipalities[mi]!;
    const offStart = kind === 'dialysis' ? m.listSize : m.listSize + m.offListDialysis;
    const offEnd = kind === 'dialysis' ? m.listSize + m.offListDialysis : m.listSize + m.offListDialysis + m.offListCare;
    for (let i = 0; i < m.listSize; i++) {
      const member = membershipOf(seed, m, i);
      if (!(kind === 'dialysis' ? member.dialysis : member.careClient)) continue;
      if (providerSlot(seed, m, i, kind).slot !== node.slot) continue;
      const p = truePerson(seed, m, i);
      yield personDraft(plan, node, p, variantsFor(p));
    }
    for (let i = offStart; i < offEnd; i++) {
      if (providerSlot(seed, m, i, kind).slot !== node.slot) continue;
      yield personDraft(plan, node, truePerson(seed, m, i), []);
    }
  }
}

/** Listed people who are also a clinic's patient or a care provider's client, with every record id they have. */
export function* overlapTruths(plan: ScenarioPlan): Generator<OverlapTruth> {
  const { seed } = plan;
  for (const m of plan.municipalities) {
    const cityNode = `jp-${m.muni.code}-city`;
    for (let i = 0; i < m.listSize; i++) {
      const member = membershipOf(seed, m, i);
      if (!member.dialysis && !member.careClient) continue;
      const p = truePerson(seed, m, i);
      const records = [{ node: cityNode, recordId: personRecordId(cityNode, seed, p) }];
      if (member.dialysis) {
        const node = m.dialysisArea.nodeIds[providerSlot(seed, m, i, 'dialysis').slot]!;
        records.push({ node, recordId: personRecordId(node, seed, p) });
      }
      if (member.careClient) {
        const node = careNodeOf(plan, m, i);
        records.push({ node, recordId: personRecordId(node, seed, p) });
      }
      yield { personKey: p.key, records, variants: variantsFor(p) };
    }
  }
}

/**
 * Every row of the scenario: each node's persons, facilities and depots in turn, each facility or depot followed by
 * its stock lines, then the overlap truth.
 */
export function* scenarioRows(plan: ScenarioPlan): Generator<ScenarioRow> {
  for (const node of plan.nodes) {
    for (const draft of nodePersons(plan, node)) yield { kind: 'record', node, file: 'persons', draft };
    for (const draft of providerFacilities(plan, node)) {
      yield { kind: 'record', node, file: 'facilities', draft };
      for (const stock of facilityStock(plan, node, draft)) yield { kind: 'record', node, file: 'stock', draft: stock };
    }
    for (const draft of depotFacilities(plan, node)) {
      yield { kind: 'record', node, file: 'depots', draft };
      for (const stock of facilityStock(plan, node, draft)) yield { kind: 'record', node, file: 'stock', draft: stock };
    }
  }
  for (const truth of overlapTruths(plan)) yield { kind: 'overlap', truth };
}
