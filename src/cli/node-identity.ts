// The identity of the node a CLI command acts for, from TSUNAGU_NODE_ID (default `local-node`).
import { ParticipantIdSchema, validate } from '../model/index.ts';

export interface NodeIdentity {
  participantId: string;
}

export function nodeIdentityFromEnv(env: NodeJS.ProcessEnv): NodeIdentity {
  const participantId = env.TSUNAGU_NODE_ID ?? 'local-node';
  const r = validate(ParticipantIdSchema, participantId);
  if (!r.ok) {
    throw new Error(
      `TSUNAGU_NODE_ID=${JSON.stringify(participantId)} is not a participant id (lower-case letters, digits, hyphens) / 参加者IDの形式が不正です`,
    );
  }
  return { participantId };
}
