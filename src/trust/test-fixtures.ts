// A ready-made trust world for tests: a Japanese trust anchor and list (national agency, Ishikawa, Nanao,
// Wajima, a dialysis clinic, a care provider, a hospital, and revoked/suspended/lapsed participants), an
// ASEAN anchor recognised for ASEAN areas only, credentials, and builders for signed declarations and
// delegations. Keys are derived from fixed seeds, so every run signs the same bytes.
import { createHash } from 'node:crypto';
import { allMessages } from '../i18n/messages/index.ts';
import { aseanCountries } from '../model/area-code.ts';
import type { ParticipantRole } from '../model/codes.ts';
import type { Declaration, Delegation } from '../model/declaration.ts';
import type { Participant } from '../model/participant.ts';
import { credentialFor, signCredential, verifyCredential, type SignedCredential } from './credential.ts';
import { signDeclaration, verifyDeclaration, type SignedDeclaration } from './declaration.ts';
import { signDelegation, verifyDelegation, type SignedDelegation } from './delegation.ts';
import { createSigner, keyPairFromSeed, type KeyPairExport, type NodeSigner } from './keys.ts';
import { signTrustList, type SignedTrustList, type TrustList, type TrustListEntry } from './trust-list.ts';
import { createTrustRegistry, type TrustConfig, type TrustRegistry, type TrustRegistryBuild } from './trust-registry.ts';
import type { TrustProblem, VerifiedDeclaration, VerifiedDelegation, VerifiedParticipant } from './verified.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const testParticipantNames = [
  'national',
  'ishikawa',
  'nanao',
  'wajima',
  'dialysis',
  'care',
  'hospital',
  'revoked',
  'suspended',
  'lapsed',
  'ocd',
] as const;
/** `ocd` (the Philippines' Office of Civil Defense) is listed by the ASEAN anchor, the others by the Japanese one. */
export type TestParticipantName = (typeof testParticipantNames)[number];
/** Japanese participants in good standing, whose credentials always verify. */
export type ActiveTestParticipantName = Exclude<TestParticipantName, 'revoked' | 'suspended' | 'lapsed' | 'ocd'>;

export interface TestParty {
  participant: Participant;
  keys: KeyPairExport;
  signer: NodeSigner;
}

export interface TestTrust {
  now: Date;
  config: TrustConfig;
  /** The registry built from `config` and both lists (the foreign one counts only when recognised). */
  registry: TrustRegistry;
  build: TrustRegistryBuild;
  trustList: SignedTrustList;
  foreignTrustList: SignedTrustList;
  anchor: TestParty;
  foreignAnchor: TestParty;
  parties: Record<TestParticipantName, TestParty>;
  participants: Record<TestParticipantName, Participant>;
  signers: Record<TestParticipantName, NodeSigner>;
  /** Credentials issued by each participant's anchor, valid from a day ago for 180 days. */
  credentials: Record<TestParticipantName, SignedCredential>;
  /** Verified participants (from their credentials), for the Japanese ones in good standing. */
  verified: Record<ActiveTestParticipantName, VerifiedParticipant>;
  /** The verified Philippine OCD, when the foreign list is recognised (the default). */
  verifiedForeign: VerifiedParticipant | undefined;
  /** An unsigned declaration by `by`: earthquake, emergency, the issuer's own jurisdiction, from an hour ago for 7 days. */
  declaration(by: TestParticipantName, overrides?: Partial<Declaration>): Declaration;
  /** The same, signed by `by` (whatever `overrides.issuer` says, so a wrong issuer can be tested). */
  declare(by: TestParticipantName, overrides?: Partial<Declaration>): SignedDeclaration;
  /** Signed and verified; throws if it does not verify. */
  verifiedDeclaration(by: TestParticipantName, overrides?: Partial<Declaration>): VerifiedDeclaration;
  /** An unsigned delegation: read for life-saving and evacuation support, the owner's jurisdiction, 30 days ago to a year ahead. */
  delegation(owner: TestParticipantName, delegate: TestParticipantName, overrides?: Partial<Delegation>): Delegation;
  delegate(owner: TestParticipantName, delegate: TestParticipantName, overrides?: Partial<Delegation>): SignedDelegation;
  verifiedDelegation(owner: TestParticipantName, delegate: TestParticipantName, overrides?: Partial<Delegation>): VerifiedDelegation;
}

export interface TestTrustOptions {
  /** Whether the Japanese list recognises the ASEAN anchor (for ASEAN areas only). Default true. */
  recogniseForeign?: boolean;
}

function iso(now: Date, deltaMs: number): string {
  return new Date(now.getTime() + deltaMs).toISOString();
}

/** Reproducible test keys: the seed is a hash of the label. Never use outside tests. */
export function testKeys(label: string): KeyPairExport {
  const seed = createHash('sha256').update(`tsunagu-test-key:${label}`).digest().toString('base64url');
  return keyPairFromSeed(`${label}-key-1`, seed);
}

function party(id: string, name: { ja: string; en: string }, role: ParticipantRole, jurisdiction: string[]): TestParty {
  const keys = testKeys(id);
  return {
    participant: {
      id,
      name,
      role,
      jurisdiction: jurisdiction as Participant['jurisdiction'],
      nodeUrl: `https://${id}.node.example.jp/`,
      keys: [{ kid: keys.kid, alg: 'Ed25519', publicKey: keys.publicKey }],
    },
    keys,
    signer: createSigner(id, keys),
  };
}

export const JP_TRUST_LIST_ID = 'jp-tsunagu-trust-list';
export const ASEAN_TRUST_LIST_ID = 'asean-aha-centre-trust-list';

/** Build the test trust world as of `now`. */
export function buildTestTrust(now: Date, options: TestTrustOptions = {}): TestTrust {
  const anchor = party('jp-tsunagu-trust-anchor', { ja: 'つなぐトラストアンカー（試験用）', en: 'Tsunagu trust anchor (test)' }, 'national-agency', ['JP']);
  const foreignAnchor = party('asean-aha-centre', { ja: 'AHAセンター（試験用）', en: 'AHA Centre (test)' }, 'regional-coordinator', [...aseanCountries]);
  const parties: Record<TestParticipantName, TestParty> = {
    national: party('jp-cao-bousai', { ja: '内閣府（防災担当）', en: 'Cabinet Office (Disaster Management)' }, 'national-agency', ['JP']),
    ishikawa: party('jp-170003-ishikawa-pref', { ja: '石川県', en: 'Ishikawa Prefecture' }, 'prefecture', ['170003']),
    nanao: party('jp-172022-nanao-city', { ja: '七尾市', en: 'Nanao City' }, 'municipality', ['172022']),
    wajima: party('jp-172049-wajima-city', { ja: '輪島市', en: 'Wajima City' }, 'municipality', ['172049']),
    dialysis: party('jp-172022-nanao-dialysis-clinic', { ja: '七尾透析クリニック（架空）', en: 'Nanao Dialysis Clinic (fictional)' }, 'dialysis-clinic', ['172022']),
    care: party('jp-172049-wajima-care-provider', { ja: '輪島介護サービス（架空）', en: 'Wajima Care Services (fictional)' }, 'care-provider', ['172049']),
    hospital: party('jp-172022-nanao-hospital', { ja: '七尾総合病院（架空）', en: 'Nanao General Hospital (fictional)' }, 'hospital', ['172022']),
    revoked: party('jp-170003-revoked-logistics', { ja: '失効した物流事業者（架空）', en: 'Revoked logistics firm (fictional)' }, 'logistics-firm', ['170003']),
    suspended: party('jp-170003-suspended-ngo', { ja: '停止中のNPO（架空）', en: 'Suspended NGO (fictional)' }, 'ngo', ['170003']),
    lapsed: party('jp-170003-lapsed-retailer', { ja: '登録期限切れの小売事業者（架空）', en: 'Lapsed retailer (fictional)' }, 'retailer', ['170003']),
    ocd: party('ph-ocd', { en: 'Office of Civil Defense, Philippines (test)', ja: 'フィリピン市民防衛局（試験用）' }, 'national-disaster-agency', ['PH']),
  };

  const listed = (p: TestParty, extra: Partial<TrustListEntry> = {}): TrustListEntry => ({
    participant: p.participant,
    status: 'active',
    validFrom: iso(now, -365 * DAY),
    validUntil: iso(now, 365 * DAY),
    ...extra,
  });
  const list: TrustList = {
    id: JP_TRUST_LIST_ID,
    anchor: anchor.participant,
    issuedAt: iso(now, -DAY),
    nextUpdate: iso(now, 30 * DAY),
    entries: [
      listed(parties.national),
      listed(parties.ishikawa),
      listed(parties.nanao),
      listed(parties.wajima),
      listed(parties.dialysis),
      listed(parties.care),
      listed(parties.hospital),
      listed(parties.revoked, { status: 'revoked', revokedAt: iso(now, -10 * DAY) }),
      listed(parties.suspended, { status: 'suspended' }),
      listed(parties.lapsed, { validUntil: iso(now, -DAY) }),
    ],
    ...(options.recogniseForeign === false
      ? {}
      : {
          recognises: [
            {
              trustListId: ASEAN_TRUST_LIST_ID,
              anchorId: foreignAnchor.participant.id,
              anchorKeys: foreignAnchor.participant.keys,
              jurisdictions: [...aseanCountries],
            },
          ],
        }),
  };
  const rogue = party('ph-rogue-claims-japan', { ja: '外国アンカーが日本向けに登録した参加者（無視されること）', en: 'Listed by the foreign anchor for Japan (must be ignored)' }, 'national-agency', ['JP']);
  const foreignList: TrustList = {
    id: ASEAN_TRUST_LIST_ID,
    anchor: foreignAnchor.participant,
    issuedAt: iso(now, -DAY),
    nextUpdate: iso(now, 30 * DAY),
    entries: [listed(parties.ocd), listed(rogue)],
  };
  const trustList = signTrustList(list, anchor.signer, new Date(now.getTime() - DAY));
  const foreignTrustList = signTrustList(foreignList, foreignAnchor.signer, new Date(now.getTime() - DAY));
  const config: TrustConfig = {
    anchors: [{ anchorId: anchor.participant.id, trustListId: JP_TRUST_LIST_ID, keys: anchor.participant.keys }],
  };
  const build = createTrustRegistry(config, [trustList, foreignTrustList], now);
  const registry = build.registry;

  const credentials = {} as Record<TestParticipantName, SignedCredential>;
  for (const name of testParticipantNames) {
    const issuer = name === 'ocd' ? foreignAnchor : anchor;
    const credential = credentialFor(parties[name].participant, issuer.participant.id, {
      id: `cred-${parties[name].participant.id}`,
      issuedAt: iso(now, -DAY),
      expiresAt: iso(now, 180 * DAY),
    });
    credentials[name] = signCredential(credential, issuer.signer, new Date(now.getTime() - DAY));
  }
  const verified = {} as Record<ActiveTestParticipantName, VerifiedParticipant>;
  for (const name of testParticipantNames) {
    if (name === 'revoked' || name === 'suspended' || name === 'lapsed' || name === 'ocd') continue;
    const v = verifyCredential(credentials[name], registry, now);
    if (!v.ok) throw new Error(`test credential of ${name} does not verify: ${v.problems.map((p) => p.code).join(', ')}`);
    verified[name] = v.value;
  }

  let sequence = 0;
  const declaration = (by: TestParticipantName, overrides: Partial<Declaration> = {}): Declaration => ({
    id: `decl-${parties[by].participant.id}-${++sequence}`,
    issuer: parties[by].participant.id,
    hazard: 'earthquake',
    phase: 'emergency',
    areas: parties[by].participant.jurisdiction,
    title: { ja: '令和6年能登半島地震（試験）', en: '2024 Noto Peninsula Earthquake (test)' },
    issuedAt: iso(now, -HOUR),
    expiresAt: iso(now, 7 * DAY),
    ...overrides,
  });
  const declare = (by: TestParticipantName, overrides: Partial<Declaration> = {}): SignedDeclaration => {
    const d = declaration(by, overrides);
    // Signed when issued, or now for a declaration issued ahead of time.
    const signedAt = new Date(Math.min(Date.parse(d.issuedAt), now.getTime()));
    // Sign with `by`'s key even when the issuer was overridden, so impersonation cases can be built.
    const signer = d.issuer === parties[by].participant.id ? parties[by].signer : { ...parties[by].signer, participantId: d.issuer };
    return signDeclaration(d, signer, signedAt);
  };
  const delegation = (owner: TestParticipantName, delegate: TestParticipantName, overrides: Partial<Delegation> = {}): Delegation => ({
    id: `deleg-${parties[owner].participant.id}-${parties[delegate].participant.id}-${++sequence}`,
    owner: parties[owner].participant.id,
    delegate: parties[delegate].participant.id,
    datasets: ['persons'],
    purposes: ['life-saving', 'evacuation-support'],
    actions: ['read'],
    areas: parties[owner].participant.jurisdiction,
    validFrom: iso(now, -30 * DAY),
    validUntil: iso(now, 365 * DAY),
    ...overrides,
  });
  const delegateFn = (owner: TestParticipantName, delegate: TestParticipantName, overrides: Partial<Delegation> = {}): SignedDelegation => {
    const d = delegation(owner, delegate, overrides);
    const signer = d.owner === parties[owner].participant.id ? parties[owner].signer : { ...parties[owner].signer, participantId: d.owner };
    return signDelegation(d, signer, new Date(now.getTime() - 30 * DAY));
  };

  return {
    now,
    config,
    registry,
    build,
    trustList,
    foreignTrustList,
    anchor,
    foreignAnchor,
    parties,
    participants: mapParties(parties, (p) => p.participant),
    signers: mapParties(parties, (p) => p.signer),
    credentials,
    verified,
    verifiedForeign: ((v) => (v.ok ? v.value : undefined))(verifyCredential(credentials.ocd, registry, now)),
    declaration,
    declare,
    verifiedDeclaration(by, overrides) {
      const v = verifyDeclaration(declare(by, overrides), registry, now);
      if (!v.ok) throw new Error(`test declaration by ${by} does not verify: ${v.problems.map((p) => p.code).join(', ')}`);
      return v.value;
    },
    delegation,
    delegate: delegateFn,
    verifiedDelegation(owner, delegate, overrides) {
      const v = verifyDelegation(delegateFn(owner, delegate, overrides), registry, now);
      if (!v.ok) throw new Error(`test delegation ${owner} → ${delegate} does not verify: ${v.problems.map((p) => p.code).join(', ')}`);
      return v.value;
    },
  };
}

/** Placeholders of a problem's message that its params do not fill (empty when it renders completely). */
export function missingParams(problem: TrustProblem): string[] {
  const template = allMessages[problem.code].ja;
  return [...template.matchAll(/{{(\w+)}}/g)].map((m) => m[1]!).filter((name) => problem.params[name] === undefined);
}

function mapParties<T>(parties: Record<TestParticipantName, TestParty>, f: (p: TestParty) => T): Record<TestParticipantName, T> {
  return Object.fromEntries(testParticipantNames.map((n) => [n, f(parties[n])])) as Record<TestParticipantName, T>;
}
