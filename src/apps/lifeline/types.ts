// The shared vocabulary of the lifeline application: person records as sources answered them, how records are judged
// to be one person (with evidence), and why a person is urgent (with factors). Pure types; no I/O.
import type { CareNeed, Person, SafetyStatus } from '../../model/index.ts';

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

/**
 * A person as one source answered it: the provider's policy may have masked any field, so every part of the payload
 * is optional except what identifies the record.
 */
export type PersonView = Partial<Omit<Person, 'name' | 'care' | 'safety'>> & {
  name?: Partial<Person['name']>;
  care?: Partial<Person['care']>;
  safety?: Partial<Person['safety']>;
};

export type WithheldFactCode = 'dialysis-schedule' | 'oxygen-supply';

/** A fact a priority factor needs that the list does not have for this person. */
export interface WithheldFact {
  fact: WithheldFactCode;
  /** The field the factor reads. */
  field: string;
  /** The priority factors it would have decided. */
  factors: string[];
  /** The person's sources whose policy withheld the field; empty when none did and no source holds it. */
  withheldBy: string[];
}

/** One record from one node, with where and when it came from. */
export interface SourcedPerson {
  /** `${sourceNode}/${recordId}`: unique across the federation. */
  key: string;
  sourceNode: string;
  dataset: string;
  recordId: string;
  version?: number;
  /** When the source observed the data (the record envelope's observedAt), if it said. */
  observedAt?: string;
  person: PersonView;
  /** When this node received it. */
  fetchedAt: string;
  /** Present when the answer came from a kept copy because the node did not answer live: the copy's age. */
  cachedAgeSeconds?: number;
}

/** What two records were compared on, and what it said. Positive weight argues for one person, negative against. */
export type MatchEvidenceKind =
  | 'name-exact'
  | 'name-normalised' // equal after NFKC, old/new kanji forms, spaces
  | 'name-kana' // equal readings (katakana/hiragana folded)
  | 'name-mixed-script' // kanji on one side, a matching reading on the other
  | 'name-different'
  | 'birth-date-equal'
  | 'birth-date-different'
  | 'birth-date-missing'
  | 'address-equal' // equal after normalisation
  | 'address-same-locality' // same 町字, different number
  | 'address-different'
  | 'phone-equal' // equal digits after normalisation
  | 'phone-different'
  | 'sex-different'
  | 'area-different';

export interface MatchEvidence {
  kind: MatchEvidenceKind;
  /** Contribution to the log-odds score (positive: same person). */
  weight: number;
  /** The two normalised values compared, for the operator who must confirm; never logged. */
  values?: readonly [string, string];
}

/** merge: joined automatically; review: offered to a person to confirm or split, never joined silently. */
export type MatchBand = 'merge' | 'review' | 'distinct';

export interface PairMatch {
  /** SourcedPerson keys, a < b. */
  a: string;
  b: string;
  /** 0..1 */
  confidence: number;
  band: MatchBand;
  evidence: MatchEvidence[];
  /**
   * Why a pair is offered for review, when it is: its score is in the review band, it would have been merged but both
   * records come from one register, or it would have been merged but that would join two records a person split (or
   * two records of one register) through other links.
   */
  reviewReason?: ReviewReason;
}

export type ReviewReason = 'score' | 'same-source' | 'split-conflict';


/** A field on which the joined records disagree: shown, never silently resolved. */
export interface FieldConflict {
  field: string;
  values: { key: string; value: string }[];
}

/** How a member record joined its person: automatically by score, or by a person's confirmation. */
export interface MemberLink {
  key: string;
  via: 'seed' | 'score' | 'confirmed';
  match?: PairMatch;
}

export interface ResolvedPerson {
  /** Stable across runs for the same member set: derived from the smallest member key. */
  id: string;
  members: SourcedPerson[];
  links: MemberLink[];
  /** The best-known view: each field from the most recently observed member that has it. */
  merged: PersonView;
  conflicts: FieldConflict[];
}

export interface ResolutionResult {
  persons: ResolvedPerson[];
  /** Pairs in the review band not yet decided by a person. */
  review: PairMatch[];
  /** How much work the resolution did, for the operator and for benchmarks. */
  stats?: ResolutionStats;
}

export interface ResolutionStats {
  records: number;
  blocks: number;
  /** Pairs compared by score: those sharing at least one block. */
  comparisons: number;
  /** Blocks holding more records than the cap: compared by sorted neighbourhood (each record with its nearest ones) rather than all pairs. */
  oversizedBlocks: number;
}

export type PriorityFactorCode =
  | 'dialysis-overdue' // hours since the last scheduled session passed
  | 'dialysis-due-soon'
  | 'oxygen-low' // supply hours left, counted from asOf to now
  | 'oxygen-out'
  | 'bedridden'
  | 'medically-dependent-child'
  | 'lives-alone'
  | 'in-hazard-area'
  | 'status-unknown' // no confirmed safety status since the declaration began
  | 'needs-rescue'
  | 'age-85-plus';

export interface PriorityFactor {
  code: PriorityFactorCode;
  /** Points this factor added to the score. */
  points: number;
  /** Message parameters for the factor's sentence (e.g. hours overdue); personal values stay out. */
  params: Record<string, string | number>;
}

export interface Priority {
  /** Sum of the factors' points; higher is more urgent. */
  score: number;
  factors: PriorityFactor[];
}

/** The weight of every factor, listed to the operator so the score can be read and argued with. */
export type PriorityWeights = Readonly<Record<PriorityFactorCode, number>>;


/** The status shown for a person: the newest of the sources' and this node's reports, and newer reports that conflict. */
export interface CurrentSafety {
  status: SafetyStatus;
  at?: string;
  by?: string;
  node?: string;
  shelter?: string;
  conflicting?: SafetyReport[];
}

/** One source of a row: which node holds the record, and the age of a kept copy used in its place. */
export interface RowSource {
  node: string;
  nodeName?: string;
  recordId: string;
  cachedAgeSeconds?: number;
}

export type RenderedFactor = PriorityFactor & { message: string };

export interface LifelineRow {
  id: string;
  name: string;
  kana?: string;
  birthDate?: string;
  age?: number;
  address?: string;
  areaCode?: string;
  location?: [number, number];
  needs: CareNeed[];
  sources: RowSource[];
  conflicts: FieldConflict[];
  priority: { score: number; factors: RenderedFactor[] };
  safety: CurrentSafety;
  matchConfidence?: number;
  /** A telephone number to call, as a source released it. */
  phone?: string;
  /** Facts a priority factor needs that no source released, each with who withheld it and a sentence saying so. */
  withheld?: (WithheldFact & { message: string })[];
}

/** A safety report as kept on this node: the report, what the operator based it on, and a conflict when there was one. */
export interface StoredSafetyReport extends SafetyReport {
  id: string;
  /** The status time the operator saw when reporting. */
  basedOnAt?: string;
  /** The current status this report was older than: kept beside it, neither overwrites the other. */
  conflictWith?: SafetyReport;
}

export type SafetyDeliveryState = 'queued' | 'delivered' | 'failed';

export interface SafetyDelivery {
  reportId: string;
  node: string;
  recordId: string;
  state: SafetyDeliveryState;
  /** Why the outbox gave up or is retrying (an outbox code), never payload content. */
  lastError?: string;
}


// What the console's lifeline API answers (src/apps/lifeline/routes.ts writes them, the console reads them): one
// definition for both, so the console's types cannot drift from the server's.

/** A run as the console sees it: its area, how many persons, which nodes answered and which are missing and why. */
export interface RunSummary {
  runId: string;
  generatedAt: string;
  area: { areas: string[]; hazard?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] }; declarationId?: string };
  total: number;
  reviewCount: number;
  sources: {
    /** `withheld`: the fields the node's policy kept out of every record it gave, with their names in the reader's language. */
    answered: { node: string; nodeName?: string; dataset: string; count: number; cachedAgeSeconds?: number; withheld?: { field: string; label: string }[] }[];
    missing: { node: string; nodeName?: string; reason: string; detail: string; code?: string }[];
  };
  weights: PriorityWeights;
}

export interface PersonsPage {
  runId: string;
  generatedAt: string;
  total: number;
  offset: number;
  items: LifelineRow[];
}

/** A pair awaiting a person's decision, with the evidence in the reader's language. */
export interface ReviewItem {
  a: SourcedPerson;
  b: SourcedPerson;
  match: Omit<PairMatch, 'evidence'> & { evidence: (MatchEvidence & { message: string })[] };
}

export interface ReviewPage {
  items: ReviewItem[];
}

export interface DecisionResult {
  reviewCount: number;
  total: number;
}

/** One member record's delivery of a report, as the console shows it. */
export interface DeliveryView {
  node: string;
  recordId: string;
  state: SafetyDeliveryState;
}

export interface SafetyResult {
  report: StoredSafetyReport;
  deliveries: DeliveryView[];
  conflict?: { current: SafetyReport; message: string };
}

export interface SafetyHistory {
  reports: StoredSafetyReport[];
  deliveries: (DeliveryView & { reportId: string; lastError?: string })[];
}
