// One provider node in a process of its own (its own store, audit log, key and event loop), driven by the
// federated-query benchmark over IPC: started with `node --import tsx`, as a real organisation's node would run
// on its own machine. Messages: start (a store config), load (its persons), stats (served time and CPU), close.
import type { StoreConfig } from '../src/store/config.ts';
import { startBenchNode, type BenchNode, type ServedTime } from './bench-nodes.ts';
import { serveRpc } from './child-process-rpc.ts';
import { loadPersons } from './federated-persons.ts';

export type ProviderCommand =
  | { id: number; type: 'start'; config: StoreConfig }
  | { id: number; type: 'load'; node: number; perNode: number }
  | { id: number; type: 'stats' }
  | { id: number; type: 'close' };

export interface ProviderStats {
  served: ServedTime;
  /** CPU time of this whole process (user + system) since it started. */
  cpuMs: number;
}


let node: BenchNode | undefined;

async function handle(command: ProviderCommand): Promise<unknown> {
  switch (command.type) {
    case 'start':
      node = await startBenchNode(command.config);
      return node.target;
    case 'load':
      if (node === undefined) throw new Error('not started');
      await loadPersons(node.store, command.node, command.perNode);
      return null;
    case 'stats': {
      if (node === undefined) throw new Error('not started');
      const cpu = process.cpuUsage();
      const stats: ProviderStats = { served: node.served(), cpuMs: (cpu.user + cpu.system) / 1000 };
      return stats;
    }
    case 'close':
      await node?.close();
      node = undefined;
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

serveRpc<ProviderCommand>('provider-process.ts', handle);
