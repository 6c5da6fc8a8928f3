// The node's signing key: a key file (mode 0600) at TSUNAGU_KEY_FILE, or node-key.json beside the embedded database.
import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { message } from '../i18n/index.ts';
import { generateKeyPair, type NodeSigner } from '../trust/keys.ts';
import { loadSigner, writeKeyFile } from '../trust/key-file.ts';
import { DEFAULT_DATA_DIR } from '../store/config.ts';
import type { CliContext } from './context.ts';
import { CliConfigError } from './store-from-env.ts';

export function nodeKeyPath(env: NodeJS.ProcessEnv): string {
  if (env.TSUNAGU_KEY_FILE) return path.resolve(env.TSUNAGU_KEY_FILE);
  const dir = env.TSUNAGU_DATABASE_URL ? '.tsunagu' : env.TSUNAGU_DATA_DIR || DEFAULT_DATA_DIR;
  return path.resolve(dir, 'node-key.json');
}

/** Load the node's key, creating one on first use when `create` is set (a new node has no key yet). */
export async function nodeSigner(ctx: CliContext, participantId: string, options: { create: boolean }): Promise<NodeSigner> {
  const file = nodeKeyPath(ctx.env);
  let loaded = await loadSigner(file, participantId);
  if (!loaded.ok && loaded.problem.code === 'KEY_FILE_NOT_FOUND' && options.create) {
    // Private like the data directory it usually sits in (a node refuses a data directory others can read).
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // The key id names when it was made, and a random part: two keys made in the same second (a rotation) differ.
    const kid = `${participantId}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    const written = await writeKeyFile(file, { ...generateKeyPair(kid), participantId });
    if (!written.ok) throw new CliConfigError(message(written.problem.code, written.problem.params, ctx.lang));
    loaded = await loadSigner(file, participantId);
  }
  if (!loaded.ok) throw new CliConfigError(message(loaded.problem.code, loaded.problem.params, ctx.lang));
  return loaded.value;
}
