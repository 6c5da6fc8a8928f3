// Verified inputs for tests and benchmarks of the pure decision point: the Noto scenario's participants,
// declarations and delegations, minted directly (not through signature checks, which src/trust tests).
import { areaCode, type AreaCode, type Declaration, type Delegation, type Hazard, type ParticipantRole, type Phase } from '../model/index.ts';
import { markVerified, type VerifiedDeclaration, type VerifiedDelegation, type VerifiedParticipant } from '../trust/verified.ts';
import { compilePolicies, type CompiledPolicies } from './compile-policies.ts';
import { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from './examples.ts';
import { parsePolicies, type Policy } from './policy-schema.ts';

export const NANAO = areaCode('172022');
export const WAJIMA = areaCode('172049');
export const KANAZAWA = areaCode('172014');
export const ISHIKAWA = areaCode('170003');
export const TOYAMA = areaCode('160008');
export const JAPAN = areaCode('JP');

/** A moment during the 2024 Noto Peninsula earthquake response, in JST. */
export const NOTO_NOW = '2024-01-10T09:00:00+09:00';

export function verifiedParticipant(
  id: string,
  role: ParticipantRole,
  jurisdiction: readonly AreaCode[],
  credentialExpiresAt = '2030-01-01T00:00:00Z',
): VerifiedParticipant {
  return markVerified({ id, role, jurisdiction, trustListId: 'test-trust-list', publicKeys: [], credentialExpiresAt });
}

export const participants = {
  nanaoCity: verifiedParticipant('jp-172022-nanao-city', 'municipality', [NANAO]),
  wajimaCity: verifiedParticipant('jp-172049-wajima-city', 'municipality', [WAJIMA]),
  ishikawaPref: verifiedParticipant('jp-170003-ishikawa-pref', 'prefecture', [ISHIKAWA]),
  toyamaPref: verifiedParticipant('jp-160008-toyama-pref', 'prefecture', [TOYAMA]),
  nationalAgency: verifiedParticipant('jp-cabinet-office-bousai', 'national-agency', [JAPAN]),
  nanaoDialysis: verifiedParticipant('jp-172022-nanao-dialysis-clinic', 'dialysis-clinic', [NANAO]),
  kanazawaDialysis: verifiedParticipant('jp-172014-kanazawa-dialysis-clinic', 'dialysis-clinic', [KANAZAWA]),
  nanaoWelfare: verifiedParticipant('jp-172022-nanao-welfare-council', 'welfare-office', [NANAO]),
  ngo: verifiedParticipant('jp-ngo-relief-network', 'ngo', [JAPAN]),
} as const;

export function declaration(
  phase: Phase,
  areas: readonly AreaCode[],
  overrides: Partial<Declaration> = {},
): VerifiedDeclaration {
  return markVerified({
    declaration: {
      id: `decl-${phase}-${areas.join('-')}`,
      issuer: 'jp-170003-ishikawa-pref',
      hazard: 'earthquake' as Hazard,
      phase,
      areas: [...areas],
      title: { ja: '令和6年能登半島地震', en: '2024 Noto Peninsula Earthquake' },
      issuedAt: '2024-01-01T16:10:00+09:00',
      expiresAt: '2024-03-31T23:59:59+09:00',
      ...overrides,
    },
    issuerRole: 'prefecture' as ParticipantRole,
  });
}

export function delegation(overrides: Partial<Delegation> = {}): VerifiedDelegation {
  return markVerified({
    delegation: {
      id: 'deleg-nanao-to-wajima',
      owner: participants.nanaoCity.id,
      delegate: participants.wajimaCity.id,
      datasets: ['persons'],
      purposes: ['life-saving', 'evacuation-support'],
      actions: ['read', 'write'],
      areas: [NANAO],
      validFrom: '2023-04-01T00:00:00+09:00',
      validUntil: '2025-03-31T23:59:59+09:00',
      ...overrides,
    } as Delegation,
  });
}

function parsedExamples(): Policy[] {
  const r = parsePolicies([nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument]);
  if (!r.ok) throw new Error(`example policies do not parse: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export const examplePolicies: readonly Policy[] = parsedExamples();
export const compiledExamplePolicies: CompiledPolicies = compilePolicies(examplePolicies);
