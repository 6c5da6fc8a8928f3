// CPU time of the PostgreSQL backends serving one benchmark, when the server runs on this machine: connections are
// tagged with an application_name, and the backends so named are sampled from /proc while the work runs. Without
// it, the database's share of a run could only be guessed as "what is left" of the machine's busy time.
import { readFileSync } from 'node:fs';
import type { SqlDatabase } from '../src/store/sql-client.ts';

/** `url` with `application_name` set, so the server names its backends for this benchmark. */
export function taggedUrl(url: string, applicationName: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', applicationName);
  return u.toString();
}

/** User + system CPU of one process from /proc, in milliseconds; undefined when it cannot be read. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name; USER_HZ is 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface BackendCpuMeter {
  /** Begin (or begin again) counting: the CPU the tagged backends use from now on. */
  start(): Promise<void>;
  /** CPU used since `start`, in milliseconds; NaN when no backend could be read (a remote server). */
  stop(): Promise<number>;
}

/**
 * Samples every `intervalMs` the backends whose application_name starts with `prefix`, so a backend that a pool
 * closes meanwhile still counts up to its last sample (the time after that sample is lost; it is idle time).
 */
export function backendCpuMeter(admin: Pick<SqlDatabase, 'query'>, prefix: string, intervalMs = 200): BackendCpuMeter {
  // Per backend: CPU when first seen in this window (0 for one that started within it) and when last seen.
  let seen = new Map<number, { first: number; last: number }>();
  let timer: NodeJS.Timeout | undefined;
  let readable = false;
  let initial = true;

  async function sample(): Promise<void> {
    const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where starts_with(application_name, $1)', [prefix]);
    for (const { pid } of r.rows) {
      const cpu = processCpuMs(pid);
      if (cpu === undefined) continue;
      readable = true;
      const known = seen.get(pid);
      if (known) known.last = cpu;
      else seen.set(pid, { first: initial ? cpu : 0, last: cpu });
    }
  }

  return {
    async start() {
      seen = new Map();
      readable = false;
      initial = true;
      await sample();
      initial = false;
      timer = setInterval(() => void sample().catch(() => undefined), intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await sample();
      if (!readable) return Number.NaN;
      let total = 0;
      for (const { first, last } of seen.values()) total += last - first;
      return total;
    },
  };
}
