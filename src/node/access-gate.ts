// The one way dataset records leave the node: decide the read against the node's policies, apply the decision's
// obligations to every record, append the audit entry and wait until it is durable — only then may anything be sent.
// Allowed or denied, every read is recorded; if the log cannot record it, nothing is released.
import type { AuditLogWriter } from '../audit/index.ts';
import type { MessageCode } from '../i18n/index.ts';
import type { AreaCode } from '../model/index.ts';
import {
  applyObligations,
  builtInDatasets,
  compilePolicies,
  decideAccess,
  type AccessDecision,
  type AccessRequest,
  type DatasetDefinition,
  type DecisionReason,
  type MaskableRecord,
  type MaskedRecord,
  type Policy,
  type RequestedFields,
} from '../policy/index.ts';
import { valueAt } from '../policy/field-grants.ts';
import type { VerifiedDeclaration } from '../trust/verified.ts';
import type { PurposeOfUse } from './read-params.ts';
import { accessAuditDraft } from './access-audit.ts';
import type { AuthenticatedRequester } from './requester.ts';

export type GatedRecord = MaskableRecord & { readonly id: string };

export interface DatasetRead<R extends GatedRecord> {
  who: AuthenticatedRequester;
  purpose: PurposeOfUse;
  dataset: string;
  fields: RequestedFields;
  /** Areas the request names; empty when it names none (then the areas of the records found are decided). */
  areas: readonly AreaCode[];
  requestId: string;
  /** The records the query found, before any policy: they leave the node only through the release. */
  records: readonly R[];
}

/** What may be answered; `decision.reasons` includes the node's own notes (e.g. an assumed purpose). */
export type Release<R extends GatedRecord> =
  | { outcome: 'released'; decision: AccessDecision; records: MaskedRecord<R>[] }
  | { outcome: 'denied'; decision: AccessDecision }
  /** The audit entry could not be made durable: answer 503 and send nothing. */
  | { outcome: 'unrecorded'; decision: AccessDecision; failure: string };

export interface AccessGate {
  release<R extends GatedRecord>(read: DatasetRead<R>): Promise<Release<R>>;
  /** Decide a request other than a read (e.g. `write-status`) by the same policies and declarations; the caller audits. */
  decide(request: AccessRequest): AccessDecision;
}

export interface AccessGateOptions {
  policies: readonly Policy[];
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Verified declarations in force for phases; none until the node receives declarations. */
  declarations?: () => readonly VerifiedDeclaration[];
  datasets?: ReadonlyMap<string, DatasetDefinition>;
  /**
   * Where the node's data lies: a read that names no area and finds nothing is decided for these areas (the answer
   * "nothing here" is information too, so it is decided like any other).
   */
  dataAreas: readonly AreaCode[];
  now?: () => Date;
}

const NO_DECLARATIONS: readonly VerifiedDeclaration[] = Object.freeze([]);

/** Areas a read concerns: those it names, else those of the records found, else where the node's data lies. */
function areasConcerned(read: DatasetRead<GatedRecord>, dataset: DatasetDefinition | undefined, dataAreas: readonly AreaCode[]): AreaCode[] {
  if (read.areas.length > 0) return [...read.areas];
  const found = new Set<AreaCode>();
  if (dataset?.areaField) {
    for (const r of read.records) {
      const area = valueAt(r.data, dataset.areaField);
      if (typeof area === 'string') found.add(area as AreaCode);
    }
  }
  return found.size > 0 ? [...found] : [...dataAreas];
}

export function createAccessGate(options: AccessGateOptions): AccessGate {
  const datasets = options.datasets ?? builtInDatasets;
  const policies = compilePolicies(options.policies, { datasets });
  const declarations = options.declarations ?? (() => NO_DECLARATIONS);
  const now = options.now ?? (() => new Date());

  return {
    decide: (request) => decideAccess(request, { policies, declarations: declarations(), now: now() }),
    async release<R extends GatedRecord>(read: DatasetRead<R>): Promise<Release<R>> {
      const dataset = datasets.get(read.dataset);
      const decided = decideAccess(
        {
          requester: read.who.requester,
          ...(read.who.onBehalfOf ? { onBehalfOf: read.who.onBehalfOf } : {}),
          purpose: read.purpose.purpose,
          action: 'read',
          dataset: read.dataset,
          fields: read.fields,
          recordAreas: areasConcerned(read, dataset, options.dataAreas),
          requestId: read.requestId,
        },
        { policies, declarations: declarations(), now: now() },
      );
      const notes: DecisionReason[] = read.purpose.stated
        ? []
        : [{ code: 'NODE_PURPOSE_ASSUMED' satisfies MessageCode, params: { purpose: read.purpose.purpose } }];
      const decision: AccessDecision = notes.length > 0 ? { ...decided, reasons: [...decided.reasons, ...notes] } : decided;

      const records: MaskedRecord<R>[] = [];
      if (decision.effect === 'allow') {
        for (const r of read.records) {
          const masked = applyObligations(r, decision, datasets);
          if (masked) records.push(masked);
        }
      }
      const draft = accessAuditDraft({
        decision,
        requestedFields: read.fields,
        releasedIds: records.map((r) => r.id),
        ...(read.who.onBehalfOf ? { delegationId: read.who.onBehalfOf.delegation.delegation.id } : {}),
      });
      try {
        const appended = await options.auditLog.append([draft]);
        if (!appended.ok) return { outcome: 'unrecorded', decision, failure: appended.problems.map((p) => p.code).join(', ') };
      } catch (e) {
        return { outcome: 'unrecorded', decision, failure: e instanceof Error ? e.message : String(e) };
      }
      return decision.effect === 'allow' ? { outcome: 'released', decision, records } : { outcome: 'denied', decision };
    },
  };
}
