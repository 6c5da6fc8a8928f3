// Nanao City's client for the writes benchmark in a process of its own, as a real client runs beside (not inside)
// its node: it builds the drafts, serialises and signs each request, and verifies each signed answer, so the node's
// process does only the node's work. Driven over IPC by bench/writes.ts (started with `node --import tsx`).
import { benchClient } from './bench-nodes.ts';
import { sendWrites, type WriteJob, type WriteRun } from './write-client.ts';

export type WriteClientCommand = { id: number; type: 'write'; job: WriteJob } | { id: number; type: 'close' };

export type WriteClientReply = { id: number; ok: true; value: WriteRun | null } | { id: number; ok: false; error: string };

const client = benchClient('nanao');

async function handle(command: WriteClientCommand): Promise<WriteRun | null> {
  switch (command.type) {
    case 'write':
      return sendWrites(client, command.job);
    case 'close':
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

if (process.send === undefined) {
  console.error('write-client-process.ts runs as a child of the writes benchmark (IPC)');
  process.exit(2);
}
process.on('message', (command: WriteClientCommand) => {
  handle(command).then(
    (value) => process.send!({ id: command.id, ok: true, value } satisfies WriteClientReply),
    (e: unknown) => process.send!({ id: command.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WriteClientReply),
  );
});
// The parent going away leaves nothing behind.
process.on('disconnect', () => process.exit(0));
