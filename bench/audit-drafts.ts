// Audit entries as a Nanao City node writes them: one per decided request, built from real decisions of the example
// policies (allowed life-saving reads listing the few records released, statistics, shelter reads, denials with
// their nearest-miss reasons, a delegated read). Deterministic; about 700 bytes of canonical JSON each.
import type { AuditEntryDraft } from '../src/audit/index.ts';
import { accessAuditDraft } from '../src/node/access-audit.ts';
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
  decided({ requester: p.nationalAgency, purpose: 'statistics', action: 'read', dataset: 'persons', recordAreas: [NANAO], answer: 'aggregate' }, 0),
  decided({ requester: p.ngo, purpose: 'supply-logistics', action: 'read', dataset: 'shelters', recordAreas: [NANAO] }, 8),
  decided({ requester: p.nanaoDialysis, purpose: 'medical-continuity', action: 'read', dataset: 'persons', recordAreas: [NANAO], fields: ['name', 'care.dialysis'] }, 3),
  decided({ requester: p.wajimaCity, onBehalfOf: { owner: p.nanaoCity, delegation: delegation() }, purpose: 'life-saving', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 5),
  decided({ requester: p.ngo, purpose: 'life-saving', action: 'read', dataset: 'persons', recordAreas: [NANAO] }, 0),
  decided({ requester: p.kanazawaDialysis, purpose: 'training', action: 'read', dataset: 'persons', recordAreas: [WAJIMA] }, 0),
];

/**
 * The i-th entry: the decision of template i mod 9 with its own request id and released record ids, mapped to an
 * entry by the same function the node's access gate uses.
 */
export function auditDraft(i: number): AuditEntryDraft {
  const { decision, records } = templates[i % templates.length]!;
  const allowed = decision.effect === 'allow';
  const count = allowed ? (records === 0 ? 0 : 1 + ((i * 7919) % records)) : 0;
  const releasedIds = Array.from({ length: count }, (_, k) => `jp-172022-person-${String((i * 31 + k * 104_729) % 9_999_991).padStart(7, '0')}`);
  const draft = accessAuditDraft({ decision: { ...decision, requestId: `req-${String(i).padStart(9, '0')}` }, requestedFields: '*', releasedIds });
  // Statistics answers release aggregates, not records: a count with no ids.
  if (allowed && records === 0) draft.recordCount = 250 + (i % 1000);
  return draft;
}
