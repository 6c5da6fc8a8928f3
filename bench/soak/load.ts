// The soak's clients, each a loop with its own seeded draws until told to stop: Nanao's operators (lifeline runs and
// safety reports on the node's own port), Ishikawa's federated client (signed persons and shelters queries,
// subscriptions, through the link proxies), an anonymous public reader, an attacker (tampered signatures, wrong
// purposes, malformed bodies, wrong operator tokens) and the agency declaring. Every answer is judged against what
// it should be; every 2xx write goes into the ledger with its request id.
import { prepareDeclaration } from '../../src/demo/declare.ts';
import { createFederationClient, type FederationClient, type FederationResult, type FederationTarget } from '../../src/federation/client.ts';
import { safetyStatuses } from '../../src/model/codes.ts';
import { mulberry32 } from '../../src/demo/prng.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import type { Ledger, RequestKind } from './ledger.ts';
import type { SoakFederation, SoakNode } from './node-processes.ts';

const REQUEST_TIMEOUT_MS = 20_000;

type Answer = { ok: true; status: number; body: unknown; requestId: string } | { ok: false; detail: string };

async function call(url: string, init: RequestInit): Promise<Answer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the report
    }
    return { ok: true, status: res.status, body, requestId: res.headers.get('x-request-id') ?? '' };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    return { ok: false, detail: cause?.code ?? (e as Error).name };
  }
}

const codeOf = (body: unknown) => (typeof body === 'object' && body !== null && 'code' in body ? String((body as { code: unknown }).code) : '');
const describe = (status: number, body: unknown) => `${status} ${codeOf(body) || (typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 200))}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LoadContext {
  federation: SoakFederation;
  ledger: Ledger;
  seed: number;
  /** The declaration Nanao's operators run lists for (the latest one Nanao accepted). */
  declarationId: () => string | undefined;
  /** Stop starting new requests. */
  stopped: () => boolean;
}

/** Judge one answer to a request that should be `expected` (refusals the harness provoked are listed in `refusals`). */
function judge(ledger: Ledger, kind: RequestKind, node: SoakNode, answer: Answer, expected: readonly number[], refusals: readonly number[] = [429]): answer is Extract<Answer, { ok: true }> {
  if (!answer.ok) {
    ledger.count(kind, 'unavailable');
    return false;
  }
  if (expected.includes(answer.status)) {
    ledger.count(kind, 'ok');
    return true;
  }
  if (refusals.includes(answer.status)) ledger.count(kind, 'refused');
  else ledger.surprise(kind, node.participant.id, describe(answer.status, answer.body), answer.status);
  return false;
}

/** A federated answer as an Answer: one whose signature did not verify is never usable, so it is unexpected. */
function federated(ledger: Ledger, kind: RequestKind, node: SoakNode, r: FederationResult): Answer | undefined {
  if (r.ok) return { ok: true, status: r.status, body: r.body, requestId: r.headers.get('x-request-id') ?? '' };
  if (r.reason === 'network') return { ok: false, detail: r.detail };
  ledger.surprise(kind, node.participant.id, `unverified ${r.status}: ${r.problems.map((p) => p.code).join(', ')}`, r.status);
  return undefined;
}

interface RunRow {
  id: string;
}

/** Nanao's operator `n` of `of`: lists for the declaration, then safety reports on the persons that fall to it. */
async function operatorLoop(ctx: LoadContext, n: number, of: number): Promise<void> {
  const draw = mulberry32(ctx.seed * 31 + n);
  const nanao = ctx.federation.byKey('nanao');
  const headers = { authorization: `Bearer ${nanao.operatorToken}`, 'content-type': 'application/json' };
  const statuses = Object.keys(safetyStatuses);
  let run: { id: string; rows: RunRow[] } | undefined;
  let reportsInRun = 0;
  while (!ctx.stopped()) {
    await sleep(draw.int(100, 400));
    if (!run || reportsInRun >= 25) {
      const declarationId = ctx.declarationId();
      if (!declarationId) {
        await sleep(1_000);
        continue;
      }
      const started = await call(`${nanao.directUrl}/operator/lifeline/runs`, { method: 'POST', headers, body: JSON.stringify({ declarationId }) });
      if (!judge(ctx.ledger, 'lifeline-run', nanao, started, [201])) {
        // The node is down or cut off: an operator waits a moment rather than pressing the button again at once.
        if (!started.ok) await sleep(1_000);
        continue;
      }
      const runId = String((started.body as { runId: string }).runId);
      ctx.ledger.acknowledge({ kind: 'lifeline-run', node: nanao.participant.id, requestId: started.requestId, runId });
      const page = await call(`${nanao.directUrl}/operator/lifeline/runs/${runId}/persons?limit=1000`, { headers });
      if (!judge(ctx.ledger, 'lifeline-persons', nanao, page, [200], [404, 429])) {
        run = undefined;
        continue;
      }
      // Operators take disjoint persons, so two of them never report on one person at once.
      const rows = (page.body as { items: RunRow[] }).items.filter((row) => hashOf(row.id) % of === n);
      run = { id: runId, rows };
      reportsInRun = 0;
      if (rows.length === 0) continue;
    }
    if (run.rows.length === 0) {
      run = undefined;
      continue;
    }
    const row = draw.pick(run.rows);
    const reported = await call(`${nanao.directUrl}/operator/lifeline/safety`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ runId: run.id, personId: row.id, status: draw.pick(statuses), by: `soak operator ${n + 1}` }),
    });
    reportsInRun += 1;
    // A run lives in the node's memory: after a restart its id is unknown (404) and the operator lists again.
    if (reported.ok && reported.status === 404 && codeOf(reported.body) === 'LIFELINE_RUN_UNKNOWN') {
      ctx.ledger.count('safety-report', 'refused');
      run = undefined;
      continue;
    }
    if (!judge(ctx.ledger, 'safety-report', nanao, reported, [201])) continue;
    const body = reported.body as { report: { id: string; personId: string; status: string; at: string }; deliveries: { node: string; recordId: string }[]; conflict?: unknown };
    if (body.conflict !== undefined) ctx.ledger.surprise('safety-report', nanao.participant.id, `conflict on a report without basedOnAt: ${JSON.stringify(body.conflict)}`);
    ctx.ledger.acknowledge({
      kind: 'safety-report',
      node: nanao.participant.id,
      requestId: reported.requestId,
      reportId: body.report.id,
      personId: body.report.personId,
      status: body.report.status,
      at: body.report.at,
      deliveries: body.deliveries.map((d) => ({ node: d.node, recordId: d.recordId })),
    });
  }
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

const targetOf = (node: SoakNode): FederationTarget => ({ participantId: node.participant.id, url: node.url });

function ishikawaClient(ctx: LoadContext): FederationClient {
  const id = ctx.federation.byKey('ishikawa').participant.id;
  const { trust } = ctx.federation;
  return createFederationClient({ signer: trust.signers.get(id)!, credential: trust.credentials.get(id)!, registry: trust.registry });
}

const holdsPersons = (n: SoakNode) => n.participant.datasets.some((d) => d.kind === 'synthetic-persons');
const holdsShelters = (n: SoakNode) => n.participant.datasets.some((d) => d.kind === 'gsi-shelters');

/** Ishikawa Prefecture asking the federation: persons for life-saving under the declaration, shelters, subscriptions. */
async function federatedLoop(ctx: LoadContext, n: number): Promise<void> {
  const draw = mulberry32(ctx.seed * 37 + n);
  const client = ishikawaClient(ctx);
  const ishikawa = ctx.federation.byKey('ishikawa');
  const personHolders = ctx.federation.nodes.filter(holdsPersons);
  const shelterHolders = ctx.federation.nodes.filter(holdsShelters);
  while (!ctx.stopped()) {
    await sleep(draw.int(100, 400));
    const roll = draw.next();
    if (roll < 0.55) {
      const node = draw.pick(personHolders);
      const r = federated(ctx.ledger, 'persons-query', node, await client.query(targetOf(node), 'persons', { purpose: 'life-saving', area: [draw.pick(node.participant.jurisdiction)], limit: 50 }, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
      if (r) judge(ctx.ledger, 'persons-query', node, r, [200]);
    } else if (roll < 0.95) {
      const node = draw.pick(shelterHolders);
      const r = federated(ctx.ledger, 'shelters-query', node, await client.query(targetOf(node), 'shelters', { purpose: 'evacuation-support', limit: 20 }, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
      if (r) judge(ctx.ledger, 'shelters-query', node, r, [200]);
    } else {
      const node = draw.pick(shelterHolders.filter((x) => x !== ishikawa));
      const body = {
        topic: 'shelter-status',
        areas: [draw.pick(node.participant.jurisdiction)],
        purpose: 'evacuation-support',
        callbackUrl: `${ishikawa.url}/`,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      };
      const r = federated(ctx.ledger, 'subscription', node, await client.request(targetOf(node), 'POST', '/api/v1/subscriptions', body, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
      if (r && judge(ctx.ledger, 'subscription', node, r, [201])) {
        ctx.ledger.acknowledge({ kind: 'subscription', node: node.participant.id, requestId: r.requestId, subscriptionId: String((r.body as { id: string }).id) });
      }
    }
  }
}

/** Anyone on the internet: shelters, the catalog, declarations in force, health — no signature. */
async function publicLoop(ctx: LoadContext, n: number): Promise<void> {
  const draw = mulberry32(ctx.seed * 41 + n);
  const paths = ['/api/v1/shelters?limit=20', '/api/v1/catalog', '/api/v1/declarations', '/api/v1/policies', '/health'];
  while (!ctx.stopped()) {
    await sleep(draw.int(100, 400));
    const node = draw.pick(ctx.federation.nodes);
    const path = draw.pick(paths);
    // Only the shelter holders have a shelters list to give; elsewhere it is an empty page.
    judge(ctx.ledger, 'public-read', node, await call(`${node.url}${path}`, { headers: { accept: 'application/json' } }), [200]);
  }
}

/** Requests that must be refused, each with the status it must get (or 429 once a node throttles the sender). */
async function attackerLoop(ctx: LoadContext, n: number): Promise<void> {
  const draw = mulberry32(ctx.seed * 43 + n);
  const client = ishikawaClient(ctx);
  const { trust } = ctx.federation;
  const ishikawaId = ctx.federation.byKey('ishikawa').participant.id;
  const personHolders = ctx.federation.nodes.filter(holdsPersons);
  while (!ctx.stopped()) {
    await sleep(draw.int(200, 600));
    const node = draw.pick(personHolders);
    const roll = draw.next();
    if (roll < 0.3) {
      // Signed for one body, sent with another (or with one byte of the signature changed).
      const url = new URL('api/v1/datasets/persons/query', `${node.url}/`);
      const signedBody = JSON.stringify({ purpose: 'life-saving', limit: 5 });
      const headers = signRequest({ method: 'POST', url, body: signedBody, credential: trust.credentials.get(ishikawaId)!, signer: trust.signers.get(ishikawaId)!, audience: node.participant.id, now: new Date() });
      let body = signedBody;
      if (draw.chance(0.5)) body = JSON.stringify({ purpose: 'life-saving', limit: 500 });
      else {
        const sig = headers.signature!;
        const i = sig.indexOf(':') + 5;
        headers.signature = `${sig.slice(0, i)}${sig[i] === 'A' ? 'B' : 'A'}${sig.slice(i + 1)}`;
      }
      judge(ctx.ledger, 'bad-signature', node, await call(url.toString(), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }), [401], [429]);
    } else if (roll < 0.6) {
      // A purpose the persons policy does not permit a prefecture: refused by the policy, signed, audited.
      const r = federated(ctx.ledger, 'bad-purpose', node, await client.query(targetOf(node), 'persons', { purpose: 'recovery', limit: 5 }, AbortSignal.timeout(REQUEST_TIMEOUT_MS)));
      if (r) judge(ctx.ledger, 'bad-purpose', node, r, [403], [429]);
    } else if (roll < 0.85) {
      const body = draw.pick(['{"payload":', '{"payload":{"id":"x"},"proof":null}', '[]', 'null', '{"__proto__":{"admin":true}}']);
      judge(ctx.ledger, 'bad-body', node, await call(`${node.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), [400], [415, 422, 429]);
    } else {
      judge(ctx.ledger, 'bad-token', node, await call(`${node.directUrl}/operator/session`, { headers: { authorization: 'Bearer not-the-operator-token-at-all-000000' } }), [401], [429]);
    }
  }
}

/** The agency declares (again) every `everyMs`, to every node; each acceptance is an acknowledged write. */
async function declarerLoop(ctx: LoadContext, onAccepted: (node: SoakNode, declarationId: string) => void, everyMs: number): Promise<void> {
  // The first declaration is made before the load starts; this one renews it while the soak runs.
  for (;;) {
    const until = Date.now() + everyMs;
    while (!ctx.stopped() && Date.now() < until) await sleep(250);
    if (ctx.stopped()) return;
    await declareOnce(ctx, onAccepted);
  }
}

export async function declareOnce(ctx: Pick<LoadContext, 'federation' | 'ledger'>, onAccepted: (node: SoakNode, declarationId: string) => void): Promise<void> {
  const prepared = await prepareDeclaration({ root: ctx.federation.paths.root, hazard: 'earthquake', phase: 'emergency', areas: '172022,172049', expires: '72h' });
  if (!prepared.ok) throw new Error(`the soak's declaration does not prepare: ${prepared.problem.code}`);
  const signed = prepared.value.signed;
  const body = JSON.stringify(signed);
  await Promise.all(
    ctx.federation.nodes.map(async (node) => {
      const r = await call(`${node.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (!judge(ctx.ledger, 'declaration', node, r, [200, 201])) return;
      ctx.ledger.acknowledge({ kind: 'declaration', node: node.participant.id, requestId: r.requestId, declarationId: signed.payload.id });
      onAccepted(node, signed.payload.id);
    }),
  );
}

export interface LoadMix {
  operators: number;
  federated: number;
  public: number;
  attackers: number;
  declareEveryMs: number;
}

/** Run every client until `ctx.stopped()`; resolves when the last request in flight has ended. */
export async function driveLoad(ctx: LoadContext, mix: LoadMix, onDeclared: (node: SoakNode, declarationId: string) => void): Promise<void> {
  const loops: Promise<void>[] = [];
  for (let i = 0; i < mix.operators; i++) loops.push(operatorLoop(ctx, i, mix.operators));
  for (let i = 0; i < mix.federated; i++) loops.push(federatedLoop(ctx, i));
  for (let i = 0; i < mix.public; i++) loops.push(publicLoop(ctx, i));
  for (let i = 0; i < mix.attackers; i++) loops.push(attackerLoop(ctx, i));
  loops.push(declarerLoop(ctx, onDeclared, mix.declareEveryMs));
  await Promise.all(loops);
}

