// The main module of one demo node's own process (`npm start` spawns one per participant of either scenario, with an
// IPC channel): takes its launch message, starts the node on its data directory and port (or, launched to import only,
// imports its data and ends), reports ready, and stops — audit tail signed, database closed — on SIGTERM or SIGINT, or
// when the parent is gone (the channel closes), so none is left orphaned.
import { message } from '../i18n/index.ts';
import { StoreError } from '../store/errors.ts';
import { bundledDataDir, demoPopulation } from './bundled-data.ts';
import type { StartedDemoNode } from './demo-node.ts';
import { aseanParticipant, aseanParticipants } from './asean/scenario.ts';
import { aseanPaths } from './asean/trust.ts';
import { validate } from '../model/index.ts';
import {
  CreateDatabaseSchema,
  parseDemoNodeLaunch,
  type AseanNodeLaunch,
  type CreateDatabase,
  type DemoNodeLaunch,
  type DemoNodeReady,
  type DemoNodeReport,
  type NotoNodeLaunch,
} from './node-launch.ts';
import { demoParticipant, demoParticipants } from './scenario.ts';
import { demoKeySigner, loadDemoSigner, demoPaths } from './trust-setup.ts';

function report(r: DemoNodeReport): void {
  process.send?.(r);
}

/** A notice of the node's store (a stale lock taken over), passed on to the parent. */
const notice = (n: { code: string; params: unknown }) => report({ type: 'notice', code: n.code, params: n.params as Record<string, string | number> });

/** A started node as its parent hears of it, and how to stop it. */
type RunningNode = { ready: Omit<DemoNodeReady, 'type'>; close(): Promise<void> };

function participantOf(launch: NotoNodeLaunch) {
  const participant = demoParticipant(launch.participant);
  if (!participant) throw new Error(message('DEMO_UNKNOWN_PARTICIPANT', { name: launch.participant, known: demoParticipants.map((p) => p.key).join(', ') }, launch.lang));
  return participant;
}

/**
 * The first start's import in a process that ends after it (node-import.ts says why); loaded on demand, like the node
 * itself below, so the import process does not load the server and applications.
 */
async function importOnly(launch: NotoNodeLaunch): Promise<void> {
  const dataDir = launch.dataDir || bundledDataDir;
  const { importDemoNodeData } = await import('./node-import.ts');
  await importDemoNodeData({
    paths: demoPaths(launch.root),
    participant: participantOf(launch),
    lang: launch.lang,
    dataDir,
    seed: launch.seed,
    population: () => demoPopulation(dataDir, launch.seed, launch.sizes),
    onNotice: notice,
  });
}

async function run(launch: NotoNodeLaunch): Promise<RunningNode> {
  const participant = participantOf(launch);
  const signer = await loadDemoSigner(launch.root, participant);
  if (!signer.ok) throw new Error(message(signer.problem.code, signer.problem.params, launch.lang));
  const dataDir = launch.dataDir || bundledDataDir;
  const { startDemoNode } = await import('./demo-node.ts');
  const started: StartedDemoNode = await startDemoNode({
    paths: demoPaths(launch.root),
    participant,
    host: launch.host,
    port: launch.port,
    url: launch.url,
    trust: {
      anchorId: launch.trust.anchorId,
      config: launch.trust.config,
      trustList: launch.trust.trustList,
      // By participant id, as the parent holds them: the node finds its own by its id.
      credentials: new Map(launch.trust.credentials.map((c) => [c.payload.subject.id, c])),
    },
    signer: signer.signer,
    lang: launch.lang,
    logLevel: launch.logLevel,
    dataDir,
    seed: launch.seed,
    population: () => demoPopulation(dataDir, launch.seed, launch.sizes),
    ...(launch.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: launch.deadLetterRetentionDays }),
    ...(launch.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: launch.trustRefreshSeconds }),
    onNotice: notice,
  });
  const { node } = started;
  return {
    ready: { participant: node.participant.id, url: node.url, port: node.port, operatorToken: node.operatorToken, consoleUrl: node.consoleUrl, summary: { ...node.summary } },
    close: started.close,
  };
}

function aseanParticipantOf(launch: AseanNodeLaunch) {
  const participant = aseanParticipant(launch.participant);
  if (!participant) throw new Error(message('DEMO_UNKNOWN_PARTICIPANT', { name: launch.participant, known: aseanParticipants.map((p) => p.key).join(', ') }, launch.lang));
  return participant;
}

async function importAseanOnly(launch: AseanNodeLaunch): Promise<void> {
  const { importAseanNodeData } = await import('./asean/node.ts');
  await importAseanNodeData({ paths: aseanPaths(launch.root), participant: aseanParticipantOf(launch), dataDir: launch.dataDir, lang: launch.lang, onNotice: notice });
}

async function runAsean(launch: AseanNodeLaunch): Promise<RunningNode> {
  const participant = aseanParticipantOf(launch);
  const paths = aseanPaths(launch.root);
  // Its own key file, never created here (the parent made every key before the lists named them).
  const signer = await demoKeySigner(paths.keyFile(participant.id), participant.id, false);
  const { startAseanNode } = await import('./asean/node.ts');
  const node = await startAseanNode({
    paths,
    participant,
    host: launch.host,
    port: launch.port,
    url: launch.url,
    trust: { config: launch.trust.config, lists: launch.trust.trustLists, credentials: launch.trust.credentials },
    signer,
    lang: launch.lang,
    logLevel: launch.logLevel,
    dataDir: launch.dataDir,
    ...(launch.deadLetterRetentionDays === undefined ? {} : { deadLetterRetentionDays: launch.deadLetterRetentionDays }),
    ...(launch.trustRefreshSeconds === undefined ? {} : { trustRefreshSeconds: launch.trustRefreshSeconds }),
    onNotice: notice,
  });
  return {
    ready: { participant: participant.id, url: node.url, port: node.port, operatorToken: node.operatorToken, consoleUrl: node.consoleUrl, summary: { records: node.records } },
    close: node.close,
  };
}

/**
 * Create a store's database (migrated) and close it; the parent opens it or copies it for the nodes. The shipped
 * applications' tables are made here too, through the same store call the node makes as it installs them (which then
 * finds nothing to do): creating tables grows PGlite's memory for good, and each node process kept about 7 MB more
 * after a first start than after a later one.
 */
async function createDatabase(m: CreateDatabase): Promise<void> {
  const { openStore } = await import('../store/open-store.ts');
  const { shippedApplications } = await import('../apps/index.ts');
  const store = await openStore({ backend: 'pglite', dataDir: m.dataDir }, { onNotice: notice });
  try {
    for (const a of shippedApplications()) if (a.migrations) await store.applications.migrate(a.id, a.migrations);
  } finally {
    await store.close();
  }
}

if (!process.send) {
  process.stderr.write('This module is started by `tsunagu start` (npm start), one process per demo node.\n');
  process.exit(2);
}

let started: Promise<Pick<RunningNode, 'close'>> | undefined;
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
  if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'create-database') {
    const asked = validate(CreateDatabaseSchema, m);
    if (!asked.ok) {
      process.stderr.write(`invalid create-database message: ${asked.problems.map((p) => `${p.path} ${p.message}`).join('; ')}\n`);
      stop(2);
      return;
    }
    started = createDatabase(asked.value).then(() => ({ close: async () => undefined }));
    started.then(
      () => stop(0),
      (e: unknown) => fail(e, 'en'),
    );
    return;
  }
  const launch = parseDemoNodeLaunch(m);
  if (!launch.ok) {
    process.stderr.write(`invalid launch message: ${launch.detail}\n`);
    stop(2);
    return;
  }
  const l = launch.value;
  if (l.importOnly) {
    // A stop asked for during the import waits for it to end with its database closed.
    started = (l.scenario === 'noto' ? importOnly(l) : importAseanOnly(l)).then(() => ({ close: async () => undefined }));
    started.then(
      () => stop(0),
      (e: unknown) => fail(e, l.lang),
    );
    return;
  }
  const node = l.scenario === 'noto' ? run(l) : runAsean(l);
  started = node;
  node.then(
    ({ ready }) => report({ type: 'ready', ...ready }),
    (e: unknown) => fail(e, l.lang),
  );
});
