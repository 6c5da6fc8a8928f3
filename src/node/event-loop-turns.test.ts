import { describe, expect, it } from 'vitest';
import { nextTurn } from './event-loop-turns.ts';

/** Synchronous work for `ms` milliseconds, as an area check is. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('nextTurn', () => {
  it('lets the event loop run between two heavy pieces of work started at once: a timer set during the first fires before the third', async () => {
    const events: string[] = [];
    const work = [1, 2, 3].map(async (n) => {
      await nextTurn();
      busy(20);
      events.push(`work ${n}`);
      if (n === 1) setTimeout(() => events.push('timer'), 0);
    });
    await Promise.all(work);
    await new Promise((r) => setTimeout(r, 5));
    expect(events.filter((e) => e.startsWith('work'))).toEqual(['work 1', 'work 2', 'work 3']);
    expect(events.indexOf('timer')).toBeLessThan(events.indexOf('work 3'));
  });

  it('(why: the same work awaited in one chain runs to the end before any timer)', async () => {
    const events: string[] = [];
    const work = [1, 2, 3].map(async (n) => {
      await Promise.resolve();
      busy(20);
      events.push(`work ${n}`);
      if (n === 1) setTimeout(() => events.push('timer'), 0);
    });
    await Promise.all(work);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['work 1', 'work 2', 'work 3', 'timer']);
  });
});
