// The application interface a node publishes (docs/writing-an-application.md): what an application — the lifeline,
// logistics, alerts — declares about itself, and everything the node gives it to work with. An application uses
// this and nothing else: no store internals, no route files, no other application.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import type { AuditEntryDraft } from '../../audit/index.ts';
import type { FederatedAggregateOutcome, FederatedQueryOptions, FederatedQueryOutcome } from '../../federation/federated-query.ts';
import type { FederationClient } from '../../federation/client.ts';
import type { NodeTarget } from '../../federation/discovery.ts';
import type { MessageCatalog } from '../../i18n/index.ts';
import type { Alert, AlertFormat, AlertStatus, AreaCode, Declaration, Label, Purpose, RecordOf, AnyRecordDraft } from '../../model/index.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import type { AccessDecision, AccessRequest, PolicyAction, Requester } from '../../policy/index.ts';
import type { Problem } from '../problem.ts';
import type { ApplicationDatabase, ApplicationSql } from '../../store/application-store.ts';
import type { OutboxState } from '../../store/outbox-store.ts';
import type { UpsertOutcome } from '../../store/types.ts';
import type { VerifiedDeclaration } from '../../trust/verified.ts';
import type { commitResourceOf, deploymentStatusOf, requestResourceOf } from '../../adapters/edxl-rm/from-records.ts';
import type { RmDocumentResult } from '../../adapters/edxl-rm/rm-envelope.ts';
import type { RmMessage } from '../../adapters/edxl-rm/message.ts';
import type { RmWriteResult } from '../../adapters/edxl-rm/rm-out.ts';

/** Who a node's audit log names for what its own console did: the operator (named in the console) acting as the node. */
export const OPERATOR_CONSOLE = 'operator:console';

/** A page of the console (web/src/apps.ts holds the component under the same id). */
export interface ApplicationConsolePage {
  /** The page's path in the console (`#/lifeline`), unique among applications and the console's own pages. */
  route: string;
  /** Its name in the navigation. */
  label: Label;
}

/** What the node tells an application about a notification it received (the record is already kept as a copy). */
export interface ReceivedNotification {
  provider: string;
  dataset: string;
  recordId: string;
  subscriptionId: string;
}

/**
 * An application as the node installs it. Everything is declared here, so the node can check it before it starts
 * (ids, routes and codes that collide are refused) and list it (OpenAPI, the console's navigation, the audit page).
 */
export interface Application {
  /** Lower-case id (`lifeline`): names its migrations' ledger, its tables' prefix, its routes' prefix. */
  id: string;
  name: Label;
  /** Directory of the application's own migrations (`0001-….sql`), applied on PGlite and PostgreSQL alike. */
  migrations?: URL;
  /** The application's message codes in Japanese and English (problem+json, audit reasons, CSV headings). */
  messages?: MessageCatalog;
  /** The audit entry kinds the application writes, with the labels the audit page and CLI show. */
  auditKinds?: Readonly<Record<string, Label>>;
  /** The page it adds to the console's navigation. */
  console?: ApplicationConsolePage;
  /** Reads it offers the other applications of the node (answered by `ApplicationParts.answers`). */
  provides?: readonly ApplicationCapability[];
  /** Reads of other applications it asks for through `context.capabilities` (absent providers answer `not-installed`). */
  consumes?: readonly ApplicationCapability[];
  /** Called once the node has migrated the application's tables; returns what the node then serves for it. */
  install(context: ApplicationContext): ApplicationParts | Promise<ApplicationParts>;
}

export interface ApplicationParts {
  /** Routes for the node's own console, registered under /operator behind the operator token (schemas into OpenAPI). */
  operatorRoutes?: FastifyPluginAsync;
  /** Routes for other nodes and the public, registered at the root; every read must go through `context.access`. */
  publicRoutes?: FastifyPluginAsync;
  /** Kinds of outbox deliveries from peers this application applies; the node authenticates, decides and audits them. */
  deliveryKinds?: readonly ApplicationDeliveryKind[];
  /** Told of each notification the node received from a subscription (after it is kept as a copy). */
  onNotification?(notification: ReceivedNotification): void | Promise<void>;
  /** How it answers each capability it `provides`: exactly those, each once (made with `capabilityAnswerer`). */
  answers?: readonly CapabilityAnswerer[];
}

/**
 * A read one application offers the others on the same node: a dotted name (the provider's id first), a version that
 * changes when the schemas do, and TypeBox schemas for the question and the answer. Both sides declare the same value,
 * which lives in src/model (applications may not import one another).
 */
export interface ApplicationCapability<Q extends TSchema = TSchema, A extends TSchema = TSchema> {
  readonly name: string;
  readonly version: number;
  /** One line for the reader of the declaration. */
  readonly description: string;
  readonly question: Q;
  readonly answer: A;
}

/** A provider's answer to one capability, given the question already checked against its schema. */
export interface CapabilityAnswerer<Q extends TSchema = TSchema, A extends TSchema = TSchema> {
  readonly capability: ApplicationCapability<Q, A>;
  answer(question: Static<Q>): Promise<Static<A>>;
}

/** For an application's list of answers: keeps each answer's types tied to its capability. */
export function capabilityAnswerer<Q extends TSchema, A extends TSchema>(
  capability: ApplicationCapability<Q, A>,
  answer: (question: Static<Q>) => Promise<Static<A>>,
): CapabilityAnswerer {
  return { capability, answer } as unknown as CapabilityAnswerer;
}

/** What asking a capability gives: the answer (checked against its schema), no provider on this node, or why not. */
export type CapabilityOutcome<A> =
  | { kind: 'answered'; provider: string; answer: A }
  | { kind: 'not-installed'; capability: string }
  | { kind: 'failed'; reason: 'undeclared' | 'question-invalid' | 'provider-error' | 'answer-invalid'; detail: string };

/**
 * Other applications' reads on this node. They stay inside the node: nothing is sent, so no policy is decided here; a
 * provider answers only from what it already holds (data of peers included, kept under their policy decisions).
 */
export interface ApplicationCapabilities {
  ask<Q extends TSchema, A extends TSchema>(capability: ApplicationCapability<Q, A>, question: Static<Q>): Promise<CapabilityOutcome<Static<A>>>;
}

/** The node's federated query, with the node's own client and copy keeping: signed requests, verified answers. */
export interface ApplicationFederation {
  /** Ask these peers for a dataset; answers within the deadline, with what is missing and why. */
  query(options: Omit<FederatedQueryOptions, 'client' | 'store' | 'now'> & { keepCopies?: boolean }): Promise<FederatedQueryOutcome>;
  /**
   * Ask these peers for an aggregate (counts per group under their aggregate-only permits), never records or copies.
   * Every node gives it; optional only so that test doubles written before it need not change.
   */
  aggregate?(options: Omit<FederatedQueryOptions, 'client' | 'store' | 'now'>): Promise<FederatedAggregateOutcome>;
  /** One signed request to one peer (e.g. its catalog), its answer verified against the trust list. */
  request: FederationClient['request'];
}

export interface ApplicationAudit {
  /** Append to the node's audit log; false when it could not be made durable (then show nothing that depends on it). */
  append(draft: AuditEntryDraft): Promise<boolean>;
}

/**
 * The node's access decisions for an application's own reads and writes (its public routes): decided by the node's
 * policies and the declarations in force, and recorded in its audit log before anything is answered.
 */
export interface ApplicationAccess {
  /** Who asks: the proven participant of a signed request, or the public; a request whose signature fails is refused (and audited). */
  requester(request: FastifyRequest): Promise<{ ok: true; requester: Requester } | { ok: false; problem: Problem }>;
  decide(request: AccessRequest): AccessDecision;
  /** Write the decision's audit entry (fields asked, ids released); false when it could not be made durable. */
  record(decision: AccessDecision, facts: { requestedFields: readonly string[] | '*'; releasedIds: readonly string[] }): Promise<boolean>;
  /**
   * Decide data this node sends on its own initiative (a push through the outbox) to another participant: the
   * recipient is resolved and verified from the node's trust list (unknown, suspended, revoked or lapsed: denied with
   * the trust list's reason), then decided by the node's own policies and the declarations in force, and the decision
   * is written to the audit log — allowed or denied — before it is returned. Queue the push only when `allowed`.
   */
  decideRelease(release: OutgoingRelease): Promise<ReleaseDecision>;
}

/** What an application asks to send to another participant's node, for the node to decide (`ApplicationAccess.decideRelease`). */
export interface OutgoingRelease {
  /** The participant id of the receiving node's owner. */
  recipient: string;
  purpose: Purpose;
  action: PolicyAction;
  dataset: string;
  /** The fields of the dataset the push carries. */
  fields: readonly string[];
  /** The areas of the records the push concerns; every one must be allowed. */
  recordAreas: readonly AreaCode[];
  /** The ids of the records the push carries, for the audit entry of an allowed release. */
  recordIds: readonly string[];
  /** What is sent, in a few words (`EDXL-RM CommitResource for request M`): kept in the audit entry (NODE_RELEASE_PUSHED). */
  what: string;
  requestId: string;
}

/**
 * The node's decision on a push, already in its audit log: `allowed` (queue it), `denied` (queue nothing; the decision's
 * reasons say why: the policy's, or the trust list's for a recipient not in good standing), or `unrecorded` (the log
 * could not make the decision durable: queue nothing).
 */
export type ReleaseDecision =
  | { outcome: 'allowed'; decision: AccessDecision }
  | { outcome: 'denied'; decision: AccessDecision }
  | { outcome: 'unrecorded'; decision: AccessDecision };

/** One problem a pushed alert document was refused for (the importer's codes: XML_DTD_REFUSED, CAP_SCHEMA_INVALID, …). */
export interface AlertDocumentProblem {
  code: MessageCode;
  params: MessageParams;
  /** For an EDXL-DE envelope, which alert in it (1-based). */
  row?: number;
}

/** What storing a pushed alert document did: all of it, or nothing. */
export type AlertReceipt =
  | { ok: true; recordIds: string[]; created: number; updated: number; unchanged: number }
  | { ok: false; problems: AlertDocumentProblem[] };

/**
 * The node's own alert records and the standard formats they travel in. The parsers and serialisers live in
 * src/adapters, below the node, which applications may not import; the node lends them here, narrowly, so an alerts
 * application reads, stores and publishes alerts exactly as `tsunagu import cap|jma` does.
 */
export interface ApplicationAlerts {
  /**
   * This node's alert records of one status — never a mix of real alerts with exercises or tests — in id order, with
   * the alerts peers sent it through an `alerts` subscription (copies within their providers' retention).
   */
  list(status: AlertStatus): Promise<RecordOf<'alert'>[]>;
  /** Read a CAP or JMA document as `receive` would, storing nothing: its alerts, or every problem (to decide before storing). */
  read(format: AlertFormat, document: { name: string; bytes: Uint8Array }): { ok: true; alerts: Alert[] } | { ok: false; problems: AlertDocumentProblem[] };
  get(id: string): Promise<RecordOf<'alert'> | undefined>;
  /**
   * Read one CAP 1.2 (or EDXL-DE) or JMA XML document as the importers do — hostile XML refused before parsing,
   * schema-validated, Update/Cancel and 取消/訂正 applied — and store its records in one transaction, or nothing.
   */
  receive(format: AlertFormat, document: { name: string; bytes: Uint8Array }): Promise<AlertReceipt>;
  /** An alert as a CAP 1.2 document. */
  toCap(alert: Alert): string;
  /** A disaster declaration as a CAP 1.2 alert from its issuer. */
  declarationToCap(declaration: Declaration): string;
  /** An Atom feed (RFC 4287) of alerts, each entry carrying its CAP document. */
  atomFeed(alerts: readonly Alert[], feed: { id: string; title: string; author: string; selfUrl?: string; updated?: string }): string;
}

/**
 * EDXL-RM 1.0 resource messages (docs/logistics.md), lent like the alerts: the reader and writer live in src/adapters,
 * below the node, which applications may not import.
 */
export interface ApplicationResourceMessages {
  /** Screen, schema-check and convert an untrusted document: one message alone, or the messages of an EDXL-DE envelope; all or none. */
  read(bytes: Uint8Array): RmDocumentResult;
  /** A message as XML, or the problems (each naming its field) that keep it from being written. */
  write(message: RmMessage): RmWriteResult;
  requestResourceOf: typeof requestResourceOf;
  commitResourceOf: typeof commitResourceOf;
  deploymentStatusOf: typeof deploymentStatusOf;
}

/** What an application sees of the node it runs on. */
export interface ApplicationContext {
  readonly node: { readonly id: string; readonly name: Label };
  /** The areas this node's data covers: what a decision concerns when the records themselves name no area (as the node's own reads do). */
  readonly dataAreas: readonly AreaCode[];
  /** A participant's display name from the trust list, when known. */
  participantName(participantId: string): Label | undefined;
  now(): Date;
  /** Verified declarations in force on this node. */
  declarations(): readonly VerifiedDeclaration[];
  /** The nodes this node may ask (itself included), from the trust list; only itself on a node without one. */
  peers(): NodeTarget[];
  readonly federation: ApplicationFederation;
  readonly audit: ApplicationAudit;
  /** The application's own tables (its migrations), and the outbox in the same transaction. */
  readonly database: ApplicationDatabase;
  /** The delivery state of outbox messages the application queued (by the sequence numbers enqueue returned). */
  outboxStates(seqs: readonly number[]): Promise<Map<number, { state: OutboxState; lastErrorCode?: string }>>;
  readonly access: ApplicationAccess;
  /** The node's alert records and the CAP / JMA formats (see ApplicationAlerts). */
  readonly alerts: ApplicationAlerts;
  /** EDXL-RM 1.0 in and out (see ApplicationResourceMessages). */
  readonly resourceMessages: ApplicationResourceMessages;
  /** What other applications of this node provide, for the capabilities this one `consumes`. */
  readonly capabilities: ApplicationCapabilities;
}

/** The node's own records a delivery may read and write, inside the delivery's transaction. */
export interface DeliveryRecords {
  get<T extends 'person' | 'shelter' | 'facility' | 'stock'>(type: T, id: string): Promise<RecordOf<T> | undefined>;
  upsert(drafts: readonly AnyRecordDraft[]): Promise<UpsertOutcome[]>;
  /** The application's own tables, in the delivery's transaction: what it keeps of a delivery commits with the rest, or not at all. */
  readonly tables: ApplicationSql;
}

/** What a delivery asks of the node's data, for the node to decide by its policies before anything is applied. */
export interface DeliveryAccess {
  purpose: Purpose;
  action: PolicyAction;
  dataset: string;
  fields: string[];
  recordAreas: AreaCode[];
}

/** An answer the node sends (and keeps, so a repeated delivery gets it again), with the reason it audits. */
export interface DeliveryAnswer {
  status: number;
  body: Record<string, unknown>;
  reason: { code: string; params: Record<string, string | number> };
  /**
   * What the audit entry keeps in place of `reason`, when the node's log must say more than the peer may learn (e.g.
   * who a refused answer's request went to); absent, the entry keeps `reason`. Never sent to the peer.
   */
  audit?: readonly { code: string; params: Record<string, string | number> }[];
  /** The records released or changed, for the audit entry. */
  recordIds: string[];
}

export type DeliveryResolution<T> =
  | { ok: true; subject: T; subjectId: string; access: DeliveryAccess }
  /** Nothing to decide (e.g. no such record): answered as a problem with this code, audited as a refusal. */
  | { ok: false; answer: DeliveryAnswer };

/**
 * One kind of delivery from peers' outboxes (POST /federation/deliveries), handled for an application. The node checks
 * the sender's signature, applies each (sender, idempotency key) once, validates the payload against `payload`, asks
 * `resolve` what the delivery would touch, decides that with the owner's policies, calls `apply` only when allowed —
 * all in one transaction — and writes the audit entry. The application never decides or audits a delivery itself.
 */
export interface ApplicationDeliveryKind<S extends TSchema = TSchema, T = unknown> {
  kind: string;
  /** One line for the API description. */
  description: string;
  payload: S;
  /** A rule of the payload its schema does not state: the problem in words (answered 422), or undefined when sound. */
  refine?(payload: Static<S>): string | undefined;
  /** The body key that names the subject in a refusal's answer (`personId`). */
  subjectField: string;
  /**
   * The audit entry kind (one of the application's `auditKinds`) the node writes for a delivery it allowed and applied;
   * refusals and denials stay `access-decision`. Absent: `access-decision` for every outcome.
   */
  auditKind?: string;
  /** `meta.sender` is the participant the signature proved: what it may learn decides what a refusal says. */
  resolve(payload: Static<S>, records: DeliveryRecords, meta: { sender: string }): Promise<DeliveryResolution<T>>;
  apply(payload: Static<S>, subject: T, records: DeliveryRecords, meta: { sender: string; now: Date; requestId: string }): Promise<DeliveryAnswer>;
  /**
   * Called once a delivery `apply` answered below 300 has committed and its audit entry is written — not for a
   * refusal, a denial or a repeat — for work that must not run inside the delivery's transaction (deciding a push,
   * whose audit entry would wait on that transaction). Its failure is logged and changes nothing of the answer; work it
   * must not lose is kept by `apply` in the transaction (a pending row) and picked up again.
   */
  afterCommit?(payload: Static<S>, meta: { sender: string; requestId: string }): Promise<void>;
}

/** For an application's list of kinds: keeps each kind's payload and subject types together. */
export function deliveryKind<S extends TSchema, T>(kind: ApplicationDeliveryKind<S, T>): ApplicationDeliveryKind {
  return kind as unknown as ApplicationDeliveryKind;
}
