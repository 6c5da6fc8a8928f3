// The message code that explains each priority factor and each kind of match evidence, so every number the operator
// sees comes with a sentence in Japanese and English (./messages.ts).
import type { LifelineMessageCode } from './messages.ts';
import type { MatchEvidenceKind, PriorityFactorCode } from './types.ts';

export type { LifelineMessageCode };

const factorCodes: Readonly<Record<PriorityFactorCode, LifelineMessageCode>> = {
  'dialysis-overdue': 'LIFELINE_FACTOR_DIALYSIS_OVERDUE',
  'dialysis-due-soon': 'LIFELINE_FACTOR_DIALYSIS_DUE_SOON',
  'oxygen-low': 'LIFELINE_FACTOR_OXYGEN_LOW',
  'oxygen-out': 'LIFELINE_FACTOR_OXYGEN_OUT',
  bedridden: 'LIFELINE_FACTOR_BEDRIDDEN',
  'medically-dependent-child': 'LIFELINE_FACTOR_MEDICALLY_DEPENDENT_CHILD',
  'lives-alone': 'LIFELINE_FACTOR_LIVES_ALONE',
  'in-hazard-area': 'LIFELINE_FACTOR_IN_HAZARD_AREA',
  'status-unknown': 'LIFELINE_FACTOR_STATUS_UNKNOWN',
  'needs-rescue': 'LIFELINE_FACTOR_NEEDS_RESCUE',
  'age-85-plus': 'LIFELINE_FACTOR_AGE_85_PLUS',
};

const evidenceCodes: Readonly<Record<MatchEvidenceKind, LifelineMessageCode>> = {
  'name-exact': 'LIFELINE_EVIDENCE_NAME_EXACT',
  'name-normalised': 'LIFELINE_EVIDENCE_NAME_NORMALISED',
  'name-kana': 'LIFELINE_EVIDENCE_NAME_KANA',
  'name-mixed-script': 'LIFELINE_EVIDENCE_NAME_MIXED_SCRIPT',
  'name-different': 'LIFELINE_EVIDENCE_NAME_DIFFERENT',
  'birth-date-equal': 'LIFELINE_EVIDENCE_BIRTH_DATE_EQUAL',
  'birth-date-different': 'LIFELINE_EVIDENCE_BIRTH_DATE_DIFFERENT',
  'birth-date-missing': 'LIFELINE_EVIDENCE_BIRTH_DATE_MISSING',
  'address-equal': 'LIFELINE_EVIDENCE_ADDRESS_EQUAL',
  'address-same-locality': 'LIFELINE_EVIDENCE_ADDRESS_SAME_LOCALITY',
  'address-different': 'LIFELINE_EVIDENCE_ADDRESS_DIFFERENT',
  'phone-equal': 'LIFELINE_EVIDENCE_PHONE_EQUAL',
  'phone-different': 'LIFELINE_EVIDENCE_PHONE_DIFFERENT',
  'sex-different': 'LIFELINE_EVIDENCE_SEX_DIFFERENT',
  'area-different': 'LIFELINE_EVIDENCE_AREA_DIFFERENT',
};

/** The sentence of a priority factor; its parameters are the factor's `params`. */
export function factorMessageCode(code: PriorityFactorCode): LifelineMessageCode {
  return factorCodes[code];
}

/** The sentence of a kind of match evidence; parameters `a` and `b` are the evidence's two values, `weight` its weight. */
export function evidenceMessageCode(kind: MatchEvidenceKind): LifelineMessageCode {
  return evidenceCodes[kind];
}
