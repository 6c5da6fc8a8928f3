// Signed requests and answers over real HTTP: a node:http server that verifies with verifyRequest and answers with
// signResponse, driven by fetch, so header casing, combined fields and URL encoding are those of real stacks.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestTrust } from '../../trust/test-fixtures.ts';
import { createMemoryReplayGuard } from './replay-guard.ts';
import { requestSignatureOf, signRequest, type SignedHeaders } from '../../trust/http-signatures/request-signature.ts';
import { signResponse, verifyResponse } from '../../trust/http-signatures/response-signature.ts';
import { verifyRequest } from './verify-request.ts';

const now = new Date('2026-01-15T03:00:00.000Z');
const trust = buildTestTrust(now);
const consumer = trust.parties.nanao;
const provider = trust.parties.wajima;
const providerId = provider.participant.id;
const replayGuard = createMemoryReplayGuard();

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const v = await verifyRequest(
        { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body },
        { registry: trust.registry, replayGuard, now, audience: providerId },
      );
      if (!v.ok) {
        res.writeHead(401, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ codes: v.problems.map((p) => p.code) }));
        return;
      }
      // Echo what the server saw, so the test can show the path and query arrived encoded as signed.
      const answer = JSON.stringify({ requester: v.value.participant.id, method: req.method, target: req.url, bodyBytes: body.length, note: '受付済み' });
      const signed = signResponse({ status: 200, body: answer, requestSignature: v.value.signature, signer: provider.signer, now });
      // Mixed-case names on the way out: HTTP field names are case-insensitive.
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...titleCase(signed) });
      res.end(answer);
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function titleCase(headers: SignedHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()), v]));
}

async function send(method: string, url: string, body?: string) {
  const headers = signRequest({ method, url, body, credential: trust.credentials.nanao, signer: consumer.signer, audience: providerId, now });
  const res = await fetch(url, { method, headers: titleCase(headers), ...(body === undefined ? {} : { body }) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, headers, json: JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> };
}

describe('signed requests over node:http and fetch', () => {
  it('authenticates a GET with Japanese and encoded characters in the path and query, and the answer verifies', async () => {
    const url = `${base}/v1/避難所/一覧?name=七尾 市&path=a%2Fb&empty=`;
    const { res, bytes, headers, json } = await send('GET', url);
    expect(res.status).toBe(200);
    expect(json.requester).toBe(consumer.participant.id);
    expect(json.target).toBe('/v1/%E9%81%BF%E9%9B%A3%E6%89%80/%E4%B8%80%E8%A6%A7?name=%E4%B8%83%E5%B0%BE%20%E5%B8%82&path=a%2Fb&empty=');
    const v = verifyResponse(
      { status: res.status, headers: res.headers, body: bytes },
      { requestSignature: requestSignatureOf(headers)!, provider: providerId, registry: trust.registry, now },
    );
    expect(v.ok).toBe(true);
  });

  it('authenticates a POST with a JSON body in UTF-8', async () => {
    const body = JSON.stringify({ purpose: 'life-saving', areas: ['172049'], note: '透析患者の所在確認' });
    const { res, bytes, headers, json } = await send('POST', `${base}/v1/datasets/persons/query`, body);
    expect(res.status).toBe(200);
    expect(json.bodyBytes).toBe(new TextEncoder().encode(body).length);
    const requestSignature = requestSignatureOf(headers)!;
    const v = verifyResponse({ status: res.status, headers: res.headers, body: bytes }, { requestSignature, provider: providerId, registry: trust.registry, now });
    expect(v.ok).toBe(true);
    // The same answer does not verify for another request.
    const other = signRequest({ method: 'POST', url: `${base}/v1/datasets/persons/query`, body, credential: trust.credentials.nanao, signer: consumer.signer, audience: providerId, now });
    const w = verifyResponse({ status: res.status, headers: res.headers, body: bytes }, { requestSignature: requestSignatureOf(other)!, provider: providerId, registry: trust.registry, now });
    expect(w.ok).toBe(false);
  });

  it('refuses a request replayed byte for byte over HTTP', async () => {
    const url = `${base}/v1/shelters?area=172049`;
    const headers = signRequest({ method: 'GET', url, credential: trust.credentials.nanao, signer: consumer.signer, audience: providerId, now });
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const again = await fetch(url, { headers });
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ codes: ['FEDERATION_REPLAYED'] });
  });

  it('refuses a request whose query was changed on the way', async () => {
    const url = `${base}/v1/shelters?area=172049`;
    const headers = signRequest({ method: 'GET', url, credential: trust.credentials.nanao, signer: consumer.signer, audience: providerId, now });
    const res = await fetch(`${base}/v1/shelters?area=172022`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ codes: ['FEDERATION_SIGNATURE_INVALID'] });
  });

  it('refuses a request whose body was changed on the way', async () => {
    const url = `${base}/v1/datasets/persons/query`;
    const headers = signRequest({ method: 'POST', url, body: '{"purpose":"life-saving"}', credential: trust.credentials.nanao, signer: consumer.signer, audience: providerId, now });
    const tampered = await fetch(url, { method: 'POST', headers, body: '{"purpose":"statistics"}' });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ codes: ['FEDERATION_DIGEST_MISMATCH'] });
  });
});
