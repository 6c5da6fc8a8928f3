// `--node <key, participant id or URL>` for commands that read a node's own audit log or outbox: a running node holds
// its database, so they go through its operator API instead — a demo node found by its key (nanao) or participant id
// from the access file it writes while it runs (src/demo/operator-access.ts), any other node by its URL with
// TSUNAGU_OPERATOR_TOKEN.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { AuditFilter, AuditPage, AuditPageOutcome, AuditSummary, AuditSummaryOutcome } from '../audit/index.ts';
import { message } from '../i18n/index.ts';
import { readOperatorAccess, operatorAccessFile } from '../demo/operator-access.ts';
import { demoParticipant } from '../demo/scenario.ts';
import type { OutboxState } from '../store/outbox-store.ts';
import type { CliContext } from './context.ts';
import { demoRootFromEnv } from './start-command.ts';
import { CliConfigError, openStoreFromEnv } from './store-from-env.ts';

export interface NodeAccess {
  url: string;
  token: string;
}

/** The node `value` names and the token to reach its operator API; a clear error when there is none. */
export async function nodeAccess(ctx: CliContext, value: string): Promise<NodeAccess> {
  if (/^https?:\/\//i.test(value)) {
    const token = ctx.env.TSUNAGU_OPERATOR_TOKEN?.trim();
    if (!token) throw new CliConfigError(`${message('OPERATOR_TOKEN_REQUIRED', {}, ctx.lang)} (TSUNAGU_OPERATOR_TOKEN)`);
    return { url: value.endsWith('/') ? value : `${value}/`, token };
  }
  const root = demoRootFromEnv(ctx.env);
  const participantId = demoParticipant(value)?.id ?? value;
  const access = await readOperatorAccess(root, participantId);
  if (!access) throw new CliConfigError(message('CLI_NODE_NOT_RUNNING', { node: value, file: operatorAccessFile(root, participantId) }, ctx.lang));
  return { url: access.url, token: access.token };
}

/** GET `/operator/<path>` of the node: the response when it is 2xx, or a CliConfigError saying why not. */
async function requestNode(ctx: CliContext, access: NodeAccess, path: string, params: Record<string, string | number | boolean | undefined>, accept: string, timeoutMs: number): Promise<Response> {
  const url = new URL(`operator/${path}`, access.url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  url.searchParams.set('lang', ctx.lang);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${access.token}`, accept: `${accept}, application/problem+json` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    throw new CliConfigError(message('CLI_NODE_UNREACHABLE', { url: url.origin, detail: cause?.code ?? (e as Error).message }, ctx.lang));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { detail?: unknown } | undefined;
    throw new CliConfigError(message('CLI_NODE_REFUSED', { url: url.origin, status: res.status, detail: String(body?.detail ?? '') }, ctx.lang));
  }
  return res;
}

/**
 * Send a document to `/operator/<path>` of the node (POST, or GET without one) and give back whatever it answered,
 * problems included, for the command to show them; a CliConfigError only when the node cannot be reached.
 */
export async function exchangeWithNode(
  ctx: CliContext,
  access: NodeAccess,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  document?: { contentType: string; bytes: Uint8Array },
): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(`operator/${path}`, access.url);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('lang', ctx.lang);
  try {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${access.token}`, 'accept-language': ctx.lang, ...(document ? { 'content-type': document.contentType } : {}) },
      ...(document ? { body: Buffer.from(document.bytes) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    throw new CliConfigError(message('CLI_NODE_UNREACHABLE', { url: url.origin, detail: cause?.code ?? (e as Error).message }, ctx.lang));
  }
}

/** GET `/operator/<path>` of the node with these query parameters; its JSON, or a CliConfigError saying why not. */
export async function getFromNode(ctx: CliContext, access: NodeAccess, path: string, params: Record<string, string | number | boolean | undefined>): Promise<unknown> {
  return (await requestNode(ctx, access, path, params, 'application/json', 30_000)).json().catch(() => undefined);
}

/**
 * Write the node's whole audit log, as `tsunagu audit export` writes it (JSON Lines), to `file` (created, never
 * overwritten: mode 0600, since the log names who asked for what). A long log may take minutes to stream.
 */
export async function exportAuditThroughNode(ctx: CliContext, access: NodeAccess, file: string): Promise<void> {
  const res = await requestNode(ctx, access, 'audit/export', {}, 'application/jsonl', 30 * 60_000);
  if (!res.body) throw new CliConfigError(message('CLI_NODE_REFUSED', { url: new URL(access.url).origin, status: res.status, detail: 'empty body' }, ctx.lang));
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
}

/** Where the audit commands read: the node's own database (its `store.audit`), or a running node's operator API. */
export interface AuditSource {
  query(filter: AuditFilter): Promise<AuditPageOutcome>;
  summarize(filter: AuditFilter): Promise<AuditSummaryOutcome>;
}

export function auditThroughNode(ctx: CliContext, access: NodeAccess): AuditSource {
  return {
    query: async (filter) => ({ ok: true, page: (await getFromNode(ctx, access, 'audit/entries', { ...filter })) as AuditPage }),
    summarize: async ({ limit: _l, cursor: _c, order: _o, ...filter }) => ({
      ok: true,
      summary: ((await getFromNode(ctx, access, 'audit/summary', { ...filter })) as { summary: AuditSummary }).summary,
    }),
  };
}

/** The audit source `--node` names, or this node's own database; `close` lets the database go. */
export async function openAuditSource(ctx: CliContext, node: string | undefined): Promise<{ audit: AuditSource; close(): Promise<void> }> {
  if (node !== undefined) return { audit: auditThroughNode(ctx, await nodeAccess(ctx, node)), close: async () => {} };
  const store = await openStoreFromEnv(ctx);
  return { audit: store.audit, close: () => store.close() };
}

/** A message as `outbox list` shows it (never its payload). */
export interface OutboxMessageLine {
  seq: number;
  peer: string;
  kind: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  settledAt?: string;
  lastError?: { code: string; reason: string };
}

export async function outboxThroughNode(ctx: CliContext, access: NodeAccess, q: { states?: readonly OutboxState[]; peer?: string; limit: number }): Promise<OutboxMessageLine[]> {
  const body = (await getFromNode(ctx, access, 'outbox', { ...(q.states ? { state: q.states.join(',') } : {}), peer: q.peer, limit: q.limit })) as { messages: OutboxMessageLine[] };
  return body.messages;
}

/**
 * POST /operator/outbox/retry: the messages put back to pending, or the node's refusal in its own words (a
 * CliConfigError only when the node cannot be reached or answers something else).
 */
export async function outboxRetryThroughNode(ctx: CliContext, access: NodeAccess, target: { seq: number } | { peer: string }): Promise<OutboxMessageLine[] | { refused: string }> {
  const bytes = new TextEncoder().encode(JSON.stringify({ ...target, lang: ctx.lang }));
  const answer = await exchangeWithNode(ctx, access, 'POST', 'outbox/retry', {}, { contentType: 'application/json', bytes });
  let body: { requeued?: OutboxMessageLine[]; detail?: unknown } | undefined;
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    body = undefined;
  }
  if (answer.status >= 400 && answer.status < 500 && typeof body?.detail === 'string') return { refused: body.detail };
  if (answer.status !== 200 || body?.requeued === undefined) {
    throw new CliConfigError(message('CLI_NODE_REFUSED', { url: new URL(access.url).origin, status: answer.status, detail: String(body?.detail ?? answer.text.slice(0, 300)) }, ctx.lang));
  }
  return body.requeued;
}

export async function outboxCountsThroughNode(ctx: CliContext, access: NodeAccess): Promise<{ peer: string; state: OutboxState; count: number }[]> {
  return ((await getFromNode(ctx, access, 'outbox/counts', {})) as { counts: { peer: string; state: OutboxState; count: number }[] }).counts;
}
