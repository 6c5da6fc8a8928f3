// Benchmark parts that run in a process of their own (provider nodes, the write client), driven over IPC: the parent
// side (`forkRpc`: numbered commands, one answer each, a clean close) and the child side (`serveRpc`), shared so
// every such process behaves alike.
import { fork } from 'node:child_process';

/** What a child answers to a command: its value, or the error it threw. */
export type RpcReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A command as the parent sends it: without the id the RPC adds (distributed over a union of commands). */
export type CommandBody<C extends { id: number }> = C extends unknown ? Omit<C, 'id'> : never;

export interface ChildRpc<C extends { id: number; type: string }> {
  call<T>(command: CommandBody<C>): Promise<T>;
  /** Send `{ type: 'close' }`, wait up to 5 s for the child to exit, then kill it. */
  close(): Promise<void>;
  kill(): void;
}

/** Start `entry` with `node --import tsx` and talk to it; `name` labels its errors. */
export function forkRpc<C extends { id: number; type: string }>(entry: string, name: string): ChildRpc<C> {
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let exited = false;
  child.on('message', (reply: RpcReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) p?.resolve(reply.value);
    else p?.reject(new Error(`${name}: ${reply.error}`));
  });
  child.on('exit', (code) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${name} exited (${code})`));
    pending.clear();
  });
  const call = <T>(command: CommandBody<C>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${name} has exited`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...command, id });
    });
  return {
    call,
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ type: 'close' } as CommandBody<C>).catch(() => undefined);
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (!exited) child.kill();
    },
    kill: () => child.kill(),
  };
}

/** The child's side: answer every command with `handle`'s value or error; exit when the parent goes away. */
export function serveRpc<C extends { id: number }>(script: string, handle: (command: C) => Promise<unknown>): void {
  if (process.send === undefined) {
    console.error(`${script} runs as a child of a benchmark (IPC)`);
    process.exit(2);
  }
  process.on('message', (command: C) => {
    handle(command).then(
      (value) => process.send!({ id: command.id, ok: true, value } satisfies RpcReply),
      (e: unknown) => process.send!({ id: command.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies RpcReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
