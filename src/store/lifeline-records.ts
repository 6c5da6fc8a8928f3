// What the store keeps for the lifeline application, as plain types with no I/O: operators' match decisions and
// safety reports. Defined below the app so the store does not depend on it; src/apps/lifeline/types.ts (and through
// it the console) uses these same definitions.
import type { SafetyStatus } from '../model/index.ts';

/**
 * An operator's decision on a pair of records (SourcedPerson keys): confirm joins them whatever the score, split
 * keeps them apart whatever the score.
 */
export interface MatchDecision {
  a: string;
  b: string;
  decision: 'confirm' | 'split';
  by: string;
  at: string;
}

/** A safety-status report on a resolved person, as recorded by this node. */
export interface SafetyReport {
  personId: string;
  status: SafetyStatus;
  shelter?: string;
  note?: string;
  /** The operator who reported, as they named themselves in the console, and the node they reported on. */
  by: string;
  node: string;
  at: string;
}
