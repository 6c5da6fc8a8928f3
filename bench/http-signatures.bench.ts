// HTTP message signatures between nodes (src/trust/http-signatures, src/node/request-verification): signing a request
// and verifying it as a provider does (structured fields through `structured-headers`, digest, credential from the
// cache, key, signature, replay guard). Baseline: raw Ed25519 sign / verify of the same signature base, the floor any
// RFC 9421 implementation pays, so the ratio is what the fields, digest and checks add.
import { verify } from 'node:crypto';
import { createMemoryReplayGuard } from '../src/node/request-verification/replay-guard.ts';
import { verifyRequest } from '../src/node/request-verification/verify-request.ts';
import { createCredentialCache } from '../src/trust/credential-cache.ts';
import { signRequest, type SignedHeaders } from '../src/trust/http-signatures/request-signature.ts';
import { publicKeyObject } from '../src/trust/keys.ts';
import { buildTestTrust } from '../src/trust/test-fixtures.ts';
import { medianMs, rate, sized, type BenchResult, type Benchmark } from './harness.ts';

export const httpSignaturesBenchmark: Benchmark = {
  name: 'http-signatures',
  description: 'signed requests/s: sign, and verify as a provider, vs raw Ed25519 over the same signature base',
  async run(ctx) {
    const n = sized(ctx.scale, { small: 2_000, medium: 10_000, large: 50_000 });
    const runs = sized(ctx.scale, { small: 3, medium: 5, large: 3 });
    const now = new Date('2026-01-15T03:00:00Z');
    const trust = buildTestTrust(now);
    const provider = trust.participants.wajima.id;
    const signer = trust.signers.nanao;
    const url = `https://${provider}.node.example.jp/api/v1/datasets/persons/query?lang=ja`;
    const body = JSON.stringify({ purpose: 'life-saving', area: ['172022'], fields: ['name', 'location', 'care'] });
    const sign = () => signRequest({ method: 'POST', url, body, credential: trust.credentials.nanao, signer, audience: provider, now });

    let signed: SignedHeaders[] = [];
    const signMs = await medianMs(runs, () => {
      signed = [];
      for (let i = 0; i < n; i++) signed.push(sign());
    });
    // The base as the signer signed it: the lines the Signature-Input names, rebuilt once per request for the baseline.
    const bases = signed.map((h) => new TextEncoder().encode(baseOf(h, url)));
    const rawSignMs = await medianMs(runs, () => {
      for (const b of bases) signer.sign(b);
    });
    ctx.log(`${n.toLocaleString('en-US')} requests signed; verifying them as the provider`);

    const cache = createCredentialCache();
    const target = new URL(url);
    let ok = 0;
    const verifyMs = await medianMs(runs, async () => {
      ok = 0;
      // A fresh guard per run: the same nonces are accepted again, as in a new replay window.
      const options = { registry: trust.registry, replayGuard: createMemoryReplayGuard(), now, audience: provider, credentialCache: cache };
      for (const headers of signed) {
        const v = await verifyRequest({ method: 'POST', url: `${target.pathname}${target.search}`, headers, body }, options);
        if (v.ok) ok++;
      }
    });
    if (ok !== n) throw new Error(`${n - ok} signed requests did not verify`);
    const key = publicKeyObject(signer.publicKey);
    const signatures = signed.map((h) => Buffer.from(/=:([^:]+):/.exec(h.signature!)![1]!, 'base64'));
    let rawOk = 0;
    const rawVerifyMs = await medianMs(runs, () => {
      rawOk = 0;
      for (let i = 0; i < bases.length; i++) if (verify(null, bases[i]!, key, signatures[i]!)) rawOk++;
    });
    if (rawOk !== n) throw new Error('the baseline did not rebuild the signed base');

    const out: BenchResult[] = [
      {
        benchmark: 'http-signatures/sign-request',
        size: n,
        tsunagu: { label: 'signRequest (digest, fields, Ed25519)', value: rate(n, signMs), unit: 'requests/s' },
        baseline: { what: 'raw Ed25519 sign of the same signature base', label: 'sign', value: rate(n, rawSignMs), unit: 'requests/s' },
        ratio: signMs / rawSignMs,
      },
      {
        benchmark: 'http-signatures/verify-request',
        size: n,
        tsunagu: { label: 'verifyRequest (fields, digest, cached credential, key, signature, replay guard)', value: rate(n, verifyMs), unit: 'requests/s' },
        baseline: { what: 'raw Ed25519 verify of the same signature base', label: 'verify', value: rate(n, rawVerifyMs), unit: 'requests/s' },
        ratio: verifyMs / rawVerifyMs,
      },
    ];
    return out;
  },
};

/** The signature base of a request signed by `signRequest`, rebuilt from its headers (components in signing order). */
function baseOf(h: SignedHeaders, url: string): string {
  const u = new URL(url);
  const params = h['signature-input']!.slice('tsunagu='.length);
  return [
    `"@method": POST`,
    `"@path": ${u.pathname}`,
    `"@query": ${u.search || '?'}`,
    `"content-digest": ${h['content-digest']}`,
    `"tsunagu-requester": ${h['tsunagu-requester']}`,
    `"tsunagu-audience": ${h['tsunagu-audience']}`,
    `"tsunagu-credential-id": ${h['tsunagu-credential-id']}`,
    `"@signature-params": ${params}`,
  ].join('\n');
}
