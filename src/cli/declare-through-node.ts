// `tsunagu declare --node`: issue a declaration through a running node's operator API, so the node signs it with its
// own key, keeps and audits it and sends it to its peers exactly as when its console issues one. The CLI holds no key.
import type { DeclarationOrderRequest, IssuedDeclaration } from '../node/operator/api-schemas.ts';

export type ThroughNodeOutcome =
  | { kind: 'issued'; issued: IssuedDeclaration }
  | { kind: 'refused'; status: number; code: string; detail: string }
  | { kind: 'unreachable'; detail: string };

export interface ThroughNodeRequest {
  nodeUrl: string;
  token: string;
  order: DeclarationOrderRequest;
  lang: 'ja' | 'en';
  timeoutMs?: number;
}

/** POST the order to the node's /operator/declarations. Never throws. */
export async function declareThroughNode(req: ThroughNodeRequest): Promise<ThroughNodeOutcome> {
  let res: Response;
  try {
    res = await fetch(new URL('operator/declarations', req.nodeUrl.endsWith('/') ? req.nodeUrl : `${req.nodeUrl}/`), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${req.token}`,
        'content-type': 'application/json',
        accept: 'application/json, application/problem+json',
        'accept-language': req.lang,
      },
      body: JSON.stringify(req.order),
      // The node waits up to 5 s for each peer, in parallel; this leaves it room to answer.
      signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'unreachable', detail: cause?.code ?? cause?.message ?? (e as Error).message };
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.ok && body !== undefined) return { kind: 'issued', issued: body as IssuedDeclaration };
  const problem = (body ?? {}) as { code?: unknown; detail?: unknown };
  return { kind: 'refused', status: res.status, code: String(problem.code ?? `HTTP_${res.status}`), detail: String(problem.detail ?? text.slice(0, 300)) };
}
