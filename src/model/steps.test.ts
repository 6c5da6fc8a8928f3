import { describe, expect, it } from 'vitest';
import { finish, finishYielding, type Steps } from './steps.ts';

/** Three pieces of work, telling `log` as each is done. */
function* pieces(log: string[]): Steps<number> {
  log.push('piece 1');
  yield;
  log.push('piece 2');
  yield;
  log.push('piece 3');
  return 3;
}

describe('steps', () => {
  it('run at once, do every piece before anything else runs', () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    expect(finish(pieces(log))).toBe(3);
    expect(log).toEqual(['piece 1', 'piece 2', 'piece 3']);
  });

  it('run in slices, let other work queued on the event loop run between two pieces once a slice is spent', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    expect(await finishYielding(pieces(log), 0)).toBe(3);
    expect(log.indexOf('other work')).toBeGreaterThan(0);
    expect(log.indexOf('other work')).toBeLessThan(log.indexOf('piece 3'));
  });

  it('run in slices, end without waiting for the event loop when the work fits in the first slice', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    const answer = finishYielding(pieces(log), 60_000);
    expect(log).toEqual(['piece 1', 'piece 2', 'piece 3']);
    expect(await answer).toBe(3);
  });
});
