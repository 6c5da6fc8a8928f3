// Nanao City's client for the writes benchmark in a process of its own, as a real client runs beside (not inside)
// its node: it builds the drafts, serialises and signs each request, and verifies each signed answer, so the node's
// process does only the node's work. Driven over IPC by bench/writes.ts (started with `node --import tsx`).
import { benchClient } from './bench-nodes.ts';
import { serveRpc } from './child-process-rpc.ts';
import { sendWrites, type WriteJob, type WriteRun } from './write-client.ts';

export type WriteClientCommand = { id: number; type: 'write'; job: WriteJob } | { id: number; type: 'close' };

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

serveRpc<WriteClientCommand>('write-client-process.ts', handle);
