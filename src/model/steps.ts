// Long pure computations written once as steps (a generator that pauses now and then), run either to the end at
// once or in slices that give the event loop back between them — the same code, so the same answer either way.

/** A computation that pauses (yields nothing) between pieces of its work and returns `T` at the end. */
export type Steps<T> = Generator<void, T, void>;

/** Run every step at once: for the command line, imports and pure code where no event loop waits. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** At most this much work between two returns to the event loop; a request's /health waits for one slice at worst. */
export const DEFAULT_SLICE_MS = 4;

/** Node's `setImmediate` (runs after pending I/O is polled); the model also runs in the browser, which has none. */
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/** The last turn handed out: turns are taken one after another, each in an iteration of the event loop of its own. */
let lastTurn: Promise<void> = Promise.resolve();

/**
 * This computation's next turn. Shared by every computation run in slices in the process, so that N requests checked
 * at once take one slice per iteration of the event loop between them, not N (six polygons arriving together would
 * otherwise hold the loop six slices long): each turn's `setImmediate` is queued only once the turn before has begun,
 * and Node polls for I/O (another request, /health) between the two.
 */
function nextTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolve) => (setImmediateIfAny ? setImmediateIfAny(resolve) : setTimeout(resolve, 0))));
  lastTurn = turn;
  return turn;
}

/**
 * Run the steps in slices of about `sliceMs` milliseconds, each in a turn of the event loop of its own: for a server,
 * where a request's heavy check must not hold other requests (and /health) back. The work before the first pause
 * (a schema check, the caps) runs at once, so a computation that never pauses answers without waiting for a turn.
 * `Infinity` runs everything after the first pause in one turn.
 */
export async function finishYielding<T>(steps: Steps<T>, sliceMs = DEFAULT_SLICE_MS): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    await nextTurn();
    const sliceEnd = performance.now() + sliceMs;
    do r = steps.next();
    while (!r.done && performance.now() < sliceEnd);
  }
  return r.value;
}
