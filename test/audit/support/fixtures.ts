// Audit logs built in memory for verification tests: real hashes and real Ed25519 checkpoints, no database.
import {
  sealEntries,
  signCheckpoint,
  EMPTY_CHAIN,
  type AuditCheckpoint,
  type AuditEntryDraft,
  type AuditLogItem,
  type ChainHead,
  type SealedEntry,
} from '../../../src/audit/index.ts';
import { createSigner, generateKeyPair } from '../../../src/trust/keys.ts';

export const NODE = 'jp-172022-nanao-city';
export const signer = createSigner(NODE, generateKeyPair('nanao-audit-1'));
export const publicKeys = [{ kid: signer.kid, publicKey: signer.publicKey }];
/** Another key under the same kid: what a forger without the node's private key would sign with. */
export const forger = createSigner(NODE, generateKeyPair('nanao-audit-1'));

const requesters = ['jp-170001-ishikawa-pref', 'jp-172049-wajima-city', 'jp-ngo-peace-winds'];
const purposes = ['evacuation-support', 'life-saving', 'statistics'];

export function draft(i: number, overrides: Partial<AuditEntryDraft> = {}): AuditEntryDraft {
  const allow = i % 3 !== 2;
  return {
    kind: 'access-decision',
    requester: requesters[i % requesters.length]!,
    purpose: purposes[i % purposes.length]!,
    action: 'query',
    dataset: i % 2 === 0 ? 'persons-requiring-assistance' : 'shelters',
    fields: allow ? ['id', 'location', 'careNeeds'] : [],
    recordCount: allow ? (i * 7) % 50 : 0,
    decision: allow ? 'allow' : 'deny',
    reasons: [{ code: allow ? 'POLICY_PERMITTED' : 'POLICY_PURPOSE_NOT_PERMITTED', params: { purpose: purposes[i % purposes.length]!, n: i } }],
    requestId: `req-${i}`,
    ...(allow ? { policy: { id: 'evacuation-list', version: 2 } } : {}),
    ...overrides,
  };
}

export interface MemoryLog {
  /** Entries (with their stored seq, as a database row has) and checkpoints, in chain order. */
  items: AuditLogItem[];
  sealed: SealedEntry[];
  checkpoints: AuditCheckpoint[];
  head: ChainHead;
}

/** Chain the drafts; after entry `seq`, sign a checkpoint when `checkpointAfter(seq)` says so. */
export function buildLog(
  drafts: readonly AuditEntryDraft[],
  checkpointAfter: (seq: number, last: boolean) => boolean = (_s, last) => last,
  time = '2025-01-01T09:00:00.000Z',
): MemoryLog {
  let head = EMPTY_CHAIN;
  const items: AuditLogItem[] = [];
  const sealed: SealedEntry[] = [];
  const checkpoints: AuditCheckpoint[] = [];
  drafts.forEach((d, i) => {
    const r = sealEntries(head, NODE, [d], time);
    head = r.head;
    const s = r.sealed[0]!;
    sealed.push(s);
    items.push({ type: 'entry', seq: s.entry.seq, hash: s.entry.hash, body: s.body });
    if (checkpointAfter(s.entry.seq, i === drafts.length - 1)) {
      const cp = signCheckpoint(signer, head, time);
      checkpoints.push(cp);
      items.push({ type: 'checkpoint', checkpoint: cp });
    }
  });
  return { items, sealed, checkpoints, head };
}

/** The same items as an exported file would carry them: entries without a stored seq. */
export function asFileItems(items: readonly AuditLogItem[]): AuditLogItem[] {
  return items.map((it) => (it.type === 'entry' ? { type: 'entry', hash: it.hash, body: it.body } : it));
}

export function drafts(n: number): AuditEntryDraft[] {
  return Array.from({ length: n }, (_, i) => draft(i));
}
