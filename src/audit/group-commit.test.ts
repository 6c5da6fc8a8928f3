import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

describe('createGroupCommit', () => {
  it('commits jobs queued while a commit runs together, in submission order, one commit at a time', async () => {
    const batches: number[][] = [];
    let running = 0;
    const q = createGroupCommit<number, string>(
      async (jobs) => {
        running++;
        expect(running).toBe(1);
        batches.push(jobs);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return jobs.map((j) => `done ${j}`);
      },
      { maxBatchWeight: 100, weight: () => 1 },
    );
    const first = await Promise.all([1, 2, 3].map((j) => q.submit(j)));
    expect(first).toEqual(['done 1', 'done 2', 'done 3']);
    const p = q.submit(4);
    await Promise.resolve();
    const later = [5, 6].map((j) => q.submit(j));
    await Promise.all([p, ...later]);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches[0]).toEqual([1, 2, 3]);
  });

  it('caps a batch by weight but lets a single heavy job through alone', async () => {
    const batches: number[][] = [];
    const q = createGroupCommit<number, number>(async (jobs) => (batches.push(jobs), jobs), { maxBatchWeight: 10, weight: (j) => j });
    await Promise.all([4, 4, 4, 30, 1].map((j) => q.submit(j)));
    expect(batches).toEqual([[4, 4], [4], [30], [1]]);
  });

  it('fails exactly the jobs of a failed commit and goes on with the next', async () => {
    let calls = 0;
    const q = createGroupCommit<string, string>(
      async (jobs) => {
        calls++;
        if (jobs.includes('bad')) throw new Error('disk full');
        return jobs;
      },
      { maxBatchWeight: 1, weight: () => 1 },
    );
    const results = await Promise.allSettled(['ok1', 'bad', 'ok2'].map((j) => q.submit(j)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await q.idle();
    expect(calls).toBe(3);
  });
});
