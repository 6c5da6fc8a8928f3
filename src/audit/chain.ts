// The hash chain: turning drafts into chained entries, and reading an entry's link fields back from its canonical text
// without parsing the JSON — the one piece of per-entry work verification cannot avoid besides the hash itself.
import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from '../trust/canonical-json.ts';
import { GENESIS_PREV_HASH, type AuditEntry, type AuditEntryDraft, type UnhashedAuditEntry } from './entry.ts';

/** The end of a chain: the last entry's seq and hash (seq 0 and the genesis hash for an empty log). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_PREV_HASH });

/** An entry with the exact canonical text its hash was computed over, as stored and exported. */
export interface SealedEntry {
  entry: AuditEntry;
  /** RFC 8785 canonical JSON of the entry without `hash`. */
  body: string;
}

/** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/** The canonical text an entry's hash covers. */
export function auditEntryBody(entry: UnhashedAuditEntry): string {
  return canonicalJson(entry);
}

/** Build the unhashed entry field by field, so an absent optional field is absent, never `undefined`. */
function unhashed(draft: AuditEntryDraft, seq: number, time: string, node: string, prevHash: string): UnhashedAuditEntry {
  const e: UnhashedAuditEntry = {
    seq,
    time,
    node,
    kind: draft.kind,
    requester: draft.requester,
    purpose: draft.purpose,
    action: draft.action,
    dataset: draft.dataset,
    fields: [...draft.fields],
    recordCount: draft.recordCount,
    decision: draft.decision,
    reasons: draft.reasons.map((r) => ({ code: r.code, params: definedParams(r.params) })),
    requestId: draft.requestId,
    prevHash,
  };
  if (draft.onBehalfOf !== undefined) e.onBehalfOf = draft.onBehalfOf;
  if (draft.recordIds !== undefined) e.recordIds = [...draft.recordIds];
  if (draft.policy !== undefined) e.policy = { id: draft.policy.id, version: draft.policy.version };
  if (draft.declarationId !== undefined) e.declarationId = draft.declarationId;
  if (draft.delegationId !== undefined) e.delegationId = draft.delegationId;
  return e;
}

function definedParams(params: AuditEntryDraft['reasons'][number]['params']): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Chain drafts onto a head. Pure: the caller supplies the time and must have validated the drafts
 * (see `validateAuditDrafts`) and must hold the log's write lock so nobody else extends the same head.
 */
export function sealEntries(
  head: ChainHead,
  node: string,
  drafts: readonly AuditEntryDraft[],
  time: string,
): { sealed: SealedEntry[]; head: ChainHead } {
  const sealed: SealedEntry[] = [];
  let { seq, hash } = head;
  for (const draft of drafts) {
    seq += 1;
    const e = unhashed(draft, seq, time, node, hash);
    const body = auditEntryBody(e);
    hash = sha256Hex(body);
    sealed.push({ entry: { ...e, hash }, body });
  }
  return { sealed, head: { seq, hash } };
}

const PREV_HASH_KEY = '"prevHash":"';
const SEQ_KEY = ',"seq":';

/** Whether the 64 characters at `from` are lower-case hex: a loop, several times cheaper than a regex on a slice. */
function isHex64At(text: string, from: number): boolean {
  if (from + 64 > text.length) return false;
  for (let i = from; i < from + 64; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * seq and prevHash read straight from an entry's canonical text. In canonical JSON a quote inside a string is always
 * escaped, so `"prevHash":"` can only be a key; the schema allows no nested object before it, so the first one is
 * the entry's own. `seq` is the last key but `time`, a string, so the last `,"seq":` is the entry's own.
 * Soundness does not rest on this: the text is fixed by its hash, so whatever it links to is fixed with it.
 */
export function readChainFields(body: string): { seq: number; prevHash: string } | undefined {
  const p = body.indexOf(PREV_HASH_KEY);
  if (p < 0) return undefined;
  const at = p + PREV_HASH_KEY.length;
  if (body.charCodeAt(at + 64) !== 34 /* " */ || !isHex64At(body, at)) return undefined;
  const prevHash = body.substr(at, 64);
  const s = body.lastIndexOf(SEQ_KEY);
  if (s < 0) return undefined;
  let i = s + SEQ_KEY.length;
  let seq = 0;
  const start = i;
  for (; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
  }
  if (i === start || i - start > 15 || body.charCodeAt(i) !== 44 /* , */ || (body.charCodeAt(start) === 48 && i - start > 1)) {
    return undefined;
  }
  return { seq, prevHash };
}
