import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { message } from '../i18n/index.ts';
import { generateKeyPair } from './keys.ts';
import { loadSigner, readKeyFile, readTrustListFile, writeKeyFile, writeTrustListFile } from './key-file.ts';
import { verifyDocumentSignature, signDocument } from './signed-document.ts';
import { createTrustRegistry, verifyParticipant } from './trust-registry.ts';
import { buildTestTrust } from './test-fixtures.ts';

const posix = process.platform !== 'win32';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsunagu-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('key files', () => {
  it('writes a key file only its owner can read, and reads it back into a working signer', async () => {
    const keys = generateKeyPair('node-key-1');
    const path = join(dir, 'node.key.json');
    expect(await writeKeyFile(path, { ...keys, participantId: 'jp-172022-nanao-city' })).toEqual({ ok: true, value: undefined });
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readKeyFile(path)).toEqual({ ok: true, value: { ...keys, participantId: 'jp-172022-nanao-city' } });
    const signer = await loadSigner(path);
    expect(signer.ok).toBe(true);
    if (!signer.ok) return;
    expect(signer.value.participantId).toBe('jp-172022-nanao-city');
    const doc = signDocument({ hello: 1 }, signer.value, new Date());
    expect(verifyDocumentSignature(doc, keys.publicKey)).toBe(true);
  });

  it.runIf(posix)('refuses a key file that group or others can read, saying how to fix it', async () => {
    const path = join(dir, 'node.key.json');
    await writeKeyFile(path, generateKeyPair('k'));
    await chmod(path, 0o644);
    const r = await readKeyFile(path);
    expect(r).toEqual({ ok: false, problem: { code: 'KEY_FILE_PERMISSIONS', params: { path, mode: '0644' } } });
    if (!r.ok) {
      expect(message(r.problem.code, r.problem.params, 'ja')).toContain(`chmod 600 ${path}`);
      expect(message(r.problem.code, r.problem.params, 'en')).toContain('accessible to other users');
    }
    await chmod(path, 0o640);
    expect(await readKeyFile(path)).toMatchObject({ ok: false, problem: { code: 'KEY_FILE_PERMISSIONS' } });
  });

  it('does not replace an existing key unless told to', async () => {
    const path = join(dir, 'node.key.json');
    const first = generateKeyPair('first');
    const second = generateKeyPair('second');
    await writeKeyFile(path, first);
    expect(await writeKeyFile(path, second)).toEqual({ ok: false, problem: { code: 'KEY_FILE_EXISTS', params: { path } } });
    expect(await readKeyFile(path)).toMatchObject({ ok: true, value: { kid: 'first' } });
    expect((await writeKeyFile(path, second, { overwrite: true })).ok).toBe(true);
    expect(await readKeyFile(path)).toMatchObject({ ok: true, value: { kid: 'second' } });
    if (posix) expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file that is not JSON, misses a field, or whose public key is not its seed’s', async () => {
    const path = join(dir, 'k.json');
    const keys = generateKeyPair('k');
    await writeFile(path, 'privateSeed=abc', { mode: 0o600 });
    expect(await readKeyFile(path)).toMatchObject({ ok: false, problem: { code: 'KEY_FILE_MALFORMED', params: { detail: 'not JSON' } } });
    await writeFile(path, JSON.stringify({ kid: 'k', publicKey: keys.publicKey }), { mode: 0o600 });
    expect(await readKeyFile(path)).toMatchObject({ ok: false, problem: { code: 'KEY_FILE_MALFORMED', field: 'privateSeed' } });
    await writeFile(path, JSON.stringify({ ...keys, publicKey: generateKeyPair('x').publicKey }), { mode: 0o600 });
    expect(await readKeyFile(path)).toMatchObject({ ok: false, problem: { code: 'KEY_FILE_KEY_MISMATCH' } });
    expect(await readKeyFile(join(dir, 'missing.json'))).toMatchObject({ ok: false, problem: { code: 'KEY_FILE_NOT_FOUND', params: { path: join(dir, 'missing.json') } } });
  });

  it('never puts the private seed in a problem', async () => {
    const path = join(dir, 'k.json');
    const keys = generateKeyPair('k');
    await writeFile(path, `{"kid":"k","privateSeed":"${keys.privateSeed}",`, { mode: 0o600 });
    const r = await readKeyFile(path);
    expect(JSON.stringify(r)).not.toContain(keys.privateSeed);
  });
});

describe('cached trust list files', () => {
  it('caches a trust list and verifies participants offline from the cached copy, stale after nextUpdate', async () => {
    const now = new Date('2024-01-02T09:00:00+09:00');
    const t = buildTestTrust(now);
    const path = join(dir, 'trust-list.json');
    expect((await writeTrustListFile(path, t.trustList)).ok).toBe(true);
    const cached = await readTrustListFile(path);
    expect(cached.ok).toBe(true);
    if (!cached.ok) return;
    const later = new Date(now.getTime() + 60 * 86_400_000);
    const { registry, rejected } = createTrustRegistry(t.config, [cached.value], later);
    expect(rejected).toEqual([]);
    const v = verifyParticipant('jp-172049-wajima-city', registry, later);
    expect(v).toMatchObject({ ok: true, warnings: [{ code: 'TRUST_LIST_STALE' }] });
  });

  it('reports a cached list file that is missing or not JSON', async () => {
    expect(await readTrustListFile(join(dir, 'none.json'))).toMatchObject({ ok: false, problem: { code: 'TRUST_LIST_FILE_NOT_READABLE' } });
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"payload":');
    expect(await readTrustListFile(path)).toMatchObject({ ok: false, problem: { code: 'TRUST_LIST_FILE_NOT_READABLE' } });
    expect(await readFile(path, 'utf8')).toBe('{"payload":');
  });
});
