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

/** A turn of the event loop: `setImmediate` runs after pending I/O callbacks (another request) are polled. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Run the steps in slices of about `sliceMs` milliseconds, giving the event loop a turn after each: for a server,
 * where a request's heavy check must not hold other requests (and /health) back. A computation that ends within its
 * first slice answers without waiting for a turn at all.
 */
export async function finishYielding<T>(steps: Steps<T>, sliceMs = DEFAULT_SLICE_MS): Promise<T> {
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= sliceEnd) {
      await nextTurn();
      sliceEnd = performance.now() + sliceMs;
    }
  }
}
