// Where a running demo node can be reached by its operator: its URL and this run's operator token, written beside the
// node's database (owner-only, like the keys) while the node runs and removed when it stops, so `tsunagu audit …
// --node nanao` and `tsunagu outbox … --node nanao` go through the node's operator API instead of the database the
// running node holds locked.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OperatorAccess {
  participantId: string;
  url: string;
  token: string;
}

export function operatorAccessFile(root: string, participantId: string): string {
  return path.join(path.resolve(root), 'nodes', participantId, 'operator.json');
}

export async function writeOperatorAccess(root: string, access: OperatorAccess): Promise<void> {
  await writeFile(operatorAccessFile(root, access.participantId), `${JSON.stringify(access)}\n`, { mode: 0o600 });
}

export async function removeOperatorAccess(root: string, participantId: string): Promise<void> {
  await rm(operatorAccessFile(root, participantId), { force: true });
}

/** The access a running demo node left, or undefined when there is none (the node is not running, or never ran). */
export async function readOperatorAccess(root: string, participantId: string): Promise<OperatorAccess | undefined> {
  let text: string;
  try {
    text = await readFile(operatorAccessFile(root, participantId), 'utf8');
  } catch {
    return undefined;
  }
  const v = JSON.parse(text) as Partial<OperatorAccess>;
  return typeof v.url === 'string' && typeof v.token === 'string' && typeof v.participantId === 'string' ? { participantId: v.participantId, url: v.url, token: v.token } : undefined;
}
