// Which of an allowed read's duties the database applies itself: the filters of `applyObligations` (areas, consent,
// own records, quality) as store conditions, when every field they read is one the database reads as the policy
// layer does. Shared by aggregates counted in the store and pages released by it.
import type { AccessDecision, DatasetDefinition } from '../policy/index.ts';
import { isGroupablePath, type RecordDuties } from '../store/index.ts';

/**
 * - `store`: the database applies every duty (`duties`);
 * - `nothing`: no record can pass (consent is required of a dataset that cannot record it);
 * - `memory`: a field path the database would read otherwise than the policy layer (`field`): records are read and
 *   masked one by one by `applyObligations`.
 */
export type DutiesInStore =
  | { readonly in: 'store'; readonly duties: RecordDuties }
  | { readonly in: 'nothing' }
  | { readonly in: 'memory'; readonly field: string };

/** The duties of `decision` on `dataset` in store terms; `alsoRead` are other paths the caller has the database read. */
export function dutiesInStore(decision: AccessDecision, dataset: DatasetDefinition | undefined, alsoRead: readonly string[] = []): DutiesInStore {
  const { obligations } = decision;
  // A dataset without a consent field cannot prove consent, so nothing of it may pass (as applyObligations does).
  if (obligations.requireConsent && dataset?.consentField === undefined) return { in: 'nothing' };
  const equal: { field: string; value: string | boolean }[] = [];
  if (obligations.requireConsent && dataset?.consentField !== undefined) equal.push({ field: dataset.consentField, value: true });
  for (const { field, equals } of obligations.recordScope?.requesterIdAt ?? []) equal.push({ field, value: equals });

  const paths = [...alsoRead, ...(dataset?.areaField !== undefined ? [dataset.areaField] : []), ...equal.map((e) => e.field)];
  const unreadable = paths.find((p) => !isGroupablePath(p));
  if (unreadable !== undefined) return { in: 'memory', field: unreadable };

  const quality = obligations.recordScope?.quality;
  return {
    in: 'store',
    duties: {
      ...(dataset?.areaField !== undefined ? { areas: { field: dataset.areaField, codes: decision.areas.map((a) => a.area) } } : {}),
      ...(equal.length > 0 ? { equal } : {}),
      ...(quality !== undefined ? { qualityLevels: quality } : {}),
    },
  };
}
