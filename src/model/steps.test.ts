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

  it('run in slices, end without waiting for the event loop when the work never pauses', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    // eslint-disable-next-line require-yield
    function* quick(): Steps<number> {
      log.push('all of it');
      return 1;
    }
    const answer = finishYielding(quick());
    expect(log).toEqual(['all of it']);
    expect(await answer).toBe(1);
  });

  it('run in slices side by side, take one slice per turn of the event loop between them, other work between each two', async () => {
    const log: string[] = [];
    function* long(name: string): Steps<string> {
      for (let i = 0; i < 3; i++) {
        yield;
        log.push(name);
      }
      return name;
    }
    let ticking = true;
    const tick = () => {
      log.push('turn');
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const answers = await Promise.all([finishYielding(long('a'), 0), finishYielding(long('b'), 0)]);
    ticking = false;
    expect(answers).toEqual(['a', 'b']);
    const work = log.filter((e) => e !== 'turn');
    expect(work).toHaveLength(6);
    // Between two slices (of either computation) the event loop has turned.
    const slices = log.flatMap((e, i) => (e === 'turn' ? [] : [i]));
    for (let k = 1; k < slices.length; k++) expect(log.slice(slices[k - 1]! + 1, slices[k]).includes('turn'), log.join(' ')).toBe(true);
  });
});
