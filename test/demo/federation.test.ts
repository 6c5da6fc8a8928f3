// The demo federation starts on free loopback ports with every node healthy and holding its data, accepts a
// declaration issued from its keys, refuses declarations the trust list does not allow, and starts again from the
// same state without new keys or a second import.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDeclaration, prepareDeclaration } from '../../src/demo/declare.ts';
import { startDemoFederation, type DemoFederation } from '../../src/demo/federation.ts';
import { renderDemoBanner } from '../../src/demo/render.ts';
import { demoParticipants } from '../../src/demo/scenario.ts';
import { verifyCredential } from '../../src/trust/credential.ts';
import { main } from '../../src/cli/main.ts';
import { createFederationClient } from '../../src/federation/client.ts';

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tsunagu', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false }, env);
  return { code, out, err };
}

let root: string;
let federation: DemoFederation | undefined;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-demo-'));
  federation = await startDemoFederation({ root, basePort: 0, logLevel: 'silent' });
}, 300_000);

afterAll(async () => {
  await federation?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

describe('the Noto demo federation', () => {
  it('runs one healthy node per participant, each answering as itself on its own port', async () => {
    const fed = federation!;
    expect(fed.nodes.map((n) => n.participant.id)).toEqual(demoParticipants.map((p) => p.id));
    expect(new Set(fed.nodes.map((n) => n.port)).size).toBe(demoParticipants.length);
    for (const n of fed.nodes) {
      const res = await fetch(`${n.url}/health`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { participant: string }).participant).toBe(n.participant.id);
    }
  });

  it('holds the real shelters at the authorities and the synthetic persons at the cities, clinic and care provider', () => {
    const summary = Object.fromEntries(federation!.nodes.map((n) => [n.participant.key, n.summary]));
    expect(summary.national).toEqual({ shelters: 0, persons: 0 });
    expect(summary.ishikawa!.shelters).toBeGreaterThan(summary.nanao!.shelters + summary.wajima!.shelters);
    expect(summary.nanao!.shelters).toBeGreaterThan(100);
    expect(summary.wajima!.shelters).toBeGreaterThan(50);
    // 300 on Nanao's list and 200 on Wajima's, with the infants of listed households (two and one).
    expect(summary.nanao!.persons).toBe(302);
    expect(summary.wajima!.persons).toBe(201);
    expect(summary.dialysis).toEqual({ shelters: 0, persons: 60 });
    expect(summary.care).toEqual({ shelters: 0, persons: 80 });
  });

  it('answers public shelter reads for Nanao from the real data', async () => {
    const nanao = federation!.nodes.find((n) => n.participant.key === 'nanao')!;
    const res = await fetch(`${nanao.url}/api/v1/shelters?area=172022&purpose=evacuation-support`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('七尾市');
  });

  it('holds the reconstructed Noto telegrams as exercise alerts, never in the real picture', async () => {
    const nanao = federation!.nodes.find((n) => n.participant.key === 'nanao')!;
    const ask = async (status: string) => {
      const res = await fetch(`${nanao.url}/operator/alerts?status=${status}`, { headers: { authorization: `Bearer ${nanao.operatorToken}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { kinds: string[]; headline?: string }[] }).items;
    };
    const exercise = await ask('exercise');
    expect(exercise.flatMap((a) => a.kinds)).toEqual(expect.arrayContaining(['major-tsunami-warning', 'earthquake-intensity']));
    expect(exercise.every((a) => a.headline?.includes('再構成'))).toBe(true);
    expect(await ask('actual')).toEqual([]);
  });

  it('keeps one private key file per participant and credentials the anchor issued for the listed nodes', async () => {
    const fed = federation!;
    for (const p of demoParticipants) {
      const s = await stat(fed.paths.keyFile(p.id));
      expect(s.mode & 0o077).toBe(0);
      const credential = fed.trust.credentials.get(p.id)!;
      expect(credential.payload.issuer).toBe('jp-fdma');
      expect(verifyCredential(credential, fed.trust.registry, new Date()).ok).toBe(true);
      const listed = fed.trust.registry.participants.get(p.id)!.entry.participant;
      const node = fed.nodes.find((n) => n.participant.id === p.id)!;
      expect(listed.nodeUrl).toBe(`${node.url}/`);
    }
  });

  it('prints every participant with its URL in Japanese and in English', () => {
    const ja = renderDemoBanner({ root, nodes: federation!.nodes, lang: 'ja' }).join('\n');
    const en = renderDemoBanner({ root, nodes: federation!.nodes, lang: 'en' }).join('\n');
    for (const n of federation!.nodes) {
      expect(ja).toContain(n.url);
      expect(ja).toContain(n.participant.name.ja);
      expect(en).toContain(n.participant.name.en);
    }
    expect(ja).toContain('合成データ');
    expect(en).toContain('synthetic');
  });

  it('delivers a declaration the national agency signs to the nodes, which accept it', async () => {
    const prepared = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022,172049', expires: '72h', to: 'nanao,wajima' });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(JSON.parse(await readFile(prepared.value.file, 'utf8'))).toEqual(prepared.value.signed);
    const outcomes = await Promise.all(prepared.value.targets.map((t) => deliverDeclaration(t, prepared.value.signed)));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted']);
  });

  it('lets Ishikawa read Nanao\'s support list for life-saving once the declaration is in force, under Nanao\'s policy', async () => {
    const fed = federation!;
    const ishikawa = fed.nodes.find((n) => n.participant.key === 'ishikawa')!;
    const nanao = fed.nodes.find((n) => n.participant.key === 'nanao')!;
    const client = createFederationClient({
      signer: fed.trust.signers.get(ishikawa.participant.id)!,
      credential: fed.trust.credentials.get(ishikawa.participant.id)!,
      registry: fed.trust.registry,
    });
    const target = { participantId: nanao.participant.id, url: nanao.url };
    const answer = await client.query(target, 'persons', { purpose: 'life-saving', area: ['172022'], limit: 5 });
    expect(answer.ok && answer.status).toBe(200);
    const text = JSON.stringify(answer.ok ? answer.body : null);
    expect(text).toContain('nanao-support-');
    // Nanao's policy grants care needs, never the dialysis schedule, for life-saving.
    expect(text).not.toContain('"schedule"');
  });

  it('refuses, before signing, a city declaring outside its jurisdiction, a clinic declaring at all, and unknown participants', async () => {
    const outside = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172049', as: 'nanao' });
    expect(outside.ok ? undefined : outside.problem.code).toBe('DEMO_AREA_OUTSIDE_JURISDICTION');
    const clinic = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022', as: 'dialysis' });
    expect(clinic.ok ? undefined : clinic.problem.code).toBe('DEMO_MAY_NOT_DECLARE');
    const nobody = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022', as: 'somebody' });
    expect(nobody.ok ? undefined : nobody.problem.code).toBe('DEMO_UNKNOWN_PARTICIPANT');
    const badArea = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172023' });
    expect(badArea.ok ? undefined : badArea.problem.code).toBe('DEMO_AREA_INVALID');
  });

  it('issues a declaration from the command line, and explains in the reader\'s language what it refuses', async () => {
    const env = { TSUNAGU_DATA_DIR: root, TSUNAGU_LANG: 'ja' };
    const ok = await cli(['declare', '--hazard', 'earthquake', '--phase', 'emergency', '--area', '172022,172049', '--to', 'wajima'], env);
    expect(ok.err).toEqual([]);
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toContain('受け付けられました（HTTP 201）');
    const outside = await cli(['--lang', 'en', 'declare', '--hazard', 'earthquake', '--phase', 'emergency', '--area', '172049', '--as', 'nanao'], env);
    expect(outside.code).toBe(2);
    expect(outside.err.join('\n')).toContain('outside its jurisdiction: 172049');
    const unknown = await cli(['declare', '--hazard', 'earthquake', '--phase', 'emergency', '--area', '172022', '--as', 'somebody'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toContain('参加者「somebody」はデモにいません');
    const notSetUp = await cli(['declare', '--hazard', 'earthquake', '--phase', 'emergency', '--area', '172022'], { TSUNAGU_DATA_DIR: path.join(root, 'nothing-here') });
    expect(notSetUp.code).toBe(2);
  });

  it('says a node is unreachable rather than failing', async () => {
    const prepared = await prepareDeclaration({ root, hazard: 'earthquake', phase: 'emergency', areas: '172022' });
    if (!prepared.ok) throw new Error(prepared.problem.code);
    const outcome = await deliverDeclaration('http://127.0.0.1:9/', prepared.value.signed, 2_000);
    expect(outcome.kind).toBe('unreachable');
  });

  it('starts again from its saved state with the same keys and without importing twice', async () => {
    const before = federation!;
    const keys = new Map([...before.trust.signers].map(([id, s]) => [id, s.publicKey]));
    const summaries = before.nodes.map((n) => n.summary);
    await before.close();
    federation = undefined;
    federation = await startDemoFederation({ root, basePort: 0, logLevel: 'silent' });
    expect(new Map([...federation.trust.signers].map(([id, s]) => [id, s.publicKey]))).toEqual(keys);
    expect(federation.nodes.map((n) => n.summary)).toEqual(summaries);
  }, 90_000);
});
