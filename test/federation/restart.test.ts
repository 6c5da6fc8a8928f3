// A node that restarts keeps its federation state: Nanao (embedded database on disk, the same wiring as the demo and
// `tsunagu serve`) receives Ishikawa's declaration and a signed request, stops, starts again on another port, and
// still weighs the declaration and still refuses the request captured before the restart.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/audit/index.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { createDurableReplayGuard } from '../../src/node/request-verification/durable-replay-guard.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { loadDeclarationBook } from '../../src/node/declaration-book.ts';
import { builtInPolicies, type NodePolicy } from '../../src/node/node-policies.ts';
import { buildNodeServer } from '../../src/node/server.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';
import { nanaoPersonsPolicy, syntheticNanaoPerson } from './support/nanao-persons.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;

function policies(): NodePolicy[] {
  return [nanaoPersonsPolicy(), ...builtInPolicies(NANAO)];
}

interface Node {
  store: Store;
  log: AuditLog;
  app: FastifyInstance;
  url: string;
}

let dir: string;
let nanao: Node | undefined;

async function startNanao(): Promise<Node> {
  const store = await openStore({ backend: 'pglite', dataDir: dir });
  const opened = await store.audit.open({ signer: trust.signers.nanao });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const declarations = await loadDeclarationBook({ storage: store.declarations, registry: trust.registry, auditLog: opened.log });
  const app = await buildNodeServer({
    store,
    participantId: NANAO,
    auditLog: opened.log,
    policies: policies(),
    federation: { registry: trust.registry, replayGuard: createDurableReplayGuard(store.replayNonces), signer: trust.signers.nanao },
    declarationBook: declarations.book,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { store, log: opened.log, app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

async function stop(n: Node | undefined): Promise<void> {
  if (!n) return;
  await n.app.close();
  await n.log.close().catch(() => undefined);
  await n.store.close();
}

const ishikawa = createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry });
const target = () => ({ participantId: NANAO, url: nanao!.url });
const readPersons = () => ishikawa.query(target(), 'persons', { purpose: 'life-saving', area: ['172022'] });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-restart-'));
  nanao = await startNanao();
  await nanao.store.upsert([1, 2].map((n) => syntheticNanaoPerson(n)));
}, 60_000);

afterAll(async () => {
  await stop(nanao);
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('a node restarting', () => {
  const body = JSON.stringify({ purpose: 'life-saving', area: ['172022'] });
  let captured: Record<string, string>;

  it('accepts a declaration and a signed request before it stops', async () => {
    const before = await readPersons();
    expect(before.ok && before.status).toBe(403);
    const declared = await ishikawa.sendDeclaration(target(), trust.declare('ishikawa'));
    expect(declared.ok && declared.status).toBe(201);
    const url = `${nanao!.url}/api/v1/datasets/persons/query`;
    captured = signRequest({ method: 'POST', url, body, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NANAO, now: new Date() });
    const res = await fetch(url, { method: 'POST', headers: { ...captured, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
  });

  it('still weighs the declaration after it starts again', async () => {
    await stop(nanao);
    nanao = undefined;
    nanao = await startNanao();
    const r = await readPersons();
    expect(r.ok && r.status).toBe(200);
    expect(r.ok && (r.body as { items: { id: string }[] }).items.map((p) => p.id)).toEqual(['nanao-person-1', 'nanao-person-2']);
    const listed = (await (await fetch(`${nanao.url}/api/v1/declarations`)).json()) as { items: { active: boolean }[] };
    expect(listed.items.map((i) => i.active)).toEqual([true]);
  }, 60_000);

  it('refuses, after the restart, a request captured before it', async () => {
    const res = await fetch(`${nanao!.url}/api/v1/datasets/persons/query`, { method: 'POST', headers: { ...captured, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('FEDERATION_REPLAYED');
  });
});
