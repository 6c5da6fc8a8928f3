// What the operator routes (the console's API on a node) work with: the node's own store, log and identity, and a
// federation client to ask peers as this node. Only the node's own operator reaches these routes (operator token).
import type { AuditLogWriter } from '../../audit/index.ts';
import type { FederationClient } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import type { Store } from '../../store/types.ts';
import type { TrustListState } from '../live-trust.ts';
import type { NodeSigner } from '../../trust/keys.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { DeclarationReceiver } from '../routes/declarations.ts';

export { OPERATOR_CONSOLE } from '../application/application.ts';

export interface OperatorContext {
  participantId: string;
  /** The node's display name in Japanese and English (from its credential). */
  name: { ja: string; en: string };
  /** The IANA time zone the node's operators read times in (the console shows times so); absent: Asia/Tokyo. */
  timeZone?: string;
  store: Store;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Signs requests as this node and verifies the answers. */
  client: FederationClient;
  /** The nodes this node may ask (itself included), discovered from the trust list. */
  peers(): NodeTarget[];
  /** Verified declarations in force, as the node's declaration book holds them. */
  declarations(): readonly VerifiedDeclaration[];
  now(): Date;
  /** A participant's display name from the trust list, when known (peers, requesters in the audit page). */
  participantName?(participantId: string): { ja: string; en: string } | undefined;
  /** Audit entry kinds with their labels: the core's and the installed applications' (set by the node). */
  auditKinds?: Readonly<Record<string, { ja: string; en: string }>>;
  /**
   * What issuing a declaration as this node takes: its key, the trust list that says whether and where it may
   * declare, and the node's own receiving path (verify, audit, keep). Set by the node when it federates.
   */
  declaring?: { signer: NodeSigner; registry: TrustRegistry; receive: DeclarationReceiver };
  /** The applications installed on the node, for the console's navigation (set by the node). */
  applications?: readonly { id: string; name: { ja: string; en: string }; console?: { route: string; label: { ja: string; en: string } } }[];
  /** The trust lists the node holds, with their age and the last fetch (a federating node only). */
  trustLists?(): TrustListState[];
  /** On a node that serves a trust anchor: the anchor's directory, opened per console operation (set by the node). */
  anchorDir?: string;
  /** Fetch the anchors' lists now (on demand, besides the schedule). */
  refreshTrust?(): Promise<void>;
}
