// One query to many nodes that always answers by its deadline: verified live answers, unexpired copies (with their
// age) for the nodes that did not answer, the missing nodes with why — and new copies kept only under the terms each
// provider's answer set for them.
import { Type, type Static } from '@sinclair/typebox';
import { areaContains, isAreaCode } from '../model/area-code.ts';
import type { Purpose } from '../model/index.ts';
import { validate } from '../model/validate.ts';
import { AccessTermsSchema, type AccessTerms } from '../policy/access-terms.ts';
import { AggregateTableSchema, type AggregateTable } from '../policy/aggregate-table.ts';
import { parseDuration } from '../policy/duration.ts';
import type { Store } from '../store/types.ts';
import type { FederationClient, FederationResult, QueryParams } from './client.ts';
import { readCopies, storeCopies, type CopyDecision, type StoreCopiesOutcome } from './copies.ts';
import { mergeAggregates, type MergedAggregate } from './aggregate-merge.ts';
import type { NodeTarget } from './discovery.ts';
import { fanOut, PeerFailure, type FanOutOutcome, type RetryPolicy } from './fan-out.ts';

/** A record as a node answers it: at least an id (the rest is the provider's, already masked by its policy). */
export type AnsweredRecord = { readonly id: string } & Readonly<Record<string, unknown>>;

/** The shape of an allowed dataset answer, checked before anything in it is used. */
const DatasetAnswerSchema = Type.Object(
  {
    items: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }) }, { additionalProperties: true })),
    next: Type.Optional(Type.String()),
    access: AccessTermsSchema,
  },
  { additionalProperties: true },
);

export type FederatedTarget = Pick<NodeTarget, 'participantId' | 'nodeUrl'>;

export interface FederatedQueryOptions {
  client: Pick<FederationClient, 'query'>;
  /** The nodes to ask (from discoverNodes). */
  targets: readonly FederatedTarget[];
  dataset: string;
  params: QueryParams;
  /** The whole query answers within this many milliseconds, whatever the nodes do. */
  deadlineMs: number;
  retry?: RetryPolicy;
  /** Where copies are kept: fallback answers come from its unexpired copies, live answers are copied into it. */
  store?: Pick<Store, 'copies'>;
  /** The clock for copy retention and cache age (tests). */
  now?: () => Date;
  /** Cancels the query early (the caller went away). */
  signal?: AbortSignal;
}

/** One node's part of the answer. */
export interface NodeAnswer {
  items: AnsweredRecord[];
  /** The provider's terms for these records; absent for a cached answer (each copy keeps its own). */
  access?: AccessTerms;
  /** Present when the provider said there is more (the next page's cursor). */
  next?: string;
  /** What became of the copies of a live answer (absent without a store, and for a cached answer). */
  copies?: StoreCopiesOutcome;
}

export type FederatedQueryOutcome = FanOutOutcome<FederatedTarget, NodeAnswer>;

const retryableStatus = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

/** Turn a verified (or failed) answer into a node answer, or the PeerFailure fan-out classifies as missing. */
export function nodeAnswerOf(result: FederationResult, purpose: string): Omit<NodeAnswer, 'copies'> {
  const answer = allowedBody(result, DatasetAnswerSchema, purpose);
  return {
    items: answer.items as AnsweredRecord[],
    access: answer.access,
    ...(answer.next === undefined ? {} : { next: answer.next }),
  };
}

/** The shape of an allowed aggregate answer. */
const AggregateAnswerSchema = Type.Object({ aggregate: AggregateTableSchema, access: AccessTermsSchema }, { additionalProperties: true });

/** One provider's aggregate with the terms it came under. */
export interface NodeAggregate {
  table: AggregateTable;
  access: AccessTerms;
}

/**
 * Turn a verified answer to an aggregate request into the provider's table, or a PeerFailure. A table that publishes
 * a count under its own minimum is refused as invalid: whatever the provider meant, it is not what its terms say.
 */
export function nodeAggregateOf(result: FederationResult, purpose: string): NodeAggregate {
  const answer = allowedBody(result, AggregateAnswerSchema, purpose);
  const t = answer.aggregate;
  const low = t.cells.find((c) => c.status === 'published' && c.count < t.minimumCellSize);
  if (low || (t.tableWithheld && t.cells.length > 0) || t.cells.some((c) => c.values.length !== t.groupBy.length)) {
    throw new PeerFailure('invalid-response', 'the aggregate contradicts its own minimum cell size or grouping', {
      retryable: false,
      ...(result.ok ? { status: result.status } : {}),
    });
  }
  return { table: t, access: answer.access };
}

/** The body of an allowed answer, checked: status, shape, purpose, and duties that agree between body and headers. */
function allowedBody<S extends typeof DatasetAnswerSchema | typeof AggregateAnswerSchema>(result: FederationResult, schema: S, purpose: string): Static<S> {
  if (!result.ok) {
    if (result.reason === 'network') throw new PeerFailure('unreachable', result.detail);
    // An answer whose signature did not verify: nothing in it may be used, and asking again will not change who signed it.
    throw new PeerFailure('invalid-response', result.problems.map((p) => p.code).join(', ') || 'unverified', {
      retryable: false,
      status: result.status,
    });
  }
  if (result.status < 200 || result.status >= 300) {
    const body = typeof result.body === 'object' && result.body !== null ? (result.body as { code?: unknown; detail?: unknown }) : {};
    const detail = typeof body.detail === 'string' ? body.detail.slice(0, 500) : `HTTP ${result.status}`;
    throw new PeerFailure('refused', detail, {
      status: result.status,
      retryable: retryableStatus(result.status),
      ...(typeof body.code === 'string' ? { code: body.code.slice(0, 100) } : {}),
    });
  }
  const v = validate(schema, result.body);
  if (!v.ok) {
    const first = v.problems[0];
    throw new PeerFailure('invalid-response', `the answer does not match the expected shape${first ? ` at ${first.path || '/'}: ${first.message}` : ''}`, {
      retryable: false,
      status: result.status,
    });
  }
  const answer = v.value as Static<S>;
  if (answer.access.purpose !== purpose) {
    throw new PeerFailure('invalid-response', `the answer was decided for purpose ${answer.access.purpose}, not ${purpose}`, {
      retryable: false,
      status: result.status,
    });
  }
  // The duties are sent twice, in the body and in headers; a disagreement means one of them was not the provider's intent.
  const headerRetention = result.headers.get('tsunagu-retention');
  const headerOnward = result.headers.get('tsunagu-onward-sharing');
  if (
    (headerRetention !== null && headerRetention !== answer.access.retention) ||
    (headerOnward !== null && headerOnward !== String(answer.access.onwardSharing))
  ) {
    throw new PeerFailure('invalid-response', 'the retention or onward-sharing headers disagree with the access block', {
      retryable: false,
      status: result.status,
    });
  }
  return answer;
}

/** The part of the provider's decision that governs copies, rebuilt from the terms its signed answer carries. */
export function copyDecisionOf(access: AccessTerms, dataset: string): CopyDecision {
  const parsed = parseDuration(access.retention);
  return {
    effect: 'allow',
    dataset,
    purpose: access.purpose as Purpose,
    ...(access.policy === undefined ? {} : { policy: { id: access.policy.id, version: access.policy.version } }),
    requestId: access.requestId,
    obligations: {
      grantedFields: access.grantedFields,
      maskedFields: access.maskedFields,
      sensitiveFields: [],
      retention: access.retention,
      // A retention that cannot be read keeps nothing (copyTerms refuses a retention of zero).
      retentionSeconds: parsed.ok ? parsed.seconds : 0,
      onwardSharing: access.onwardSharing,
      requireConsent: false,
      audit: true,
    },
  };
}

/** Whether a cached record lies in one of the query's areas (a record without an area code is kept). */
function inAreas(record: unknown, areas: readonly string[] | undefined): boolean {
  if (areas === undefined || areas.length === 0) return true;
  const data = typeof record === 'object' && record !== null ? (record as { data?: unknown }).data : undefined;
  const code = typeof data === 'object' && data !== null ? (data as { areaCode?: unknown }).areaCode : undefined;
  if (typeof code !== 'string' || !isAreaCode(code)) return true;
  return areas.some((a) => isAreaCode(a) && areaContains(a, code));
}

/**
 * Ask every target for `dataset` under one deadline. Only answers whose signature verified and whose shape and terms
 * are sound count; anything else makes the node missing (`invalid-response`) and is never stored. With a store,
 * live answers are copied under their terms and a missing node's unexpired copies stand in for it, with their age.
 */
export async function federatedQuery(options: FederatedQueryOptions): Promise<FederatedQueryOutcome> {
  const now = options.now ?? (() => new Date());
  const { store, dataset, params } = options;
  const outcome = await fanOut<FederatedTarget, NodeAnswer>({
    targets: options.targets,
    deadlineMs: options.deadlineMs,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    now,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    // fanOut aborts the signal at the deadline, which closes a hung peer's socket instead of abandoning it.
    request: async (target, signal) => {
      const result = await options.client.query({ participantId: target.participantId, url: target.nodeUrl }, dataset, params, signal);
      return nodeAnswerOf(result, params.purpose);
    },
    ...(store === undefined
      ? {}
      : {
          cache: {
            get: async (target) => {
              const copies = await readCopies(store, { now: now(), provider: target.participantId, dataset, purpose: params.purpose });
              const used = copies.filter((c) => inAreas(c.record, params.area));
              if (used.length === 0) return undefined;
              // The oldest copy used says how stale the answer may be.
              const storedAt = used.reduce((oldest, c) => (Date.parse(c.receivedAt) < Date.parse(oldest) ? c.receivedAt : oldest), used[0]!.receivedAt);
              return { value: { items: used.map((c) => c.record as AnsweredRecord) }, storedAt };
            },
          },
        }),
  });
  if (store !== undefined) {
    for (const r of outcome.results) {
      if (r.source !== 'live' || r.value.access === undefined) continue;
      try {
        r.value.copies = await storeCopies(store, {
          provider: r.target.participantId,
          decision: copyDecisionOf(r.value.access, dataset),
          records: r.value.items,
          receivedAt: now(),
        });
      } catch (e) {
        // A database that cannot keep copies must not turn the answers already in hand into no answer.
        const detail = e instanceof Error ? e.name : 'Error';
        r.value.copies = { ok: false, problems: [{ code: 'COPY_STORE_FAILED', params: { provider: r.target.participantId, detail } }] };
      }
    }
  }
  return outcome;
}

export type FederatedAggregateOutcome = FanOutOutcome<FederatedTarget, NodeAggregate> & {
  /** The live tables added up (undefined when no provider published one); see mergeAggregates. */
  merged: MergedAggregate | undefined;
};

/**
 * Ask every target for an aggregate of `dataset` under one deadline and add their tables up. Aggregates are neither
 * kept as copies nor answered from them: a table is a moment's count, and a stale one would be added to fresh ones.
 */
export async function federatedAggregate(options: Omit<FederatedQueryOptions, 'store'>): Promise<FederatedAggregateOutcome> {
  const params: QueryParams = { ...options.params, answer: 'aggregate' };
  const outcome = await fanOut<FederatedTarget, NodeAggregate>({
    targets: options.targets,
    deadlineMs: options.deadlineMs,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    request: async (target, signal) => {
      const result = await options.client.query({ participantId: target.participantId, url: target.nodeUrl }, options.dataset, params, signal);
      return nodeAggregateOf(result, params.purpose);
    },
  });
  const merged = mergeAggregates(outcome.results.map((r) => ({ provider: r.target.participantId, table: r.value.table })));
  return { ...outcome, merged };
}
