// A demo participant's node put together once its database is open and its data imported: audit log, live trust
// lists, declaration book, signed federation, the node's server with its console, and background work (outbox,
// subscriptions, retention, audit anchoring). Both scenarios (Noto: demo-node.ts, ASEAN: asean/federation.ts) start
// their nodes through it, so a node of either is assembled the same way.
import type { FastifyInstance } from 'fastify';
import type { AuditLogWriter } from '../audit/index.ts';
import { message, type Lang } from '../i18n/index.ts';
import { areaCode } from '../model/area-code.ts';
import type { NodePolicy } from '../node/node-policies.ts';
import { buildNodeServer } from '../node/server.ts';
import { shippedApplications } from '../apps/index.ts';
import { startBackgroundWork, type BackgroundWork } from '../node/background-work.ts';
import { createAccessGate } from '../node/access-gate.ts';
import { generateOperatorToken, trustedOperatorContext } from '../node/operator/trusted-context.ts';
import { createFederationClient } from '../federation/client.ts';
import { createDurableReplayGuard } from '../node/request-verification/durable-replay-guard.ts';
import { loadDeclarationBook } from '../node/declaration-book.ts';
import { createLiveTrust, DEFAULT_TRUST_REFRESH_SECONDS, type LiveTrust } from '../node/live-trust.ts';
import { heldTrust } from '../trust/trust-list-update.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { SignedTrustList } from '../trust/trust-list.ts';
import type { TrustConfig } from '../trust/trust-registry.ts';
import type { Store } from '../store/types.ts';
import { removeOperatorAccess, writeOperatorAccess } from './operator-access.ts';

export type DemoLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** What a started demo node holds open, for closing it in order (filled as each part starts). */
export interface NodeParts {
  forget?: () => Promise<void>;
  live?: LiveTrust;
  app?: FastifyInstance;
  auditLog?: AuditLogWriter;
  store?: Store;
  background?: BackgroundWork;
}

export async function closeParts(n: NodeParts): Promise<void> {
  // Stop sending and sweeping first (both write to the database and the log), then stop answering, then make the
  // log's tail durable and signed, then let the database go.
  await n.forget?.();
  await n.background?.stop();
  await n.live?.stop();
  await n.app?.close().catch(() => undefined);
  await n.auditLog?.close().catch(() => undefined);
  await n.store?.close().catch(() => undefined);
}

/** Run `start` with a fresh record of parts; when it fails, close whatever it had started, in order. */
export async function startWithParts<T>(start: (parts: NodeParts) => Promise<T>): Promise<T> {
  const parts: NodeParts = {};
  try {
    return await start(parts);
  } catch (e) {
    await closeParts(parts);
    throw e;
  }
}

export interface ServedNodeSpec {
  participantId: string;
  /** The participant's areas: the node's data areas (what it holds and may be asked about). */
  jurisdiction: readonly string[];
  /** Open, with the participant's data already imported. */
  store: Store;
  signer: NodeSigner;
  /** This participant's own credential, and any participant's by its credential id (to verify requests). */
  credential: SignedCredential;
  credentialById: (id: string) => SignedCredential | undefined;
  /** The trust configuration and the lists held for offline work, in order (fetched again on a schedule). */
  trustConfig: TrustConfig;
  trustLists: readonly SignedTrustList[];
  policies: readonly NodePolicy[];
  /** Peers that keep this node's audit checkpoints, besides the anchors. */
  auditKeepers: readonly string[];
  /** On an anchor's node: its directory (the node publishes the list and takes join requests). */
  anchorDir?: string;
  /** IANA time zone the console shows times in (default Asia/Tokyo). */
  timeZone?: string;
  /** The demo's root, where the node leaves its operator access file for the CLI while it runs. */
  root: string;
  host: string;
  port: number;
  /** Base URL without a trailing slash, as the trust list gives it. */
  url: string;
  lang: Lang;
  logLevel?: DemoLogLevel;
  deadLetterRetentionDays?: number;
  trustRefreshSeconds?: number;
}

/** Where and how a demo node serves, as either scenario's node setting gives it. */
export type ServingSetting = Pick<ServedNodeSpec, 'host' | 'port' | 'url' | 'lang' | 'logLevel' | 'deadLetterRetentionDays' | 'trustRefreshSeconds'>;

/** The serving part of a node's spec from its setting (optional settings left out when absent). */
export function servingOf(s: ServingSetting): ServingSetting {
  return {
    host: s.host,
    port: s.port,
    url: s.url,
    lang: s.lang,
    ...(s.logLevel ? { logLevel: s.logLevel } : {}),
    ...(s.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: s.deadLetterRetentionDays }),
    ...(s.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: s.trustRefreshSeconds }),
  };
}

/** Start serving `spec`'s node, recording each part in `parts` as it starts (so a failure closes what started). */
export async function serveFederatedNode(parts: NodeParts, spec: ServedNodeSpec): Promise<{ operatorToken: string }> {
  const { participantId, store, signer, credential, lang } = spec;
  parts.store = store;
  const opened = await store.audit.open({ signer });
  if (!opened.ok) throw new Error(opened.problems.map((x) => message(x.code, x.params, lang)).join('; '));
  parts.auditLog = opened.log;
  // Each node keeps its anchors' lists current on its own (fetched from the anchors' nodes, verified, audited), so a
  // participant added or revoked with `tsunagu trust` counts at the next fetch; everything below decides by them.
  const live = createLiveTrust({ participantId, held: heldTrust(spec.trustConfig, [...spec.trustLists], new Date()), auditLog: opened.log });
  parts.live = live;
  const registry = live.registry;
  // Declarations kept from earlier runs, verified again against today's lists, weigh in as before the restart.
  const declarations = await loadDeclarationBook({ storage: store.declarations, registry, auditLog: opened.log });
  const inForce = () => declarations.book.active(new Date());
  // One client signs this node's requests: outbox deliveries and what its operator asks through the console.
  const client = createFederationClient({ signer, credential, registry });
  const operatorToken = generateOperatorToken();
  const dataAreas = spec.jurisdiction.map((a) => areaCode(a));
  const app = await buildNodeServer({
    applications: shippedApplications(),
    store,
    participantId,
    auditLog: opened.log,
    policies: [...spec.policies],
    dataAreas,
    logger: { level: spec.logLevel ?? 'warn' },
    // Signed requests, answers signed with the node's key, and received declarations, all checked against the lists.
    federation: { registry, replayGuard: createDurableReplayGuard(store.replayNonces), signer, credentialById: spec.credentialById },
    declarationBook: declarations.book,
    operator: {
      token: operatorToken,
      context: trustedOperatorContext({
        participantId,
        store,
        auditLog: opened.log,
        client,
        registry,
        declarations: inForce,
        trustLists: live.states,
        refreshTrust: live.refresh,
        ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
      }),
    },
    trustLists: live.states,
    ...(spec.anchorDir ? { trustPublication: { anchorDir: spec.anchorDir } } : {}),
  });
  for (const d of declarations.dropped) app.log.warn({ declaration: d.declarationId, issuer: d.issuer, problems: d.problems.map((x) => x.code) }, 'kept declaration left out');
  parts.app = app;
  await app.listen({ host: spec.host, port: spec.port });
  live.start(spec.trustRefreshSeconds ?? DEFAULT_TRUST_REFRESH_SECONDS);
  // Messages for peers are signed per delivery and sent until each peer has them, however long it was away; copies
  // received from peers are deleted (and the deletion audited) once their retention runs out.
  parts.background = startBackgroundWork({
    store,
    auditLog: opened.log,
    client,
    log: app.log,
    // Notifications to subscribers are decided by the node's own policies and declarations when they leave.
    notifications: {
      decide: createAccessGate({ policies: spec.policies.map((x) => x.policy), auditLog: opened.log, declarations: inForce, dataAreas }).decide,
      registry,
      signer,
      credential,
      dataAreas,
    },
    ...(spec.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: spec.deadLetterRetentionDays }),
    anchoring: { participantId, registry, keepers: [...spec.auditKeepers] },
  });
  await writeOperatorAccess(spec.root, { participantId, url: `${spec.url}/`, token: operatorToken });
  parts.forget = () => removeOperatorAccess(spec.root, participantId);
  return { operatorToken };
}
