// Policies turned into lookup-ready form once (sets instead of arrays, parsed times and durations, the reason
// texts a denial needs) so that each decision is a handful of set lookups.
import type { AreaCode } from '../model/index.ts';
import type { AggregateSpec } from './aggregate.ts';
import { builtInDatasets, classOfField, coversPath, type DatasetDefinition } from './datasets.ts';
import { parseDuration } from './duration.ts';
import { resolveFields, type FieldOutcome, type RequestedFields } from './field-grants.ts';
import type { Permit, Policy, PolicyAction, PolicyPhase } from './policy-schema.ts';

export interface CompiledPermit {
  /** Unique among all compiled permits of one `compilePolicies` call; used to memoise field outcomes. */
  readonly uid: number;
  readonly permit: Permit;
  readonly policy: CompiledPolicy;
  /** A permit for anyone (`audience: 'public'`): no role or jurisdiction condition applies. */
  readonly public: boolean;
  readonly purposes: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly actions: ReadonlySet<PolicyAction>;
  readonly phases: ReadonlySet<PolicyPhase>;
  readonly areas: readonly AreaCode[] | undefined;
  readonly retentionSeconds: number;
  readonly delegationAllowed: boolean;
  /** Present when the permit releases aggregates only. */
  readonly aggregate: AggregateSpec | undefined;
  /** Comma-separated permitted values, ready for reason parameters. */
  readonly text: { purposes: string; roles: string; actions: string; phases: string; areas: string };
}

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly dataset: DatasetDefinition;
  readonly validFromMs: number;
  readonly validUntilMs: number;
  readonly permits: readonly CompiledPermit[];
}

export interface FieldGrant extends FieldOutcome {
  /** Granted paths (or parts of them) classed as sensitive personal data (要配慮個人情報). */
  readonly sensitive: readonly string[];
  /** The masked paths, comma-separated, for the decision's reason. */
  readonly maskedText: string;
}

declare const compiledBrand: unique symbol;

export interface CompiledPolicies {
  readonly [compiledBrand]: true;
  readonly byDataset: ReadonlyMap<string, readonly CompiledPolicy[]>;
  /** Field outcome for a set of matched permits and a request's fields, memoised. */
  fieldGrant(matched: readonly CompiledPermit[], requested: RequestedFields): FieldGrant;
}

export interface CompileOptions {
  datasets?: ReadonlyMap<string, DatasetDefinition>;
}

const FIELD_MEMO_LIMIT = 4096;

function sensitivePaths(policy: CompiledPolicy, granted: readonly string[]): string[] {
  const classified = new Set([...Object.keys(policy.policy.fieldClasses), ...Object.keys(policy.dataset.defaultClasses)]);
  const out: string[] = [];
  for (const g of granted) {
    if (classOfField(policy.dataset, policy.policy.fieldClasses, g) === 'sensitive') {
      out.push(g);
      continue;
    }
    for (const c of classified) {
      if (c !== g && coversPath(g, c) && classOfField(policy.dataset, policy.policy.fieldClasses, c) === 'sensitive') out.push(c);
    }
  }
  return out;
}

/**
 * Compile parsed policies for fast decisions. Policies must come from `parsePolicy`; a policy for a dataset the
 * options do not know is a programming error and throws.
 */
export function compilePolicies(policies: readonly Policy[], options: CompileOptions = {}): CompiledPolicies {
  const datasets = options.datasets ?? builtInDatasets;
  const byDataset = new Map<string, CompiledPolicy[]>();
  let uid = 0;
  for (const policy of policies) {
    const dataset = datasets.get(policy.dataset);
    if (!dataset) throw new Error(`policy ${policy.id} governs unknown dataset ${policy.dataset}`);
    const permits: CompiledPermit[] = [];
    const compiled: CompiledPolicy = {
      policy,
      dataset,
      validFromMs: policy.validFrom ? Date.parse(policy.validFrom) : -Infinity,
      validUntilMs: policy.validUntil ? Date.parse(policy.validUntil) : Infinity,
      permits,
    };
    for (const permit of policy.permits) {
      const retention = parseDuration(permit.retention);
      if (!retention.ok) throw new Error(`policy ${policy.id} permit ${permit.id} has an invalid retention`);
      permits.push({
        uid: uid++,
        permit,
        policy: compiled,
        public: permit.audience === 'public',
        purposes: new Set(permit.purposes),
        roles: new Set(permit.roles ?? []),
        actions: new Set(permit.actions),
        phases: new Set(permit.phases),
        areas: permit.areas,
        retentionSeconds: retention.seconds,
        delegationAllowed: permit.delegation !== 'not-allowed',
        aggregate:
          permit.answer?.kind === 'aggregate'
            ? { groupBy: permit.answer.groupBy, sum: permit.answer.sum ?? [], minimumCellSize: permit.answer.minimumCellSize }
            : undefined,
        text: {
          purposes: permit.purposes.join(', '),
          roles: (permit.roles ?? []).join(', '),
          actions: permit.actions.join(', '),
          phases: permit.phases.join(', '),
          areas: (permit.areas ?? []).join(', '),
        },
      });
    }
    const list = byDataset.get(policy.dataset) ?? [];
    list.push(compiled);
    byDataset.set(policy.dataset, list);
  }

  const memo = new Map<string, FieldGrant>();
  function fieldGrant(matched: readonly CompiledPermit[], requested: RequestedFields): FieldGrant {
    let key = '';
    for (const m of matched) key += `${m.uid},`;
    key += requested === '*' ? '|*' : `|${requested.join('\u0000')}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const first = matched[0]!.policy;
    const outcome = resolveFields(first.dataset, matched.flatMap((m) => m.permit.fields), requested);
    const grant: FieldGrant = { ...outcome, sensitive: sensitivePaths(first, outcome.granted), maskedText: outcome.masked.join(', ') };
    if (memo.size >= FIELD_MEMO_LIMIT) memo.clear();
    memo.set(key, grant);
    return grant;
  }

  return { byDataset, fieldGrant } as unknown as CompiledPolicies;
}

const compiledCache = new WeakMap<readonly Policy[], CompiledPolicies>();

/** Compiled form of a policy list, compiled once per list object. */
export function compiledFor(policies: readonly Policy[] | CompiledPolicies): CompiledPolicies {
  if (!Array.isArray(policies)) return policies as CompiledPolicies;
  const list = policies as readonly Policy[];
  let c = compiledCache.get(list);
  if (!c) {
    c = compilePolicies(list);
    compiledCache.set(list, c);
  }
  return c;
}
