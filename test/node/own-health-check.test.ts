// A node answers its own /health while it is still checking one huge polygon a request sent: the ring check runs in
// slices with the event loop free in between (src/model/steps.ts). An ordering, not a time. The sweep is slowed here
// (1 ms more per step, as on a loaded machine) so that the check spans many turns of the event loop; with the whole
// check in one turn (`areaCheckSliceMs: Infinity`, how the node checked before) the same /health is answered only
// after the check has ended — the second test shows that this test would then fail.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LonLat } from '../../src/model/geo.ts';
import { MAX_AREA_VERTICES } from '../../src/model/index.ts';
import { openTestNode, type TestNode } from './support/test-node.ts';

/** What happened, in the order the (shared) event loop saw it; `onCheckStarted` is called as a ring check begins. */
const seen = vi.hoisted(() => ({ events: [] as string[], onCheckStarted: undefined as (() => void) | undefined }));

vi.mock('../../src/model/ring-crossings.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/ring-crossings.ts')>();
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  return {
    ...real,
    *ringCrossingSteps(ring: readonly LonLat[]) {
      seen.events.push('check started');
      seen.onCheckStarted?.();
      const steps = real.ringCrossingSteps(ring);
      for (;;) {
        const r = steps.next();
        if (r.done) {
          seen.events.push('check ended');
          return r.value;
        }
        busy(1);
        yield;
      }
    },
  };
});

/** A closed ring of `n` positions around Nanao (a circle, first position repeated last). */
function circle(n: number): number[][] {
  const ring = Array.from({ length: n - 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [Number((136.95 + 0.2 * Math.cos(a)).toFixed(6)), Number((37.05 + 0.15 * Math.sin(a)).toFixed(6))];
  });
  return [...ring, ring[0]!];
}

let sliced: TestNode;
let atOnce: TestNode;
const urls = { sliced: '', atOnce: '' };

beforeAll(async () => {
  sliced = await openTestNode();
  atOnce = await openTestNode({ areaCheckSliceMs: Infinity });
  urls.sliced = await sliced.app.listen({ host: '127.0.0.1', port: 0 });
  urls.atOnce = await atOnce.app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

// Both nodes close together; on a loaded CI machine closing (server, audit log, PGlite's thread) once took over the
// default 60 s hook timeout (56ed2ac's second run; 8 s for the whole file on a quiet machine).
afterAll(async () => {
  await Promise.all([sliced?.close(), atOnce?.close()]);
}, 180_000);

/** Send one polygon at the position cap and ask /health as its check begins; the events in order. */
async function healthDuringCheck(url: string): Promise<string[]> {
  expect((await fetch(`${url}/health`)).status).toBe(200); // the connection is open before the check
  seen.events.length = 0;
  let health: Promise<number> | undefined;
  seen.onCheckStarted = () => {
    seen.onCheckStarted = undefined;
    seen.events.push('health asked');
    health = fetch(`${url}/health`).then(async (r) => {
      await r.arrayBuffer();
      seen.events.push('health answered');
      return r.status;
    });
  };
  const body = JSON.stringify({ purpose: 'evacuation-support', within: { type: 'Polygon', coordinates: [circle(MAX_AREA_VERTICES)] } });
  const answer = await fetch(`${url}/api/v1/datasets/shelters/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(answer.status).toBe(200);
  expect(await health).toBe(200);
  return [...seen.events];
}

describe("a node's own /health while it checks one huge polygon", () => {
  it('is answered before the check of a 10,000-position polygon has ended', async () => {
    const events = await healthDuringCheck(urls.sliced);
    expect(events.indexOf('health answered'), events.join(' → ')).toBeGreaterThan(-1);
    expect(events.indexOf('health answered'), events.join(' → ')).toBeLessThan(events.indexOf('check ended'));
  });

  it('(why: with the whole check in one turn of the event loop, /health is answered only after the check has ended)', async () => {
    const events = await healthDuringCheck(urls.atOnce);
    expect(events.indexOf('health answered'), events.join(' → ')).toBeGreaterThan(events.indexOf('check ended'));
  });
});
