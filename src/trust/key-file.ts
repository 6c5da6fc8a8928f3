// The node's key file and the cached trust list file: the only file I/O of trust. A private key file must be
// readable by its owner alone; a cached list lets trust be verified with the network down.
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { ParticipantIdSchema } from '../model/common.ts';
import { validate } from '../model/validate.ts';
import { createSigner, keyPairFromSeed, type KeyPairExport, type NodeSigner } from './keys.ts';
import { problem, schemaProblems } from './problems.ts';
import type { TrustProblem } from './verified.ts';

const Base64url32 = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

export const KeyFileSchema = Type.Object(
  {
    kid: Type.String({ minLength: 1, maxLength: 100 }),
    publicKey: Base64url32,
    privateSeed: Base64url32,
    participantId: Type.Optional(ParticipantIdSchema),
  },
  { additionalProperties: false },
);
export type KeyFile = Static<typeof KeyFileSchema>;

export type FileResult<T> = { ok: true; value: T } | { ok: false; problem: TrustProblem };

function detail(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? (err instanceof Error ? err.message : String(e));
}

/**
 * Write a key file readable by its owner only (0600). It refuses to replace an existing key unless told to,
 * since a lost private key is a lost identity; a replacement is written beside it and renamed into place.
 */
export async function writeKeyFile(path: string, keys: KeyPairExport & { participantId?: string }, options: { overwrite?: boolean } = {}): Promise<FileResult<void>> {
  const file: KeyFile = {
    kid: keys.kid,
    publicKey: keys.publicKey,
    privateSeed: keys.privateSeed,
    ...(keys.participantId === undefined ? {} : { participantId: keys.participantId }),
  };
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const target = options.overwrite ? join(dirname(path), `.${basename(path)}.${process.pid}.tmp`) : path;
  try {
    const handle = await open(target, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (target !== path) await rename(target, path);
    return { ok: true, value: undefined };
  } catch (e) {
    if (target !== path) await unlink(target).catch(() => undefined);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && target === path) return { ok: false, problem: problem('KEY_FILE_EXISTS', { path }) };
    return { ok: false, problem: problem('KEY_FILE_NOT_WRITABLE', { path, detail: detail(e) }) };
  }
}

/**
 * Read a key file. Refused when group or others have any access to it (POSIX systems), when it is not a key
 * file, or when its public key does not belong to its private seed.
 */
export async function readKeyFile(path: string): Promise<FileResult<KeyFile>> {
  let text: string;
  try {
    const s = await stat(path);
    if (!s.isFile()) return { ok: false, problem: problem('KEY_FILE_NOT_READABLE', { path, detail: 'not a regular file' }) };
    if (process.platform !== 'win32' && (s.mode & 0o077) !== 0) {
      return { ok: false, problem: problem('KEY_FILE_PERMISSIONS', { path, mode: (s.mode & 0o777).toString(8).padStart(4, '0') }) };
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, problem: problem('KEY_FILE_NOT_FOUND', { path }) };
    return { ok: false, problem: problem('KEY_FILE_NOT_READABLE', { path, detail: detail(e) }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's content, which here is a secret.
    return { ok: false, problem: problem('KEY_FILE_MALFORMED', { path, field: '(document)', detail: 'not JSON' }, '(document)') };
  }
  const v = validate(KeyFileSchema, json);
  if (!v.ok) {
    const first = schemaProblems(v.problems, 'KEY_FILE_MALFORMED', { path })[0]!;
    return { ok: false, problem: first };
  }
  let derived: string;
  try {
    derived = keyPairFromSeed(v.value.kid, v.value.privateSeed).publicKey;
  } catch {
    return { ok: false, problem: problem('KEY_FILE_MALFORMED', { path, field: 'privateSeed', detail: 'not a 32-byte seed' }, 'privateSeed') };
  }
  if (derived !== v.value.publicKey) return { ok: false, problem: problem('KEY_FILE_KEY_MISMATCH', { path }) };
  return { ok: true, value: v.value };
}

/** Read a key file and make the node's signer for `participantId` (default: the file's own participantId). */
export async function loadSigner(path: string, participantId?: string): Promise<FileResult<NodeSigner>> {
  const r = await readKeyFile(path);
  if (!r.ok) return r;
  const id = participantId ?? r.value.participantId;
  if (id === undefined) {
    return { ok: false, problem: problem('KEY_FILE_MALFORMED', { path, field: 'participantId', detail: 'no participant id given or stored' }, 'participantId') };
  }
  return { ok: true, value: createSigner(id, { kid: r.value.kid, publicKey: r.value.publicKey, privateSeed: r.value.privateSeed }) };
}

/**
 * Read a cached trust list file. The result is an unverified document: hand it to `createTrustRegistry`,
 * which verifies it against configuration like a freshly downloaded one.
 */
export async function readTrustListFile(path: string): Promise<FileResult<unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, problem: problem('TRUST_LIST_FILE_NOT_READABLE', { path, detail: detail(e) }) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, problem: problem('TRUST_LIST_FILE_NOT_READABLE', { path, detail: e instanceof Error ? e.message : 'not JSON' }) };
  }
}

/** Cache a trust list document (write beside, then rename, so a reader never sees half a list). */
export async function writeTrustListFile(path: string, doc: unknown): Promise<FileResult<void>> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o644 });
    await rename(tmp, path);
    return { ok: true, value: undefined };
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return { ok: false, problem: problem('TRUST_LIST_FILE_NOT_WRITABLE', { path, detail: detail(e) }) };
  }
}
