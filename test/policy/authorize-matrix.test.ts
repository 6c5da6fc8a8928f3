// The trust cases of the denial matrix, end to end: signed credentials, declarations and delegations from the
// test trust world go through `authorize`, which verifies them with src/trust and then decides with Nanao's
// persons policy. Each row states the expected effect and the expected first reason code.
import { describe, expect, it } from 'vitest';
import type { Declaration, Delegation, Purpose } from '../../src/model/index.ts';
import { credentialFor, signCredential, signDeclaration, signDelegation, type Signed } from '../../src/trust/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { authorize, type AuthorizationInput } from '../../src/policy/authorize.ts';
import { compiledExamplePolicies, NANAO, WAJIMA } from '../../src/policy/test-fixtures.ts';
import type { PolicyAction } from '../../src/policy/index.ts';

const NOW = new Date('2024-01-10T00:00:00Z');
const t = buildTestTrust(NOW);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (delta: number) => new Date(NOW.getTime() + delta).toISOString();

/** A copy of a signed document with a payload field changed after signing. */
function tampered<T>(doc: Signed<T>, change: Partial<T>): Signed<T> {
  return { ...doc, payload: { ...doc.payload, ...change } };
}

const emergencyByIshikawa = () => t.declare('ishikawa', { phase: 'emergency' });
/** Nanao's delegations to Wajima in these cases; the policy under test governs `persons`. */
const nanaoToWajima = (overrides: Partial<Delegation> = {}) =>
  t.delegate('nanao', 'wajima', { datasets: ['persons'], areas: [NANAO], ...overrides });

function credentialExpired(name: TestParticipantName) {
  const p = t.participants[name];
  const c = credentialFor(p, t.anchor.participant.id, { id: `cred-old-${p.id}`, issuedAt: iso(-200 * DAY), expiresAt: iso(-DAY) });
  return signCredential(c, t.anchor.signer, new Date(NOW.getTime() - 200 * DAY));
}

function selfIssuedCredential(name: TestParticipantName) {
  const p = t.participants[name];
  const c = credentialFor(p, p.id, { id: `cred-self-${p.id}`, issuedAt: iso(-DAY), expiresAt: iso(100 * DAY) });
  return signCredential(c, t.signers[name], new Date(NOW.getTime() - DAY));
}

interface Row {
  name: string;
  who: TestParticipantName;
  credential?: unknown;
  purpose?: Purpose;
  action?: PolicyAction;
  declarations?: unknown[];
  delegation?: unknown;
  effect: 'allow' | 'deny';
  first: string;
  /** Codes that must also appear among the reasons (e.g. the ignored declaration). */
  alsoListed?: string[];
}

const rows: Row[] = [
  // Credentials
  { name: 'ishikawa-pref with a valid credential reads under a verified emergency', who: 'ishikawa', declarations: [emergencyByIshikawa()], effect: 'allow', first: 'POLICY_PERMIT_MATCHED' },
  { name: 'nanao-city reads under its own verified emergency declaration', who: 'nanao', declarations: [t.declare('nanao')], effect: 'allow', first: 'POLICY_PERMIT_MATCHED' },
  { name: 'the national agency reads under a national emergency', who: 'national', declarations: [t.declare('national')], effect: 'allow', first: 'POLICY_PERMIT_MATCHED' },
  { name: 'a dialysis clinic reads for medical continuity in normal times', who: 'dialysis', purpose: 'medical-continuity', effect: 'allow', first: 'POLICY_PERMIT_MATCHED' },
  { name: 'an expired credential is refused', who: 'ishikawa', credential: credentialExpired('ishikawa'), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'CREDENTIAL_EXPIRED' },
  { name: 'a revoked participant is refused', who: 'revoked', declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_PARTICIPANT_REVOKED' },
  { name: 'a suspended participant is refused', who: 'suspended', declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_PARTICIPANT_SUSPENDED' },
  { name: 'a participant whose listing lapsed is refused', who: 'lapsed', declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_PARTICIPANT_EXPIRED' },
  { name: 'a credential whose role was changed after signing is refused', who: 'wajima', credential: tampered(t.credentials.wajima, { subject: { ...t.credentials.wajima.payload.subject, role: 'prefecture' } }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_SIGNATURE_INVALID' },
  { name: 'a credential whose jurisdiction was widened after signing is refused', who: 'wajima', credential: tampered(t.credentials.wajima, { subject: { ...t.credentials.wajima.payload.subject, jurisdiction: ['170003'] as Declaration['areas'] } }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_SIGNATURE_INVALID' },
  { name: 'a credential with a longer validity than signed is refused', who: 'ishikawa', credential: tampered(credentialExpired('ishikawa'), { expiresAt: iso(DAY) }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_SIGNATURE_INVALID' },
  { name: 'a self-issued credential is refused', who: 'wajima', credential: selfIssuedCredential('wajima'), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_ANCHOR_UNKNOWN' },
  { name: 'something that is not a credential is refused', who: 'ishikawa', credential: { hello: 'world' }, declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_DOCUMENT_MALFORMED' },
  { name: 'a foreign agency recognised for ASEAN areas has no role in Nanao persons', who: 'ocd', declarations: [emergencyByIshikawa()], effect: 'deny', first: 'POLICY_ROLE_NOT_PERMITTED' },

  // Declarations: a declaration that fails verification is ignored and the area falls back to normal times
  { name: 'a declaration whose phase was raised after signing is ignored', who: 'ishikawa', declarations: [tampered(t.declare('ishikawa', { phase: 'alert' }), { phase: 'emergency' })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['POLICY_DECLARATION_IGNORED', 'TRUST_SIGNATURE_INVALID'] },
  { name: 'a declaration whose areas were widened after signing is ignored', who: 'ishikawa', declarations: [tampered(t.declare('wajima'), { areas: [WAJIMA, NANAO] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['POLICY_DECLARATION_IGNORED'] },
  { name: 'a declaration by a dialysis clinic is ignored (not a declaring authority)', who: 'ishikawa', declarations: [t.declare('dialysis')], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_NOT_AUTHORISED'] },
  { name: "a declaration by Wajima for Nanao's area is ignored (outside its jurisdiction)", who: 'ishikawa', declarations: [t.declare('wajima', { areas: [NANAO] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_AREA_OUTSIDE_JURISDICTION'] },
  { name: 'a declaration claiming Ishikawa as issuer but signed by Wajima is ignored', who: 'ishikawa', declarations: [t.declare('wajima', { issuer: 'jp-170003-ishikawa-pref', areas: ['170003'] as Declaration['areas'] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['POLICY_DECLARATION_IGNORED'] },
  { name: 'an expired declaration is ignored', who: 'ishikawa', declarations: [t.declare('ishikawa', { issuedAt: iso(-10 * DAY), expiresAt: iso(-DAY) })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_EXPIRED'] },
  { name: 'a declaration by a revoked participant is ignored', who: 'ishikawa', declarations: [t.declare('revoked', { issuer: 'jp-170003-revoked-logistics' })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['POLICY_DECLARATION_IGNORED'] },
  { name: 'a declaration that is not a signed document is ignored', who: 'ishikawa', declarations: [{ payload: { id: 'fake' } }], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['POLICY_DECLARATION_IGNORED', 'TRUST_DOCUMENT_MALFORMED'] },
  { name: 'a valid declaration still counts beside a tampered one', who: 'ishikawa', declarations: [tampered(t.declare('wajima'), { areas: [NANAO] }), emergencyByIshikawa()], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['POLICY_DECLARATION_IGNORED'] },
  { name: 'the consented normal-time list stays open to Nanao when the only declaration is forged', who: 'nanao', purpose: 'evacuation-support', declarations: [tampered(t.declare('nanao', { phase: 'alert' }), { phase: 'emergency' })], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['POLICY_DECLARATION_IGNORED'] },

  // Delegations
  { name: 'wajima-city reads for nanao-city under a verified delegation and emergency', who: 'wajima', delegation: nanaoToWajima(), declarations: [emergencyByIshikawa()], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['POLICY_DELEGATED_ACCESS'] },
  { name: 'wajima-city updates status for nanao-city under an alert', who: 'wajima', action: 'write-status', delegation: nanaoToWajima({ actions: ['read', 'write'] }), declarations: [t.declare('ishikawa', { phase: 'alert' })], effect: 'allow', first: 'POLICY_PERMIT_MATCHED' },
  { name: 'a verified delegation without a declaration is not active', who: 'wajima', delegation: nanaoToWajima(), declarations: [], effect: 'deny', first: 'POLICY_DELEGATION_NO_DECLARATION' },
  { name: 'a verified delegation under a forged declaration is not active', who: 'wajima', delegation: nanaoToWajima(), declarations: [tampered(t.declare('ishikawa', { phase: 'recovery' }), { phase: 'emergency' })], effect: 'deny', first: 'POLICY_DELEGATION_NO_DECLARATION', alsoListed: ['POLICY_DECLARATION_IGNORED'] },
  { name: 'a delegation whose delegate was changed after signing is refused', who: 'ishikawa', delegation: tampered(nanaoToWajima(), { delegate: 'jp-170003-ishikawa-pref' }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_SIGNATURE_INVALID' },
  { name: 'a delegation whose areas were widened after signing is refused', who: 'wajima', delegation: tampered(nanaoToWajima(), { areas: [NANAO, WAJIMA] }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_SIGNATURE_INVALID' },
  { name: "a delegation Wajima signed with its own key in Nanao's name is refused", who: 'wajima', delegation: signDelegation(t.delegation('nanao', 'wajima', { datasets: ['persons'] }), { ...t.signers.wajima, participantId: 'jp-172022-nanao-city' }, new Date(NOW.getTime() - DAY)), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_KEY_UNKNOWN' },
  { name: 'an expired delegation is refused by trust', who: 'wajima', delegation: nanaoToWajima({ validFrom: iso(-60 * DAY), validUntil: iso(-DAY) }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'DELEGATION_EXPIRED' },
  { name: 'a delegation that starts next week verifies but is not active yet', who: 'wajima', delegation: nanaoToWajima({ validFrom: iso(7 * DAY) }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'POLICY_DELEGATION_INACTIVE' },
  { name: "a delegation of areas outside the owner's jurisdiction is refused", who: 'wajima', delegation: t.delegate('nanao', 'wajima', { datasets: ['persons'], areas: [WAJIMA] }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'DELEGATION_AREA_OUTSIDE_JURISDICTION' },
  { name: 'a delegation to a revoked participant is refused', who: 'wajima', delegation: t.delegate('nanao', 'revoked', { datasets: ['persons'] }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'TRUST_PARTICIPANT_REVOKED' },
  { name: 'a delegation made out to someone else cannot be used by wajima-city', who: 'wajima', delegation: t.delegate('nanao', 'ishikawa', { datasets: ['persons'] }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'POLICY_DELEGATION_MISMATCH' },
  { name: 'a delegation for another dataset does not reach persons', who: 'wajima', delegation: t.delegate('nanao', 'wajima', { datasets: ['shelters'], areas: [NANAO] }), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'POLICY_DELEGATION_SCOPE' },
  { name: 'a delegation for life-saving does not cover statistics', who: 'wajima', purpose: 'statistics', delegation: nanaoToWajima(), declarations: [emergencyByIshikawa()], effect: 'deny', first: 'POLICY_DELEGATION_SCOPE' },
  { name: 'a declaration Wajima makes for Nanao does not activate its own delegation', who: 'wajima', delegation: nanaoToWajima(), declarations: [signDeclaration(t.declaration('wajima', { areas: [NANAO], issuer: 'jp-172049-wajima-city' }), t.signers.wajima, new Date(NOW.getTime() - HOUR))], effect: 'deny', first: 'POLICY_DELEGATION_NO_DECLARATION', alsoListed: ['DECLARATION_AREA_OUTSIDE_JURISDICTION'] },
];

function inputOf(row: Row): AuthorizationInput {
  return {
    credential: row.credential ?? t.credentials[row.who],
    declarations: row.declarations ?? [],
    ...(row.delegation !== undefined ? { delegation: row.delegation } : {}),
    request: {
      purpose: row.purpose ?? 'life-saving',
      action: row.action ?? 'read',
      dataset: 'persons',
      fields: '*',
      recordAreas: [NANAO],
      requestId: `req-${row.name.length}`,
    },
  };
}

describe('trust cases of the denial matrix, through authorize', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const decision = authorize(inputOf(row), t.registry, compiledExamplePolicies, NOW);
    expect({ effect: decision.effect, first: decision.reasons[0]?.code }).toEqual({ effect: row.effect, first: row.first });
    for (const code of row.alsoListed ?? []) expect(decision.reasons.map((r) => r.code)).toContain(code);
    if (decision.effect === 'deny') expect(decision.obligations.grantedFields).toEqual([]);
  });

  it('names the requester and the field of a failed credential in the denial', () => {
    const decision = authorize(inputOf({ name: 'x', who: 'ishikawa', credential: credentialExpired('ishikawa'), effect: 'deny', first: '' }), t.registry, compiledExamplePolicies, NOW);
    expect(decision.requester).toBe('jp-170003-ishikawa-pref');
    expect(decision.reasons[0]).toMatchObject({ code: 'CREDENTIAL_EXPIRED', field: 'payload.expiresAt' });
  });

  it('records the delegate acting for the owner after verification', () => {
    const decision = authorize(inputOf({ name: 'x', who: 'wajima', delegation: nanaoToWajima(), declarations: [emergencyByIshikawa()], effect: 'allow', first: '' }), t.registry, compiledExamplePolicies, NOW);
    expect(decision).toMatchObject({ effect: 'allow', requester: 'jp-172049-wajima-city', actingFor: 'jp-172022-nanao-city' });
  });
});
