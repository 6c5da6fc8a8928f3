// PGlite's compiled WebAssembly is shared by the databases open in a process and let go once none is open, so a
// process that opened one only at start (the demo's parent, with the trust anchor's) does not keep it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openPgliteThreadDatabase, pgliteCompiledHeld } from './pglite-thread-client.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collect garbage in later turns of the event loop (a WeakRef's target lives at least until its turn ends). */
async function collected(): Promise<boolean> {
  for (let i = 0; i < 10 && pgliteCompiledHeld(); i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc();
  }
  return !pgliteCompiledHeld();
}

describe("PGlite's compiled WebAssembly", () => {
  it('is kept, through garbage collections, while a database opened on a thread is open', async () => {
    const first = await openPgliteThreadDatabase('memory://');
    const second = await openPgliteThreadDatabase('memory://');
    try {
      await first.close();
      expect(await collected()).toBe(false);
    } finally {
      await second.close();
    }
    expect(await collected()).toBe(true);
  }, 120_000);

  it('is let go once no database opened on a thread is open, and compiled again for the next', async () => {
    const first = await openPgliteThreadDatabase('memory://');
    expect(pgliteCompiledHeld()).toBe(true);
    await first.close();
    expect(await collected()).toBe(true);
    const second = await openPgliteThreadDatabase('memory://');
    try {
      expect((await second.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await second.close();
    }
  }, 120_000);
});
