// The soak's fault injector: a plan drawn from the seed (what happens to which node, when, for how long), and its
// execution against the running federation — SIGKILL and restart on the same data, links refused, black-holed or
// delayed at the node's proxy — with at most one fault per node at a time (planned so, and a fault that still finds
// its node busy is skipped) and everything healed on stop.
import { mulberry32 } from '../../src/demo/prng.ts';
import type { SoakFederation, SoakNode } from './node-processes.ts';

export type Fault =
  | { kind: 'kill'; node: string; downMs: number }
  | { kind: 'refuse'; node: string; forMs: number }
  | { kind: 'blackhole'; node: string; forMs: number }
  | { kind: 'delay'; node: string; ms: number; forMs: number };

export type FaultKind = Fault['kind'];

export interface PlannedFault {
  /** Milliseconds after the load started. */
  atMs: number;
  fault: Fault;
}

export interface FaultPlanOptions {
  seed: number;
  durationMs: number;
  nodes: readonly string[];
  /** Mean time between two faults starting. */
  meanGapMs: number;
  /** Longest outage, partition or delay. */
  maxFaultMs: number;
}

const FAULT_KINDS: readonly FaultKind[] = ['kill', 'refuse', 'blackhole', 'delay'];

/** What the plan allows a killed node to start again in (a loaded 2-core machine took up to 53 s). */
export const RESTART_ALLOWANCE_MS = 60_000;

/** Kills are the most telling fault (a process gone mid-write), so they come most often. */
function kindOf(roll: number): FaultKind {
  return roll < 0.35 ? 'kill' : roll < 0.6 ? 'refuse' : roll < 0.75 ? 'blackhole' : 'delay';
}

/** The faults of one run: the same seed gives the same plan (which nodes, when, how long). */
export function planFaults(options: FaultPlanOptions): PlannedFault[] {
  const draw = mulberry32(options.seed ^ 0x5eed);
  const plan: PlannedFault[] = [];
  const firstKinds = [...FAULT_KINDS];
  for (let i = firstKinds.length - 1; i > 0; i--) {
    const j = draw.int(0, i);
    [firstKinds[i], firstKinds[j]] = [firstKinds[j]!, firstKinds[i]!];
  }
  const shortest = Math.min(2_000, options.maxFaultMs);
  // Faults stop a little before the end, so the last one heals while the load still runs.
  const lastStart = options.durationMs - options.maxFaultMs;
  // A node is given no new fault while its last one may still be running (a kill: its outage and the restart).
  const busyUntil = new Map<string, number>();
  let at = draw.int(Math.floor(options.meanGapMs / 2), options.meanGapMs);
  while (at < lastStart) {
    const free = options.nodes.filter((n) => (busyUntil.get(n) ?? 0) <= at);
    if (free.length === 0) {
      at += Math.floor(options.meanGapMs / 2);
      continue;
    }
    const node = draw.pick(free);
    const forMs = draw.int(shortest, options.maxFaultMs);
    // The first four faults are one of each kind (in a drawn order), so even a short run sees every kind.
    const kind = plan.length < firstKinds.length ? firstKinds[plan.length]! : kindOf(draw.next());
    const fault: Fault =
      kind === 'kill'
        ? { kind, node, downMs: forMs }
        : kind === 'delay'
          ? { kind, node, ms: draw.int(100, 2_000), forMs }
          : { kind, node, forMs };
    plan.push({ atMs: at, fault });
    busyUntil.set(node, at + forMs + (kind === 'kill' ? RESTART_ALLOWANCE_MS : 0));
    at += draw.int(Math.floor(options.meanGapMs / 2), Math.floor((options.meanGapMs * 3) / 2));
  }
  return plan;
}

export interface FaultRecord {
  at: string;
  fault: Fault;
  /** skipped: the node already had a fault in progress. */
  result: 'done' | 'skipped' | 'restart-failed';
  detail?: string;
  /** For a kill: how long the restart took (process start to /health). */
  restartMs?: number;
}

export interface FaultInjector {
  records: FaultRecord[];
  /** Cut every fault in progress short, heal every link, start every node that is down; resolves when all run. */
  stop(): Promise<void>;
}

export function injectFaults(federation: SoakFederation, plan: readonly PlannedFault[], onFault?: (r: FaultRecord) => void): FaultInjector {
  const records: FaultRecord[] = [];
  const busy = new Set<string>();
  const active: Promise<void>[] = [];
  const timers: NodeJS.Timeout[] = [];
  let stopping = false;
  const wakers = new Set<() => void>();
  // A wait the stop cuts short.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(t);
        wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      wakers.add(done);
    });
  const nodeOf = (id: string): SoakNode => federation.nodes.find((n) => n.participant.id === id)!;
  const record = (r: FaultRecord) => {
    records.push(r);
    onFault?.(r);
  };

  async function run(fault: Fault): Promise<void> {
    const node = nodeOf(fault.node);
    const at = new Date().toISOString();
    if (busy.has(fault.node)) return record({ at, fault, result: 'skipped' });
    busy.add(fault.node);
    try {
      switch (fault.kind) {
        case 'kill': {
          await node.kill();
          await wait(fault.downMs);
          const t0 = Date.now();
          try {
            await node.start();
            record({ at, fault, result: 'done', restartMs: Date.now() - t0 });
          } catch (e) {
            record({ at, fault, result: 'restart-failed', detail: (e as Error).message });
          }
          return;
        }
        case 'refuse':
        case 'blackhole':
          node.proxy.set({ kind: fault.kind });
          await wait(fault.forMs);
          node.proxy.set({ kind: 'pass' });
          return record({ at, fault, result: 'done' });
        case 'delay':
          node.proxy.set({ kind: 'delay', ms: fault.ms });
          await wait(fault.forMs);
          node.proxy.set({ kind: 'pass' });
          return record({ at, fault, result: 'done' });
      }
    } finally {
      busy.delete(fault.node);
    }
  }

  for (const p of plan) timers.push(setTimeout(() => active.push(run(p.fault)), p.atMs));

  return {
    records,
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      for (const w of [...wakers]) w();
      await Promise.all(active);
      for (const n of federation.nodes) n.proxy.set({ kind: 'pass' });
      // A restart that failed leaves its node down: one more try, so the final check sees every node.
      for (const n of federation.nodes) if (!n.running()) await n.start();
    },
  };
}
