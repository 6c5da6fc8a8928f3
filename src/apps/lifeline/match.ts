// Whether two person records from different registers are one person: a Fellegi–Sunter comparison that adds the
// log-odds of each agreement or disagreement and says which evidence moved it, plus blocking so resolving N records
// compares only the pairs that share a name, a phone number or a place.
//
// Weights are natural-log odds ln(m/u), where m is how often the outcome occurs when the two records are one person
// and u how often when they are two. They are set from what registers of persons requiring care look like (names
// repeat within a town far more than birth dates do; phone numbers are shared by households; people move), then
// rounded and bent towards caution where a wrong join costs more than a missed one.
//
// | evidence                   | weight | m, u and why                                                               |
// |----------------------------|-------:|----------------------------------------------------------------------------|
// | prior                      |   -7.0 | odds of ~1:1100 that two records sharing a block are one person            |
// | name-exact                 |   +6.5 | written identically: m .80, u .001                                         |
// | name-normalised            |   +6.0 | equal after NFKC, 旧字体, spaces: m .95, u .0025                           |
// |   … readings disagree      |   +2.5 | same kanji, other reading (ヤマザキ/ヤマサキ): often another family          |
// | name-mixed-script          |   +5.0 | family equal, given in kana equals the other's reading                    |
// |   … no reading to check    |   -2.0 | family equal, given in kana vs kanji with no reading: a relative as likely |
// | name-kana                  |   +3.5 | readings equal, kanji differ (斉藤/斎藤, 花子/華子): homophones are common  |
// | name-different             |   -5.0 | m .007 (typos, marriage), u ≈ 1                                            |
// | birth-date-equal           |   +5.5 | m .97, u ≈ 1/365 inside a birth-year block                                 |
// | birth-date-different       |   -5.0 | m .007: a mistyped date must be outweighed by name, address and phone      |
// | birth-date-missing         |    0.0 | says nothing; listed so the operator sees why the score is lower           |
// | address-equal              |   +5.5 | locality and numbers: m .85, u .004 (a household in a town)                |
// | address-same-locality      |   -1.0 | numbers differ: people seldom move within the town between registers      |
// |   … numbers on one side    |   +1.5 | only the locality could be compared                                        |
// | address-different          |   -2.5 | m .1 (moved, registers lag), u .95                                         |
// | phone-equal                |   +5.0 | m .6, u .004: households share a landline, so it cannot stand alone        |
// | phone-different            |   -1.0 | m .35 (mobile vs landline), u ≈ 1                                          |
// | sex-different              |   -4.0 | m .02, u .5                                                                |
// | area-different             |   -1.0 | other municipality code; mostly already counted by the address             |
//
// confidence = logistic(prior + Σ weights). Bands: merge ≥ MERGE_THRESHOLD, review ≥ REVIEW_THRESHOLD, else distinct.
// Two records from one source node are never joined automatically: one register lists one person once, so a pair
// that looks like a merge there is a duplicate entry or two people for the register's keeper to check (review band).
import type { Sex } from '../../model/codes.ts';
import { compareAddresses, municipalityKey, normaliseAddress, type NormalisedAddress } from './address.ts';
import { isKanaOnly, normaliseName, normaliseWidthAndSpaces, readingKey, splitName, splitReading, toKatakana } from './japanese-text.ts';
import { normalisePhone } from './phone.ts';
import type { MatchBand, MatchEvidence, MatchEvidenceKind, PairMatch, PersonView, SourcedPerson } from './types.ts';

export const MERGE_THRESHOLD = 0.95;
export const REVIEW_THRESHOLD = 0.6;

/** The log-odds of every comparison outcome; see the table at the top of this module. */
export interface MatchWeights {
  prior: number;
  nameExact: number;
  nameNormalised: number;
  nameNormalisedReadingDiffers: number;
  nameMixedScript: number;
  nameMixedScriptUnverified: number;
  nameKana: number;
  nameDifferent: number;
  birthDateEqual: number;
  birthDateDifferent: number;
  birthDateMissing: number;
  addressEqual: number;
  addressSameLocality: number;
  addressLocalityOnly: number;
  addressDifferent: number;
  phoneEqual: number;
  phoneDifferent: number;
  sexDifferent: number;
  areaDifferent: number;
}

export const DEFAULT_MATCH_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  prior: -7.0,
  nameExact: 6.5,
  nameNormalised: 6.0,
  nameNormalisedReadingDiffers: 2.5,
  nameMixedScript: 5.0,
  nameMixedScriptUnverified: -2.0,
  nameKana: 3.5,
  nameDifferent: -5.0,
  birthDateEqual: 5.5,
  birthDateDifferent: -5.0,
  birthDateMissing: 0,
  addressEqual: 5.5,
  addressSameLocality: -1.0,
  addressLocalityOnly: 1.5,
  addressDifferent: -2.5,
  phoneEqual: 5.0,
  phoneDifferent: -1.0,
  sexDifferent: -4.0,
  areaDifferent: -1.0,
});

/** What a record is compared on, computed once per record rather than once per pair. */
export interface MatchFeatures {
  key: string;
  sourceNode: string;
  nameWritten?: string;
  name?: string;
  family?: string;
  given?: string;
  givenInKana: boolean;
  /** The reading folded for comparison (long vowels and small kana spelled one way). */
  reading?: string;
  /** The reading as an operator would read it: katakana, no spaces, not folded further. */
  readingShown?: string;
  familyReading?: string;
  givenReading?: string;
  /** How the given name sounds, as a kana given name is compared with a kanji one: its reading, or its kana folded. */
  givenSound?: string;
  birthDate?: string;
  sex?: Sex;
  address?: NormalisedAddress;
  areaCode?: string;
  phone?: string;
}

const SEP = '\u0000';

/** The name-derived part of the features: the same name and reading recur across registers and households. */
type NameFeatures = Pick<
  MatchFeatures,
  'nameWritten' | 'name' | 'family' | 'given' | 'givenInKana' | 'reading' | 'readingShown' | 'familyReading' | 'givenReading' | 'givenSound'
>;

/**
 * Memo tables for one resolution: names, readings, addresses and phone numbers repeat across the registers (one
 * person on several, a household at one address, common names), and normalising them is most of the cost of a
 * record's features. Scoped to one call so nothing outlives the records it was built from.
 */
export interface FeatureMemo {
  names: Map<string, NameFeatures>;
  addresses: Map<string, { locality: string; numbers: string }>;
  /** normaliseAddress as it is, for the field-conflict check. */
  normalisedAddresses: Map<string, NormalisedAddress>;
  phones: Map<string, string | undefined>;
}

export function createFeatureMemo(): FeatureMemo {
  return { names: new Map(), addresses: new Map(), normalisedAddresses: new Map(), phones: new Map() };
}

function nameFeatures(name: NonNullable<PersonView['name']>): NameFeatures {
  const parts = splitName(name);
  const nameIsKana = parts !== undefined && isKanaOnly(parts.full);
  // A name written only in kana is its own reading when the source gave none.
  const readingText = name.kana ?? (nameIsKana ? parts?.full : undefined);
  const readingParts = readingText !== undefined ? splitReading(readingText) : {};
  const f: NameFeatures = { givenInKana: parts?.given !== undefined && isKanaOnly(parts.given) };
  if (parts) {
    f.nameWritten = parts.full.trim();
    f.name = normaliseName(parts.full);
    if (parts.family !== undefined) f.family = normaliseName(parts.family);
    if (parts.given !== undefined) f.given = normaliseName(parts.given);
  }
  if (readingText !== undefined) {
    const key = readingKey(readingText);
    if (key !== '') {
      f.reading = key;
      f.readingShown = toKatakana(normaliseWidthAndSpaces(readingText));
    }
  }
  if (readingParts.family !== undefined) f.familyReading = readingKey(readingParts.family);
  if (readingParts.given !== undefined) f.givenReading = readingKey(readingParts.given);
  const givenSound = f.givenInKana ? (f.given !== undefined ? readingKey(f.given) : undefined) : f.givenReading;
  if (givenSound !== undefined) f.givenSound = givenSound;
  return f;
}

const addressKeyOf = (address: NonNullable<PersonView['address']>) =>
  `${address.text}${SEP}${address.prefecture ?? SEP}${SEP}${address.municipality ?? SEP}`;

/** normaliseAddress with the parts the source wrote in fields, through the memo. */
export function normalisedAddressOf(address: NonNullable<PersonView['address']>, memo?: FeatureMemo): NormalisedAddress {
  const key = memo !== undefined ? addressKeyOf(address) : '';
  const known = memo?.normalisedAddresses.get(key);
  if (known !== undefined) return known;
  const n = normaliseAddress(address.text, {
    ...(address.prefecture !== undefined ? { prefecture: address.prefecture } : {}),
    ...(address.municipality !== undefined ? { municipality: address.municipality } : {}),
  });
  memo?.normalisedAddresses.set(key, n);
  return n;
}

function addressFeatures(address: NonNullable<PersonView['address']>, memo?: FeatureMemo): { locality: string; numbers: string } {
  const n = normalisedAddressOf(address, memo);
  // The municipality goes back in front, so an address that wrote it in the text and one that gave it in a field read
  // the same.
  const municipality = address.municipality ? municipalityKey(address.municipality) : '';
  return { locality: municipality + n.locality, numbers: n.numbers };
}


/** normalisePhone through the memo. */
export function phoneDigits(text: string, memo?: FeatureMemo): string | undefined {
  if (memo === undefined) return normalisePhone(text);
  if (memo.phones.has(text)) return memo.phones.get(text);
  const digits = normalisePhone(text);
  memo.phones.set(text, digits);
  return digits;
}

/** The features of one record; pass one memo to every call of a resolution so repeated values are normalised once. */
export function matchFeatures(record: SourcedPerson, memo?: FeatureMemo): MatchFeatures {
  const p = record.person;
  const f: MatchFeatures = { key: record.key, sourceNode: record.sourceNode, givenInKana: false };
  const name = p.name;
  if (name !== undefined) {
    const nameKey = `${name.full ?? SEP}${SEP}${name.family ?? SEP}${SEP}${name.given ?? SEP}${SEP}${name.kana ?? SEP}`;
    let named = memo?.names.get(nameKey);
    if (named === undefined) {
      named = nameFeatures(name);
      memo?.names.set(nameKey, named);
    }
    Object.assign(f, named);
  }
  if (p.birthDate !== undefined) f.birthDate = p.birthDate;
  // 'unknown' and 'other' say nothing a disagreement could be built on.
  if (p.sex === 'female' || p.sex === 'male') f.sex = p.sex;
  const address = p.address;
  if (address !== undefined) {
    const addressKey = addressKeyOf(address);
    let normalised = memo?.addresses.get(addressKey);
    if (normalised === undefined) {
      normalised = addressFeatures(address, memo);
      memo?.addresses.set(addressKey, normalised);
    }
    f.address = normalised;
  }
  if (p.areaCode !== undefined) f.areaCode = p.areaCode;
  const phoneText = p.contact?.phone;
  if (phoneText !== undefined) {
    const phone = phoneDigits(phoneText, memo);
    if (phone !== undefined) f.phone = phone;
  }
  return f;
}

/** A comparison outcome, named by the weight it carries. */
type Outcome = Exclude<keyof MatchWeights, 'prior'>;

const KIND_OF: Readonly<Record<Outcome, MatchEvidenceKind>> = {
  nameExact: 'name-exact',
  nameNormalised: 'name-normalised',
  nameNormalisedReadingDiffers: 'name-normalised',
  nameMixedScript: 'name-mixed-script',
  nameMixedScriptUnverified: 'name-mixed-script',
  nameKana: 'name-kana',
  nameDifferent: 'name-different',
  birthDateEqual: 'birth-date-equal',
  birthDateDifferent: 'birth-date-different',
  birthDateMissing: 'birth-date-missing',
  addressEqual: 'address-equal',
  addressSameLocality: 'address-same-locality',
  addressLocalityOnly: 'address-same-locality',
  addressDifferent: 'address-different',
  phoneEqual: 'phone-equal',
  phoneDifferent: 'phone-different',
  sexDifferent: 'sex-different',
  areaDifferent: 'area-different',
};

function nameOutcome(a: MatchFeatures, b: MatchFeatures): Outcome | undefined {
  if (a.name === undefined || b.name === undefined) return undefined;
  if (a.name === b.name) {
    if (a.reading !== undefined && b.reading !== undefined && a.reading !== b.reading) return 'nameNormalisedReadingDiffers';
    return a.nameWritten === b.nameWritten ? 'nameExact' : 'nameNormalised';
  }
  // One register wrote the given name in kana (ハナコ), the other in kanji (花子) with its reading.
  if (a.family !== undefined && a.family === b.family && a.givenInKana !== b.givenInKana) {
    const kana = a.givenInKana ? a : b;
    const kanji = a.givenInKana ? b : a;
    if (kana.given !== undefined && kanji.givenReading !== undefined && kana.givenSound === kanji.givenReading) return 'nameMixedScript';
    // Without a reading for the kanji the given names cannot be compared: neither a match nor a difference, and a
    // spouse or parent at the same address looks just like this, so it leans against and leaves the rest to review.
    if (kanji.givenReading === undefined) return 'nameMixedScriptUnverified';
  }
  if (a.reading !== undefined && a.reading === b.reading) return 'nameKana';
  return 'nameDifferent';
}

function birthDateOutcome(a: MatchFeatures, b: MatchFeatures): Outcome | undefined {
  if (a.birthDate === undefined && b.birthDate === undefined) return undefined;
  if (a.birthDate === undefined || b.birthDate === undefined) return 'birthDateMissing';
  return a.birthDate === b.birthDate ? 'birthDateEqual' : 'birthDateDifferent';
}

function addressOutcome(a: MatchFeatures, b: MatchFeatures): Outcome | undefined {
  if (a.address === undefined || b.address === undefined || a.address.locality === '' || b.address.locality === '') return undefined;
  switch (compareAddresses(a.address, b.address)) {
    case 'equal':
      return 'addressEqual';
    case 'same-locality':
      return a.address.numbers === '' || b.address.numbers === '' ? 'addressLocalityOnly' : 'addressSameLocality';
    case 'different':
      return 'addressDifferent';
  }
}

function phoneOutcome(a: MatchFeatures, b: MatchFeatures): Outcome | undefined {
  if (a.phone === undefined || b.phone === undefined) return undefined;
  return a.phone === b.phone ? 'phoneEqual' : 'phoneDifferent';
}

const sexOutcome = (a: MatchFeatures, b: MatchFeatures): Outcome | undefined =>
  a.sex !== undefined && b.sex !== undefined && a.sex !== b.sex ? 'sexDifferent' : undefined;

const areaOutcome = (a: MatchFeatures, b: MatchFeatures): Outcome | undefined =>
  a.areaCode !== undefined && b.areaCode !== undefined && a.areaCode !== b.areaCode ? 'areaDifferent' : undefined;

const shownAddress = (x: NormalisedAddress) => (x.numbers === '' ? x.locality : `${x.locality} ${x.numbers}`);

/** The two values an outcome compared, as the operator is shown them. */
function valuesOf(outcome: Outcome, a: MatchFeatures, b: MatchFeatures): readonly [string, string] | undefined {
  switch (KIND_OF[outcome]) {
    case 'name-kana':
      return [a.readingShown ?? a.reading!, b.readingShown ?? b.reading!];
    case 'name-exact':
    case 'name-normalised':
    case 'name-mixed-script':
    case 'name-different':
      return [a.name!, b.name!];
    case 'birth-date-equal':
    case 'birth-date-different':
      return [a.birthDate!, b.birthDate!];
    case 'address-equal':
    case 'address-same-locality':
    case 'address-different':
      return [shownAddress(a.address!), shownAddress(b.address!)];
    case 'phone-equal':
    case 'phone-different':
      return [a.phone!, b.phone!];
    case 'sex-different':
      return [a.sex!, b.sex!];
    case 'area-different':
      return [a.areaCode!, b.areaCode!];
    case 'birth-date-missing':
      return undefined;
  }
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The band of a confidence; `sameSource` pairs never reach merge. */
export function bandOf(confidence: number, sameSource = false): MatchBand {
  if (confidence >= MERGE_THRESHOLD) return sameSource ? 'review' : 'merge';
  return confidence >= REVIEW_THRESHOLD ? 'review' : 'distinct';
}

/** The confidence of a log-odds score, rounded so that the same inputs print the same everywhere and survive JSON. */
export function confidenceOf(score: number): number {
  return Math.round(logistic(score) * 1e6) / 1e6;
}

/**
 * The log-odds score of a pair without building its evidence: for resolution, which drops most pairs as distinct.
 * Added in the order compareFeatures adds them, so both give the same number to the last bit.
 */
export function scoreFeatures(a: MatchFeatures, b: MatchFeatures, weights: MatchWeights = DEFAULT_MATCH_WEIGHTS): number {
  let score = weights.prior;
  const name = nameOutcome(a, b);
  if (name !== undefined) score += weights[name];
  const birth = birthDateOutcome(a, b);
  if (birth !== undefined) score += weights[birth];
  const address = addressOutcome(a, b);
  if (address !== undefined) score += weights[address];
  const phone = phoneOutcome(a, b);
  if (phone !== undefined) score += weights[phone];
  const sex = sexOutcome(a, b);
  if (sex !== undefined) score += weights[sex];
  const area = areaOutcome(a, b);
  if (area !== undefined) score += weights[area];
  return score;
}

/** Compare two records' features. The pair is ordered so that `a < b`, whatever order they were given in. */
export function compareFeatures(x: MatchFeatures, y: MatchFeatures, weights: MatchWeights = DEFAULT_MATCH_WEIGHTS): PairMatch {
  const a = x.key <= y.key ? x : y;
  const b = x.key <= y.key ? y : x;
  const evidence: MatchEvidence[] = [];
  let score = weights.prior;
  for (const outcome of [nameOutcome(a, b), birthDateOutcome(a, b), addressOutcome(a, b), phoneOutcome(a, b), sexOutcome(a, b), areaOutcome(a, b)]) {
    if (outcome === undefined) continue;
    const values = valuesOf(outcome, a, b);
    evidence.push({ kind: KIND_OF[outcome], weight: weights[outcome], ...(values !== undefined ? { values } : {}) });
    score += weights[outcome];
  }
  const confidence = confidenceOf(score);
  return { a: a.key, b: b.key, confidence, band: bandOf(confidence, a.sourceNode === b.sourceNode), evidence };
}

/** Compare two records. */
export function matchPair(a: SourcedPerson, b: SourcedPerson, weights: MatchWeights = DEFAULT_MATCH_WEIGHTS): PairMatch {
  return compareFeatures(matchFeatures(a), matchFeatures(b), weights);
}

/** The evidence kinds a pair match carries, for filtering (e.g. every pair joined on a reading alone). */
export function evidenceKinds(match: PairMatch): MatchEvidenceKind[] {
  return match.evidence.map((e) => e.kind);
}

/**
 * The blocks a record falls in. Two records are compared only when they share one, so the keys are read off the
 * weights: with the default weights a pair reaches the review band only when (a) the phone numbers are equal, or
 * (b) the birth dates are equal and the names agree (the same normalised name, the same reading, or the same family
 * with a given name that sounds the same), or (c) the dwellings are equal (locality and numbers), or (d) the names are
 * the same and the localities equal with the numbers missing on one side. Any other pair scores below the review band
 * whatever it holds, so not comparing it changes nothing. Each key is one of those conditions:
 *
 * - `ph` phone; `ad` locality and numbers;
 * - `bn` birth date and normalised name; `br` birth date and reading; `bg` birth date, family name and the sound of
 *   the given name (its reading, or the given name itself when written in kana);
 * - `ln` locality and normalised name.
 *
 * A test checks the claim against compareFeatures on generated pairs. Keys hold personal data: they are never logged.
 */
export function blockKeys(f: MatchFeatures): string[] {
  const keys: string[] = [];
  forEachBlock(f, (kind, a, b, c) => keys.push(`${kind}:${[a, b, c].filter((x) => x !== undefined).join('#')}`));
  return keys;
}

type BlockKind = 'ph' | 'ad' | 'bn' | 'br' | 'bg' | 'ln';
const BLOCK_KINDS: readonly BlockKind[] = ['ph', 'ad', 'bn', 'br', 'bg', 'ln'];

/** The blocks of a record as their kind and parts, in one fixed order; blockKeys and candidatePairs both read this. */
function forEachBlock(f: MatchFeatures, emit: (kind: BlockKind, a: string, b?: string, c?: string) => void): void {
  if (f.phone !== undefined) emit('ph', f.phone);
  const locality = f.address !== undefined && f.address.locality !== '' ? f.address.locality : undefined;
  if (locality !== undefined && f.address!.numbers !== '') emit('ad', locality, f.address!.numbers);
  if (f.birthDate !== undefined) {
    if (f.name !== undefined) emit('bn', f.birthDate, f.name);
    if (f.reading !== undefined) emit('br', f.birthDate, f.reading);
    if (f.family !== undefined && f.givenSound !== undefined) emit('bg', f.birthDate, f.family, f.givenSound);
  }
  if (locality !== undefined && f.name !== undefined) emit('ln', locality, f.name);
}

/**
 * Dense block numbers for block keys without building key strings: every part is interned once (most parts are
 * strings shared through the feature memo, whose hashes the engine keeps), and a key is a chain of (number, part)
 * pairs, each interned as one number. Much cheaper than hashing a fresh string per record and key.
 */
class BlockNumbers {
  private readonly parts = new Map<string, number>();
  /** For each chain number, the chains that extend it, by part number: small-integer keys, the engine's fast case. */
  private readonly next: (Map<number, number> | undefined)[] = [];
  private count = 0;

  part(text: string): number {
    let id = this.parts.get(text);
    if (id === undefined) {
      id = this.parts.size;
      this.parts.set(text, id);
    }
    return id;
  }

  /** A chain of its own: the start of every key of one kind. */
  root(): number {
    this.next.push(undefined);
    return this.count++;
  }

  /** The number of the chain `head` followed by `part`. */
  chain(head: number, part: number): number {
    let following = this.next[head];
    if (following === undefined) {
      following = new Map();
      this.next[head] = following;
    }
    let id = following.get(part);
    if (id === undefined) {
      // Pushed, never assigned past the end, so the array stays dense.
      this.next.push(undefined);
      id = this.count++;
      following.set(part, id);
    }
    return id;
  }

  get size(): number {
    return this.count;
  }
}

export interface CandidatePairs {
  /** Index pairs [i, j] with i < j into the features given, each once, in ascending order. */
  pairs: [number, number][];
  blocks: number;
  /**
   * Block keys with more records than maxBlockSize (e.g. the phone of a care home): their records were compared with
   * their neighbours in sorted order only, not with every other member.
   */
  oversizedBlocks: string[];
}

/** Default cap on a block's size: a block larger than this is a key that does not discriminate (e.g. a phone of a facility). */
export const DEFAULT_MAX_BLOCK_SIZE = 200;

/**
 * In a block over the cap, each record is compared with this many records after it, in each of two orders (by
 * reading or name, and by birth date and name): the multi-pass sorted neighbourhood, so a facility's phone still
 * finds the resident written twice without comparing every resident with every other.
 */
export const NEIGHBOURHOOD_WINDOW = 10;

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The pairs that share at least one block. Cost is the sum of the squares of the block sizes (capped), not the square
 * of N. Pairs are deduplicated as numbers (i·N + j), which also gives their order.
 */
export function candidatePairs(features: readonly MatchFeatures[], maxBlockSize = DEFAULT_MAX_BLOCK_SIZE, window = NEIGHBOURHOOD_WINDOW): CandidatePairs {
  // Each (record, block) occurrence as a block number, in record order; then the members of each block gathered by a
  // counting sort, so no array is made per block.
  const numbers = new BlockNumbers();
  const kindHead = new Map(BLOCK_KINDS.map((k) => [k, numbers.root()]));
  const occurrenceBlock: number[] = [];
  const occurrenceRecord: number[] = [];
  const occurrencePosition: number[] = [];
  let record = 0;
  let position = 0;
  const occur = (kind: BlockKind, a: string, b?: string, c?: string) => {
    let id = numbers.chain(kindHead.get(kind)!, numbers.part(a));
    if (b !== undefined) id = numbers.chain(id, numbers.part(b));
    if (c !== undefined) id = numbers.chain(id, numbers.part(c));
    occurrenceBlock.push(id);
    occurrenceRecord.push(record);
    occurrencePosition.push(position++);
  };
  for (record = 0; record < features.length; record++) {
    position = 0;
    forEachBlock(features[record]!, occur);
  }
  // Chain numbers of key prefixes are interned too; only those of complete keys have occurrences.
  const count = new Int32Array(numbers.size + 1);
  for (const b of occurrenceBlock) count[b + 1]!++;
  for (let b = 0; b < numbers.size; b++) count[b + 1]! += count[b]!;
  const start = count.slice();
  const all = new Int32Array(occurrenceBlock.length);
  for (let o = 0; o < occurrenceBlock.length; o++) all[start[occurrenceBlock[o]!]!++] = occurrenceRecord[o]!;
  // An oversized block is named by its key as blockKeys writes it, from the first record that holds it.
  const nameOf = (block: number) => {
    const o = occurrenceBlock.indexOf(block);
    return blockKeys(features[occurrenceRecord[o]!]!)[occurrencePosition[o]!]!;
  };
  const n = features.length;
  let ids: number[] = [];
  const oversizedBlocks: string[] = [];
  const addPair = (p: number, q: number) => ids.push(p < q ? p * n + q : q * n + p);
  let blocks = 0;
  for (let block = 0; block < numbers.size; block++) {
    const size = count[block + 1]! - count[block]!;
    if (size > 0) blocks++;
    if (size < 2) continue;
    const members = all.subarray(count[block]!, count[block + 1]!);
    if (members.length <= maxBlockSize) {
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) addPair(members[x]!, members[y]!);
      continue;
    }
    oversizedBlocks.push(nameOf(block));
    const orders: ((i: number) => string)[] = [
      (i) => `${features[i]!.reading ?? features[i]!.name ?? ''}${SEP}${features[i]!.birthDate ?? ''}`,
      (i) => `${features[i]!.birthDate ?? ''}${SEP}${features[i]!.name ?? features[i]!.reading ?? ''}`,
    ];
    for (const sortKey of orders) {
      const sorted = Array.from(members, (i) => ({ i, k: sortKey(i) })).sort((x, y) => byText(x.k, y.k) || x.i - y.i);
      for (let x = 0; x < sorted.length; x++) {
        for (let y = x + 1; y <= x + window && y < sorted.length; y++) addPair(sorted[x]!.i, sorted[y]!.i);
      }
    }
  }
  // Indices up to 2^26 keep i·N + j exact in a double; far beyond any register this resolves.
  const unique = Float64Array.from(ids).sort();
  ids = [];
  const pairs: [number, number][] = [];
  for (let x = 0; x < unique.length; x++) {
    const id = unique[x]!;
    if (x > 0 && unique[x - 1] === id) continue;
    const i = Math.floor(id / n);
    pairs.push([i, id - i * n]);
  }
  return { pairs, blocks, oversizedBlocks: oversizedBlocks.sort() };
}
