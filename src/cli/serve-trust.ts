// The trust a standalone node (`tsunagu serve`) joins a federation with: the anchors it trusts with their pinned keys
// (TSUNAGU_TRUST_CONFIG_FILE), the anchor's signed trust list (TSUNAGU_TRUST_LIST_FILE) and this node's credential
// (TSUNAGU_CREDENTIAL_FILE), checked against each other and against the node's key before the node may start.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditLogWriter } from '../audit/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { createDurableReplayGuard } from '../node/request-verification/durable-replay-guard.ts';
import { loadDeclarationBook, type DroppedDeclaration } from '../node/declaration-book.ts';
import type { DeclarationBook } from '../node/routes/declarations.ts';
import type { FederationOptions } from '../node/signed-requests.ts';
import type { Store } from '../store/types.ts';
import { verifyCredential, type SignedCredential } from '../trust/credential.ts';
import type { NodeSigner } from '../trust/keys.ts';
import { readTrustListFile } from '../trust/key-file.ts';
import { createTrustRegistry, parseTrustConfig, type TrustRegistry } from '../trust/trust-registry.ts';
import { heldTrust, type HeldTrust } from '../trust/trust-list-update.ts';
import { cachedListFile } from '../node/live-trust.ts';
import type { TrustProblem } from '../trust/verified.ts';

export interface ServeTrustFiles {
  configFile: string;
  trustListFile: string;
  credentialFile: string;
}

/** A reason the node may not start, with the trust problems behind it. */
export interface ServeTrustProblem {
  code: MessageCode;
  params: MessageParams;
  causes?: readonly TrustProblem[];
}

export type ServeTrustResult<T> = { ok: true; value: T } | { ok: false; problems: ServeTrustProblem[] };

const VARIABLES = { configFile: 'TSUNAGU_TRUST_CONFIG_FILE', trustListFile: 'TSUNAGU_TRUST_LIST_FILE', credentialFile: 'TSUNAGU_CREDENTIAL_FILE' } as const;

/** The three trust files from the environment: all or none (none: the node answers the public only, as before). */
export function serveTrustFilesFromEnv(env: NodeJS.ProcessEnv): ServeTrustResult<ServeTrustFiles | undefined> {
  const given = Object.entries(VARIABLES).filter(([, v]) => env[v]?.trim());
  if (given.length === 0) return { ok: true, value: undefined };
  if (given.length < 3) {
    const missing = Object.values(VARIABLES).filter((v) => !env[v]?.trim());
    return { ok: false, problems: [{ code: 'SERVE_TRUST_INCOMPLETE', params: { missing: missing.join(', '), given: given.map(([, v]) => v).join(', ') } }] };
  }
  const file = (v: string) => path.resolve(env[v]!.trim());
  return {
    ok: true,
    value: { configFile: file(VARIABLES.configFile), trustListFile: file(VARIABLES.trustListFile), credentialFile: file(VARIABLES.credentialFile) },
  };
}

async function readJsonFile(variable: string, file: string): Promise<ServeTrustResult<unknown>> {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, 'utf8')) as unknown };
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? (e instanceof SyntaxError ? 'not JSON' : String(e));
    return { ok: false, problems: [{ code: 'SERVE_TRUST_FILE_UNREADABLE', params: { variable, path: file, detail } }] };
  }
}

export interface ServeTrust {
  registry: TrustRegistry;
  credential: SignedCredential;
  trustListIds: string[];
  /** The configuration and lists the node holds, for keeping them current (src/node/live-trust.ts). */
  held: HeldTrust;
}

const codes = (problems: readonly TrustProblem[]) => problems.map((p) => p.code).join(', ');

/**
 * Verify the trust files for the node `participantId` signing with `signer`: the list verifies with a configured
 * anchor's pinned key, the credential is this node's and verifies against that list, and the signer's key is one the
 * credential (and the listing) names and that is valid now.
 */
export async function loadServeTrust(
  files: ServeTrustFiles,
  node: { participantId: string; signer: NodeSigner; keyFile: string },
  now: Date,
): Promise<ServeTrustResult<ServeTrust>> {
  const { participantId, signer } = node;
  const configDoc = await readJsonFile(VARIABLES.configFile, files.configFile);
  if (!configDoc.ok) return configDoc;
  const config = parseTrustConfig(configDoc.value);
  if (!config.ok) {
    return { ok: false, problems: [{ code: 'SERVE_TRUST_CONFIG_INVALID', params: { path: files.configFile, detail: codes(config.problems) }, causes: config.problems }] };
  }
  const listDoc = await readTrustListFile(files.trustListFile);
  if (!listDoc.ok) {
    return { ok: false, problems: [{ code: 'SERVE_TRUST_FILE_UNREADABLE', params: { variable: VARIABLES.trustListFile, path: files.trustListFile, detail: String(listDoc.problem.params.detail ?? listDoc.problem.code) } }] };
  }
  // Lists of other anchors (recognised ones) fetched earlier are cached beside the main list.
  const first = createTrustRegistry(config.value, [listDoc.value], now);
  const cache = { listFile: files.trustListFile };
  const primary = config.value.anchors[0]!.anchorId;
  const siblings: unknown[] = [];
  for (const anchorId of first.registry.anchors.keys()) {
    if (anchorId === primary) continue;
    const cached = await readTrustListFile(cachedListFile(cache, anchorId, primary));
    if (cached.ok) siblings.push(cached.value);
  }
  const held = heldTrust(config.value, [listDoc.value, ...siblings], now);
  const build = { ...held.build, rejected: held.build.rejected.filter((r) => r.index === 0) };
  const rejected = build.rejected.flatMap((r) => r.problems);
  if (rejected.length > 0 || build.registry.lists.size === 0) {
    return { ok: false, problems: [{ code: 'SERVE_TRUST_LIST_NOT_VERIFIED', params: { path: files.trustListFile, detail: codes(rejected) || '-' }, causes: rejected }] };
  }
  const credentialDoc = await readJsonFile(VARIABLES.credentialFile, files.credentialFile);
  if (!credentialDoc.ok) return credentialDoc;
  const claimed = credentialDoc.value as { payload?: { id?: unknown; subject?: { id?: unknown } } } | null;
  const credentialId = typeof claimed?.payload?.id === 'string' ? claimed.payload.id : files.credentialFile;
  const subject = claimed?.payload?.subject?.id;
  if (typeof subject === 'string' && subject !== participantId) {
    return { ok: false, problems: [{ code: 'SERVE_CREDENTIAL_NOT_FOR_NODE', params: { credential: credentialId, subject, node: participantId } }] };
  }
  const verified = verifyCredential(credentialDoc.value, build.registry, now);
  if (!verified.ok) {
    return { ok: false, problems: [{ code: 'SERVE_CREDENTIAL_INVALID', params: { credential: credentialId, detail: codes(verified.problems) }, causes: verified.problems }] };
  }
  if (!verified.value.publicKeys.some((k) => k.kid === signer.kid && k.publicKey === signer.publicKey)) {
    return { ok: false, problems: [{ code: 'SERVE_KEY_NOT_IN_CREDENTIAL', params: { kid: signer.kid, credential: credentialId, path: node.keyFile } }] };
  }
  return {
    ok: true,
    value: { registry: build.registry, credential: credentialDoc.value as SignedCredential, trustListIds: [...build.registry.lists.values()].map((l) => l.list.id), held },
  };
}

export interface ServeFederation {
  federation: FederationOptions;
  declarationBook: DeclarationBook;
  /** Kept declarations that no longer verify (already audited). */
  dropped: DroppedDeclaration[];
}

/** What the node's server needs to federate with this trust: a replay guard and a declaration book in its store. */
export async function serveFederation(trust: ServeTrust, store: Store, signer: NodeSigner, auditLog: Pick<AuditLogWriter, 'append'>): Promise<ServeFederation> {
  const { book, dropped } = await loadDeclarationBook({ storage: store.declarations, registry: trust.registry, auditLog });
  const own = trust.credential;
  return {
    federation: {
      registry: trust.registry,
      replayGuard: createDurableReplayGuard(store.replayNonces),
      signer,
      credentialById: (id) => (id === own.payload.id ? own : undefined),
    },
    declarationBook: book,
    dropped,
  };
}
