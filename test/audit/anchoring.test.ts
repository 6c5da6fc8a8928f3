// Audit anchoring across real nodes on loopback: Nanao sends its signed checkpoints through its outbox to two keepers
// (Ishikawa Prefecture and the Cabinet Office), which verify and keep them. Then Nanao's tail is cut back past an
// anchored checkpoint — in its database and in an export — and `tsunagu audit verify` names the checkpoint, who held
// it and which entries are missing. Forks, rewinds, tampered signatures and revoked senders are refused and recorded;
// only the node itself, a trust anchor and a named auditor may read what a keeper holds.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint, type AuditCheckpoint, type AuditEntryDraft, type AuditLog } from '../../src/audit/index.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { createHttpTransport, createOutboxDispatcher } from '../../src/federation/outbox.ts';
import { createCheckpointAnchoring, resolveKeepers } from '../../src/node/audit-anchoring/checkpoint-sender.ts';
import { freePorts } from '../../src/node/free-ports.ts';
import { builtInPolicies } from '../../src/node/node-policies.ts';
import { createMemoryReplayGuard } from '../../src/node/request-verification/replay-guard.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { verifyAuditLogInStore } from '../../src/store/audit-log-store.ts';
import type { Store } from '../../src/store/types.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { writeKeyFile } from '../../src/trust/key-file.ts';
import { buildTestTrust, type TestParticipantName } from '../../src/trust/test-fixtures.ts';
import { signTrustList } from '../../src/trust/trust-list.ts';
import { createTrustRegistry, type TrustRegistry } from '../../src/trust/trust-registry.ts';
import { runCli } from '../cli/support/run-cli.ts';

const base = buildTestTrust(new Date());
const NANAO = base.participants.nanao.id;
const ISHIKAWA = base.participants.ishikawa.id;
const CABINET = base.participants.national.id;

let root: string;
let dataDir: string;
let registry: TrustRegistry;
const urls = new Map<string, string>();
const keepers: { id: string; store: Store; log: AuditLog; app: FastifyInstance }[] = [];
let env: NodeJS.ProcessEnv;
/** Nanao's checkpoints as its keepers received them. */
const sent: AuditCheckpoint[] = [];
let cutHash = '';

const draft = (i: number): AuditEntryDraft => ({
  kind: 'access-decision',
  requester: ISHIKAWA,
  purpose: 'evacuation-support',
  action: 'query',
  dataset: 'persons',
  fields: ['id', 'location'],
  recordCount: 1,
  decision: 'allow',
  reasons: [{ code: 'POLICY_PERMITTED', params: { permit: 'p1' } }],
  requestId: `req-${i}`,
});

const keeper = (id: string) => keepers.find((k) => k.id === id)!;
const cli = (...args: string[]) => runCli(['--lang', 'en', ...args], env);

/** POST a delivery to `to`, signed as `from`: what a node's outbox sends, built by hand to send what it would not. */
async function deliver(from: TestParticipantName, to: string, payload: unknown, key: string) {
  const url = new URL('federation/deliveries', urls.get(to));
  const body = JSON.stringify({ kind: 'audit-checkpoint', idempotencyKey: key, createdAt: new Date().toISOString(), payload });
  const headers = signRequest({ method: 'POST', url, body, credential: base.credentials[from], signer: base.signers[from], audience: to, now: new Date() });
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key }, body });
  return { status: res.status, body: (await res.json()) as { code?: string; result?: string } };
}

async function readHeld(as: TestParticipantName, from: string, node = NANAO) {
  const client = createFederationClient({ signer: base.signers[as], credential: base.credentials[as], registry });
  const r = await client.request({ participantId: from, url: urls.get(from)! }, 'GET', `/federation/audit-checkpoints/${node}?limit=10`);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r as { status: number; body: { code?: string; checkpoints: { checkpoint: AuditCheckpoint }[]; conflicts: { kind: string }[] } };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tsunagu-anchoring-'));
  dataDir = path.join(root, 'nanao');
  const [pNanao, pIshikawa, pCabinet] = await freePorts('127.0.0.1', 3);
  urls.set(NANAO, `http://127.0.0.1:${pNanao}/`);
  urls.set(ISHIKAWA, `http://127.0.0.1:${pIshikawa}/`);
  urls.set(CABINET, `http://127.0.0.1:${pCabinet}/`);
  // The test trust list, with these three nodes where they really answer.
  const list = base.trustList.payload;
  const entries = list.entries.map((e) => (urls.has(e.participant.id) ? { ...e, participant: { ...e.participant, nodeUrl: urls.get(e.participant.id)! } } : e));
  const signedList = signTrustList({ ...list, entries }, base.anchor.signer, new Date(Date.now() - 60_000));
  const build = createTrustRegistry(base.config, [signedList, base.foreignTrustList], new Date());
  expect(build.rejected).toEqual([]);
  registry = build.registry;

  for (const [id, name] of [[ISHIKAWA, 'ishikawa'], [CABINET, 'national']] as const) {
    const store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
    const opened = await store.audit.open({ signer: base.signers[name] });
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    const app = await buildNodeServer({
      store,
      participantId: id,
      auditLog: opened.log,
      policies: builtInPolicies(id),
      federation: { registry, replayGuard: createMemoryReplayGuard(), signer: base.signers[name] },
      // Ishikawa lets the Cabinet Office audit what it keeps.
      ...(id === ISHIKAWA ? { auditAuditors: [CABINET] } : {}),
    });
    await app.listen({ host: '127.0.0.1', port: Number(new URL(urls.get(id)!).port) });
    keepers.push({ id, store, log: opened.log, app });
  }

  // Nanao: a node on disk with its key, trust files and credential, as `tsunagu serve` and the CLI find them.
  await mkdir(dataDir, { mode: 0o700 });
  const keyWritten = await writeKeyFile(path.join(dataDir, 'node-key.json'), { ...base.parties.nanao.keys, participantId: NANAO });
  expect(keyWritten.ok).toBe(true);
  await writeFile(path.join(root, 'trust-config.json'), JSON.stringify(base.config));
  await writeFile(path.join(root, 'trust-list.json'), JSON.stringify(signedList));
  await writeFile(path.join(root, 'credential.json'), JSON.stringify(base.credentials.nanao));
  env = {
    TSUNAGU_DATA_DIR: dataDir,
    TSUNAGU_NODE_ID: NANAO,
    TSUNAGU_TRUST_CONFIG_FILE: path.join(root, 'trust-config.json'),
    TSUNAGU_TRUST_LIST_FILE: path.join(root, 'trust-list.json'),
    TSUNAGU_CREDENTIAL_FILE: path.join(root, 'credential.json'),
    TSUNAGU_AUDIT_KEEPERS: `${ISHIKAWA},${CABINET}`,
  };

  const store = await openStore({ backend: 'pglite', dataDir });
  const opened = await store.audit.open({ signer: base.signers.nanao });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const log = opened.log;
  const client = createFederationClient({ signer: base.signers.nanao, credential: base.credentials.nanao, registry });
  const outbox = createOutboxDispatcher({ storage: store.outbox, transport: createHttpTransport({ headers: (m, body) => client.deliveryHeaders(m, body) }) });
  const anchoring = createCheckpointAnchoring({
    participantId: NANAO,
    auditLog: log,
    outbox: store.outbox,
    keepers: () => resolveKeepers(NANAO, [ISHIKAWA, CABINET], registry, new Date()).keepers,
  });
  const anchorAndDeliver = async () => {
    const turn = await anchoring.anchorNow();
    if (turn.kind !== 'sent') throw new Error(`nothing sent: ${turn.kind}`);
    sent.push(turn.checkpoint);
    expect(await outbox.deliverDue()).toMatchObject({ delivered: 2, failed: 0 });
  };
  try {
    for (let i = 1; i <= 15; i++) expect((await log.append([draft(i)])).ok).toBe(true);
    // Signed where the cut will be made, as a busy log is signed every second.
    expect((await log.checkpoint())?.seq).toBe(15);
    cutHash = (await log.head()).hash;
    for (let i = 16; i <= 20; i++) await log.append([draft(i)]);
    await anchorAndDeliver(); // entry 21 (the anchoring entry) and its checkpoint
    for (let i = 22; i <= 31; i++) await log.append([draft(i)]);
    await anchorAndDeliver(); // entry 32
    await outbox.stop();
  } finally {
    await log.close();
    await store.close();
  }
}, 120_000);

afterAll(async () => {
  for (const k of keepers) {
    await k.app.close();
    await k.log.close().catch(() => undefined);
    await k.store.close();
  }
  if (root) await rm(root, { recursive: true, force: true });
});

describe('checkpoints kept by other nodes', () => {
  it('are delivered to each keeper, verified and kept, and the receipt is in the keeper\'s log', async () => {
    expect(sent.map((c) => c.seq)).toEqual([21, 32]);
    for (const id of [ISHIKAWA, CABINET]) {
      const held = await keeper(id).store.auditAnchors.held(NANAO, 10);
      expect(held.map((h) => h.checkpoint)).toEqual([...sent].reverse());
      const entries = await keeper(id).store.audit.query({ requester: NANAO, order: 'oldest-first' });
      if (!entries.ok) throw new Error('query');
      expect(entries.page.entries.map((e) => [e.kind, e.decision, e.reasons[0]!.code])).toEqual([
        ['checkpoint-received', 'allow', 'AUDIT_ANCHOR_KEPT'],
        ['checkpoint-received', 'allow', 'AUDIT_ANCHOR_KEPT'],
      ]);
    }
  });

  it('are read by the node itself and by a named auditor, and refused (and audited) to anyone else', async () => {
    const own = await readHeld('nanao', ISHIKAWA);
    expect(own.status).toBe(200);
    expect(own.body.checkpoints.map((c) => c.checkpoint.seq)).toEqual([32, 21]);
    expect((await readHeld('national', ISHIKAWA)).status).toBe(200);
    const stranger = await readHeld('wajima', ISHIKAWA);
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('AUDIT_ANCHOR_READ_DENIED');
    // The Cabinet Office names no auditor: there, Ishikawa is a stranger too.
    expect((await readHeld('ishikawa', CABINET)).status).toBe(403);
    const reads = await keeper(ISHIKAWA).store.audit.query({ dataset: 'audit-checkpoints', order: 'oldest-first' });
    if (!reads.ok) throw new Error('query');
    expect(reads.page.entries.filter((e) => e.kind === 'checkpoint-read').map((e) => [e.requester, e.decision])).toEqual([
      [NANAO, 'allow'],
      [CABINET, 'allow'],
      [base.participants.wajima.id, 'deny'],
    ]);
  });

  it('make `audit verify` compare the log with what the keepers hold', async () => {
    const r = await cli('audit', 'verify');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('Compared with 2 checkpoint(s) kept elsewhere (matched up to entry 32)');
    expect((await cli('audit', 'export', '--out', path.join(root, 'full.jsonl'))).code).toBe(0);
    const anchors = await cli('audit', 'anchors', '--keeper', ISHIKAWA);
    expect(anchors.code).toBe(0);
    expect(anchors.out.map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual([`${ISHIKAWA} #32`, `${ISHIKAWA} #21`]);
  });

  it('match the log also when the database does the hashing (anchored entries come back one by one)', async () => {
    const r = await verifyInDatabase();
    expect([r.ok, r.anchoredThrough]).toEqual([true, 32]);
  });
});

/** Verify Nanao's log where it is stored, hashing in the database, against the heads its keepers hold. */
async function verifyInDatabase() {
  const db = await openPgliteDatabase(dataDir);
  try {
    const anchored = sent.map((cp) => ({ seq: cp.seq, hash: cp.hash, heldBy: ISHIKAWA, checkpoint: cp }));
    const publicKeys = [{ kid: base.signers.nanao.kid, publicKey: base.signers.nanao.publicKey }];
    return await verifyAuditLogInStore(db, publicKeys, { method: 'in-database', anchored, pageSize: 4 });
  } finally {
    await db.close();
  }
}

describe('a tail cut back past an anchored checkpoint', () => {

  beforeAll(async () => {
    // What someone with the database does: entries and checkpoints after 15 deleted, the head rewound to 15.
    const db = await openPgliteDatabase(dataDir);
    await db.exec('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await db.exec('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    await db.exec('DELETE FROM audit_entries WHERE seq > 15');
    await db.exec('DELETE FROM audit_checkpoints WHERE seq > 15');
    await db.exec(`UPDATE audit_head SET seq = 15, hash = '${cutHash}', checkpoint_seq = 15, checkpoint_time = (SELECT time FROM audit_checkpoints WHERE seq = 15)`);
    await db.close();
  }, 60_000);

  it('is named when the database does the hashing too', async () => {
    const r = await verifyInDatabase();
    expect(r.findings.map((f) => [f.kind, f.params.seq, f.params.from])).toEqual([['anchor-truncated', 21, 16], ['anchor-truncated', 32, 16]]);
  });

  it('passes for intact on the log alone — the gap anchoring closes', async () => {
    const r = await cli('audit', 'verify', '--no-keepers');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('Not compared with any checkpoint kept elsewhere');
  });

  it('is named in the database: which checkpoint, held by whom, and which entries are missing', async () => {
    const r = await cli('audit', 'verify');
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    for (const id of [ISHIKAWA, CABINET]) expect(text).toContain(`${id} holds a checkpoint for entry 32 (signed ${sent[1]!.time}, hash ${sent[1]!.hash.slice(0, 16)}…), but the log ends at 15: entries 16 to 32 are missing`);
    const ja = await runCli(['--lang', 'ja', 'audit', 'verify'], env);
    expect(ja.err.join('\n')).toContain(`${ISHIKAWA} が保持するチェックポイント（記録 32 番`);
  });

  it('is named against a head written down earlier', async () => {
    const r = await cli('audit', 'verify', '--no-keepers', '--expected-head', `${sent[0]!.seq}:${sent[0]!.hash}`);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('The given head (entry 21');
    const bad = await cli('audit', 'verify', '--no-keepers', '--expected-head', '21:xyz');
    expect(bad.code).toBe(2);
  });

  it('is named in an export whose header was rewound too', async () => {
    const lines = (await readFile(path.join(root, 'full.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const kept = lines.flatMap((l) => {
      if (l.type === 'header') return [{ ...l, head: { seq: 15, hash: cutHash } }];
      const seq = l.type === 'entry' ? (l.entry as { seq: number }).seq : (l.checkpoint as { seq: number }).seq;
      return seq <= 15 ? [l] : [];
    });
    const file = path.join(root, 'cut.jsonl');
    await writeFile(file, kept.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const key = `${base.signers.nanao.kid}:${base.signers.nanao.publicKey}`;
    expect((await cli('audit', 'verify', file, '--public-key', key, '--no-keepers')).code).toBe(0);
    const r = await cli('audit', 'verify', file, '--public-key', key);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain(`${ISHIKAWA} holds a checkpoint for entry 32`);
    expect(r.err.join('\n')).toContain('entries 16 to 32 are missing');
    expect((await cli('audit', 'verify', path.join(root, 'full.jsonl'), '--public-key', key)).code).toBe(0);
  });
});

describe('what a keeper refuses', () => {
  const sign = (seq: number, hash: string) => signCheckpoint(base.signers.nanao, { seq, hash }, new Date().toISOString());

  it('refuses a fork — the same entry with another hash — keeps it as evidence, and verify shows it', async () => {
    const fork = sign(32, 'f'.repeat(64));
    const r = await deliver('nanao', ISHIKAWA, { checkpoint: fork }, 'fork-1');
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('AUDIT_ANCHOR_FORK');
    const conflicts = await keeper(ISHIKAWA).store.auditAnchors.conflicts(NANAO, 10);
    expect(conflicts).toEqual([expect.objectContaining({ kind: 'fork', offered: fork, held: sent[1] })]);
    expect((await keeper(ISHIKAWA).store.auditAnchors.held(NANAO, 10)).map((h) => h.checkpoint.seq)).toEqual([32, 21]);
    const v = await cli('audit', 'verify', '--keeper', ISHIKAWA);
    expect(v.code).toBe(1);
    expect(v.err.join('\n')).toContain(`${ISHIKAWA} recorded that ${NANAO} sent a checkpoint for entry 32 with another hash`);
  });

  it('refuses a checkpoint behind the newest one held (a rewound node sending again), and takes a repeat as held', async () => {
    const back = await deliver('nanao', ISHIKAWA, { checkpoint: sign(25, 'e'.repeat(64)) }, 'back-1');
    expect([back.status, back.body.code]).toEqual([409, 'AUDIT_ANCHOR_BACKWARDS']);
    const again = await deliver('nanao', ISHIKAWA, { checkpoint: sent[1] }, 'again-1');
    expect([again.status, again.body.result]).toEqual([200, 'already-held']);
  });

  it('refuses a tampered signature and a checkpoint of another node, keeping nothing', async () => {
    const cp = sign(40, 'a'.repeat(64));
    const tampered = { ...cp, signature: `${cp.signature[0] === 'A' ? 'B' : 'A'}${cp.signature.slice(1)}` };
    const t = await deliver('nanao', ISHIKAWA, { checkpoint: tampered }, 'tampered-1');
    expect([t.status, t.body.code]).toEqual([422, 'AUDIT_ANCHOR_SIGNATURE_INVALID']);
    const other = await deliver('wajima', ISHIKAWA, { checkpoint: cp }, 'other-1');
    expect([other.status, other.body.code]).toEqual([403, 'AUDIT_ANCHOR_NODE_MISMATCH']);
    expect((await keeper(ISHIKAWA).store.auditAnchors.held(NANAO, 10)).map((h) => h.checkpoint.seq)).toEqual([32, 21]);
  });

  it('refuses checkpoints from a revoked participant before reading them', async () => {
    const cp = signCheckpoint(base.signers.revoked, { seq: 1, hash: 'a'.repeat(64) }, new Date().toISOString());
    const r = await deliver('revoked', ISHIKAWA, { checkpoint: cp }, 'revoked-1');
    expect(r.status).toBeGreaterThanOrEqual(401);
    expect(r.status).toBeLessThan(404);
    expect(await keeper(ISHIKAWA).store.auditAnchors.held(base.participants.revoked.id, 10)).toEqual([]);
  });

  it('keeps what it holds append-only, like the log itself', async () => {
    const db = await openPgliteDatabase(dataDir);
    try {
      const cp = sent[0]!;
      await db.query('insert into audit_anchor_checkpoints (node, seq, hash, time, kid, signature, received_at) values ($1, $2, $3, $4, $5, $6, now())', [
        ISHIKAWA, cp.seq, cp.hash, cp.time, cp.kid, cp.signature,
      ]);
      await expect(db.query('delete from audit_anchor_checkpoints')).rejects.toThrow(/append-only/);
      await expect(db.query('update audit_anchor_checkpoints set hash = $1', ['0'.repeat(64)])).rejects.toThrow(/append-only/);
      await expect(db.query('truncate audit_anchor_conflicts')).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
    }
  });
});
