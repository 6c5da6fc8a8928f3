// A node anchoring its audit log: now and then, when its log has grown, it writes an entry naming its keepers, signs a
// checkpoint covering that entry in the same transaction, and queues the checkpoint in its outbox for each keeper (the
// trust anchor's node and the peers its owner chose). The outbox delivers it signed, in order, until each keeper has it.
import type { AuditCheckpoint, AuditLog } from '../../audit/index.ts';
import { AUDIT_CHECKPOINT_DELIVERY_KIND } from '../../audit/index.ts';
import type { OutboxOperations } from '../../store/outbox-store.ts';
import { listedParticipant, type TrustRegistry } from '../../trust/trust-registry.ts';
import { anchoringAuditDraft } from './anchoring-audit.ts';

/** How often a node sends its newest checkpoint by default, if its log grew meanwhile. */
export const DEFAULT_ANCHOR_INTERVAL_MS = 60_000;

/** A node that keeps this node's checkpoints. */
export interface AuditKeeper {
  participantId: string;
  url: string;
}

/** A keeper that cannot be used, and why (a message code of the anchoring catalog). */
export interface UnusableKeeper {
  keeper: string;
  code: 'AUDIT_KEEPER_UNKNOWN';
}

/**
 * The keepers of `self`'s checkpoints: every trust anchor of the registry that is listed with a node, and the peers
 * the owner named — each in good standing with a node URL. Never the node itself. Pure.
 */
export function resolveKeepers(
  self: string,
  chosen: readonly string[],
  registry: TrustRegistry,
  now: Date,
): { keepers: AuditKeeper[]; unusable: UnusableKeeper[] } {
  const keepers: AuditKeeper[] = [];
  const unusable: UnusableKeeper[] = [];
  const anchorsWithNode = [...registry.anchors.keys()].filter((id) => registry.participants.has(id));
  for (const id of new Set([...anchorsWithNode, ...chosen])) {
    if (id === self) continue;
    const listed = listedParticipant(registry, id, now);
    const url = listed.ok ? listed.value.entry.participant.nodeUrl : undefined;
    if (url === undefined) unusable.push({ keeper: id, code: 'AUDIT_KEEPER_UNKNOWN' });
    else keepers.push({ participantId: id, url });
  }
  return { keepers, unusable };
}

/** What one anchoring turn did. */
export type AnchoringTurn =
  | { kind: 'sent'; checkpoint: AuditCheckpoint; keepers: string[] }
  /** Nothing was written since the last checkpoint sent. */
  | { kind: 'unchanged' }
  | { kind: 'no-keepers' };

export interface CheckpointAnchoringOptions {
  participantId: string;
  auditLog: Pick<AuditLog, 'append' | 'head'>;
  outbox: Pick<OutboxOperations, 'enqueue'>;
  /** The keepers as of now (resolved against the live trust list each turn). */
  keepers: () => readonly AuditKeeper[];
  intervalMs?: number;
  now?: () => Date;
  onTurn?: (turn: AnchoringTurn) => void;
  onError?: (e: unknown) => void;
}

export interface CheckpointAnchoring {
  /** Send the newest checkpoint now, if the log grew since the last one sent. */
  anchorNow(): Promise<AnchoringTurn>;
  start(): void;
  /** Stop the timer, after queueing a last checkpoint (delivered by the outbox when the node runs again). */
  stop(): Promise<void>;
}

export function createCheckpointAnchoring(options: CheckpointAnchoringOptions): CheckpointAnchoring {
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? DEFAULT_ANCHOR_INTERVAL_MS;
  /** The last seq sent in this run; a restart sends its head again, which keepers take as already held or newer. */
  let sentThrough = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<AnchoringTurn> | undefined;

  async function turn(): Promise<AnchoringTurn> {
    const head = await options.auditLog.head();
    if (head.seq === 0 || head.seq <= sentThrough) return { kind: 'unchanged' };
    const keepers = options.keepers();
    if (keepers.length === 0) return { kind: 'no-keepers' };
    const names = keepers.map((k) => k.participantId);
    // The entry that says where the checkpoint goes is itself covered by it, so a quiet log sends nothing more.
    const draft = anchoringAuditDraft({
      kind: 'checkpoint-sent',
      requester: options.participantId,
      decision: 'allow',
      code: 'AUDIT_ANCHOR_SENT',
      params: { keepers: names.join(', ') },
      recordCount: 0,
      requestId: `anchor-${options.participantId}-${now().getTime()}`,
    });
    const appended = await options.auditLog.append([draft], { checkpoint: true });
    if (!appended.ok) throw new Error(`anchoring entry not written: ${appended.problems.map((p) => p.code).join(', ')}`);
    const checkpoint = appended.checkpoint;
    if (checkpoint === undefined) throw new Error('the audit log signed no checkpoint for the anchoring entry');
    const createdAt = now().toISOString();
    for (const k of keepers) {
      await options.outbox.enqueue({
        peer: k.participantId,
        peerUrl: k.url,
        kind: AUDIT_CHECKPOINT_DELIVERY_KIND,
        idempotencyKey: `audit-checkpoint-${checkpoint.seq}-${checkpoint.hash.slice(0, 16)}`,
        payload: { checkpoint },
        createdAt,
      });
    }
    sentThrough = checkpoint.seq;
    return { kind: 'sent', checkpoint, keepers: names };
  }

  function anchorNow(): Promise<AnchoringTurn> {
    // One turn at a time: two would each write an entry and send overlapping checkpoints.
    running ??= turn().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    anchorNow,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        anchorNow().then(
          (t) => options.onTurn?.(t),
          (e: unknown) => options.onError?.(e),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      await anchorNow().then(
        (t) => options.onTurn?.(t),
        (e: unknown) => options.onError?.(e),
      );
    },
  };
}
