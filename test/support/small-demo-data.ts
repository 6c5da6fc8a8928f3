// The bundled data cut down for demo tests: the GSI shelters of the two demo cities only (the prefecture then starts in
// seconds instead of importing every shelter in Ishikawa), plus whichever other bundled folders a test needs, linked.
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { bundledDataDir } from '../../src/demo/federation.ts';

export async function smallDemoDataDir(into: string, folders: readonly string[] = ['logistics']): Promise<string> {
  const dir = path.join(into, 'data');
  await mkdir(dir);
  for (const folder of folders) await symlink(path.join(bundledDataDir, folder), path.join(dir, folder));
  for (const kind of ['evacuation', 'emergency']) {
    await mkdir(path.join(dir, 'gsi-shelters', 'ishikawa', kind), { recursive: true });
    for (const city of ['172022', '172049']) {
      await symlink(path.join(bundledDataDir, 'gsi-shelters', 'ishikawa', kind, `${city}.json`), path.join(dir, 'gsi-shelters', 'ishikawa', kind, `${city}.json`));
    }
  }
  return dir;
}
