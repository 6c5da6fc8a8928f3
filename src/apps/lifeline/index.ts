// The lifeline application's pure core: Japanese text and address normalisation, record matching, resolution into
// persons, and prioritisation. The service and routes build on these; nothing here does I/O.
export * from './types.ts';
export {
  foldKanjiVariants,
  isKanaOnly,
  kanjiVariants,
  normaliseName,
  normaliseWidthAndSpaces,
  readingKey,
  splitName,
  splitReading,
  toHiragana,
  toKatakana,
  type NameParts,
} from './japanese-text.ts';
export { compareAddresses, kanjiNumeralValue, municipalityKey, normaliseAddress, type AddressComparison, type AddressContext, type NormalisedAddress } from './address.ts';
export { normalisePhone } from './phone.ts';
export {
  bandOf,
  blockKeys,
  candidatePairs,
  compareFeatures,
  confidenceOf,
  createFeatureMemo,
  DEFAULT_MATCH_WEIGHTS,
  DEFAULT_MAX_BLOCK_SIZE,
  evidenceKinds,
  logistic,
  matchFeatures,
  matchPair,
  MERGE_THRESHOLD,
  NEIGHBOURHOOD_WINDOW,
  REVIEW_THRESHOLD,
  scoreFeatures,
  type CandidatePairs,
  type FeatureMemo,
  type MatchFeatures,
  type MatchWeights,
} from './match.ts';
export { fieldConflicts, mergeViews, PERSON_ID_PREFIX, personIdOf, resolvePersons, type ResolveOptions } from './resolve.ts';
export {
  AGE_THRESHOLD,
  ageOn,
  DEFAULT_PRIORITY_WEIGHTS,
  DIALYSIS_DUE_SOON_HOURS,
  dialysisTiming,
  hasFactor,
  JST_OFFSET_MINUTES,
  OXYGEN_LOW_HOURS,
  oxygenHoursLeft,
  PRIORITY_FACTOR_CODES,
  prioritize,
  sortByPriority,
  type DialysisTiming,
  type PriorityContext,
} from './priority.ts';
export { evidenceMessageCode, factorMessageCode, type LifelineMessageCode } from './explain.ts';
