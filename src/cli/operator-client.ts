// Calls to the running node's own operator API from the command line (`tsunagu query`, `tsunagu trust fetch`): the
// node at --node-url or TSUNAGU_HOST:TSUNAGU_PORT, with the operator token from TSUNAGU_OPERATOR_TOKEN.
import { message } from '../i18n/index.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';

/** POST to `/operator/<path>` of this node; answers the response, or undefined (reported, exit code 1) when none came. */
export async function postToOperator(ctx: CliContext, nodeUrl: string | undefined, path: string, body?: unknown): Promise<Response | undefined> {
  const token = ctx.env.TSUNAGU_OPERATOR_TOKEN?.trim();
  if (!token) throw new CliConfigError(`${message('OPERATOR_TOKEN_REQUIRED', {}, ctx.lang)} (TSUNAGU_OPERATOR_TOKEN)`);
  const base = nodeUrl ?? `http://${ctx.env.TSUNAGU_HOST?.trim() || '127.0.0.1'}:${ctx.env.TSUNAGU_PORT?.trim() || '8700'}/`;
  const url = new URL(`operator/${path}?lang=${ctx.lang}`, base.endsWith('/') ? base : `${base}/`);
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    ctx.io.err(`tsunagu: ${message('DEMO_NODE_UNREACHABLE', { url: url.origin, detail: e instanceof Error ? e.message : String(e) }, ctx.lang)}`);
    ctx.setExitCode(1);
    return undefined;
  }
}
