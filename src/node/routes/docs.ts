// GET /docs: a small self-contained page (no script, no CDN: the node works offline) listing every path, method,
// summary and parameter of the node's OpenAPI document, with headings in Japanese and English.
import type { FastifyInstance } from 'fastify';

type Json = Record<string, unknown>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function parametersOf(op: Json): string[] {
  const out: string[] = [];
  for (const p of (op.parameters as Json[] | undefined) ?? []) {
    const desc = typeof p.description === 'string' ? ` — ${p.description}` : '';
    out.push(`${String(p.name)} (${String(p.in)}${p.required ? ', required / 必須' : ''})${desc}`);
  }
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const schema = body?.['application/json']?.schema as Json | undefined;
  const props = (schema?.properties as Record<string, Json> | undefined) ?? {};
  for (const [name, s] of Object.entries(props)) {
    out.push(`${name} (body)${typeof s.description === 'string' ? ` — ${s.description}` : ''}`);
  }
  if (body && Object.keys(props).length === 0) out.push('JSON body / JSON本文');
  return out;
}

/** The page for an OpenAPI document. */
export function docsPage(doc: Json): string {
  const info = (doc.info as Json | undefined) ?? {};
  const rows: string[] = [];
  const paths = (doc.paths as Record<string, Record<string, Json>> | undefined) ?? {};
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (typeof op !== 'object' || op === null) continue;
      const params = parametersOf(op).map((p) => `<li>${escapeHtml(p)}</li>`).join('');
      rows.push(
        `<tr><td><code>${escapeHtml(method.toUpperCase())}</code></td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(String(op.summary ?? ''))}</td><td>${params ? `<ul>${params}</ul>` : '—'}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(String(info.title ?? 'Tsunagu node API'))}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em;vertical-align:top}ul{margin:0;padding-left:1.2em}</style>
</head><body>
<h1>${escapeHtml(String(info.title ?? 'Tsunagu node API'))}</h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>機械可読な定義 / machine-readable description: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
他ノードからのリクエストは署名が必要です（docs/federation-auth.md）/ Requests from other nodes must be signed (docs/federation-auth.md).</p>
<table><thead><tr><th>メソッド / Method</th><th>パス / Path</th><th>概要 / Summary</th><th>パラメーター / Parameters</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}

export function docsRoute(app: FastifyInstance): void {
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage(app.swagger() as unknown as Json)),
  );
}
