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
  birthDate?: string;
  sex?: Sex;
  address?: NormalisedAddress;
  areaCode?: string;
  phone?: string;
}

/** The name-derived part of the features: the same name and reading recur across registers and households. */
type NameFeatures = Pick<MatchFeatures, 'nameWritten' | 'name' | 'family' | 'given' | 'givenInKana' | 'reading' | 'readingShown' | 'familyReading' | 'givenReading'>;

/**
 * Memo tables for one resolution: names, readings, addresses and phone numbers repeat across the registers (one
 * person on several, a household at one address, common names), and normalising them is most of the cost of a
 * record's features. Scoped to one call so nothing outlives the records it was built from.
 */
export interface FeatureMemo {
  names: Map<string, NameFeatures>;
  addresses: Map<string, { locality: string; numbers: string }>;
  phones: Map<string, string | undefined>;
}

export function createFeatureMemo(): FeatureMemo {
  return { names: new Map(), addresses: new Map(), phones: new Map() };
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
  return f;
}

function addressFeatures(address: NonNullable<PersonView['address']>): { locality: string; numbers: string } {
  const n = normaliseAddress(address.text, {
    ...(address.prefecture !== undefined ? { prefecture: address.prefecture } : {}),
    ...(address.municipality !== undefined ? { municipality: address.municipality } : {}),
  });
  // The municipality goes back in front, so an address that wrote it in the text and one that gave it in a field read
  // the same.
  const municipality = address.municipality ? municipalityKey(address.municipality) : '';
  return { locality: municipality + n.locality, numbers: n.numbers };
}

function memoised<V>(table: Map<string, V> | undefined, key: string, compute: () => V): V {
  if (table === undefined) return compute();
  if (table.has(key)) return table.get(key) as V;
  const value = compute();
  table.set(key, value);
  return value;
}

const SEP = '\u0000';

/** The features of one record; pass one memo to every call of a resolution so repeated values are normalised once. */
export function matchFeatures(record: SourcedPerson, memo?: FeatureMemo): MatchFeatures {
  const p = record.person;
  const f: MatchFeatures = { key: record.key, sourceNode: record.sourceNode, givenInKana: false };
  const name = p.name;
  if (name !== undefined) {
    const nameKey = `${name.full ?? SEP}${SEP}${name.family ?? SEP}${SEP}${name.given ?? SEP}${SEP}${name.kana ?? SEP}`;
    Object.assign(f, memoised(memo?.names, nameKey, () => nameFeatures(name)));
  }
  if (p.birthDate !== undefined) f.birthDate = p.birthDate;
  // 'unknown' and 'other' say nothing a disagreement could be built on.
  if (p.sex === 'female' || p.sex === 'male') f.sex = p.sex;
  const address = p.address;
  if (address !== undefined) {
    const addressKey = `${address.text}${SEP}${address.prefecture ?? SEP}${SEP}${address.municipality ?? SEP}`;
    f.address = memoised(memo?.addresses, addressKey, () => addressFeatures(address));
  }
  if (p.areaCode !== undefined) f.areaCode = p.areaCode;
  const phoneText = p.contact?.phone;
  if (phoneText !== undefined) {
    const phone = memoised(memo?.phones, phoneText, () => normalisePhone(phoneText));
    if (phone !== undefined) f.phone = phone;
  }
  return f;
}

function nameEvidence(a: MatchFeatures, b: MatchFeatures, w: MatchWeights): MatchEvidence | undefined {
  if (a.name === undefined || b.name === undefined) return undefined;
  const values = [a.name, b.name] as const;
  const readingsDiffer = a.reading !== undefined && b.reading !== undefined && a.reading !== b.reading;
  if (a.name === b.name) {
    if (readingsDiffer) return { kind: 'name-normalised', weight: w.nameNormalisedReadingDiffers, values };
    return a.nameWritten === b.nameWritten ? { kind: 'name-exact', weight: w.nameExact, values } : { kind: 'name-normalised', weight: w.nameNormalised, values };
  }
  // One register wrote the given name in kana (ハナコ), the other in kanji (花子) with its reading.
  if (a.family !== undefined && a.family === b.family && a.givenInKana !== b.givenInKana) {
    const [kana, kanji] = a.givenInKana ? [a, b] : [b, a];
    if (kana.given !== undefined && kanji.givenReading !== undefined && readingKey(kana.given) === kanji.givenReading) {
      return { kind: 'name-mixed-script', weight: w.nameMixedScript, values };
    }
    // Without a reading for the kanji the given names cannot be compared: neither a match nor a difference, and a
    // spouse or parent at the same address looks just like this, so it leans against and leaves the rest to review.
    if (kanji.givenReading === undefined) return { kind: 'name-mixed-script', weight: w.nameMixedScriptUnverified, values };
  }
  if (a.reading !== undefined && a.reading === b.reading) {
    return { kind: 'name-kana', weight: w.nameKana, values: [a.readingShown ?? a.reading, b.readingShown ?? b.reading] };
  }
  return { kind: 'name-different', weight: w.nameDifferent, values };
}

function birthDateEvidence(a: MatchFeatures, b: MatchFeatures, w: MatchWeights): MatchEvidence | undefined {
  if (a.birthDate === undefined && b.birthDate === undefined) return undefined;
  if (a.birthDate === undefined || b.birthDate === undefined) return { kind: 'birth-date-missing', weight: w.birthDateMissing };
  const values = [a.birthDate, b.birthDate] as const;
  return a.birthDate === b.birthDate ? { kind: 'birth-date-equal', weight: w.birthDateEqual, values } : { kind: 'birth-date-different', weight: w.birthDateDifferent, values };
}

function addressEvidence(a: MatchFeatures, b: MatchFeatures, w: MatchWeights): MatchEvidence | undefined {
  if (a.address === undefined || b.address === undefined || a.address.locality === '' || b.address.locality === '') return undefined;
  const show = (x: NormalisedAddress) => (x.numbers === '' ? x.locality : `${x.locality} ${x.numbers}`);
  const values = [show(a.address), show(b.address)] as const;
  switch (compareAddresses(a.address, b.address)) {
    case 'equal':
      return { kind: 'address-equal', weight: w.addressEqual, values };
    case 'same-locality':
      return {
        kind: 'address-same-locality',
        weight: a.address.numbers === '' || b.address.numbers === '' ? w.addressLocalityOnly : w.addressSameLocality,
        values,
      };
    case 'different':
      return { kind: 'address-different', weight: w.addressDifferent, values };
  }
}

function phoneEvidence(a: MatchFeatures, b: MatchFeatures, w: MatchWeights): MatchEvidence | undefined {
  if (a.phone === undefined || b.phone === undefined) return undefined;
  const values = [a.phone, b.phone] as const;
  return a.phone === b.phone ? { kind: 'phone-equal', weight: w.phoneEqual, values } : { kind: 'phone-different', weight: w.phoneDifferent, values };
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The band of a confidence; `sameSource` pairs never reach merge. */
export function bandOf(confidence: number, sameSource = false): MatchBand {
  if (confidence >= MERGE_THRESHOLD) return sameSource ? 'review' : 'merge';
  return confidence >= REVIEW_THRESHOLD ? 'review' : 'distinct';
}

/** Compare two records' features. The pair is ordered so that `a < b`, whatever order they were given in. */
export function compareFeatures(x: MatchFeatures, y: MatchFeatures, weights: MatchWeights = DEFAULT_MATCH_WEIGHTS): PairMatch {
  const [a, b] = x.key <= y.key ? [x, y] : [y, x];
  const evidence: MatchEvidence[] = [];
  const add = (e: MatchEvidence | undefined) => {
    if (e) evidence.push(e);
  };
  add(nameEvidence(a, b, weights));
  add(birthDateEvidence(a, b, weights));
  add(addressEvidence(a, b, weights));
  add(phoneEvidence(a, b, weights));
  if (a.sex !== undefined && b.sex !== undefined && a.sex !== b.sex) add({ kind: 'sex-different', weight: weights.sexDifferent, values: [a.sex, b.sex] });
  if (a.areaCode !== undefined && b.areaCode !== undefined && a.areaCode !== b.areaCode) {
    add({ kind: 'area-different', weight: weights.areaDifferent, values: [a.areaCode, b.areaCode] });
  }
  const score = evidence.reduce((sum, e) => sum + e.weight, weights.prior);
  // Rounded so that the same inputs print the same on every platform and a JSON round trip changes nothing.
  const confidence = Math.round(logistic(score) * 1e6) / 1e6;
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
  if (f.phone !== undefined) keys.push(`ph:${f.phone}`);
  const locality = f.address !== undefined && f.address.locality !== '' ? f.address.locality : undefined;
  if (locality !== undefined && f.address!.numbers !== '') keys.push(`ad:${locality}#${f.address!.numbers}`);
  if (f.birthDate !== undefined) {
    if (f.name !== undefined) keys.push(`bn:${f.birthDate}:${f.name}`);
    if (f.reading !== undefined) keys.push(`br:${f.birthDate}:${f.reading}`);
    const givenSound = givenSoundOf(f);
    if (f.family !== undefined && givenSound !== undefined) keys.push(`bg:${f.birthDate}:${f.family}:${givenSound}`);
  }
  if (locality !== undefined && f.name !== undefined) keys.push(`ln:${locality}#${f.name}`);
  return keys;
}

/** How the given name sounds, as nameEvidence compares a kana given name with a kanji one's reading. */
function givenSoundOf(f: MatchFeatures): string | undefined {
  if (f.givenInKana) return f.given !== undefined ? readingKey(f.given) : undefined;
  return f.givenReading;
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
  const blocks = new Map<string, number[]>();
  for (let i = 0; i < features.length; i++) {
    for (const k of blockKeys(features[i]!)) {
      const members = blocks.get(k);
      if (members) {
        // A record's keys are distinct, so a member is never listed twice in a block.
        members.push(i);
      } else blocks.set(k, [i]);
    }
  }
  const n = features.length;
  let ids: number[] = [];
  const oversizedBlocks: string[] = [];
  const addPair = (p: number, q: number) => ids.push(p < q ? p * n + q : q * n + p);
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    if (members.length <= maxBlockSize) {
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) addPair(members[x]!, members[y]!);
      continue;
    }
    oversizedBlocks.push(key);
    const orders: ((i: number) => string)[] = [
      (i) => `${features[i]!.reading ?? features[i]!.name ?? ''}${SEP}${features[i]!.birthDate ?? ''}`,
      (i) => `${features[i]!.birthDate ?? ''}${SEP}${features[i]!.name ?? features[i]!.reading ?? ''}`,
    ];
    for (const sortKey of orders) {
      const sorted = members.map((i) => ({ i, k: sortKey(i) })).sort((x, y) => byText(x.k, y.k) || x.i - y.i);
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
  return { pairs, blocks: blocks.size, oversizedBlocks: oversizedBlocks.sort() };
}
