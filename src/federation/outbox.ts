// Delivery of the outbox: writes meant for another node (e.g. a safety-status update) leave the durable queue in
// src/store in order per peer, with capped exponential backoff while the peer is unreachable.
//
// Exactly once in effect. A message may reach the peer more than once (its answer can be lost, a dispatcher can die
// after sending). Every delivery carries the message's idempotency key (the `Idempotency-Key` header and the body),
// and the RECEIVER MUST treat a key it has already applied for that sender as success, answering 2xx with the first
// outcome and applying nothing again. `createIdempotencyRegistry` below is that receiving side.
import type { OutboxMessage, OutboxProblem, OutboxProblemCode, OutboxStorage } from '../store/outbox-store.ts';
import type { Store, TransactionOperations } from '../store/types.ts';

/** What one delivery attempt came to. `retry: false` is a permanent refusal: the message is dead-lettered. */
export type DeliveryResult = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * Sends one message to `message.peerUrl`. It must give up when `signal` aborts (the per-attempt deadline) and must
 * put no payload content into `reason`, which is stored and shown to operators (a status line or an error code).
 */
export type OutboxTransport = (message: OutboxMessage, signal: AbortSignal) => Promise<DeliveryResult>;

export interface BackoffPolicy {
  /** Ceiling of the delay after the first failed attempt. */
  initialMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Full jitter (a uniform delay between 0 and the exponential ceiling), so nodes that lost the same peer do not all
 * retry at the same instant when it returns. `attempts` counts the attempts made so far (1 after the first).
 */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 52);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** Why a message is not delivered (yet), as a catalog code and parameters for `message()`; undefined if nothing failed. */
export function outboxProblemOf(m: Pick<OutboxMessage, 'peer' | 'attempts' | 'lastError'>): OutboxProblem | undefined {
  if (m.lastError === undefined) return undefined;
  return { code: m.lastError.code, params: { peer: m.peer, reason: m.lastError.reason, attempts: m.attempts } };
}

/** What happened to a message in one attempt; for logs and metrics (no payload). */
export type OutboxEvent =
  | { type: 'delivered'; seq: number; peer: string; kind: string; attempts: number }
  | { type: 'retrying'; seq: number; peer: string; kind: string; attempts: number; code: OutboxProblemCode; reason: string; nextAttemptAt: string }
  | { type: 'failed'; seq: number; peer: string; kind: string; attempts: number; code: OutboxProblemCode; reason: string }
  /** The claim lapsed and another dispatcher took the message over; this attempt's outcome was not recorded. */
  | { type: 'superseded'; seq: number; peer: string; kind: string; attempts: number }
  /** The database could not be reached or written; the claim lapses after its lease and the message is retried. */
  | { type: 'storage-error'; peer?: string; detail: string };

export interface OutboxDispatcherOptions {
  storage: Pick<OutboxStorage, 'claimDue' | 'markDelivered' | 'markRetry' | 'markFailed'>;
  transport: OutboxTransport;
  now?: () => Date;
  backoff?: Partial<BackoffPolicy> & { random?: () => number };
  /** Retryable failures before a message is dead-lettered (default 20: about 1.5 hours at the default backoff). */
  maxAttempts?: number;
  /** Deadline of one attempt (default 15 s). */
  attemptTimeoutMs?: number;
  /** How long a claim holds before another dispatcher may take the message over; must exceed the attempt deadline. */
  leaseMs?: number;
  /** Peers delivered to at the same time by one pass (default 16). */
  concurrency?: number;
  /** How often `start()` looks for due messages (default 1 s). */
  pollIntervalMs?: number;
  onEvent?: (event: OutboxEvent) => void;
}

export interface DeliveryPassReport {
  delivered: number;
  retrying: number;
  failed: number;
  superseded: number;
}

export interface OutboxDispatcher {
  /** One pass: deliver every message due now, each peer's in order; resolves when the pass is done. */
  deliverDue(): Promise<DeliveryPassReport>;
  /** Deliver in the background, a pass every poll interval (passes overlap; a peer is never in two at once). */
  start(): void;
  /** Look for due messages now (e.g. right after an enqueue) rather than at the next poll. */
  wake(): void;
  /** Stop polling, abort attempts in flight (they become due again at once) and wait for them to settle. */
  stop(): Promise<void>;
}

const STOPPED = 'dispatcher stopped';
/** Background passes running at once; more would only pile up claim queries while the database is slow. */
const MAX_BACKGROUND_PASSES = 4;
const TIMED_OUT = 'attempt deadline passed';

type Settlement = 'delivered' | 'failed' | 'retrying' | 'superseded';

function errorName(e: unknown): string {
  // An error's message may quote a request or payload; its code or name does not.
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (e as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== e) {
      const inner = errorName(cause);
      if (inner !== 'Error') return inner;
    }
    if (e instanceof Error) return e.name;
  }
  return 'Error';
}

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { storage, transport } = options;
  const now = options.now ?? (() => new Date());
  const backoff: BackoffPolicy = {
    initialMs: options.backoff?.initialMs ?? DEFAULT_BACKOFF.initialMs,
    maxMs: options.backoff?.maxMs ?? DEFAULT_BACKOFF.maxMs,
  };
  const random = options.backoff?.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 20;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
  const leaseMs = options.leaseMs ?? attemptTimeoutMs + 30_000;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const emit = options.onEvent ?? (() => {});
  if (!(leaseMs > attemptTimeoutMs)) throw new RangeError('outbox: leaseMs must exceed attemptTimeoutMs, or a live claim could be taken over');
  if (!(maxAttempts >= 1)) throw new RangeError('outbox: maxAttempts must be at least 1');

  /** Peers with a delivery chain running in this dispatcher. */
  const busy = new Set<string>();
  const inFlight = new Set<AbortController>();
  const passes = new Set<Promise<unknown>>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const iso = (ms: number) => new Date(ms).toISOString();

  async function claim(exclude: ReadonlySet<string>, limit: number, peer?: string): Promise<OutboxMessage[]> {
    const t = now().getTime();
    return storage.claimDue({
      now: iso(t),
      leaseUntil: iso(t + leaseMs),
      limit,
      ...(peer !== undefined ? { peer } : {}),
      excludePeers: [...exclude],
    });
  }

  async function attempt(m: OutboxMessage): Promise<DeliveryResult & { timedOut?: boolean; stopped?: boolean }> {
    // Claimed while stop() was aborting: give it back untried.
    if (stopping) return { ok: false, retry: true, reason: STOPPED, stopped: true };
    const controller = new AbortController();
    inFlight.add(controller);
    const deadline = setTimeout(() => controller.abort(new Error(TIMED_OUT)), attemptTimeoutMs);
    try {
      // A transport that ignores the signal is not waited for: the deadline settles the attempt regardless.
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      return await Promise.race([transport(m, controller.signal), aborted]);
    } catch (e) {
      if (controller.signal.aborted) {
        const stopped = stopping && !(controller.signal.reason instanceof Error && controller.signal.reason.message === TIMED_OUT);
        return { ok: false, retry: true, reason: stopped ? STOPPED : TIMED_OUT, timedOut: !stopped, stopped };
      }
      return { ok: false, retry: true, reason: `transport error: ${errorName(e)}` };
    } finally {
      clearTimeout(deadline);
      inFlight.delete(controller);
    }
  }

  async function settle(m: OutboxMessage, result: Awaited<ReturnType<typeof attempt>>): Promise<Settlement> {
    const fence = { seq: m.seq, attempts: m.attempts };
    const at = now().getTime();
    const base = { seq: m.seq, peer: m.peer, kind: m.kind, attempts: m.attempts };
    if (result.ok) {
      if (!(await storage.markDelivered(fence, iso(at)))) return superseded(m);
      emit({ type: 'delivered', ...base });
      return 'delivered';
    }
    const code: OutboxProblemCode = !result.retry
      ? 'OUTBOX_PEER_REFUSED'
      : m.attempts >= maxAttempts && !result.stopped
        ? 'OUTBOX_ATTEMPTS_EXHAUSTED'
        : result.timedOut
          ? 'OUTBOX_ATTEMPT_TIMED_OUT'
          : 'OUTBOX_PEER_UNAVAILABLE';
    if (code === 'OUTBOX_PEER_REFUSED' || code === 'OUTBOX_ATTEMPTS_EXHAUSTED') {
      if (!(await storage.markFailed(fence, { at: iso(at), code, reason: result.reason }))) return superseded(m);
      emit({ type: 'failed', ...base, code, reason: result.reason });
      return 'failed';
    }
    // An attempt cut short by stop() is due again at once: the peer did nothing wrong.
    const nextAttemptAt = iso(result.stopped ? at : at + backoffDelayMs(m.attempts, backoff, random));
    if (!(await storage.markRetry(fence, { nextAttemptAt, code, reason: result.reason }))) return superseded(m);
    emit({ type: 'retrying', ...base, code, reason: result.reason, nextAttemptAt });
    return 'retrying';
  }

  function superseded(m: OutboxMessage): Settlement {
    emit({ type: 'superseded', seq: m.seq, peer: m.peer, kind: m.kind, attempts: m.attempts });
    return 'superseded';
  }

  /** Deliver one peer's messages in order until one is not delivered now or none is due. */
  async function deliverPeer(first: OutboxMessage, report: DeliveryPassReport): Promise<void> {
    const peer = first.peer;
    try {
      let next: OutboxMessage | undefined = first;
      while (next !== undefined) {
        const outcome = await settle(next, await attempt(next));
        if (outcome === 'delivered') report.delivered++;
        else if (outcome === 'failed') report.failed++;
        else if (outcome === 'retrying') report.retrying++;
        else report.superseded++;
        // A dead letter does not hold up the messages behind it; a peer that is down waits for its backoff.
        if ((outcome !== 'delivered' && outcome !== 'failed') || stopping) break;
        [next] = await claim(new Set(), 1, peer);
      }
    } catch (e) {
      emit({ type: 'storage-error', peer, detail: errorName(e) });
    } finally {
      busy.delete(peer);
    }
  }

  async function pass(): Promise<DeliveryPassReport> {
    const report: DeliveryPassReport = { delivered: 0, retrying: 0, failed: 0, superseded: 0 };
    // Each peer at most once per pass, so a peer whose retry is due at once cannot keep the pass going for ever.
    const visited = new Set<string>();
    const running = new Set<Promise<void>>();
    for (;;) {
      const room = stopping ? 0 : concurrency - running.size;
      let claimed: OutboxMessage[] = [];
      if (room > 0) {
        try {
          claimed = await claim(new Set([...visited, ...busy]), room);
        } catch (e) {
          emit({ type: 'storage-error', detail: errorName(e) });
        }
      }
      for (const m of claimed) {
        visited.add(m.peer);
        busy.add(m.peer);
        const chain: Promise<void> = deliverPeer(m, report).finally(() => running.delete(chain));
        running.add(chain);
      }
      if (running.size === 0) break;
      if (claimed.length === 0 || running.size >= concurrency) await Promise.race(running);
    }
    return report;
  }

  function track<T>(p: Promise<T>): Promise<T> {
    passes.add(p);
    void p.finally(() => passes.delete(p)).catch(() => {});
    return p;
  }

  function schedule(delayMs: number): void {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (passes.size < MAX_BACKGROUND_PASSES) track(pass()).catch(() => {});
      schedule(pollIntervalMs);
    }, delayMs);
    timer.unref?.();
  }

  return {
    deliverDue: () => track(pass()),
    start() {
      stopping = false;
      if (timer === undefined) schedule(0);
    },
    wake() {
      if (!stopping && timer !== undefined) schedule(0);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      for (const c of inFlight) c.abort(new Error(STOPPED));
      while (passes.size > 0) await Promise.allSettled([...passes]);
    },
  };
}

// ---- HTTP transport ----------------------------------------------------------------------------------------------

/** Where a node receives outbox deliveries, relative to its base URL. */
export const OUTBOX_DELIVERY_PATH = '/federation/deliveries';

/** The JSON body of a delivery. The receiver identifies the sender from the request signature, not from the body. */
export interface OutboxDeliveryBody {
  kind: string;
  idempotencyKey: string;
  createdAt: string;
  payload: unknown;
}

/** 2xx delivered; 408, 425, 429 and 5xx retried; any other status (a 3xx or 4xx) refused for good. */
export function classifyDeliveryStatus(status: number): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  const retry = status === 408 || status === 425 || status === 429 || status >= 500;
  return { ok: false, retry, reason: `HTTP ${status}` };
}

export interface HttpTransportOptions {
  /** Appended to the peer's URL (default OUTBOX_DELIVERY_PATH). */
  path?: string;
  fetch?: typeof fetch;
  /** Extra headers for a request, e.g. its signature over the body (src/trust/http-signatures/request-signature.ts). */
  headers?: (message: OutboxMessage, body: string) => Record<string, string> | Promise<Record<string, string>>;
}

/** POSTs each message as JSON with its idempotency key in the `Idempotency-Key` header. */
export function createHttpTransport(options: HttpTransportOptions = {}): OutboxTransport {
  const doFetch = options.fetch ?? fetch;
  const path = options.path ?? OUTBOX_DELIVERY_PATH;
  return async (m, signal) => {
    const body: OutboxDeliveryBody = { kind: m.kind, idempotencyKey: m.idempotencyKey, createdAt: m.createdAt, payload: m.payload };
    const text = JSON.stringify(body);
    const url = new URL(path.replace(/^\//, ''), m.peerUrl.endsWith('/') ? m.peerUrl : `${m.peerUrl}/`);
    try {
      const extra = options.headers ? await options.headers(m, text) : {};
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.idempotencyKey, ...extra },
        body: text,
        signal,
      });
      // The body is not read into the reason (it may echo the payload); drain it so the connection is reused.
      await response.arrayBuffer().catch(() => undefined);
      return classifyDeliveryStatus(response.status);
    } catch (e) {
      if (signal.aborted) throw e;
      return { ok: false, retry: true, reason: `network: ${errorName(e)}` };
    }
  };
}

// ---- Receiving side ----------------------------------------------------------------------------------------------

export type ReceiveOutcome<O> =
  | { kind: 'applied'; outcome: O }
  /** Applied before: answer the sender with this first outcome (2xx), apply nothing. */
  | { kind: 'duplicate'; outcome: unknown; firstReceivedAt: string };

export interface IdempotencyRegistry {
  /**
   * Apply a delivery at most once per (sender, idempotency key). `apply` runs in the same transaction that records
   * the key, so the effect and the record commit together: if `apply` throws, neither is kept and the sender's retry
   * applies it then. Return a refusal as an outcome (not by throwing) to have duplicates refused the same way — unless
   * `keep` says not to keep that outcome (a refusal that applied nothing, e.g. by the owner's policy): the key is then
   * forgotten, and the same key delivered again is decided again. `sender` must be the participant id proven by the
   * request signature.
   */
  receive<O>(sender: string, idempotencyKey: string, apply: (tx: TransactionOperations) => Promise<O>, keep?: (outcome: O) => boolean): Promise<ReceiveOutcome<O>>;
  /** Replace the kept outcome of a key already received (e.g. once what it left to do afterwards is done). */
  settle(sender: string, idempotencyKey: string, outcome: unknown): Promise<void>;
}

export function createIdempotencyRegistry(store: Pick<Store, 'transaction'>, options: { now?: () => Date } = {}): IdempotencyRegistry {
  const now = options.now ?? (() => new Date());
  return {
    receive: (sender, idempotencyKey, apply, keep) =>
      store.transaction(async (tx) => {
        const reservation = await tx.outbox.reserveReceipt(sender, idempotencyKey, now().toISOString());
        if (reservation.kind === 'seen') {
          return { kind: 'duplicate', outcome: reservation.outcome, firstReceivedAt: reservation.receivedAt } as const;
        }
        const outcome = await apply(tx);
        if (keep !== undefined && !keep(outcome)) await tx.outbox.releaseReceipt(sender, idempotencyKey);
        else await tx.outbox.completeReceipt(sender, idempotencyKey, outcome);
        return { kind: 'applied', outcome } as const;
      }),
    settle: (sender, idempotencyKey, outcome) => store.transaction((tx) => tx.outbox.completeReceipt(sender, idempotencyKey, outcome)),
  };
}
