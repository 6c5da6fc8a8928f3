// The denial matrix: Nanao City's persons policy (src/policy/examples.ts) against every purpose, the scenario's
// participants, each phase, delegations in and out of force, and the edges around areas, fields and policies.
// Each row states the expected effect and the expected FIRST reason code (the nearest miss for a denial).
import { describe, expect, it } from 'vitest';
import type { AreaCode, Delegation, Purpose } from '../../src/model/index.ts';
import type { VerifiedDeclaration, VerifiedParticipant } from '../../src/trust/verified.ts';
import {
  decideAccess,
  parsePolicy,
  type AccessRequest,
  type DecisionContext,
  type Requester,
  type Policy,
  type PolicyAction,
  PUBLIC_REQUESTER,
} from '../../src/policy/index.ts';
import {
  ISHIKAWA,
  JAPAN,
  NANAO,
  NOTO_NOW,
  WAJIMA,
  compiledExamplePolicies,
  declaration,
  delegation,
  examplePolicies,
  participants as p,
} from '../../src/policy/test-fixtures.ts';

type Scene = 'normal' | 'alert' | 'emergency' | 'recovery';

const scenes: Record<Scene, VerifiedDeclaration[]> = {
  normal: [],
  alert: [declaration('alert', [NANAO])],
  emergency: [declaration('emergency', [NANAO])],
  recovery: [declaration('recovery', [NANAO])],
};

/** One-letter expectations, so a row of the grid reads like a truth table. */
const codes = {
  A: 'POLICY_PERMIT_MATCHED',
  P: 'POLICY_PURPOSE_NOT_PERMITTED',
  R: 'POLICY_ROLE_NOT_PERMITTED',
  C: 'POLICY_ACTION_NOT_PERMITTED',
  J: 'POLICY_JURISDICTION',
  Z: 'POLICY_AREA_NOT_COVERED',
  H: 'POLICY_PHASE_NOT_PERMITTED',
  D: 'POLICY_DELEGATION_NOT_ALLOWED',
  F: 'POLICY_FIELDS_NOT_GRANTED',
  S: 'POLICY_DELEGATION_SCOPE',
  N: 'POLICY_DELEGATION_NO_DECLARATION',
} as const;
type Letter = keyof typeof codes;

const purposeColumns: Purpose[] = [
  'life-saving',
  'evacuation-support',
  'medical-continuity',
  'supply-logistics',
  'victim-support',
  'recovery',
  'statistics',
  'training',
];

const requesters: Record<string, VerifiedParticipant> = {
  'nanao-city': p.nanaoCity,
  'wajima-city': p.wajimaCity,
  'ishikawa-pref': p.ishikawaPref,
  'toyama-pref': p.toyamaPref,
  'national-agency': p.nationalAgency,
  'nanao-dialysis': p.nanaoDialysis,
  'nanao-welfare': p.nanaoWelfare,
  ngo: p.ngo,
};

// Reading a row: who asks to read Nanao's records (area 172022), in which phase, and the outcome per purpose.
//                       life evac med  supl vict reco stat trai
const purposeGrid: [string, Scene, string][] = [
  ['nanao-city', 'normal', 'H A R P H P R A'],
  ['nanao-city', 'alert', 'H H R P H P R H'],
  ['nanao-city', 'emergency', 'A A R P H P R H'],
  ['nanao-city', 'recovery', 'H H R P A P R A'],
  ['wajima-city', 'normal', 'J J R P J P R J'],
  ['wajima-city', 'alert', 'J J R P J P R J'],
  ['wajima-city', 'emergency', 'J J R P J P R J'],
  ['wajima-city', 'recovery', 'J J R P J P R J'],
  ['ishikawa-pref', 'normal', 'H H R P H P A A'],
  ['ishikawa-pref', 'alert', 'H H R P H P A H'],
  ['ishikawa-pref', 'emergency', 'A A R P H P A H'],
  ['ishikawa-pref', 'recovery', 'H H R P A P A A'],
  ['toyama-pref', 'normal', 'J J R P J P A J'],
  ['toyama-pref', 'alert', 'J J R P J P A J'],
  ['toyama-pref', 'emergency', 'J J R P J P A J'],
  ['toyama-pref', 'recovery', 'J J R P J P A J'],
  ['national-agency', 'normal', 'H H R P R P A A'],
  ['national-agency', 'alert', 'H H R P R P A H'],
  ['national-agency', 'emergency', 'A A R P R P A H'],
  ['national-agency', 'recovery', 'H H R P R P A A'],
  ['nanao-dialysis', 'normal', 'R R A P R P R R'],
  ['nanao-dialysis', 'alert', 'R R A P R P R R'],
  ['nanao-dialysis', 'emergency', 'R R A P R P R R'],
  ['nanao-dialysis', 'recovery', 'R R A P R P R R'],
  ['nanao-welfare', 'normal', 'R R R P H P R A'],
  ['nanao-welfare', 'alert', 'R R R P H P R H'],
  ['nanao-welfare', 'emergency', 'R R R P H P R H'],
  ['nanao-welfare', 'recovery', 'R R R P A P R A'],
  ['ngo', 'normal', 'R R R P R P R R'],
  ['ngo', 'alert', 'R R R P R P R R'],
  ['ngo', 'emergency', 'R R R P R P R R'],
  ['ngo', 'recovery', 'R R R P R P R R'],
];

// Wajima acting for Nanao under a delegation that covers every purpose (so the policy, not the delegation's
// purposes, decides) and under the usual one for life-saving and evacuation support only.
const allPurposes = delegation({ id: 'deleg-all-purposes', purposes: purposeColumns });
//                                   life evac med  supl vict reco stat trai
const delegatedGrid: [string, Scene, string][] = [
  ['all-purposes', 'normal', 'N N N N N N N N'],
  ['all-purposes', 'alert', 'H H R P H P R H'],
  ['all-purposes', 'emergency', 'A A R P H P R H'],
  ['all-purposes', 'recovery', 'N N N N N N N N'],
  ['life-and-evacuation', 'normal', 'N N S S S S S S'],
  ['life-and-evacuation', 'alert', 'H H S S S S S S'],
  ['life-and-evacuation', 'emergency', 'A A S S S S S S'],
  ['life-and-evacuation', 'recovery', 'N N S S S S S S'],
];

interface Row {
  name: string;
  request: Partial<AccessRequest> & { requester: Requester; purpose: Purpose };
  context?: Partial<DecisionContext>;
  effect: 'allow' | 'deny';
  first: string;
}

function requestOf(row: Row['request']): AccessRequest {
  return {
    action: 'read',
    dataset: 'persons',
    fields: '*',
    recordAreas: [NANAO],
    requestId: 'req-matrix',
    ...row,
  };
}

function contextOf(ctx: Partial<DecisionContext> = {}): DecisionContext {
  return { policies: compiledExamplePolicies, declarations: [], now: NOTO_NOW, ...ctx };
}

/** Statistics on persons are answered as aggregates only, so the grid asks for one (per-person rows: edge rows). */
const aggregateFor = (purpose: Purpose): Partial<AccessRequest> => (purpose === 'statistics' ? { answer: 'aggregate' } : {});

function gridRows(): Row[] {
  const rows: Row[] = [];
  for (const [who, scene, line] of purposeGrid) {
    line.split(' ').forEach((letter, i) => {
      const purpose = purposeColumns[i]!;
      rows.push({
        name: `${who} reads for ${purpose} in ${scene}`,
        request: { requester: requesters[who]!, purpose, ...aggregateFor(purpose) },
        context: { declarations: scenes[scene] },
        effect: letter === 'A' ? 'allow' : 'deny',
        first: codes[letter as Letter],
      });
    });
  }
  for (const [which, scene, line] of delegatedGrid) {
    line.split(' ').forEach((letter, i) => {
      const purpose = purposeColumns[i]!;
      rows.push({
        name: `wajima-city for nanao-city (${which} delegation) reads for ${purpose} in ${scene}`,
        request: {
          requester: p.wajimaCity,
          purpose,
          ...aggregateFor(purpose),
          onBehalfOf: { owner: p.nanaoCity, delegation: which === 'all-purposes' ? allPurposes : delegation() },
        },
        context: { declarations: scenes[scene] },
        effect: letter === 'A' ? 'allow' : 'deny',
        first: codes[letter as Letter],
      });
    });
  }
  return rows;
}

const emergency = scenes.emergency;
const viaNanao = (overrides: Partial<Delegation> = {}) => ({ owner: p.nanaoCity, delegation: delegation(overrides) });

const edgeRows: Row[] = [
  // Actions
  { name: 'nanao-city updates safety status in an emergency', request: { requester: p.nanaoCity, purpose: 'life-saving', action: 'write-status' }, context: { declarations: emergency }, effect: 'allow', first: codes.A },
  { name: 'ishikawa-pref updates safety status under an alert', request: { requester: p.ishikawaPref, purpose: 'evacuation-support', action: 'write-status' }, context: { declarations: scenes.alert }, effect: 'allow', first: codes.A },
  { name: 'nanao-city cannot update safety status in normal times', request: { requester: p.nanaoCity, purpose: 'life-saving', action: 'write-status' }, effect: 'deny', first: codes.H },
  { name: 'nanao-city cannot write whole records in an emergency', request: { requester: p.nanaoCity, purpose: 'life-saving', action: 'write' }, context: { declarations: emergency }, effect: 'deny', first: codes.C },
  { name: 'the national agency cannot update safety status (the nearest miss is the action)', request: { requester: p.nationalAgency, purpose: 'life-saving', action: 'write-status' }, context: { declarations: emergency }, effect: 'deny', first: codes.C },
  { name: 'wajima-city cannot update Nanao safety status on its own', request: { requester: p.wajimaCity, purpose: 'life-saving', action: 'write-status' }, context: { declarations: emergency }, effect: 'deny', first: codes.J },
  { name: 'wajima-city updates Nanao safety status for nanao-city under an alert', request: { requester: p.wajimaCity, purpose: 'evacuation-support', action: 'write-status', onBehalfOf: viaNanao() }, context: { declarations: scenes.alert }, effect: 'allow', first: codes.A },
  { name: 'a read-only delegation does not let the delegate update status', request: { requester: p.wajimaCity, purpose: 'life-saving', action: 'write-status', onBehalfOf: viaNanao({ actions: ['read'] }) }, context: { declarations: emergency }, effect: 'deny', first: codes.S },

  // Delegations: time, scope, parties, activation
  { name: 'an expired delegation is not used', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ validUntil: '2024-01-05T00:00:00+09:00' }) }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_INACTIVE' },
  { name: 'a delegation not yet in force is not used', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ validFrom: '2024-02-01T00:00:00+09:00' }) }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_INACTIVE' },
  { name: 'a delegation ends exactly at its validUntil', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ validUntil: NOTO_NOW }) }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_INACTIVE' },
  { name: 'a delegation applies from exactly its validFrom', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ validFrom: NOTO_NOW }) }, context: { declarations: emergency }, effect: 'allow', first: codes.A },
  { name: 'a delegation does not reach records outside its areas', request: { requester: p.wajimaCity, purpose: 'life-saving', recordAreas: [WAJIMA], onBehalfOf: viaNanao() }, context: { declarations: [declaration('emergency', [NANAO, WAJIMA])] }, effect: 'deny', first: codes.S },
  { name: 'a delegation for persons does not reach shelters', request: { requester: p.wajimaCity, purpose: 'life-saving', dataset: 'shelters', onBehalfOf: viaNanao() }, context: { declarations: emergency }, effect: 'deny', first: codes.S },
  { name: 'a delegation made out to another delegate cannot be used', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ delegate: p.ishikawaPref.id }) }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_MISMATCH' },
  { name: 'a delegation cannot be presented for a different owner', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: { owner: p.ishikawaPref, delegation: delegation() } }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_MISMATCH' },
  { name: 'an owner named only by id is looked up among verified participants', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: { owner: p.nanaoCity.id, delegation: delegation() } }, context: { declarations: emergency, participants: new Map([[p.nanaoCity.id, p.nanaoCity]]) }, effect: 'allow', first: codes.A },
  { name: 'an owner named only by id and not verified cannot be acted for', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: { owner: p.nanaoCity.id, delegation: delegation() } }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_OWNER_UNKNOWN' },
  { name: 'a delegation limited to tsunamis is not activated by an earthquake declaration', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ hazards: ['tsunami'] }) }, context: { declarations: emergency }, effect: 'deny', first: codes.N },
  { name: 'a delegation limited to earthquakes is activated by an earthquake declaration', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao({ hazards: ['earthquake'] }) }, context: { declarations: emergency }, effect: 'allow', first: codes.A },
  { name: 'a declaration elsewhere does not activate a delegation for Nanao', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao() }, context: { declarations: [declaration('emergency', [WAJIMA])] }, effect: 'deny', first: codes.N },
  { name: 'an expired declaration does not activate a delegation', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao() }, context: { declarations: [declaration('emergency', [NANAO], { expiresAt: '2024-01-05T00:00:00+09:00' })] }, effect: 'deny', first: codes.N },
  { name: 'a prefecture-wide emergency activates a delegation for Nanao', request: { requester: p.wajimaCity, purpose: 'life-saving', onBehalfOf: viaNanao() }, context: { declarations: [declaration('emergency', [ISHIKAWA])] }, effect: 'allow', first: codes.A },
  { name: 'a clinic delegating to another clinic meets a permit that forbids delegation', request: { requester: p.kanazawaDialysis, purpose: 'medical-continuity', onBehalfOf: { owner: p.nanaoDialysis, delegation: delegation({ id: 'deleg-clinics', owner: p.nanaoDialysis.id, delegate: p.kanazawaDialysis.id, purposes: ['medical-continuity'], actions: ['read'] }) } }, context: { declarations: emergency }, effect: 'deny', first: codes.D },
  { name: 'the Kanazawa clinic reads records scoped to its own patients for medical continuity', request: { requester: p.kanazawaDialysis, purpose: 'medical-continuity' }, context: { declarations: emergency }, effect: 'allow', first: codes.A },

  // Areas and jurisdiction
  { name: 'nanao-city has no jurisdiction over Wajima records', request: { requester: p.nanaoCity, purpose: 'life-saving', recordAreas: [WAJIMA] }, context: { declarations: [declaration('emergency', [NANAO, WAJIMA])] }, effect: 'deny', first: codes.J },
  { name: "ishikawa-pref covers Wajima but Nanao's permit is for Nanao's area only", request: { requester: p.ishikawaPref, purpose: 'life-saving', recordAreas: [WAJIMA] }, context: { declarations: [declaration('emergency', [NANAO, WAJIMA])] }, effect: 'deny', first: codes.Z },
  { name: 'a query over Nanao and Wajima is refused as a whole', request: { requester: p.ishikawaPref, purpose: 'life-saving', recordAreas: [NANAO, WAJIMA] }, context: { declarations: [declaration('emergency', [NANAO, WAJIMA])] }, effect: 'deny', first: codes.Z },
  { name: 'a query over all of Ishikawa is wider than the permit', request: { requester: p.ishikawaPref, purpose: 'life-saving', recordAreas: [ISHIKAWA] }, context: { declarations: [declaration('emergency', [ISHIKAWA])] }, effect: 'deny', first: codes.Z },
  { name: 'a request naming no area is refused', request: { requester: p.ishikawaPref, purpose: 'life-saving', recordAreas: [] }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_NO_AREA' },
  { name: 'a statistics request may span the whole country', request: { requester: p.nationalAgency, purpose: 'statistics', recordAreas: [JAPAN], answer: 'aggregate' }, effect: 'allow', first: codes.A },

  // Declarations: lifecycle
  { name: 'a prefecture-wide emergency puts Nanao in emergency', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [ISHIKAWA])] }, effect: 'allow', first: codes.A },
  { name: 'a national emergency puts Nanao in emergency', request: { requester: p.nationalAgency, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [JAPAN])] }, effect: 'allow', first: codes.A },
  { name: 'an emergency declared for Wajima only leaves Nanao in normal times', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [WAJIMA])] }, effect: 'deny', first: codes.H },
  { name: 'an expired emergency no longer counts', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { expiresAt: '2024-01-09T00:00:00+09:00' })] }, effect: 'deny', first: codes.H },
  { name: 'an emergency expires exactly at expiresAt', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { expiresAt: NOTO_NOW })] }, effect: 'deny', first: codes.H },
  { name: 'an emergency declared for later does not count yet', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { issuedAt: '2024-01-11T00:00:00+09:00' })] }, effect: 'deny', first: codes.H },
  { name: 'a closed declaration does not count', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('closed', [NANAO])] }, effect: 'deny', first: codes.H },
  { name: 'an emergency superseded by a recovery declaration is over', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { id: 'decl-1' }), declaration('recovery', [NANAO], { id: 'decl-2', supersedes: 'decl-1', issuedAt: '2024-01-09T00:00:00+09:00' })] }, effect: 'deny', first: codes.H },
  { name: 'victim support opens when recovery supersedes the emergency', request: { requester: p.ishikawaPref, purpose: 'victim-support' }, context: { declarations: [declaration('emergency', [NANAO], { id: 'decl-1' }), declaration('recovery', [NANAO], { id: 'decl-2', supersedes: 'decl-1', issuedAt: '2024-01-09T00:00:00+09:00' })] }, effect: 'allow', first: codes.A },
  { name: 'an emergency closed by a superseding declaration is over', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { id: 'decl-1' }), declaration('closed', [NANAO], { id: 'decl-2', supersedes: 'decl-1', issuedAt: '2024-01-09T00:00:00+09:00' })] }, effect: 'deny', first: codes.H },
  { name: 'a supersession issued later does not end the emergency yet', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('emergency', [NANAO], { id: 'decl-1' }), declaration('closed', [NANAO], { id: 'decl-2', supersedes: 'decl-1', issuedAt: '2024-01-20T00:00:00+09:00' })] }, effect: 'allow', first: codes.A },
  { name: 'the strongest of overlapping declarations wins', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: [declaration('alert', [NANAO]), declaration('recovery', [ISHIKAWA]), declaration('emergency', [NANAO], { id: 'decl-e' })] }, effect: 'allow', first: codes.A },

  // Fields
  { name: "the dialysis clinic reads its patients' dialysis details", request: { requester: p.nanaoDialysis, purpose: 'medical-continuity', fields: ['care.dialysis'] }, effect: 'allow', first: codes.A },
  { name: 'the dialysis clinic is refused names', request: { requester: p.nanaoDialysis, purpose: 'medical-continuity', fields: ['name'] }, context: { declarations: emergency }, effect: 'deny', first: codes.F },
  { name: 'the dialysis clinic asking for names and dialysis gets dialysis only', request: { requester: p.nanaoDialysis, purpose: 'medical-continuity', fields: ['name', 'care.dialysis'] }, effect: 'allow', first: codes.A },
  { name: 'ishikawa-pref is refused dialysis details for life-saving', request: { requester: p.ishikawaPref, purpose: 'life-saving', fields: ['care.dialysis'] }, context: { declarations: emergency }, effect: 'deny', first: codes.F },
  { name: 'ishikawa-pref asking for all care data gets the granted part', request: { requester: p.ishikawaPref, purpose: 'life-saving', fields: ['care'] }, context: { declarations: emergency }, effect: 'allow', first: codes.A },
  { name: 'statistics never returns names, nor any per-person row', request: { requester: p.nationalAgency, purpose: 'statistics', fields: ['name'] }, effect: 'deny', first: 'POLICY_AGGREGATE_ONLY' },
  { name: 'per-person statistics are refused even for the fields the aggregate counts', request: { requester: p.ishikawaPref, purpose: 'statistics', fields: ['areaCode', 'care.needs'] }, effect: 'deny', first: 'POLICY_AGGREGATE_ONLY' },
  { name: 'a field the dataset does not have is never granted', request: { requester: p.ishikawaPref, purpose: 'life-saving', fields: ['bloodType'] }, context: { declarations: emergency }, effect: 'deny', first: codes.F },

  // Policies and credentials
  { name: 'a dataset without a policy is refused', request: { requester: p.ishikawaPref, purpose: 'life-saving', dataset: 'facilities' }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_NO_POLICY' },
  { name: 'shelters are public to an NGO in normal times', request: { requester: p.ngo, purpose: 'supply-logistics', dataset: 'shelters' }, effect: 'allow', first: codes.A },
  { name: 'a requester whose credential has expired is refused', request: { requester: { ...p.ishikawaPref, credentialExpiresAt: '2024-01-01T00:00:00Z' }, purpose: 'life-saving' }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_CREDENTIAL_EXPIRED' },
  { name: 'a policy past its validUntil is refused', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: emergency, policies: [withValidity({ validUntil: '2024-01-01T00:00:00+09:00' })] }, effect: 'deny', first: 'POLICY_EXPIRED' },
  { name: 'a policy before its validFrom is refused', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: emergency, policies: [withValidity({ validFrom: '2024-06-01T00:00:00+09:00' })] }, effect: 'deny', first: 'POLICY_NOT_YET_VALID' },
  { name: 'a newer version in force replaces an expired one', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: emergency, policies: [withValidity({ validUntil: '2024-01-01T00:00:00+09:00' }), withValidity({ version: 4, validFrom: '2024-01-01T00:00:00+09:00' })] }, effect: 'allow', first: codes.A },
  { name: 'a policy without permits allows nothing', request: { requester: p.ishikawaPref, purpose: 'life-saving' }, context: { declarations: emergency, policies: [withValidity({ permits: [] })] }, effect: 'deny', first: 'POLICY_NO_PERMITS' },
];

function withValidity(overrides: Partial<Policy> & Record<string, unknown>): Policy {
  const base = examplePolicies.find((x) => x.id === 'nanao-persons')!;
  const r = parsePolicy({ ...structuredClone(base), ...overrides });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** The anonymous public (no credential) against the same policies: the persons list is never public, in any phase. */
function publicRows(): Row[] {
  const rows: Row[] = [];
  for (const scene of Object.keys(scenes) as Scene[]) {
    for (const purpose of purposeColumns) {
      rows.push({
        name: `the unauthenticated public reads persons for ${purpose} in ${scene}`,
        request: { requester: PUBLIC_REQUESTER, purpose },
        context: { declarations: scenes[scene] },
        effect: 'deny',
        first: 'POLICY_PUBLIC_NOT_PERMITTED',
      });
    }
  }
  rows.push(
    { name: 'the public cannot update safety status in an emergency', request: { requester: PUBLIC_REQUESTER, purpose: 'life-saving', action: 'write-status' }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_PUBLIC_NOT_PERMITTED' },
    { name: "the public is refused Nanao's shelters, whose policy serves participants only", request: { requester: PUBLIC_REQUESTER, purpose: 'evacuation-support', dataset: 'shelters' }, effect: 'deny', first: 'POLICY_PUBLIC_NOT_PERMITTED' },
    { name: 'the public cannot present a delegation', request: { requester: PUBLIC_REQUESTER, purpose: 'life-saving', onBehalfOf: viaNanao() }, context: { declarations: emergency }, effect: 'deny', first: 'POLICY_DELEGATION_MISMATCH' },
    { name: 'the public is refused a dataset without a policy', request: { requester: PUBLIC_REQUESTER, purpose: 'life-saving', dataset: 'facilities' }, effect: 'deny', first: 'POLICY_NO_POLICY' },
  );
  return rows;
}

const rows = [...gridRows(), ...edgeRows, ...publicRows()];

describe('denial matrix of the Nanao persons policy', () => {
  it('has at least 200 cases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const decision = decideAccess(requestOf(row.request), contextOf(row.context));
    expect({ effect: decision.effect, first: decision.reasons[0]?.code }).toEqual({ effect: row.effect, first: row.first });
    expect(decision.obligations.audit).toBe(true);
    if (decision.effect === 'allow') expect(decision.obligations.grantedFields.length).toBeGreaterThan(0);
    else expect(decision.obligations.grantedFields).toEqual([]);
  });
});

describe('Noto scenario details the matrix does not show', () => {
  const read = (requester: VerifiedParticipant, purpose: Purpose, extra: Partial<AccessRequest> = {}, declarations = emergency) =>
    decideAccess(requestOf({ requester, purpose, ...extra }), contextOf({ declarations }));

  it('shares the normal-time list with the city only for persons who consented', () => {
    const d = read(p.nanaoCity, 'evacuation-support', {}, []);
    expect(d.effect).toBe('allow');
    expect(d.obligations.requireConsent).toBe(true);
    expect(d.reasons.map((r) => r.code)).toContain('POLICY_CONSENT_REQUIRED');
  });

  it('shares the list in an emergency without asking for consent, for 72 hours and no onward sharing', () => {
    const d = read(p.ishikawaPref, 'life-saving');
    expect(d.obligations).toMatchObject({ requireConsent: false, retention: 'PT72H', onwardSharing: false });
    expect(d.obligations.grantedFields).toEqual(expect.arrayContaining(['name', 'location', 'care.needs']));
    expect(d.obligations.sensitiveFields).toContain('care.needs');
  });

  it('records the delegate acting on behalf of the owner', () => {
    const d = read(p.wajimaCity, 'life-saving', { onBehalfOf: viaNanao() });
    expect(d.effect).toBe('allow');
    expect(d.actingFor).toBe(p.nanaoCity.id);
    expect(d.requester).toBe(p.wajimaCity.id);
    expect(d.reasons).toContainEqual(expect.objectContaining({
      code: 'POLICY_DELEGATED_ACCESS',
      params: expect.objectContaining({ delegate: p.wajimaCity.id, owner: p.nanaoCity.id }),
    }));
  });

  it("limits the clinic to records naming it as the patient's clinic", () => {
    const d = read(p.nanaoDialysis, 'medical-continuity', { fields: ['care.dialysis'] });
    expect(d.obligations.recordScope?.requesterIdAt).toEqual([{ field: 'care.dialysis.clinic', equals: p.nanaoDialysis.id }]);
  });

  it('limits training to synthetic records', () => {
    const d = read(p.nanaoCity, 'training', {}, []);
    expect(d.effect).toBe('allow');
    expect(d.obligations.recordScope?.quality).toEqual(['synthetic']);
  });

  it('says which requested fields were masked', () => {
    const d = read(p.nanaoDialysis, 'medical-continuity', { fields: ['name', 'care.dialysis'] });
    expect(d.obligations.grantedFields).toEqual(['care.dialysis']);
    expect(d.obligations.maskedFields).toEqual(['name']);
    expect(d.reasons).toContainEqual({ code: 'POLICY_FIELDS_MASKED', params: { fields: 'name' } });
  });

  it('explains a denial of Wajima by the jurisdiction of the nearest permit and lists every permit', () => {
    const d = read(p.wajimaCity, 'life-saving');
    expect(d.reasons[0]).toMatchObject({ code: 'POLICY_JURISDICTION', permitId: 'emergency-life-saving', params: { area: NANAO } });
    const policy = examplePolicies.find((x) => x.id === 'nanao-persons')!;
    expect(new Set(d.reasons.map((r) => r.permitId))).toEqual(new Set(policy.permits.map((x) => x.id)));
  });

  it('keeps a write-status decision to the safety fields', () => {
    const d = read(p.nanaoCity, 'life-saving', { action: 'write-status' as PolicyAction });
    expect(d.obligations.grantedFields).toEqual(['safety']);
  });

  it('gives the phase of each record area in the decision', () => {
    const d = read(p.nationalAgency, 'statistics', { recordAreas: [NANAO, WAJIMA] as AreaCode[] });
    expect(d.areas).toEqual([{ area: NANAO, phase: 'emergency' }, { area: WAJIMA, phase: 'normal' }]);
  });
});
