// The trust a running node decides by, kept current: the anchors' lists fetched on a schedule and on demand, each one
// verified against the pinned keys and taken only when newer than the list held, cached on disk for offline work, and
// every change or refusal audited. Routes, the request verifier and the federation client see one live registry.
import { randomUUID } from 'node:crypto';
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { writeTrustListFile } from '../trust/key-file.ts';
import { problem } from '../trust/problems.ts';
import { trustAuditDraft } from './trust-audit.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import { applyFetchedTrustList, type HeldTrust, type TrustListUpdate } from '../trust/trust-list-update.ts';
import type { TrustProblem } from '../trust/verified.ts';

/** Default seconds between fetches: a revocation reaches every node that can reach its anchor within a minute. */
export const DEFAULT_TRUST_REFRESH_SECONDS = 30;
/** Largest list document read from an anchor. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;

/** One anchor's list as this node holds it, for /health and the console. */
export interface TrustListState {
  anchorId: string;
  trustListId: string;
  via: 'configuration' | 'recognition';
  listUrl?: string;
  version?: number;
  issuedAt?: string;
  nextUpdate?: string;
  /** Seconds since the held list was issued. */
  ageSeconds?: number;
  /** Past its nextUpdate: still used, with a warning. */
  stale: boolean;
  /** Last time a fetch brought a list that verified (new or the same). */
  lastConfirmedAt?: string;
  lastAttemptAt?: string;
  /** Why the last fetch brought nothing usable (unreachable, refused), when it did not. */
  lastProblem?: { code: MessageCode; params: MessageParams };
}

export interface TrustCache {
  /** The list file of the first configured anchor (TSUNAGU_TRUST_LIST_FILE); other anchors' lists are kept beside it. */
  listFile: string;
  /** The trust configuration file, rewritten when an anchor announces a new key (TSUNAGU_TRUST_CONFIG_FILE). */
  configFile?: string;
}

export interface LiveTrustOptions {
  participantId: string;
  held: HeldTrust;
  auditLog: Pick<AuditLogWriter, 'append'>;
  cache?: TrustCache;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Told about every change and failure, for the node's log. */
  onEvent?: (event: { kind: 'accepted' | 'refused' | 'unreachable'; anchorId: string; detail: string }) => void;
}

export interface LiveTrust {
  /** A view that always answers from the current registry (a new list replaces it for every user at once). */
  readonly registry: TrustRegistry;
  held(): HeldTrust;
  states(): TrustListState[];
  /** Take a list document offered from a file or a fetch; `source` names where it came from, for the audit log. */
  offer(doc: unknown, source: string): Promise<TrustListUpdate>;
  /** Fetch every anchor's list that has a URL now. */
  refresh(): Promise<void>;
  /** Fetch every `seconds` until stopped. */
  start(seconds: number): void;
  stop(): Promise<void>;
}

/** The cache file for an anchor's list: the configured file for the first anchor, a sibling named after the anchor otherwise. */
export function cachedListFile(cache: TrustCache, anchorId: string, firstAnchorId: string): string {
  if (anchorId === firstAnchorId) return cache.listFile;
  const ext = path.extname(cache.listFile);
  return path.join(path.dirname(cache.listFile), `${path.basename(cache.listFile, ext)}.${anchorId}${ext || '.json'}`);
}

function auditDraft(participantId: string, action: 'trust-list-accept' | 'trust-list-refuse', anchorId: string, reasons: TrustProblem[]): AuditEntryDraft {
  return trustAuditDraft({
    requester: `trust-anchor:${anchorId}`,
    purpose: 'trust-distribution',
    action,
    decision: action === 'trust-list-accept' ? 'allow' : 'deny',
    reasons,
    requestId: `${participantId}-trust-${randomUUID()}`,
  });
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, file);
}

export function createLiveTrust(options: LiveTrustOptions): LiveTrust {
  const now = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;
  let held = options.held;
  const firstAnchorId = held.config.anchors[0]!.anchorId;
  const attempts = new Map<string, { at: string; problem?: { code: MessageCode; params: MessageParams } }>();
  const confirmed = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  // Offers are applied one at a time, so two fetches finishing together cannot both build on the same held state.
  let queue: Promise<unknown> = Promise.resolve();

  const registry: TrustRegistry = {
    get anchors() {
      return held.build.registry.anchors;
    },
    get lists() {
      return held.build.registry.lists;
    },
    get participants() {
      return held.build.registry.participants;
    },
  };

  async function apply(doc: unknown, source: string, anchorHint?: string): Promise<TrustListUpdate> {
    const at = now();
    const update = applyFetchedTrustList(held, doc, at);
    const anchorId = update.kind === 'refused' ? (anchorHint ?? '-') : update.list.anchor.id;
    if (update.kind === 'unchanged') {
      confirmed.set(anchorId, at.toISOString());
      attempts.set(anchorId, { at: at.toISOString() });
      return update;
    }
    if (update.kind === 'refused') {
      attempts.set(anchorId, { at: at.toISOString(), problem: { code: update.problems[0]!.code, params: update.problems[0]!.params } });
      await options.auditLog.append([auditDraft(options.participantId, 'trust-list-refuse', anchorId, [problem('TRUST_LIST_REFUSED', { source }), ...update.problems])]);
      options.onEvent?.({ kind: 'refused', anchorId, detail: update.problems.map((p) => p.code).join(', ') });
      return update;
    }
    // Cache first, then switch: a node restarted right after still holds what it answered by.
    if (options.cache) {
      const signed = update.held.build.registry.lists.get(anchorId)!.signed;
      const written = await writeTrustListFile(cachedListFile(options.cache, anchorId, firstAnchorId), signed);
      if (!written.ok) options.onEvent?.({ kind: 'refused', anchorId, detail: written.problem.code });
      if (update.learnedKeys.length > 0 && options.cache.configFile) await writeJsonAtomically(options.cache.configFile, update.held.config);
    }
    held = update.held;
    confirmed.set(anchorId, at.toISOString());
    attempts.set(anchorId, { at: at.toISOString() });
    const reasons = [
      problem('TRUST_LIST_ACCEPTED', { trustList: update.list.id, version: update.list.version ?? '-', previousVersion: update.previousVersion ?? '-', source }),
      ...update.learnedKeys.map((k) => problem('TRUST_ANCHOR_KEY_LEARNED', { anchor: anchorId, kid: k.kid })),
    ];
    await options.auditLog.append([auditDraft(options.participantId, 'trust-list-accept', anchorId, reasons)]);
    options.onEvent?.({ kind: 'accepted', anchorId, detail: `version ${update.list.version ?? update.list.issuedAt}` });
    return update;
  }

  function offer(doc: unknown, source: string, anchorHint?: string): Promise<TrustListUpdate> {
    const next = queue.then(() => apply(doc, source, anchorHint));
    queue = next.catch(() => undefined);
    return next;
  }

  async function fetchOne(anchorId: string, url: string): Promise<void> {
    let text: string;
    try {
      const response = await doFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (bytes.length > MAX_LIST_BYTES) throw new Error(`larger than ${MAX_LIST_BYTES} bytes`);
      text = new TextDecoder().decode(bytes);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      attempts.set(anchorId, { at: now().toISOString(), problem: { code: 'TRUST_LIST_UNREACHABLE', params: { url, detail } } });
      options.onEvent?.({ kind: 'unreachable', anchorId, detail });
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      // A list cut short in transit is not JSON: refused (and audited) like any list that does not verify.
      const first = problem('TRUST_LIST_TRUNCATED', { url, bytes: text.length }, '(document)');
      attempts.set(anchorId, { at: now().toISOString(), problem: { code: first.code, params: first.params } });
      await options.auditLog.append([auditDraft(options.participantId, 'trust-list-refuse', anchorId, [first])]);
      return;
    }
    await offer(doc, url, anchorId);
  }

  async function refresh(): Promise<void> {
    const targets = [...held.build.registry.anchors.values()].filter((a) => a.listUrl !== undefined);
    await Promise.all(targets.map((a) => fetchOne(a.anchorId, a.listUrl!)));
    // A list that newly recognises an anchor makes that anchor's list worth fetching at once.
    const fresh = [...held.build.registry.anchors.values()].filter((a) => a.listUrl !== undefined && !attempts.has(a.anchorId));
    await Promise.all(fresh.map((a) => fetchOne(a.anchorId, a.listUrl!)));
  }

  return {
    registry,
    held: () => held,
    offer: (doc, source) => offer(doc, source),
    refresh,
    states() {
      const t = now().getTime();
      return [...held.build.registry.anchors.values()].map((a) => {
        const list = held.build.registry.lists.get(a.anchorId)?.list;
        const attempt = attempts.get(a.anchorId);
        const ok = confirmed.get(a.anchorId);
        return {
          anchorId: a.anchorId,
          trustListId: a.trustListId,
          via: a.via,
          ...(a.listUrl === undefined ? {} : { listUrl: a.listUrl }),
          ...(list?.version === undefined ? {} : { version: list.version }),
          ...(list ? { issuedAt: list.issuedAt, nextUpdate: list.nextUpdate, ageSeconds: Math.max(0, Math.round((t - Date.parse(list.issuedAt)) / 1000)) } : {}),
          stale: list ? t >= Date.parse(list.nextUpdate) : true,
          ...(ok === undefined ? {} : { lastConfirmedAt: ok }),
          ...(attempt ? { lastAttemptAt: attempt.at } : {}),
          ...(attempt?.problem ? { lastProblem: attempt.problem } : {}),
        };
      });
    },
    start(seconds) {
      if (timer || !(seconds > 0)) return;
      timer = setInterval(() => {
        if (running) return;
        running = refresh().finally(() => {
          running = undefined;
        });
      }, seconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await queue;
    },
  };
}

/** TSUNAGU_TRUST_REFRESH_SECONDS: seconds between fetches of the anchors' lists (default 30; 0 turns the schedule off). */
export function trustRefreshSecondsFromEnv(env: NodeJS.ProcessEnv): { ok: true; value: number } | { ok: false; problem: TrustProblem } {
  const text = env.TSUNAGU_TRUST_REFRESH_SECONDS?.trim();
  if (!text) return { ok: true, value: DEFAULT_TRUST_REFRESH_SECONDS };
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 86_400 ? { ok: true, value: n } : { ok: false, problem: problem('TRUST_REFRESH_INVALID', { value: text.slice(0, 40) }) };
}
