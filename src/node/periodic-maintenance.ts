// When a node runs the table upkeep PGlite lacks (store.maintain): soon after it starts, then at a fixed interval.
// A first check only after a full interval left a node restarted more often than that — a crash loop, an operator's
// restarts, the soak's kills — with no statistics at all: the planner then read the whole audit log backwards for a
// query by request id (190 ms on 27,000 entries instead of 0.3 ms through its index).
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/types.ts';

/** How soon after start a node first checks its tables: after the start-up imports, before real traffic builds up. */
export const MAINTENANCE_FIRST_CHECK_MS = 60_000;

/** How often a node checks again. A check is one catalog query; a vacuum runs only when a table needs it. */
export const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

export interface PeriodicMaintenance {
  /** Stop checking, waiting for a run in progress (it holds PGlite's one connection). */
  stop(): Promise<void>;
}

/** store.maintain() after `firstAfterMs`, then every `everyMs`, one run at a time. */
export function startPeriodicMaintenance(
  store: Pick<Store, 'maintain'>,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  timing: { firstAfterMs: number; everyMs: number } = { firstAfterMs: MAINTENANCE_FIRST_CHECK_MS, everyMs: MAINTENANCE_INTERVAL_MS },
): PeriodicMaintenance {
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (running) return;
    running = store
      .maintain()
      .then((o) => {
        if (o.vacuumed.length > 0) log.info({ vacuumed: o.vacuumed }, 'table upkeep');
      })
      .catch((e: unknown) => log.warn({ err: e }, 'table upkeep failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      run();
      schedule(timing.everyMs);
    }, ms);
    timer.unref();
  };
  schedule(timing.firstAfterMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
