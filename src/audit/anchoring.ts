// Anchoring: checkpoints of one node's log kept by other nodes (its keepers), so that cutting the log's tail back past
// a kept checkpoint can no longer pass for an intact log. Pure: what a keeper does with an offered checkpoint, and the
// heads a verification compares the log against.
import { Type, type Static } from '@sinclair/typebox';
import { ParticipantIdSchema } from '../model/index.ts';
import { AuditCheckpointSchema, type AuditCheckpoint } from './checkpoint.ts';

/** The delivery kind a node's outbox sends its checkpoints to its keepers with. */
export const AUDIT_CHECKPOINT_DELIVERY_KIND = 'audit-checkpoint';

/** What a checkpoint delivery carries: the checkpoint exactly as the node signed it. */
export const AuditCheckpointDeliverySchema = Type.Object({ checkpoint: AuditCheckpointSchema }, { additionalProperties: false });
export type AuditCheckpointDelivery = Static<typeof AuditCheckpointDeliverySchema>;

/** A checkpoint as a keeper holds it: who sent it and when it arrived. */
export interface HeldCheckpoint {
  checkpoint: AuditCheckpoint;
  /** The participant that delivered it (proven by its request signature; always the checkpoint's node). */
  sender: string;
  receivedAt: string;
}

/**
 * What a keeper does with an offered checkpoint, given what it already holds of that node. A node's log only grows,
 * so each checkpoint it sends covers more than the last; one that covers less (backwards) or names a seq already
 * held with another hash (a fork) shows the node rewound or rewrote its log, and is kept as evidence instead.
 */
export type CheckpointJudgement =
  | { kind: 'new' }
  /** The same checkpoint again (a retried delivery): nothing to keep. */
  | { kind: 'duplicate'; held: AuditCheckpoint }
  /** Same seq, another hash: two different logs were signed for one position. */
  | { kind: 'fork'; held: AuditCheckpoint }
  /** A seq below the newest held one, not held itself: the node went back behind what it already showed. */
  | { kind: 'backwards'; latest: AuditCheckpoint };

export function judgeOfferedCheckpoint(
  offered: Pick<AuditCheckpoint, 'seq' | 'hash'>,
  held: { atSeq?: AuditCheckpoint; latest?: AuditCheckpoint },
): CheckpointJudgement {
  if (held.atSeq !== undefined) {
    return held.atSeq.hash === offered.hash ? { kind: 'duplicate', held: held.atSeq } : { kind: 'fork', held: held.atSeq };
  }
  if (held.latest !== undefined && offered.seq < held.latest.seq) return { kind: 'backwards', latest: held.latest };
  return { kind: 'new' };
}

/**
 * A head the log must still contain, kept outside it: a checkpoint a keeper holds (signed by the node), or a
 * `SEQ:HASH` a person wrote down earlier (`--expected-head`, unsigned: the person vouches for it).
 */
export interface AnchoredHead {
  seq: number;
  hash: string;
  /** Who holds it: a keeper's participant id, or `expected-head` for one given on the command line. */
  heldBy: string;
  /** The node's signed checkpoint, when a keeper returned one; its signature is checked like the log's own. */
  checkpoint?: AuditCheckpoint;
}

/** Who holds a head given on the command line. */
export const EXPECTED_HEAD_HOLDER = 'expected-head';

const EXPECTED_HEAD = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/;

/** `SEQ:HASH` (hash as lower-case hex SHA-256); undefined when it is not that. */
export function parseExpectedHead(text: string): AnchoredHead | undefined {
  const m = EXPECTED_HEAD.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const seq = Number(m[1]);
  return Number.isSafeInteger(seq) ? { seq, hash: m[2]!, heldBy: EXPECTED_HEAD_HOLDER } : undefined;
}

/** The newest checkpoint of each keeper: older ones add nothing a newer one does not cover (the chain links them). */
export function latestPerKeeper(heads: readonly AnchoredHead[]): AnchoredHead[] {
  const newest = new Map<string, AnchoredHead>();
  for (const h of heads) {
    const seen = newest.get(h.heldBy);
    if (seen === undefined || h.seq > seen.seq) newest.set(h.heldBy, h);
  }
  return [...newest.values()];
}

/** The checkpoint's fields without its schema id, so one answer can hold several (a schema id may appear once). */
const CheckpointInAnswer = Type.Object(AuditCheckpointSchema.properties, { additionalProperties: false });

/** A keeper's answer to "which checkpoints of this node do you hold?" (GET /federation/audit-checkpoints/:node). */
export const HeldCheckpointsAnswerSchema = Type.Object(
  {
    node: ParticipantIdSchema,
    keeper: ParticipantIdSchema,
    /** Newest first. */
    checkpoints: Type.Array(
      Type.Object({ checkpoint: CheckpointInAnswer, receivedAt: Type.String() }, { additionalProperties: false }),
      { maxItems: 1000 },
    ),
    /** Checkpoints the keeper refused as a fork or as going backwards, with the one it held instead; newest first. */
    conflicts: Type.Array(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('fork'), Type.Literal('backwards')]),
          offered: CheckpointInAnswer,
          held: CheckpointInAnswer,
          receivedAt: Type.String(),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false, $id: 'HeldCheckpointsAnswer' },
);
export type HeldCheckpointsAnswer = Static<typeof HeldCheckpointsAnswerSchema>;

/** A conflict as a keeper keeps it. */
export type CheckpointConflict = HeldCheckpointsAnswer['conflicts'][number] & { sender: string };
