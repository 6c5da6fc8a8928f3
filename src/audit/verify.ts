// Verification of an audit log: recompute every hash, follow every link, check every checkpoint signature, and say
// where the log was changed. Pure: it reads a stream of rows, so the same code checks a database or an exported file
// (and runs of entries a database has already checked where they are stored).
import type { MessageCode } from '../i18n/index.ts';
import { validate } from '../model/index.ts';
import { canonicalJson } from '../trust/canonical-json.ts';
import { readChainFields, sha256Hex, type ChainHead } from './chain.ts';
import { AuditCheckpointSchema, checkpointSignatureProblem, type AuditCheckpoint, type AuditPublicKey } from './checkpoint.ts';
import { GENESIS_PREV_HASH, UnhashedAuditEntrySchema } from './entry.ts';
import type { AnchoredHead } from './anchoring.ts';

/** One row of a log as stored or exported. */
export type AuditLogItem =
  | {
      type: 'entry';
      /** The position the store files the entry under; read from the entry itself when absent (exported files). */
      seq?: number;
      /** The hash stored beside the entry. */
      hash: string;
      /** The entry's canonical JSON text without `hash`: exactly what `hash` was computed over. */
      body: string;
    }
  /** A checkpoint comes after the entry it covers; `checkpoint` is checked against the schema here. */
  | { type: 'checkpoint'; checkpoint: unknown }
  /** A line of an exported file that could not be read as either. */
  | { type: 'malformed'; line: number; detail: string }
  /** An export's first line: who kept the log and where it ended at export (unsigned, like the store's head row). */
  | { type: 'header'; node?: string; head?: ChainHead };

export const auditFindingCodes = {
  'entry-changed': 'AUDIT_ENTRY_CHANGED',
  'entry-missing': 'AUDIT_ENTRY_MISSING',
  'entry-unexpected': 'AUDIT_ENTRY_UNEXPECTED',
  'entry-misplaced': 'AUDIT_ENTRY_MISPLACED',
  'link-broken': 'AUDIT_LINK_BROKEN',
  'entry-malformed': 'AUDIT_ENTRY_MALFORMED',
  'entry-invalid': 'AUDIT_ENTRY_INVALID',
  'entry-not-canonical': 'AUDIT_ENTRY_NOT_CANONICAL',
  'entry-node-mismatch': 'AUDIT_ENTRY_NODE_MISMATCH',
  'line-malformed': 'AUDIT_LINE_MALFORMED',
  'checkpoint-malformed': 'AUDIT_CHECKPOINT_MALFORMED',
  'checkpoint-signature-invalid': 'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
  'checkpoint-key-unknown': 'AUDIT_CHECKPOINT_KEY_UNKNOWN',
  'checkpoint-key-not-valid': 'AUDIT_CHECKPOINT_KEY_NOT_VALID',
  'checkpoint-node-mismatch': 'AUDIT_CHECKPOINT_NODE_MISMATCH',
  'checkpoint-hash-mismatch': 'AUDIT_CHECKPOINT_HASH_MISMATCH',
  'checkpoint-misplaced': 'AUDIT_CHECKPOINT_MISPLACED',
  'log-truncated': 'AUDIT_LOG_TRUNCATED',
  'head-beyond-end': 'AUDIT_HEAD_BEYOND_END',
  'head-mismatch': 'AUDIT_HEAD_MISMATCH',
  'entries-beyond-head': 'AUDIT_ENTRIES_BEYOND_HEAD',
  'unsigned-tail': 'AUDIT_UNSIGNED_TAIL',
  'anchor-truncated': 'AUDIT_ANCHOR_TRUNCATED',
  'anchor-mismatch': 'AUDIT_ANCHOR_MISMATCH',
  'expected-head-truncated': 'AUDIT_EXPECTED_HEAD_TRUNCATED',
  'expected-head-mismatch': 'AUDIT_EXPECTED_HEAD_MISMATCH',
  'anchor-unverified': 'AUDIT_ANCHOR_UNVERIFIED',
} as const satisfies Record<string, MessageCode>;
export type AuditFindingKind = keyof typeof auditFindingCodes;

export interface AuditFinding {
  kind: AuditFindingKind;
  severity: 'error' | 'warning';
  /**
   * Where: the first entry found inconsistent (for a missing range, its first seq; for a checkpoint, the seq it
   * covers; for an unreadable line, the seq expected there).
   */
  seq: number;
  code: MessageCode;
  params: Readonly<Record<string, string | number>>;
}

export interface AuditVerification {
  /** No error findings. Warnings (an unsigned tail) do not make a log fail. */
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The last entry in the log (seq 0 and the genesis hash when empty). */
  head: ChainHead;
  /** The last seq a valid checkpoint vouches for; 0 when none does. */
  signedThrough: number;
  /** Entries after `signedThrough`: not yet vouched for by a signature. */
  unsignedTail: number;
  /** Ordered by seq; at most `maxFindings`. */
  findings: AuditFinding[];
  /** Findings beyond `maxFindings`, counted but not listed. */
  findingsOmitted: number;
  errors: number;
  /** With `anchored`: the highest anchored head the log was found to contain (0 when none was). */
  anchoredThrough?: number;
}

export interface VerifyAuditOptions {
  /** The node's checkpoint keys, from the trust list. */
  publicKeys: readonly AuditPublicKey[];
  /** The participant whose log this is; checkpoints (and, when thorough, entries) of another node are findings. */
  node?: string;
  /**
   * Unsigned claim about where the log ends — the store's head row or an export's header. It catches a tail cut off
   * after the last checkpoint, and entries added behind the writer's back.
   */
  expectedHead?: ChainHead;
  /** Checkpoints kept elsewhere (e.g. handed to a data owner with an answer): checked like the log's own. */
  anchors?: readonly AuditCheckpoint[];
  /**
   * Heads kept outside the log — checkpoints its keepers hold, or a `SEQ:HASH` given by a person. The log must still
   * contain each, with that hash; a log that ends before one, or holds another entry there, is named with who held it.
   */
  anchored?: readonly AnchoredHead[];
  /** Also parse every entry: schema, canonical form, node. About three times slower. */
  thorough?: boolean;
  /** Findings listed at most (default 1000); more are counted in `findingsOmitted`. */
  maxFindings?: number;
}

export type AuditLogSource =
  | AsyncIterable<AuditLogItem | readonly AuditLogItem[]>
  | Iterable<AuditLogItem | readonly AuditLogItem[]>;

/**
 * Consecutive entries someone else already checked one by one — the database, which hashes the rows where they lie
 * (src/store/audit-verify-in-db.ts). It vouches that entries `fromSeq`…`toSeq` are all present, that each body
 * hashes to its stored hash and names its own seq, that the first links to `prevHash` and each other one to the
 * entry before it, and that `hash` is the last one's hash: exactly the entries for which the per-entry checks below
 * would find nothing. The run must not cover, except as its last entry, any seq that a checkpoint, an anchor or the
 * expected head names: those entries come one by one, so that their hashes can be compared here.
 */
export interface VerifiedEntryRun {
  type: 'verified-run';
  fromSeq: number;
  toSeq: number;
  prevHash: string;
  hash: string;
}

/** What `verifyAuditChain` reads: a log's rows, and runs of entries already checked where they are stored. */
export type AuditVerifyItem = AuditLogItem | VerifiedEntryRun;

export type AuditVerifySource =
  | AsyncIterable<AuditVerifyItem | readonly AuditVerifyItem[]>
  | Iterable<AuditVerifyItem | readonly AuditVerifyItem[]>;

type PendingCheck =
  | {
      seq: number;
      hash: string;
      /** 'checkpoint' when signed and valid; 'head' for the unsigned expected head. */
      source: 'checkpoint' | 'head';
    }
  /** A head kept outside the log (`VerifyAuditOptions.anchored`), signed when a keeper returned the checkpoint. */
  | { seq: number; hash: string; source: 'anchored'; heldBy: string; time?: string };

/** Verify a log read in chain order. Never throws for anything in the log; findings say what is wrong and where. */
export async function verifyAuditChain(source: AuditVerifySource, options: VerifyAuditOptions): Promise<AuditVerification> {
  const maxFindings = options.maxFindings ?? 1000;
  const findings: AuditFinding[] = [];
  let omitted = 0;
  let errors = 0;
  const report = (kind: AuditFindingKind, seq: number, params: Record<string, string | number>, severity: 'error' | 'warning' = 'error') => {
    if (severity === 'error') errors++;
    if (findings.length < maxFindings) findings.push({ kind, severity, seq, code: auditFindingCodes[kind], params });
    else omitted++;
  };

  let expected = 1;
  let lastSeq = 0;
  let lastStored = GENESIS_PREV_HASH;
  let lastComputed = GENESIS_PREV_HASH;
  let entries = 0;
  let checkpoints = 0;
  let signedThrough = 0;
  /** Checks waiting for their entry, ordered by seq. Few: checkpoints normally follow their entry directly. */
  const pending: PendingCheck[] = [];

  const matches = (hash: string) => hash === lastStored || hash === lastComputed;

  let anchoredThrough = 0;
  const anchoredParams = (check: Extract<PendingCheck, { source: 'anchored' }>) => ({
    seq: check.seq,
    hash: check.hash.slice(0, 16),
    keeper: check.heldBy,
    ...(check.time !== undefined ? { time: check.time } : {}),
  });
  const settle = (check: PendingCheck) => {
    if (check.source === 'anchored') {
      if (!matches(check.hash)) {
        report(check.time !== undefined ? 'anchor-mismatch' : 'expected-head-mismatch', check.seq, anchoredParams(check));
      } else {
        anchoredThrough = Math.max(anchoredThrough, check.seq);
        // A keeper's copy of the node's own signature vouches for the entries as much as the log's copy does.
        if (check.time !== undefined && check.seq > signedThrough) signedThrough = check.seq;
      }
    } else if (check.source === 'head') {
      if (!matches(check.hash)) report('head-mismatch', check.seq, { seq: check.seq });
    } else if (!matches(check.hash)) {
      report('checkpoint-hash-mismatch', check.seq, { seq: check.seq });
    } else if (check.seq > signedThrough) {
      signedThrough = check.seq;
    }
  };

  const addPending = (check: PendingCheck) => {
    let i = pending.length;
    while (i > 0 && pending[i - 1]!.seq > check.seq) i--;
    pending.splice(i, 0, check);
  };

  const onCheckpoint = (raw: unknown) => {
    const v = validate(AuditCheckpointSchema, raw);
    if (!v.ok) {
      const seq = typeof (raw as { seq?: unknown } | null)?.seq === 'number' ? ((raw as { seq: number }).seq) : lastSeq;
      const p = v.problems[0]!;
      report('checkpoint-malformed', seq, { seq, detail: `${p.path} ${p.message}` });
      return;
    }
    const cp = v.value;
    const problem = checkpointSignatureProblem(cp, options.publicKeys, node);
    if (problem) {
      report(problem.kind, cp.seq, { seq: cp.seq, ...problem.params });
      return;
    }
    const check: PendingCheck = { seq: cp.seq, hash: cp.hash, source: 'checkpoint' };
    if (cp.seq === lastSeq && entries > 0) settle(check);
    else if (cp.seq > lastSeq) addPending(check);
    else report('checkpoint-misplaced', cp.seq, { seq: cp.seq });
  };

  let node = options.node;
  let expectedHead = options.expectedHead;
  for (const a of options.anchors ?? []) onCheckpoint(a);
  for (const a of options.anchored ?? []) {
    if (a.checkpoint === undefined) {
      addPending({ seq: a.seq, hash: a.hash, source: 'anchored', heldBy: a.heldBy });
      continue;
    }
    // Only a checkpoint the node's own keys verify counts; a keeper's copy that does not is reported, never used.
    const problem =
      a.checkpoint.seq !== a.seq || a.checkpoint.hash !== a.hash
        ? { kind: 'checkpoint-signature-invalid' as const }
        : checkpointSignatureProblem(a.checkpoint, options.publicKeys, node);
    if (problem) report('anchor-unverified', a.seq, { seq: a.seq, keeper: a.heldBy, reason: auditFindingCodes[problem.kind] }, 'warning');
    else addPending({ seq: a.seq, hash: a.hash, source: 'anchored', heldBy: a.heldBy, time: a.checkpoint.time });
  }
  if (expectedHead && expectedHead.seq > 0) addPending({ ...expectedHead, source: 'head' });

  /** An export's header: its head counts like the store's head row, unless the caller gave one. */
  const onHeader = (item: Extract<AuditLogItem, { type: 'header' }>) => {
    if (node === undefined && item.node !== undefined) node = item.node;
    if (expectedHead === undefined && item.head !== undefined && entries === 0) {
      expectedHead = item.head;
      if (expectedHead.seq > 0) addPending({ ...expectedHead, source: 'head' });
    }
  };

  const onEntry = (item: Extract<AuditLogItem, { type: 'entry' }>) => {
    entries++;
    const computed = sha256Hex(item.body);
    const link = readChainFields(item.body);
    const seq = item.seq ?? link?.seq ?? expected;

    if (seq < expected) {
      // Already past this seq: a duplicate, an inserted copy or an entry moved down. It must not move the chain.
      report('entry-unexpected', seq, { seq, expected });
      return;
    }
    let linkChecked = true;
    if (seq > expected) {
      report('entry-missing', expected, { from: expected, to: seq - 1 });
      linkChecked = false;
      while (pending.length > 0 && pending[0]!.seq < seq) pending.shift();
    }
    if (!link) {
      report('entry-malformed', seq, { seq });
    } else {
      if (link.seq !== seq) report('entry-misplaced', seq, { seq, claimed: link.seq });
      if (linkChecked && !matches(link.prevHash)) report('link-broken', seq, { seq, prev: seq - 1 });
    }
    if (computed !== item.hash) report('entry-changed', seq, { seq });
    if (options.thorough) thoroughChecks(item.body, seq);

    lastSeq = seq;
    lastStored = item.hash;
    lastComputed = computed;
    expected = seq + 1;
    while (pending.length > 0 && pending[0]!.seq === seq) settle(pending.shift()!);
  };

  /**
   * A run the database checked: the same outcome as its entries one by one. The first entry's position and link are
   * checked here as `onEntry` would; everything inside the run is vouched for, so no finding can come from it.
   */
  const onRun = (run: VerifiedEntryRun) => {
    if (run.toSeq < run.fromSeq || run.fromSeq !== expected || (pending.length > 0 && pending[0]!.seq < run.toSeq) || options.thorough) {
      // A producer's mistake, not something in the log: a run may only continue the chain where it stands, and
      // thorough checks need every entry's text.
      throw new Error(`a verified run ${run.fromSeq}–${run.toSeq} cannot be taken at ${expected} (a check inside it, or thorough checks)`);
    }
    entries += run.toSeq - run.fromSeq + 1;
    if (!matches(run.prevHash)) report('link-broken', run.fromSeq, { seq: run.fromSeq, prev: run.fromSeq - 1 });
    lastSeq = run.toSeq;
    lastStored = run.hash;
    lastComputed = run.hash;
    expected = run.toSeq + 1;
    while (pending.length > 0 && pending[0]!.seq === run.toSeq) settle(pending.shift()!);
  };

  const thoroughChecks = (body: string, seq: number) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return; // already reported as malformed or changed; the hash decides
    }
    const v = validate(UnhashedAuditEntrySchema, parsed);
    if (!v.ok) {
      const p = v.problems[0]!;
      report('entry-invalid', seq, { seq, path: p.path, detail: p.message });
      return;
    }
    if (canonicalJson(v.value) !== body) report('entry-not-canonical', seq, { seq });
    if (node !== undefined && v.value.node !== node) {
      report('entry-node-mismatch', seq, { seq, node: v.value.node, expected: node });
    }
  };

  const onItem = (item: AuditVerifyItem) => {
    if (item.type === 'entry') onEntry(item);
    else if (item.type === 'verified-run') onRun(item);
    else if (item.type === 'checkpoint') {
      checkpoints++;
      onCheckpoint(item.checkpoint);
    } else if (item.type === 'header') onHeader(item);
    else report('line-malformed', expected, { line: item.line, detail: item.detail });
  };

  for await (const chunk of source) {
    if (Array.isArray(chunk)) for (const item of chunk as readonly AuditVerifyItem[]) onItem(item);
    else onItem(chunk as AuditVerifyItem);
  }

  // Signed evidence first: at the same seq, a truncation a checkpoint proves outranks what the head row claims.
  for (const check of pending) if (check.source === 'checkpoint') report('log-truncated', check.seq, { seq: check.seq, lastSeq });
  for (const check of pending) if (check.source === 'head') report('head-beyond-end', check.seq, { seq: check.seq, lastSeq });
  for (const check of pending) {
    if (check.source !== 'anchored') continue;
    const missing = { ...anchoredParams(check), lastSeq, from: lastSeq + 1 };
    report(check.time !== undefined ? 'anchor-truncated' : 'expected-head-truncated', lastSeq + 1, missing);
  }
  if (expectedHead && expectedHead.seq < lastSeq) {
    report('entries-beyond-head', expectedHead.seq + 1, { seq: expectedHead.seq + 1, head: expectedHead.seq });
  }
  const unsignedTail = Math.max(0, lastSeq - signedThrough);
  if (unsignedTail > 0) {
    report('unsigned-tail', signedThrough + 1, { count: unsignedTail, from: signedThrough + 1, to: lastSeq }, 'warning');
  }

  findings.sort((a, b) => a.seq - b.seq);
  return {
    ok: errors === 0,
    entries,
    checkpoints,
    head: { seq: lastSeq, hash: lastStored },
    signedThrough,
    unsignedTail,
    findings,
    findingsOmitted: omitted,
    errors,
    ...(options.anchored !== undefined ? { anchoredThrough } : {}),
  };
}
