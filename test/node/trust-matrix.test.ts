// The trust cases of the denial matrix, end to end through a real node: signed credentials, declarations and
// delegations from the test trust world go the way every federated query goes — the signed request verified
// (src/node/request-verification), declarations received and verified (POST /api/v1/declarations), the delegation
// verified by the dataset route, then the policy decision (Nanao's persons policy), the audit entry and the answer.
// Each row states the expected effect and the expected first reason code; every refusal must be audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/audit/index.ts';
import type { Declaration, Delegation, Purpose } from '../../src/model/index.ts';
import { createDeclarationBook } from '../../src/node/routes/declarations.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { canonicalJson } from '../../src/trust/canonical-json.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { credentialFor, signCredential, signDeclaration, signDelegation, type Signed } from '../../src/trust/index.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { examplePolicies, NANAO, WAJIMA } from '../../src/policy/test-fixtures.ts';

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
  declarations?: unknown[];
  delegation?: unknown;
  effect: 'allow' | 'deny';
  first: string;
  /** Codes that must also appear among the reasons, or among the node's refusal of a declaration (NODE_DECLARATION_INVALID and why). */
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
  { name: 'a declaration whose phase was raised after signing is ignored', who: 'ishikawa', declarations: [tampered(t.declare('ishikawa', { phase: 'alert' }), { phase: 'emergency' })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['NODE_DECLARATION_INVALID', 'TRUST_SIGNATURE_INVALID'] },
  { name: 'a declaration whose areas were widened after signing is ignored', who: 'ishikawa', declarations: [tampered(t.declare('wajima'), { areas: [WAJIMA, NANAO] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['NODE_DECLARATION_INVALID'] },
  { name: 'a declaration by a dialysis clinic is ignored (not a declaring authority)', who: 'ishikawa', declarations: [t.declare('dialysis')], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_NOT_AUTHORISED'] },
  { name: "a declaration by Wajima for Nanao's area is ignored (outside its jurisdiction)", who: 'ishikawa', declarations: [t.declare('wajima', { areas: [NANAO] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_AREA_OUTSIDE_JURISDICTION'] },
  { name: 'a declaration claiming Ishikawa as issuer but signed by Wajima is ignored', who: 'ishikawa', declarations: [t.declare('wajima', { issuer: 'jp-170003-ishikawa-pref', areas: ['170003'] as Declaration['areas'] })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['NODE_DECLARATION_INVALID'] },
  { name: 'an expired declaration is ignored', who: 'ishikawa', declarations: [t.declare('ishikawa', { issuedAt: iso(-10 * DAY), expiresAt: iso(-DAY) })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['DECLARATION_EXPIRED'] },
  { name: 'a declaration by a revoked participant is ignored', who: 'ishikawa', declarations: [t.declare('revoked', { issuer: 'jp-170003-revoked-logistics' })], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['NODE_DECLARATION_INVALID'] },
  { name: 'a declaration that is not a signed document is ignored', who: 'ishikawa', declarations: [{ payload: { id: 'fake' } }], effect: 'deny', first: 'POLICY_PHASE_NOT_PERMITTED', alsoListed: ['NODE_DECLARATION_INVALID', 'TRUST_DOCUMENT_MALFORMED'] },
  { name: 'a valid declaration still counts beside a tampered one', who: 'ishikawa', declarations: [tampered(t.declare('wajima'), { areas: [NANAO] }), emergencyByIshikawa()], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['NODE_DECLARATION_INVALID'] },
  { name: 'the consented normal-time list stays open to Nanao when the only declaration is forged', who: 'nanao', purpose: 'evacuation-support', declarations: [tampered(t.declare('nanao', { phase: 'alert' }), { phase: 'emergency' })], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['NODE_DECLARATION_INVALID'] },

  // Delegations
  { name: 'wajima-city reads for nanao-city under a verified delegation and emergency', who: 'wajima', delegation: nanaoToWajima(), declarations: [emergencyByIshikawa()], effect: 'allow', first: 'POLICY_PERMIT_MATCHED', alsoListed: ['POLICY_DELEGATED_ACCESS'] },
  // A delegate's write-status has no route of its own (deliveries decide a participant's own updates); the decision
  // is in test/policy/denial-matrix.test.ts ('wajima-city updates Nanao safety status for nanao-city under an alert').
  { name: 'a verified delegation without a declaration is not active', who: 'wajima', delegation: nanaoToWajima(), declarations: [], effect: 'deny', first: 'POLICY_DELEGATION_NO_DECLARATION' },
  { name: 'a verified delegation under a forged declaration is not active', who: 'wajima', delegation: nanaoToWajima(), declarations: [tampered(t.declare('ishikawa', { phase: 'recovery' }), { phase: 'emergency' })], effect: 'deny', first: 'POLICY_DELEGATION_NO_DECLARATION', alsoListed: ['NODE_DECLARATION_INVALID'] },
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

const NODE_ID = t.participants.nanao.id;
let store: Store;
let log: AuditLog;

beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: t.signers.nanao });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  log = opened.log;
});
afterAll(async () => {
  await log.close();
  await store.close();
});

/** Nanao's node with no declarations yet, its clock at NOW. */
function nanaoNode() {
  return buildNodeServer({
    participantId: NODE_ID,
    store,
    auditLog: log,
    policies: examplePolicies.map((policy) => ({ policy, source: 'example' })),
    declarationBook: createDeclarationBook(),
    federation: { registry: t.registry, replayGuard: createMemoryReplayGuard(), signer: t.signers.nanao, now: () => NOW },
  });
}

interface Answer {
  status: number;
  /** The reason codes of the answer: the decision's for a 200 or 403, the verification's for a 401. */
  codes: string[];
  /** Codes the node gave when it refused one of the row's declarations. */
  declarationCodes: string[];
  requestId: string;
}

async function ask(row: Row): Promise<Answer> {
  const app = await nanaoNode();
  try {
    const declarationCodes: string[] = [];
    for (const d of row.declarations ?? []) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/declarations', payload: d as object });
      if (r.statusCode === 201) continue;
      const refusal = r.json() as { code: string; errors: { message: string }[] };
      declarationCodes.push(refusal.code, ...refusal.errors.map((e) => e.message));
    }
    const url = '/api/v1/datasets/persons/query';
    const body = JSON.stringify({ purpose: row.purpose ?? 'life-saving', area: [NANAO], ...(row.delegation !== undefined ? { delegation: row.delegation } : {}) });
    const headers: Record<string, string> = {
      ...signRequest({ method: 'POST', url, body, credential: t.credentials[row.who], signer: t.signers[row.who], audience: NODE_ID, now: NOW }),
      'content-type': 'application/json',
    };
    // A credential other than the participant's own travels in its header as any requester could send it.
    if (row.credential !== undefined) headers['tsunagu-credential'] = Buffer.from(canonicalJson(row.credential), 'utf8').toString('base64url');
    const r = await app.inject({ method: 'POST', url, payload: body, headers });
    const json = r.json() as { access?: { reasons: { code: string }[] }; reasons?: { code: string }[]; errors?: { message: string }[]; code: string; requestId?: string };
    const codes =
      r.statusCode === 200
        ? json.access!.reasons.map((x) => x.code)
        : // A refused signature's reasons (and errors) name the refusal's own code first, then why.
          (json.reasons ? json.reasons.map((x) => x.code) : (json.errors ?? []).map((e) => e.message)).filter((c) => c !== json.code);
    return { status: r.statusCode, codes, declarationCodes, requestId: String(r.headers['x-request-id']) };
  } finally {
    await app.close();
  }
}

async function auditEntryOf(requestId: string) {
  const r = await store.audit.query({ requestId, limit: 5 });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.page.entries;
}

describe('trust cases of the denial matrix, through a node', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const answer = await ask(row);
    expect({ allowed: answer.status === 200, first: answer.codes[0] }).toEqual({ allowed: row.effect === 'allow', first: row.first });
    // A declaration that does not verify never reaches the decision: the node refuses it when it arrives.
    for (const code of row.alsoListed ?? []) expect([...answer.codes, ...answer.declarationCodes]).toContain(code);
    const entries = await auditEntryOf(answer.requestId);
    expect(entries.map((e) => e.decision)).toEqual([row.effect]);
    if (row.effect === 'deny') expect(entries[0]!.recordCount).toBe(0);
  });

  it('names the credential problem and its field in the refusal, and audits the requester as unverified', async () => {
    const app = await nanaoNode();
    try {
      const url = '/api/v1/datasets/persons/query';
      const body = JSON.stringify({ purpose: 'life-saving', area: [NANAO] });
      const headers = {
        ...signRequest({ method: 'POST', url, body, credential: credentialExpired('ishikawa'), signer: t.signers.ishikawa, audience: NODE_ID, now: NOW }),
        'content-type': 'application/json',
      };
      const r = await app.inject({ method: 'POST', url, payload: body, headers });
      expect(r.json()).toMatchObject({ status: 401, code: 'FEDERATION_CREDENTIAL_INVALID', errors: [{ message: 'FEDERATION_CREDENTIAL_INVALID' }, { message: 'CREDENTIAL_EXPIRED', path: 'payload.expiresAt' }] });
      const [entry] = await auditEntryOf(String(r.headers['x-request-id']));
      expect(entry).toMatchObject({ requester: 'unverified:jp-170003-ishikawa-pref', decision: 'deny' });
    } finally {
      await app.close();
    }
  });

  it('records the delegate acting for the owner after verification', async () => {
    const answer = await ask({ name: 'x', who: 'wajima', delegation: nanaoToWajima(), declarations: [emergencyByIshikawa()], effect: 'allow', first: '' });
    expect(answer.status).toBe(200);
    const [entry] = await auditEntryOf(answer.requestId);
    expect(entry).toMatchObject({ decision: 'allow', requester: 'jp-172049-wajima-city', onBehalfOf: 'jp-172022-nanao-city' });
  });
});
