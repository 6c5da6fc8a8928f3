// Applying a decision to one record before it leaves the provider: withhold what the decision does not cover,
// mask every field it does not grant. Pure; the provider calls it on each record of an allowed answer.
import { areaContains, type AreaCode } from '../model/index.ts';
import { builtInDatasets, type DatasetDefinition } from './datasets.ts';
import type { AccessDecision } from './decide-access.ts';
import { grantTreeOf, pickGranted, valueAt, type GrantTree } from './field-grants.ts';

/** The parts of a record envelope masking needs; other envelope fields (id, source, lineage) pass through. */
export interface MaskableRecord {
  readonly data: unknown;
  readonly quality?: { readonly level: string };
}

export type MaskedRecord<R extends MaskableRecord> = Omit<R, 'data'> & { data: Record<string, unknown> };

const treeCache = new WeakMap<readonly string[], GrantTree>();

function treeFor(granted: readonly string[]): GrantTree {
  let t = treeCache.get(granted);
  if (!t) {
    t = grantTreeOf(granted);
    treeCache.set(granted, t);
  }
  return t;
}

/**
 * The record as the decision lets it be shared, or undefined when it must be withheld: the decision is a denial,
 * the record lies outside the decided areas, a person did not consent where consent is required, or the record is
 * outside the record scope (not the requester's own patient, not synthetic data for training).
 */
export function applyObligations<R extends MaskableRecord>(
  record: R,
  decision: AccessDecision,
  datasets: ReadonlyMap<string, DatasetDefinition> = builtInDatasets,
): MaskedRecord<R> | undefined {
  if (decision.effect !== 'allow') return undefined;
  const { obligations } = decision;
  const dataset = datasets.get(decision.dataset);
  const data = record.data;

  if (dataset?.areaField) {
    const area = valueAt(data, dataset.areaField);
    if (typeof area !== 'string' || !decision.areas.some((a) => areaContains(a.area, area as AreaCode))) return undefined;
  }
  if (obligations.requireConsent) {
    // A dataset without a consent field cannot prove consent, so nothing of it may pass.
    if (!dataset?.consentField || valueAt(data, dataset.consentField) !== true) return undefined;
  }
  const scope = obligations.recordScope;
  if (scope) {
    for (const { field, equals } of scope.requesterIdAt) if (valueAt(data, field) !== equals) return undefined;
    if (scope.quality && (!record.quality || !scope.quality.some((q) => q === record.quality!.level))) return undefined;
  }
  const masked = pickGranted(data, treeFor(obligations.grantedFields));
  return { ...record, data: (masked ?? {}) as Record<string, unknown> };
}
