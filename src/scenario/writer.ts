// Writing a scenario to disk: NDJSON files per node, overlaps.ndjson and manifest.json. Rows are batched into
// chunks and every write waits for 'drain' when the stream asks, so memory stays flat however many rows there are.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildManifest, SCENARIO_FORMAT, type ScenarioManifest } from './manifest.ts';
import type { ScenarioPlan } from './plan.ts';
import { scenarioRows, type ScenarioFile } from './rows.ts';
import { stockLinesPerSite } from './stockpiles.ts';

const CHUNK_CHARS = 256 * 1024;
/** Marks a folder the generator writes into, complete or not. */
export const SCENARIO_MARKER_FILE = '.tsunagu-scenario';

/** Wait for `event` or an error, whichever comes first, leaving no listener behind. */
function settled(stream: WriteStream, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      stream.off('error', done);
      resolve();
    };
    stream.on(event, done);
    stream.on('error', done);
  });
}

/** One NDJSON file written in chunks with backpressure. */
class NdjsonFile {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
  }

  async write(value: unknown): Promise<void> {
    const line = JSON.stringify(value);
    this.buffer.push(line);
    this.size += line.length + 1;
    if (this.size >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(text)) await settled(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await settled(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}

export interface WriteProgress {
  rows: number;
  expected: number;
  node: string;
}

export interface WriteOptions {
  /** Called every `progressEvery` rows and once at the end. */
  onProgress?: (p: WriteProgress) => void;
  progressEvery?: number;
}

/** Generate the plan's rows into `dir` (which must exist and be empty) and write the manifest last. */
export async function writeScenario(plan: ScenarioPlan, dir: string, options: WriteOptions = {}): Promise<ScenarioManifest> {
  // Written first, so a run cut short still leaves a folder `--force` recognises as ours.
  await writeFile(path.join(dir, SCENARIO_MARKER_FILE), `${SCENARIO_FORMAT}\n`, 'utf8');
  const every = options.progressEvery ?? 10_000;
  const counts = new Map<string, Partial<Record<ScenarioFile, number>>>();
  const expected = plan.expectedPersons + plan.nodes.reduce((s, n) => s + n.sites * (1 + stockLinesPerSite(n.kind)), 0);
  let currentNode: string | undefined;
  let nodeCounts: Partial<Record<ScenarioFile, number>> = {};
  let open = new Map<ScenarioFile, NdjsonFile>();
  const overlapsFile = new NdjsonFile(path.join(dir, 'overlaps.ndjson'));
  let overlaps = 0;
  let rows = 0;
  const closeNode = async () => {
    for (const f of open.values()) await f.close();
    open = new Map();
  };
  try {
    for (const row of scenarioRows(plan)) {
      if (row.kind === 'overlap') {
        if (currentNode !== undefined) {
          await closeNode();
          currentNode = undefined;
        }
        await overlapsFile.write(row.truth);
        overlaps++;
        continue;
      }
      const nodeId = row.node.id;
      if (nodeId !== currentNode) {
        await closeNode();
        currentNode = nodeId;
        nodeCounts = {};
        counts.set(nodeId, nodeCounts);
        await mkdir(path.join(dir, nodeId), { recursive: true });
      }
      let file = open.get(row.file);
      if (!file) {
        file = new NdjsonFile(path.join(dir, nodeId, `${row.file}.ndjson`));
        open.set(row.file, file);
      }
      await file.write(row.draft);
      nodeCounts[row.file] = (nodeCounts[row.file] ?? 0) + 1;
      if (++rows % every === 0) options.onProgress?.({ rows, expected, node: nodeId });
    }
    await closeNode();
  } finally {
    await overlapsFile.close();
  }
  options.onProgress?.({ rows, expected: rows, node: '' });
  const manifest = buildManifest(plan, counts, overlaps);
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return manifest;
}
