// Locate the real-format sample files in ../shared/data (beside the repository), or TSUNAGU_SHARED_DATA.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedDataPath(...parts: string[]): string {
  const base = process.env.TSUNAGU_SHARED_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
  const p = path.join(base, ...parts);
  if (!existsSync(p)) throw new Error(`sample data not found: ${p} (set TSUNAGU_SHARED_DATA to the shared/data folder)`);
  return p;
}
