// `tsunagu serve` given trust files (TSUNAGU_TRUST_CONFIG_FILE, TSUNAGU_TRUST_LIST_FILE, TSUNAGU_CREDENTIAL_FILE and the
// node's TSUNAGU_KEY_FILE) verifies signed requests, signs its answers and accepts declarations like a demo node, and
// refuses to start, saying why in the reader's language, when the files do not describe this node.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { signRequest } from '../../src/trust/http-signatures/request-signature.ts';
import { writeKeyFile } from '../../src/trust/key-file.ts';
import { buildTestTrust, JP_TRUST_LIST_ID, type TestParticipantName } from '../../src/trust/test-fixtures.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Files {
  list?: unknown;
  credential?: TestParticipantName;
  key?: TestParticipantName;
}

/** A node directory with trust files; by default everything describes Nanao. */
async function nodeEnv(files: Files = {}): Promise<NodeJS.ProcessEnv> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-serve-'));
  dirs.push(dir);
  const config = { anchors: [{ anchorId: trust.anchor.participant.id, trustListId: JP_TRUST_LIST_ID, keys: trust.anchor.participant.keys }] };
  writeFileSync(path.join(dir, 'trust-config.json'), JSON.stringify(config));
  writeFileSync(path.join(dir, 'trust-list.json'), JSON.stringify(files.list ?? trust.trustList));
  writeFileSync(path.join(dir, 'credential.json'), JSON.stringify(trust.credentials[files.credential ?? 'nanao']));
  const written = await writeKeyFile(path.join(dir, 'node-key.json'), trust.parties[files.key ?? 'nanao'].keys);
  if (!written.ok) throw new Error(written.problem.code);
  return {
    TSUNAGU_DATA_DIR: path.join(dir, 'db'),
    TSUNAGU_NODE_ID: NANAO,
    TSUNAGU_PORT: '0',
    LOG_LEVEL: 'silent',
    TSUNAGU_KEY_FILE: path.join(dir, 'node-key.json'),
    TSUNAGU_TRUST_CONFIG_FILE: path.join(dir, 'trust-config.json'),
    TSUNAGU_TRUST_LIST_FILE: path.join(dir, 'trust-list.json'),
    TSUNAGU_CREDENTIAL_FILE: path.join(dir, 'credential.json'),
  };
}

function io(out: string[], err: string[], onOut?: (line: string) => void): CliIo {
  return { out: (l) => (out.push(l), onOut?.(l)), err: (l) => err.push(l), interactive: false };
}

async function refusal(env: NodeJS.ProcessEnv, lang = 'en'): Promise<{ code: number; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'tsunagu', '--lang', lang, 'serve'], io(out, err), env);
  return { code, err: err.join('\n') };
}

describe('tsunagu serve with trust files', () => {
  it('answers a signed request with a signed answer, accepts a declaration, and refuses a forged request', async () => {
    const env = await nodeEnv();
    const out: string[] = [];
    const err: string[] = [];
    const before = { SIGINT: process.rawListeners('SIGINT'), SIGTERM: process.rawListeners('SIGTERM') };
    let started!: (url: string) => void;
    const url = new Promise<string>((resolve) => (started = resolve));
    const running = main(['node', 'tsunagu', '--lang', 'en', 'serve'], io(out, err, (l) => {
      const m = /API:\s+(\S+)\/api\/v1\/catalog/.exec(l);
      if (m) started(m[1]!);
    }), env);
    const base = await Promise.race([url, running.then((code) => Promise.reject(new Error(`serve exited ${code}: ${err.join('\n')}`)))]);
    try {
      expect(out.join('\n')).toMatch(/Accepting signed requests \(trust list jp-tsunagu-trust-list, credential cred-jp-172022-nanao-city\)/);
      // The test anchor has no node of its own and no peer was chosen: the node says nobody keeps its checkpoints.
      expect(out.join('\n')).toContain('No keeper for the audit checkpoints: set TSUNAGU_AUDIT_KEEPERS');
      const ishikawa = createFederationClient({ signer: trust.signers.ishikawa, credential: trust.credentials.ishikawa, registry: trust.registry });
      const target = { participantId: NANAO, url: base };
      const answer = await ishikawa.query(target, 'shelters', { purpose: 'evacuation-support' });
      expect(answer.ok && answer.status).toBe(200);
      expect(answer.ok && answer.verified.responder).toBe(NANAO);
      const declared = await ishikawa.sendDeclaration(target, trust.declare('ishikawa'));
      expect(declared.ok && declared.status).toBe(201);

      const query = `${base}/api/v1/datasets/shelters/query`;
      const body = JSON.stringify({ purpose: 'evacuation-support' });
      const headers = signRequest({ method: 'POST', url: query, body, credential: trust.credentials.ishikawa, signer: trust.signers.ishikawa, audience: NANAO, now: new Date() });
      const forged = { ...headers, signature: headers.signature!.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`) };
      const refused = await fetch(query, { method: 'POST', headers: { ...forged, 'content-type': 'application/json' }, body });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('FEDERATION_SIGNATURE_INVALID');
    } finally {
      // The command stops on SIGINT or SIGTERM; call its own handlers rather than signal the test process.
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        for (const l of process.rawListeners(signal)) {
          if (before[signal].includes(l)) continue;
          process.removeListener(signal, l as (...args: unknown[]) => void);
          if (signal === 'SIGTERM') (l as (s: string) => void)(signal);
        }
      }
      expect(await running).toBe(0);
    }
  }, 60_000);

  it('refuses to start with a credential issued to another participant', async () => {
    const r = await refusal(await nodeEnv({ credential: 'ishikawa' }));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Credential cred-jp-170003-ishikawa-pref is for jp-170003-ishikawa-pref, not for this node (${NANAO})`);
  });

  it('refuses to start with a key the credential does not name, in Japanese by default', async () => {
    const r = await refusal(await nodeEnv({ key: 'wajima' }), 'ja');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/鍵 jp-172049-wajima-city-key-1 は資格証明 cred-jp-172022-nanao-city に含まれていません/);
  });

  it('refuses to start with a trust list that does not verify against the pinned anchor key', async () => {
    const tampered = { ...trust.trustList, payload: { ...trust.trustList.payload, nextUpdate: new Date(Date.now() + 400 * 86_400_000).toISOString() } };
    const r = await refusal(await nodeEnv({ list: tampered }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/The trust list .*trust-list\.json does not verify: TRUST_SIGNATURE_INVALID/);
  });

  it('refuses to start with a dead-letter retention that is not a positive number of days', async () => {
    const r = await refusal({ ...(await nodeEnv()), TSUNAGU_OUTBOX_DEAD_LETTER_DAYS: '-3' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TSUNAGU_OUTBOX_DEAD_LETTER_DAYS="-3": .*must be a positive number of days/);
  });

  it('refuses to start with audit keepers that are not participant ids', async () => {
    const r = await refusal({ ...(await nodeEnv()), TSUNAGU_AUDIT_KEEPERS: 'Ishikawa Pref' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('TSUNAGU_AUDIT_KEEPERS must be participant ids separated by commas: Ishikawa Pref');
  });

  it('refuses to start with only some of the trust files named', async () => {
    const env = await nodeEnv();
    delete env.TSUNAGU_CREDENTIAL_FILE;
    const r = await refusal(env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/incomplete: set TSUNAGU_CREDENTIAL_FILE too/);
  });
});
