// An operator context for a node that federates: peers and names come from its trust registry (every participant
// in good standing that runs a node, the node itself included), and a node without trust files gets one that can
// ask nobody.
import { randomBytes } from 'node:crypto';
import type { AuditLogWriter } from '../../audit/index.ts';
import type { FederationClient, FederationResult } from '../../federation/client.ts';
import { discoverNodes } from '../../federation/discovery.ts';
import type { Store } from '../../store/types.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import type { OperatorContext } from './context.ts';
import type { TrustListState } from '../live-trust.ts';

/** A fresh operator token: 24 random bytes, base64url (32 characters). */
export function generateOperatorToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface TrustedOperatorContextOptions {
  participantId: string;
  store: Store;
  auditLog: Pick<AuditLogWriter, 'append'>;
  client: FederationClient;
  registry: TrustRegistry;
  declarations: () => readonly VerifiedDeclaration[];
  now?: () => Date;
  trustLists?: () => TrustListState[];
  refreshTrust?: () => Promise<void>;
  /** IANA time zone the operators read times in (validated by the caller: nodeTimeZone in src/node/config.ts). */
  timeZone?: string;
}

export function trustedOperatorContext(options: TrustedOperatorContextOptions): OperatorContext {
  const now = options.now ?? (() => new Date());
  const participantName = (id: string) => {
    const name = options.registry.participants.get(id)?.entry.participant.name;
    if (!name || (!name.ja && !name.en)) return undefined;
    return { ja: name.ja ?? name.en ?? id, en: name.en ?? name.ja ?? id };
  };
  return {
    participantId: options.participantId,
    name: participantName(options.participantId) ?? { ja: options.participantId, en: options.participantId },
    store: options.store,
    auditLog: options.auditLog,
    client: options.client,
    peers: () => discoverNodes(options.registry, { now: now() }),
    declarations: options.declarations,
    now,
    participantName,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.trustLists ? { trustLists: options.trustLists } : {}),
    ...(options.refreshTrust ? { refreshTrust: options.refreshTrust } : {}),
  };
}

/** For a node without trust files: every exchange fails with why, so the console says so instead of hanging. */
export function standaloneFederationClient(detail: string): FederationClient {
  const none = async (): Promise<FederationResult> => ({ ok: false, reason: 'network', detail });
  return {
    request: none,
    query: none,
    sendDeclaration: none,
    deliveryHeaders: () => ({}),
  };
}

export interface StandaloneOperatorContextOptions {
  participantId: string;
  store: Store;
  auditLog: Pick<AuditLogWriter, 'append'>;
  declarations?: () => readonly VerifiedDeclaration[];
  now?: () => Date;
  timeZone?: string;
}

/** A node on its own: it sees its own data, audit log and declarations, and has no peers to ask. */
export function standaloneOperatorContext(options: StandaloneOperatorContextOptions): OperatorContext {
  return {
    participantId: options.participantId,
    name: { ja: options.participantId, en: options.participantId },
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    store: options.store,
    auditLog: options.auditLog,
    client: standaloneFederationClient('this node has no trust list (TSUNAGU_TRUST_LIST_FILE) and cannot ask other nodes'),
    peers: () => [],
    declarations: options.declarations ?? (() => []),
    now: options.now ?? (() => new Date()),
  };
}
