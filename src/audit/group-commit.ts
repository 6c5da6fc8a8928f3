// A single-writer queue that commits whatever has piled up while the previous commit ran, in one go: the disk
// flush is paid once per batch instead of once per caller. Callers keep their order; one failing commit fails
// exactly the callers in it.
export interface GroupCommit<J, R> {
  submit(job: J): Promise<R>;
  /** Resolves when nothing is queued or committing. */
  idle(): Promise<void>;
}

interface Waiting<J, R> {
  job: J;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * `commit` receives jobs in submission order and returns one result per job. A batch holds jobs until their
 * `weight` reaches `maxBatchWeight` (a single heavier job still goes alone).
 */
export function createGroupCommit<J, R>(
  commit: (jobs: J[]) => Promise<R[]>,
  options: { maxBatchWeight: number; weight: (job: J) => number },
): GroupCommit<J, R> {
  const queue: Waiting<J, R>[] = [];
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      let weight = 0;
      let n = 0;
      while (n < queue.length && (n === 0 || weight + options.weight(queue[n]!.job) <= options.maxBatchWeight)) {
        weight += options.weight(queue[n]!.job);
        n++;
      }
      const batch = queue.splice(0, n);
      try {
        const results = await commit(batch.map((w) => w.job));
        batch.forEach((w, i) => w.resolve(results[i] as R));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
  }

  function start(): void {
    if (running) return;
    // Start on the next microtask so appends issued in the same tick share the first batch too.
    running = Promise.resolve().then(drain).finally(() => {
      running = undefined;
      if (queue.length > 0) start();
    });
  }

  return {
    submit(job) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        start();
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}
