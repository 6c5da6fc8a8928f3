// Audit entries as a Nanao City node writes them: one per decided request, built from real decisions of the example
// policies (allowed life-saving reads listing the few records released, statistics, shelter reads, denials with
// their nearest-miss reasons, a delegated read). Deterministic; about 700 bytes of canonical JSON each.
import type { AuditEntryDraft, AuditReason } from '../src/audit/index.ts';
import { decideAccess, type AccessDecision, type AccessRequest } from '../src/policy/decide-access.ts';
import { compiledExamplePolicies, declaration, delegation, NANAO, NOTO_NOW, participants as p, WAJIMA } from '../src/policy/test-fixtures.ts';

interface Template {
  decision: AccessDecision;
  /** How many records an allowed answer of this kind releases, at most. */
  records: number;
}

function decided(request: Omit<AccessRequest, 'requestId' | 'fields'> & { fields?: AccessRequest['fields'] }, records: number): Template {
  const decision = decideAccess(
    { fields: '*', requestId: 'template', ...request },
    { policies: compiledExamplePolicies, declarations: [declaration('emergency', [NANAO])], now: NOTO_NOW },
  );
  return { decision, records };
}

const templates: Template[] = [
  decided({ requester: p.ishikawaPref, purpose: 'life-saving', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 12),
  decided({ requester: p.nanaoCity, purpose: 'evacuation-support', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 20),
  decided({ requester: p.nanaoCity, purpose: 'life-saving', action: 'write-status', dataset: 'persons', recordAreas: [NANAO] }, 1),
  decided({ requester: p.nationalAgency, purpose: 'statistics', action: 'read', dataset: 'persons', recordAreas: [NANAO], fields: ['areaCode', 'care.needs', 'safety.status'] }, 0),
  decided({ requester: p.ngo, purpose: 'supply-logistics', action: 'read', dataset: 'shelters', recordAreas: [NANAO] }, 8),
  decided({ requester: p.nanaoDialysis, purpose: 'medical-continuity', action: 'read', dataset: 'persons', recordAreas: [NANAO], fields: ['name', 'care.dialysis'] }, 3),
  decided({ requester: p.wajimaCity, onBehalfOf: { owner: p.nanaoCity, delegation: delegation() }, purpose: 'life-saving', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 5),
  decided({ requester: p.ngo, purpose: 'life-saving', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 0),
  decided({ requester: p.kanazawaDialysis, purpose: 'training', action: 'read', dataset: 'persons', recordAreas: [WAJIMA] }, 0),
];

function reason(r: AccessDecision['reasons'][number]): AuditReason {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r.params)) if (v !== undefined) params[k] = v as string | number;
  if (r.permitId !== undefined) params.permitId = r.permitId;
  if (r.policyId !== undefined) params.policyId = r.policyId;
  return { code: r.code, params };
}

/** The i-th entry: the decision of template i mod 9, with its own request id and released record ids. */
export function auditDraft(i: number): AuditEntryDraft {
  const { decision, records } = templates[i % templates.length]!;
  const allowed = decision.effect === 'allow';
  const count = allowed ? (records === 0 ? 0 : 1 + ((i * 7919) % records)) : 0;
  const draft: AuditEntryDraft = {
    kind: 'access-decision',
    requester: decision.requester,
    purpose: decision.purpose,
    action: decision.action,
    dataset: decision.dataset,
    fields: allowed ? [...decision.obligations.grantedFields] : ['*'],
    recordCount: allowed && records === 0 ? 250 + (i % 1000) : count,
    decision: decision.effect,
    reasons: decision.reasons.map(reason),
    requestId: `req-${String(i).padStart(9, '0')}`,
  };
  if (count > 0) draft.recordIds = Array.from({ length: count }, (_, k) => `jp-172022-person-${String((i * 31 + k * 104_729) % 9_999_991).padStart(7, '0')}`);
  if (decision.actingFor !== undefined) draft.onBehalfOf = decision.actingFor;
  if (decision.policy) draft.policy = { id: decision.policy.id, version: decision.policy.version };
  return draft;
}
