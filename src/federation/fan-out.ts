// Ask many nodes at once under one hard deadline: retries with backoff while time remains, cached answers for the
// nodes that did not answer, and a list of what is missing and why — a federated query never hangs on a dead peer.
import type { TSchema, Static } from '@sinclair/typebox';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { validateYielding } from '../model/validate.ts';

/** Why a node is missing from a fan-out. */
export type MissingReason = 'timeout' | 'unreachable' | 'refused' | 'invalid-response';

/**
 * A classified failure of one request to a peer. `retryable` says whether asking again could help (a refused
 * connection or a 503 may; a 403 or a policy denial will not).
 */
export class PeerFailure extends Error {
  readonly reason: MissingReason;
  readonly detail: string;
  readonly retryable: boolean;
  /** The HTTP status, when the peer answered. */
  readonly status?: number;
  /** The peer's problem code (problem+json `code`), when it sent one. */
  readonly code?: string;

  constructor(reason: MissingReason, detail: string, options: { retryable?: boolean; status?: number; code?: string; cause?: unknown } = {}) {
    super(`${reason}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PeerFailure';
    this.reason = reason;
    this.detail = detail;
    this.retryable = options.retryable ?? (reason === 'timeout' || reason === 'unreachable');
    if (options.status !== undefined) this.status = options.status;
    if (options.code !== undefined) this.code = options.code;
  }
}

/** Socket-level error codes (Node and undici) that mean the peer could not be reached this time. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function isAbort(e: unknown): boolean {
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Classify anything a request threw. Network errors are unreachable, aborts are timeouts, a PeerFailure keeps its
 * own classification, and anything else (a bug or an unexpected answer in the request function) is an invalid
 * response that is not retried.
 */
export function classifyPeerError(e: unknown, signal?: AbortSignal): PeerFailure {
  if (e instanceof PeerFailure) return e;
  if (signal?.aborted || isAbort(e)) return new PeerFailure('timeout', 'the request was cancelled at its deadline', { cause: e });
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = errorCode(c);
    if (code !== undefined && UNREACHABLE_CODES.has(code)) return new PeerFailure('unreachable', code, { cause: e });
  }
  if (e instanceof TypeError && e.message === 'fetch failed') return new PeerFailure('unreachable', 'fetch failed', { cause: e });
  return new PeerFailure('invalid-response', e instanceof Error ? e.message : String(e), { retryable: false, cause: e });
}

/** HTTP statuses worth asking again: the peer is busy or restarting, not refusing. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

const MAX_DETAIL = 500;

function problemDetail(text: string, contentType: string): { detail?: string; code?: string } {
  if (!/json/i.test(contentType)) return {};
  try {
    const body = JSON.parse(text) as { detail?: unknown; title?: unknown; code?: unknown };
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : undefined;
    return {
      ...(detail === undefined ? {} : { detail: detail.slice(0, MAX_DETAIL) }),
      ...(typeof body.code === 'string' ? { code: body.code.slice(0, 100) } : {}),
    };
  } catch {
    return {};
  }
}

export interface FetchJsonOptions<S extends TSchema | undefined = undefined> {
  signal?: AbortSignal;
  headers?: Readonly<Record<string, string>>;
  method?: 'GET' | 'POST';
  /** A JSON body (sent as application/json). */
  body?: unknown;
  /** When given, the answer must validate against it, or the outcome is `invalid-response`. */
  schema?: S;
  /** Largest answer body read, in bytes (default 32 MiB); a larger one is an `invalid-response`. */
  maxBytes?: number;
}

export const DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** The body as text, refusing to buffer more than `maxBytes` from a peer that sends without end. */
async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooLarge = () => new PeerFailure('invalid-response', `the answer is larger than ${maxBytes} bytes`, { retryable: false, status: response.status });
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GET (or POST) a URL and parse its JSON answer. Throws a PeerFailure: ECONNREFUSED and other socket errors are
 * `unreachable`, an abort is `timeout`, a non-2xx answer is `refused` with the problem+json detail (retryable for
 * 408, 429 and 5xx), and an answer that is not JSON (or not of the schema) is `invalid-response`.
 */
export async function fetchJson<S extends TSchema | undefined = undefined>(
  url: string | URL,
  options: FetchJsonOptions<S> = {},
): Promise<S extends TSchema ? Static<S> : unknown> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (e) {
    throw classifyPeerError(e, options.signal);
  }
  let text: string;
  try {
    text = await readBody(response, options.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES);
  } catch (e) {
    throw classifyPeerError(e, options.signal);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const p = problemDetail(text, contentType);
    throw new PeerFailure('refused', p.detail ?? `HTTP ${response.status}`, {
      status: response.status,
      retryable: retryableStatus(response.status),
      ...(p.code === undefined ? {} : { code: p.code }),
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PeerFailure('invalid-response', `the answer is not JSON (${contentType || 'no content type'})`, {
      retryable: false,
      status: response.status,
      cause: e,
    });
  }
  if (options.schema !== undefined) {
    const v = await validateYielding(options.schema, value);
    if (!v.ok) {
      const first = v.problems[0];
      throw new PeerFailure('invalid-response', `the answer does not match the expected shape${first ? ` at ${first.path || '/'}: ${first.message}` : ''}`, {
        retryable: false,
        status: response.status,
      });
    }
  }
  return value as S extends TSchema ? Static<S> : unknown;
}

export interface RetryPolicy {
  /** Most attempts per target, the first included (1: no retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Cancel one attempt after this long and try again while time remains; by default an attempt may use the whole deadline. */
  attemptTimeoutMs?: number;
}

export interface CachedAnswer<T> {
  value: T;
  /** When the answer was stored. */
  storedAt: Date | string;
}

export interface FanOutCache<Target, T> {
  get(target: Target): CachedAnswer<T> | undefined | Promise<CachedAnswer<T> | undefined>;
}

export interface FanOutRequest<Target, T> {
  targets: readonly Target[];
  /** Ask one target; throw a PeerFailure (fetchJson does) to say why it failed. Must honour `signal`. */
  request: (target: Target, signal: AbortSignal) => Promise<T>;
  /** The whole fan-out answers within this many milliseconds, whatever the peers do. */
  deadlineMs: number;
  retry?: RetryPolicy;
  /** Answers stored earlier, used for a target that does not answer now. */
  cache?: FanOutCache<Target, T>;
  /** The clock for the age of cached answers (tests). */
  now?: () => Date;
  /** Random numbers in [0, 1) for the backoff jitter (tests). */
  random?: () => number;
  /** Cancels the whole fan-out early (the caller's own request went away). */
  signal?: AbortSignal;
}

export type FanOutResult<Target, T> =
  | { target: Target; value: T; source: 'live'; attempts: number }
  | { target: Target; value: T; source: 'cache'; ageSeconds: number; storedAt: string };

export interface MissingTarget<Target> {
  target: Target;
  reason: MissingReason;
  detail: string;
  attempts: number;
  status?: number;
  /** The peer's problem code, when it sent one. */
  code?: string;
  /** Whether a cached answer stands in for it in `results`. */
  cached: boolean;
}

export interface FanOutOutcome<Target, T> {
  /** Live and cached answers, in target order. */
  results: FanOutResult<Target, T>[];
  /** Targets that did not answer live (a cached answer may stand in for them), in target order. */
  missing: MissingTarget<Target>[];
  /** True when every target answered live. */
  complete: boolean;
  elapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({ attempts: 3, baseDelayMs: 100, maxDelayMs: 2000 });

/** Exponential backoff with equal jitter: half the step fixed, half random, so peers recovering are not stampeded. */
export function backoffDelayMs(retry: RetryPolicy, failedAttempts: number, random: () => number = Math.random): number {
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.max(0, Math.round(step / 2 + (step / 2) * random()));
}

/**
 * The fan-out's deadline, shared by every peer. Each peer's attempt (and backoff wait) gets its own controller,
 * linked here rather than by a listener on one shared signal: twenty peers would add twenty `abort` listeners to it
 * and Node would warn of a leak (MaxListenersExceededWarning) although every one of them is removed.
 */
class Deadline {
  aborted = false;
  private readonly linked = new Set<AbortController>();

  /** A controller aborted with the deadline (at once if it has passed); `release` it when done. */
  link(): { controller: AbortController; release: () => void } {
    const controller = new AbortController();
    if (this.aborted) controller.abort();
    else this.linked.add(controller);
    return { controller, release: () => this.linked.delete(controller) };
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const linked = [...this.linked];
    this.linked.clear();
    for (const c of linked) c.abort();
  }
}

/** Resolves after `ms`, or as soon as the deadline passes (then false). */
function sleep(ms: number, deadline: Deadline): Promise<boolean> {
  if (deadline.aborted) return Promise.resolve(false);
  const { controller, release } = deadline.link();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      release();
      resolve(true);
    }, ms);
    controller.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(false);
      },
      { once: true },
    );
  });
}

/** Settle with the request, or fail as soon as `signal` aborts even if the request ignores the signal. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // A request that settles after it was abandoned must not surface as an unhandled rejection.
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(new PeerFailure('timeout', 'the deadline passed'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new PeerFailure('timeout', 'the deadline passed'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

type LiveOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: PeerFailure; attempts: number };

async function askWithRetries<Target, T>(
  target: Target,
  req: FanOutRequest<Target, T>,
  retry: RetryPolicy,
  deadline: Deadline,
  deadlineAt: number,
  random: () => number,
): Promise<LiveOutcome<T>> {
  const attemptsAllowed = Math.max(1, Math.floor(retry.attempts));
  let attempts = 0;
  for (;;) {
    if (deadline.aborted) {
      return { ok: false, failure: new PeerFailure('timeout', 'the deadline passed'), attempts };
    }
    attempts++;
    const { controller: attempt, release } = deadline.link();
    const stop = () => attempt.abort();
    const attemptTimer =
      retry.attemptTimeoutMs === undefined ? undefined : setTimeout(stop, Math.max(1, retry.attemptTimeoutMs));
    let failure: PeerFailure;
    try {
      let pending: Promise<T>;
      try {
        pending = req.request(target, attempt.signal);
      } catch (e) {
        pending = Promise.reject(e);
      }
      const value = await raceAbort(pending, attempt.signal);
      return { ok: true, value, attempts };
    } catch (e) {
      failure = attempt.signal.aborted
        ? new PeerFailure('timeout', deadline.aborted ? 'no answer before the deadline' : 'no answer before the attempt timeout')
        : classifyPeerError(e);
    } finally {
      release();
      if (attemptTimer !== undefined) clearTimeout(attemptTimer);
    }
    if (!failure.retryable || attempts >= attemptsAllowed || deadline.aborted) return { ok: false, failure, attempts };
    const delay = backoffDelayMs(retry, attempts, random);
    // Waiting past the deadline would only turn this failure into a timeout: report what actually happened.
    if (performance.now() + delay >= deadlineAt) return { ok: false, failure, attempts };
    if (!(await sleep(delay, deadline))) return { ok: false, failure, attempts };
  }
}

function isoOf(d: Date | string): string {
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}

/**
 * Ask every target in parallel and answer by the deadline: what answered live, cached answers (with their age) for
 * the targets that did not, and the missing targets with why. In-flight requests are aborted at the deadline.
 */
export async function fanOut<Target, T>(req: FanOutRequest<Target, T>): Promise<FanOutOutcome<Target, T>> {
  const started = performance.now();
  const deadlineMs = Math.max(0, req.deadlineMs);
  const deadlineAt = started + deadlineMs;
  const retry = req.retry ?? defaultRetryPolicy;
  const random = req.random ?? Math.random;
  const now = req.now ?? (() => new Date());

  const deadline = new Deadline();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const onCallerAbort = () => deadline.abort();
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (req.signal?.aborted) deadline.abort();

  let live: LiveOutcome<T>[];
  try {
    live = await Promise.all(req.targets.map((t) => askWithRetries(t, req, retry, deadline, deadlineAt, random)));
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCallerAbort);
    // Nothing may stay in flight once the fan-out has answered.
    deadline.abort();
  }

  const cache = req.cache;
  const fallbacks = await Promise.all(
    req.targets.map(async (target, i) => {
      if (live[i]!.ok || cache === undefined) return undefined;
      try {
        return await cache.get(target);
      } catch {
        // A broken cache must not turn a partial answer into no answer.
        return undefined;
      }
    }),
  );
  const results: FanOutResult<Target, T>[] = [];
  const missing: MissingTarget<Target>[] = [];
  for (let i = 0; i < req.targets.length; i++) {
    const target = req.targets[i]!;
    const outcome = live[i]!;
    if (outcome.ok) {
      results.push({ target, value: outcome.value, source: 'live', attempts: outcome.attempts });
      continue;
    }
    const cached = fallbacks[i];
    const f = outcome.failure;
    missing.push({
      target,
      reason: f.reason,
      detail: f.detail,
      attempts: outcome.attempts,
      ...(f.status === undefined ? {} : { status: f.status }),
      ...(f.code === undefined ? {} : { code: f.code }),
      cached: cached !== undefined,
    });
    if (cached !== undefined) {
      const storedAt = isoOf(cached.storedAt);
      const ageSeconds = Math.max(0, Math.floor((now().getTime() - Date.parse(storedAt)) / 1000));
      results.push({ target, value: cached.value, source: 'cache', ageSeconds, storedAt });
    }
  }
  return { results, missing, complete: missing.length === 0, elapsedMs: Math.round(performance.now() - started) };
}

/** The message that tells a reader why a node is missing, for `message(code, params, lang)`. */
export function missingMessage(m: Pick<MissingTarget<unknown>, 'reason' | 'detail' | 'attempts' | 'status'>, node: string): {
  code: MessageCode;
  params: MessageParams;
} {
  switch (m.reason) {
    case 'timeout':
      return { code: 'FEDERATION_PEER_TIMEOUT', params: { node, attempts: m.attempts } };
    case 'unreachable':
      return { code: 'FEDERATION_PEER_UNREACHABLE', params: { node, attempts: m.attempts, detail: m.detail } };
    case 'refused':
      return { code: 'FEDERATION_PEER_REFUSED', params: { node, status: m.status ?? '-', detail: m.detail } };
    case 'invalid-response':
      return { code: 'FEDERATION_PEER_INVALID_RESPONSE', params: { node, detail: m.detail } };
  }
}
