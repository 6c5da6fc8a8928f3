// The work a federated node does beside answering: sending its outbox to peers until each has its messages,
// deleting copies whose retention ran out, and purging old dead letters — each audited where it touches data.
// One place for it, so the demo's nodes and `tsunagu serve` behave alike.
import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import type { FederationClient } from '../federation/client.ts';
import { createCopySweeper } from '../federation/copies.ts';
import { createDeadLetterSweeper } from '../federation/dead-letters.ts';
import { createHttpTransport, createOutboxDispatcher } from '../federation/outbox.ts';
import type { Store } from '../store/types.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import { createCheckpointAnchoring, resolveKeepers } from './audit-anchoring/checkpoint-sender.ts';
import { startPeriodicMaintenance } from './periodic-maintenance.ts';
import { createSubscriptionTransport, type SubscriptionTransportOptions } from './subscription-dispatch.ts';

/** How often a node deletes the copies whose retention has run out. */
export const COPY_SWEEP_INTERVAL_MS = 60_000;

export interface BackgroundWorkOptions {
  store: Store;
  auditLog: AuditLog;
  /** Signs each outbox delivery for the peer it goes to. */
  client: Pick<FederationClient, 'deliveryHeaders'>;
  log: FastifyBaseLogger;
  /** Dead letters older than this many days are purged (the sweeper's default otherwise). */
  deadLetterRetentionDays?: number;
  /**
   * Send the log's checkpoints to its keepers (docs/audit.md, "Anchoring"): every trust anchor listed with a node, and
   * the peers in `keepers` (TSUNAGU_AUDIT_KEEPERS). Without it the node anchors nothing.
   */
  anchoring?: { participantId: string; registry: TrustRegistry; keepers: readonly string[]; intervalMs?: number };
  /**
   * How notifications to subscribers are decided when they leave: the node's own decision function (its policies
   * and declarations in force), trust registry, key and credential. Each is decided, audited and masked then, never
   * when it was queued (src/node/subscription-dispatch.ts).
   */
  notifications: Pick<SubscriptionTransportOptions, 'decide' | 'registry' | 'signer' | 'credential' | 'dataAreas' | 'fetch'>;
}

export interface BackgroundWork {
  /** Stop sending and sweeping, waiting for a turn in progress (both write to the database and the log). */
  stop(): Promise<void>;
}

export function startBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const { store, auditLog, client, log } = options;
  const outbox = createOutboxDispatcher({
    storage: store.outbox,
    transport: createSubscriptionTransport({
      ...options.notifications,
      store,
      auditLog,
      inner: createHttpTransport({ headers: (m, body) => client.deliveryHeaders(m, body) }),
    }),
    // Events carry ids, peers and codes only, never a payload.
    onEvent: (event) => {
      if (event.type === 'failed' || event.type === 'storage-error') log.warn({ outbox: event }, 'outbox delivery problem');
      else log.debug({ outbox: event }, 'outbox event');
    },
  });
  const copies = createCopySweeper({
    store,
    auditLog,
    intervalMs: COPY_SWEEP_INTERVAL_MS,
    onSweep: (o) => {
      if (o.deleted > 0 || o.problems.length > 0) log.info({ copiesDeleted: o.deleted, problems: o.problems.map((p) => p.code) }, 'copy sweep');
    },
    onError: (e) => log.warn({ err: e }, 'copy sweep failed'),
  });
  const deadLetters = createDeadLetterSweeper({
    storage: store.outbox,
    auditLog,
    ...(options.deadLetterRetentionDays === undefined ? {} : { retentionDays: options.deadLetterRetentionDays }),
    onPurge: (o) => {
      if (o.deleted > 0 || o.problems.length > 0) log.info({ deadLettersDeleted: o.deleted, problems: o.problems.map((x) => x.code) }, 'dead-letter purge');
    },
    onError: (e) => log.warn({ err: e }, 'dead-letter purge failed'),
  });
  const upkeep = startPeriodicMaintenance(store, log);
  const anchoringOptions = options.anchoring;
  /** Keepers already reported unusable, so a missing one is logged when it goes missing, not every turn. */
  const reported = new Set<string>();
  let warnedNoKeepers = false;
  const anchoring = anchoringOptions
    ? createCheckpointAnchoring({
        participantId: anchoringOptions.participantId,
        auditLog,
        outbox: store.outbox,
        ...(anchoringOptions.intervalMs === undefined ? {} : { intervalMs: anchoringOptions.intervalMs }),
        keepers: () => {
          const r = resolveKeepers(anchoringOptions.participantId, anchoringOptions.keepers, anchoringOptions.registry, new Date());
          for (const u of r.unusable) if (!reported.has(u.keeper)) log.warn({ keeper: u.keeper, code: u.code }, 'audit keeper unusable');
          reported.clear();
          for (const u of r.unusable) reported.add(u.keeper);
          return r.keepers;
        },
        onTurn: (t) => {
          if (t.kind === 'sent') log.debug({ anchored: t.checkpoint.seq, keepers: t.keepers }, 'audit checkpoint queued for keepers');
          else if (t.kind === 'no-keepers' && !warnedNoKeepers) {
            warnedNoKeepers = true;
            log.warn({ code: 'SERVE_AUDIT_NO_KEEPERS' }, 'no audit keeper to send checkpoints to');
          }
        },
        onError: (e) => log.warn({ err: e }, 'audit anchoring failed'),
      })
    : undefined;
  outbox.start();
  anchoring?.start();
  copies.start();
  deadLetters.start();
  return {
    async stop() {
      // The last checkpoint is queued before the outbox stops; what it cannot deliver now it delivers at the next start.
      await anchoring?.stop();
      await upkeep.stop();
      await outbox.stop().catch(() => undefined);
      await copies.stop().catch(() => undefined);
      await deadLetters.stop().catch(() => undefined);
    },
  };
}
