// The anchor's page in the console, on a real node serving a real anchor directory (as `tsunagu trust init` makes it):
// the participants, join requests sent online waiting with exactly what they ask for, a named person's approval with a
// confirmation step through the same anchor operations as the CLI (same checks, same audit), refusals of an expired or
// conflicting request with the reason, decline, suspend / reinstate / revoke (final, confirmed), and "try again" while
// a CLI command holds the anchor's database.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/audit/index.ts';
import { createAnchor, openAnchor } from '../../src/node/anchor-operations.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import type { AnchorOverview } from '../../src/node/operator/api-schemas.ts';
import { keyFingerprint } from '../../src/node/operator/anchor-routes.ts';
import { createDeclarationBook } from '../../src/node/routes/declarations.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { signJoinRequest } from '../../src/trust/join-request.ts';
import { createSigner, generateKeyPair } from '../../src/trust/keys.ts';
import type { SignedTrustList } from '../../src/trust/trust-list.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { testOperatorContext } from './support/operator-context.ts';

const DAY = 86_400_000;
const ANCHOR = 'jp-test-anchor';
const TOKEN = 'test-operator-token-anchor-0123456789';
const trust = buildTestTrust(new Date());

let dir: string;
let anchorDir: string;
let store: Store;
let log: AuditLog;
let app: FastifyInstance;
let plain: FastifyInstance;
/** The node's clock: moved forward to let a request expire. */
let clock = () => new Date();

function op(target: FastifyInstance, url: string, body?: unknown) {
  return target.inject({
    method: body === undefined ? 'GET' : 'POST',
    url: `/operator${url}`,
    headers: { authorization: `Bearer ${TOKEN}`, 'accept-language': 'en', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

const overview = async () => {
  const r = await op(app, '/anchor');
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as AnchorOverview;
};

const published = async () => JSON.parse(await readFile(path.join(anchorDir, 'trust-list.json'), 'utf8')) as SignedTrustList;

/** A join request signed by a fresh key of its applicant, as `tsunagu join request` makes it. */
function joinRequest(id: string, options: { name?: string; jurisdiction?: string; expiresInMs?: number } = {}) {
  const keys = generateKeyPair(`${id}-${Math.random().toString(36).slice(2, 8)}`);
  const now = new Date();
  const signed = signJoinRequest(
    {
      id: `join-${id}-${keys.kid}`,
      anchor: ANCHOR,
      participant: {
        id,
        name: { ja: options.name ?? '穴水町', en: 'Anamizu Town' },
        role: 'municipality',
        jurisdiction: [options.jurisdiction ?? '174611'] as never,
        nodeUrl: 'http://127.0.0.1:8790/',
        keys: [{ kid: keys.kid, alg: 'Ed25519', publicKey: keys.publicKey }],
      },
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (options.expiresInMs ?? 30 * DAY)).toISOString(),
    },
    createSigner(id, keys),
    now,
  );
  return { signed, keys };
}

async function send(signed: unknown): Promise<void> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/join-requests', payload: signed as object });
  expect(r.statusCode, r.body).toBe(202);
}

async function anchorAudit(): Promise<{ action: string; decision: string; requester: string; reasons: { code: string; params?: Record<string, unknown> }[] }[]> {
  const opened = await openAnchor(anchorDir);
  if (!opened.ok) throw new Error(opened.problem.code);
  try {
    const page = await opened.session.store.audit.query({ order: 'oldest-first', limit: 200 });
    if (!page.ok) throw new Error('audit query');
    return page.page.entries as never;
  } finally {
    await opened.session.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-operator-anchor-'));
  anchorDir = path.join(dir, 'anchor');
  const created = await createAnchor(
    anchorDir,
    { anchorId: ANCHOR, trustListId: 'jp-test-list', participant: { id: ANCHOR, name: { ja: '試験アンカー', en: 'Test anchor' }, role: 'national-agency', jurisdiction: ['170003'] as never }, keys: generateKeyPair(`${ANCHOR}-1`) },
    new Date(),
  );
  if (!created.ok) throw new Error(created.problems[0]!.code);
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers.ishikawa });
  if (!opened.ok) throw new Error('audit');
  log = opened.log;
  const context = { ...testOperatorContext(trust, 'ishikawa', { store, log, book: createDeclarationBook(), peers: [] }), now: () => clock() };
  const base = { store, participantId: trust.participants.ishikawa.id, auditLog: log, policies: builtInPolicies(trust.participants.ishikawa.id) };
  app = await buildNodeServer({ ...base, trustPublication: { anchorDir }, operator: { token: TOKEN, context } });
  plain = await buildNodeServer({ ...base, operator: { token: TOKEN, context } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await plain?.close();
  await log?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the anchor's console page", () => {
  it('is offered only on a node that serves an anchor', async () => {
    expect((await op(app, '/session')).json().anchor).toEqual({ anchorId: ANCHOR, trustListId: 'jp-test-list' });
    expect((await op(plain, '/session')).json().anchor).toBeUndefined();
    const none = await op(plain, '/anchor');
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('ANCHOR_NOT_SERVED');
  });

  it('shows a request sent online with exactly what it asks for, checked as an approval would check it', async () => {
    const { signed, keys } = joinRequest('jp-174611-anamizu-town');
    await send(signed);
    const o = await overview();
    expect(o).toMatchObject({ anchorId: ANCHOR, version: 1, participants: [], revocations: [] });
    expect(o.history.map((v) => `${v.version}:${v.operation}`)).toEqual(['1:init']);
    expect(o.requests).toHaveLength(1);
    expect(o.requests[0]).toMatchObject({
      participantId: 'jp-174611-anamizu-town',
      name: { ja: '穴水町', en: 'Anamizu Town' },
      role: 'municipality',
      jurisdiction: ['174611'],
      nodeUrl: 'http://127.0.0.1:8790/',
      keys: [{ kid: keys.kid, fingerprint: keyFingerprint(keys.publicKey) }],
      expiresAt: signed.payload.expiresAt,
      source: 'online',
      intent: 'add',
      signatureVerified: true,
      problems: [],
    });
    expect(keyFingerprint(keys.publicKey)).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  }, 60_000);

  it('approves only with a person\'s name, checks first without changing anything, then publishes the next version', async () => {
    const seq = (await overview()).requests[0]!.seq;
    const nameless = await op(app, `/anchor/requests/${seq}/approve`, {});
    expect(nameless.statusCode).toBe(400);
    const checked = await op(app, `/anchor/requests/${seq}/approve`, { by: '消防庁 試験', dryRun: true });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ done: false, participantId: 'jp-174611-anamizu-town' });
    expect(checked.json().message).toContain('version 2');
    expect((await published()).payload.version).toBe(1);
    expect((await overview()).requests).toHaveLength(1);

    const approved = await op(app, `/anchor/requests/${seq}/approve`, { by: '消防庁 試験' });
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json()).toMatchObject({ done: true, version: 2 });
    const list = await published();
    expect(list.payload.version).toBe(2);
    expect(list.payload.entries.map((e) => [e.participant.id, e.status])).toEqual([['jp-174611-anamizu-town', 'active']]);
    const o = await overview();
    expect(o.requests).toEqual([]);
    expect(o.participants[0]).toMatchObject({ participantId: 'jp-174611-anamizu-town', status: 'active', jurisdiction: ['174611'], nodeUrl: 'http://127.0.0.1:8790/' });
    expect(o.history.map((v) => `${v.version}:${v.operation}:${v.participants}`)).toEqual(['2:admit:1', '1:init:0']);
    const admit = (await anchorAudit()).find((e) => e.action === 'admit' && e.decision === 'allow')!;
    expect(admit.requester).toBe('operator:console');
    expect(admit.reasons.map((r) => r.code)).toEqual(['ANCHOR_LIST_PUBLISHED', 'ANCHOR_ACTED_BY']);
    expect(admit.reasons[1]!.params).toMatchObject({ by: '消防庁 試験' });
  }, 60_000);

  it('refuses an expired request with the reason, audited, the list unchanged (a taken id is refused when sent)', async () => {
    const twin = joinRequest('jp-172049-wajima-city', { name: '輪島市' });
    const late = joinRequest('jp-172031-suzu-city', { name: '珠洲市', expiresInMs: 60 * 60 * 1000 });
    await send(twin.signed);
    await send(late.signed);
    const wajima = (await overview()).requests.find((r) => r.participantId === 'jp-172049-wajima-city')!;
    const approvedOther = await op(app, `/anchor/requests/${wajima.seq}/approve`, { by: '消防庁 試験' });
    expect(approvedOther.statusCode).toBe(201);
    const twinAgain = joinRequest('jp-172049-wajima-city', { name: '輪島市（重複）' });
    // Sent after the id was taken, the node's public route refuses it outright; one kept earlier is refused at approval.
    const refusedOnline = await app.inject({ method: 'POST', url: '/api/v1/join-requests', payload: twinAgain.signed as object });
    expect(refusedOnline.statusCode, refusedOnline.body).toBe(409);

    clock = () => new Date(Date.now() + 2 * 60 * 60 * 1000);
    try {
      const waiting = (await overview()).requests;
      const suzu = waiting.find((r) => r.participantId === 'jp-172031-suzu-city')!;
      expect(suzu.problems.map((p) => p.code)).toEqual(['JOIN_REQUEST_EXPIRED']);
      expect(suzu.signatureVerified).toBe(true);
      const version = (await published()).payload.version;
      const expired = await op(app, `/anchor/requests/${suzu.seq}/approve`, { by: '消防庁 試験' });
      expect(expired.statusCode).toBe(422);
      expect(expired.json()).toMatchObject({ code: 'JOIN_REQUEST_EXPIRED' });
      expect(expired.json().detail).toContain('expired');
      expect((await published()).payload.version).toBe(version);
      expect((await overview()).requests.map((r) => r.participantId)).toContain('jp-172031-suzu-city');
    } finally {
      clock = () => new Date();
    }
    const denied = (await anchorAudit()).filter((e) => e.action === 'admit' && e.decision === 'deny');
    expect(denied.map((e) => e.reasons[0]!.code)).toContain('JOIN_REQUEST_EXPIRED');
    expect(denied.every((e) => e.reasons.some((r) => r.code === 'ANCHOR_ACTED_BY'))).toBe(true);
  }, 60_000);

  it('refuses a second request for a listed id at approval, saying it is taken', async () => {
    const { signed } = joinRequest('jp-174637-noto-town', { name: '能登町' });
    const { signed: again } = joinRequest('jp-174637-noto-town', { name: '能登町（再送）' });
    await send(signed);
    await send(again);
    const [first, second] = (await overview()).requests.filter((r) => r.participantId === 'jp-174637-noto-town');
    expect((await op(app, `/anchor/requests/${first!.seq}/approve`, { by: '消防庁 試験' })).statusCode).toBe(201);
    const taken = await op(app, `/anchor/requests/${second!.seq}/approve`, { by: '消防庁 試験' });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().code).toBe('JOIN_REQUEST_PARTICIPANT_TAKEN');
  }, 60_000);

  it('declines with a reason, and says a request no longer waiting is not found', async () => {
    const suzu = (await overview()).requests.find((r) => r.participantId === 'jp-172031-suzu-city')!;
    expect((await op(app, `/anchor/requests/${suzu.seq}/decline`, { by: '消防庁 試験' })).statusCode).toBe(400);
    const declined = await op(app, `/anchor/requests/${suzu.seq}/decline`, { by: '消防庁 試験', reason: '期限切れ。再申請を依頼' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().message).toContain('declined');
    expect((await overview()).requests.map((r) => r.participantId)).not.toContain('jp-172031-suzu-city');
    const gone = await op(app, `/anchor/requests/${suzu.seq}/approve`, { by: '消防庁 試験' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('JOIN_REQUEST_NOT_FOUND');
  }, 60_000);

  it('suspends and reinstates, and revokes only when confirmed, for good', async () => {
    const id = 'jp-174611-anamizu-town';
    const status = (change: string, extra: object = {}) => op(app, `/anchor/participants/${id}/status`, { by: '消防庁 試験', change, ...extra });
    expect((await status('suspend')).statusCode).toBe(200);
    expect((await overview()).participants.find((p) => p.participantId === id)!.status).toBe('suspended');
    expect((await status('reinstate')).statusCode).toBe(200);
    const unconfirmed = await status('revoke');
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().code).toBe('ANCHOR_REVOKE_NOT_CONFIRMED');
    expect((await overview()).participants.find((p) => p.participantId === id)!.status).toBe('active');
    const revoked = await status('revoke', { confirm: id });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const o = await overview();
    expect(o.revocations).toMatchObject([{ participantId: id }]);
    expect(o.history.slice(0, 3).map((v) => v.operation)).toEqual(['revoke', 'reinstate', 'suspend']);
    const again = await status('reinstate');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ANCHOR_PARTICIPANT_REVOKED_FINAL');
    const unknown = await op(app, '/anchor/participants/jp-000000-nobody/status', { by: '消防庁 試験', change: 'suspend' });
    expect(unknown.statusCode).toBe(404);
  }, 60_000);

  it('says to try again while a tsunagu trust command holds the anchor, and audits the refusal on the node', async () => {
    const held = await openAnchor(anchorDir);
    if (!held.ok) throw new Error(held.problem.code);
    try {
      const busy = await op(app, '/anchor/requests/1/approve', { by: '消防庁 試験' });
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('ANCHOR_BUSY');
      expect(busy.json().detail).toContain('try again');
    } finally {
      await held.session.close();
    }
    const page = await store.audit.query({ order: 'newest-first', limit: 5 });
    if (!page.ok) throw new Error('audit query');
    expect(page.page.entries[0]).toMatchObject({ requester: 'operator:console', action: 'admit', decision: 'deny', reasons: [{ code: 'ANCHOR_BUSY' }, { code: 'ANCHOR_ACTED_BY' }] });
    expect((await op(app, '/anchor')).statusCode).toBe(200);
  }, 60_000);
});
