// Heavy synchronous work of concurrent requests (the check of a 10,000-position area) taken one per turn of the event
// loop, so that a request arriving meanwhile (/health) is answered between two such pieces, not after all of them.

let last: Promise<void> = Promise.resolve();

/**
 * Resolves when it is this caller's turn: each turn starts from a fresh `setImmediate`, queued only once the turn
 * before it has begun, so Node polls for I/O between two turns. Run the heavy work right after the await.
 */
export function nextTurn(): Promise<void> {
  const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  last = turn;
  return turn;
}
