// The main module of one demo node's own process (`npm start` spawns one per participant, with an IPC channel): takes
// its launch message, starts the node on its data directory and port (or, launched to import only, imports its data and
// ends), reports ready, and stops — audit tail signed, database closed — on SIGTERM or SIGINT, or when the parent is
// gone (the channel closes), so none is left orphaned.
import { message } from '../i18n/index.ts';
import { StoreError } from '../store/errors.ts';
import { bundledDataDir, demoPopulation } from './bundled-data.ts';
import type { StartedDemoNode } from './demo-node.ts';
import { parseDemoNodeLaunch, type DemoNodeLaunch, type DemoNodeReport } from './node-launch.ts';
import { demoParticipant, demoParticipants } from './scenario.ts';
import { loadDemoSigner, demoPaths } from './trust-setup.ts';

function report(r: DemoNodeReport): void {
  process.send?.(r);
}

function participantOf(launch: DemoNodeLaunch) {
  const participant = demoParticipant(launch.participant);
  if (!participant) throw new Error(message('DEMO_UNKNOWN_PARTICIPANT', { name: launch.participant, known: demoParticipants.map((p) => p.key).join(', ') }, launch.lang));
  return participant;
}

/**
 * The first start's import in a process that ends after it (node-import.ts says why); loaded on demand, like the node
 * itself below, so the import process does not load the server and applications.
 */
async function importOnly(launch: DemoNodeLaunch): Promise<void> {
  const dataDir = launch.dataDir || bundledDataDir;
  const { importDemoNodeData } = await import('./node-import.ts');
  await importDemoNodeData({
    paths: demoPaths(launch.root),
    participant: participantOf(launch),
    lang: launch.lang,
    dataDir,
    seed: launch.seed,
    population: () => demoPopulation(dataDir, launch.seed, launch.sizes),
    onNotice: (n) => report({ type: 'notice', code: n.code, params: n.params as Record<string, string | number> }),
  });
}

async function run(launch: DemoNodeLaunch): Promise<StartedDemoNode> {
  const participant = participantOf(launch);
  const signer = await loadDemoSigner(launch.root, participant);
  if (!signer.ok) throw new Error(message(signer.problem.code, signer.problem.params, launch.lang));
  const dataDir = launch.dataDir || bundledDataDir;
  const { startDemoNode } = await import('./demo-node.ts');
  return startDemoNode({
    paths: demoPaths(launch.root),
    participant,
    host: launch.host,
    port: launch.port,
    url: launch.url,
    trust: {
      anchorId: launch.trust.anchorId,
      config: launch.trust.config,
      trustList: launch.trust.trustList,
      credentials: new Map(launch.trust.credentials.map((c) => [c.payload.id, c])),
    },
    signer: signer.signer,
    lang: launch.lang,
    logLevel: launch.logLevel,
    dataDir,
    seed: launch.seed,
    population: () => demoPopulation(dataDir, launch.seed, launch.sizes),
    ...(launch.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: launch.deadLetterRetentionDays }),
    ...(launch.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: launch.trustRefreshSeconds }),
    onNotice: (n) => report({ type: 'notice', code: n.code, params: n.params as Record<string, string | number> }),
  });
}

if (!process.send) {
  process.stderr.write('This module is started by `tsunagu start` (npm start), one process per demo node.\n');
  process.exit(2);
}

let started: Promise<Pick<StartedDemoNode, 'close'>> | undefined;
let stopping = false;
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  // A node still starting is closed once it has started (its parts close in order); then the process ends.
  void (started ?? Promise.reject(new Error('not started')))
    .then((n) => n.close())
    .catch(() => undefined)
    .finally(() => {
      process.disconnect?.();
      process.exit(code);
    });
};
// A refusal with a code (a held or exposed data directory, …) in the reader's language; anything else as a stack.
const fail = (e: unknown, lang: DemoNodeLaunch['lang']) => {
  process.stderr.write(`${e instanceof StoreError ? `${e.code}: ${message(e.code, e.params, lang)}` : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  stop(1);
};
process.once('SIGTERM', () => stop(0));
process.once('SIGINT', () => stop(0));
// The parent ended without stopping us (killed, crashed): stop too rather than hold the port and the database.
process.once('disconnect', () => stop(0));
process.once('message', (m: unknown) => {
  const launch = parseDemoNodeLaunch(m);
  if (!launch.ok) {
    process.stderr.write(`invalid launch message: ${launch.detail}\n`);
    stop(2);
    return;
  }
  if (launch.value.importOnly) {
    // A stop asked for during the import waits for it to end with its database closed.
    started = importOnly(launch.value).then(() => ({ close: async () => undefined }));
    started.then(
      () => stop(0),
      (e: unknown) => fail(e, launch.value.lang),
    );
    return;
  }
  const node = run(launch.value);
  started = node;
  node.then(
    ({ node }) =>
      report({
        type: 'ready',
        participant: node.participant.id,
        url: node.url,
        port: node.port,
        operatorToken: node.operatorToken,
        consoleUrl: node.consoleUrl,
        summary: node.summary,
      }),
    (e: unknown) => fail(e, launch.value.lang),
  );
});
