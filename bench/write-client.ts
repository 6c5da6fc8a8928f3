// The owner's side of the writes benchmark: synthetic person drafts sent as signed POSTs to the node's
// record-writes route, a fixed number in flight. Used in this process or in bench/write-client-process.ts.
import type { FederationClient, FederationTarget } from '../src/federation/client.ts';
import type { RecordDraft } from '../src/model/index.ts';
import { draftOf } from './spread-persons.ts';
import { syntheticPersonRecord } from './person-records.ts';

export const WRITE_PATH = '/api/v1/datasets/persons/records';

export interface WriteJob {
  target: FederationTarget;
  /** Index of the first synthetic person, and how many. */
  from: number;
  count: number;
  batch: number;
  inFlight: number;
}

export interface WriteRun {
  /** Wall time from the first request sent to the last answer verified (drafts are built before). */
  ms: number;
  /** CPU time (user + system) of the sending process over the same span. */
  cpuMs: number;
}

export function personDrafts(from: number, count: number): RecordDraft<'person'>[] {
  return Array.from({ length: count }, (_, k) => draftOf(syntheticPersonRecord(from + k)));
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Run `jobs` with at most `workers` in flight. */
export async function inFlight<T>(jobs: readonly T[], workers: number, run: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < jobs.length) await run(jobs[next++]!);
    }),
  );
}

export function cpuMsOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** Send the drafts `from … from + count` as signed writes; throws on the first answer that is not a verified 200. */
export async function sendWrites(client: FederationClient, job: WriteJob): Promise<WriteRun> {
  const batches = batchesOf(personDrafts(job.from, job.count), job.batch);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await inFlight(batches, job.inFlight, async (records) => {
    const r = await client.request(job.target, 'POST', WRITE_PATH, { records });
    if (!r.ok || r.status !== 200) throw new Error(`write failed: ${JSON.stringify(r).slice(0, 400)}`);
  });
  return { ms: performance.now() - start, cpuMs: cpuMsOf(process.cpuUsage(cpu)) };
}
