// PGlite on a thread of its own: runs the statements a node's thread sends (src/store/pglite-thread-client.ts), so
// that PGlite's WebAssembly, which runs each statement as one synchronous call, never blocks the node's event loop.
// Plain JavaScript importing only PGlite and node:*, so that it loads the same under tsx, Vitest (which does not
// transform code in a nested worker) and beside a bundled node entry. The message shapes are in pglite-thread-protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @typedef {import('./pglite-thread-protocol.ts').PgliteThreadRequest} Request */
/** @typedef {import('./pglite-thread-protocol.ts').PgliteThreadReply} Reply */
/** @typedef {import('./pglite-thread-protocol.ts').PgliteThreadErrorFields} ErrorFields */
/** @typedef {import('./pglite-thread-protocol.ts').PgliteThreadStart} Start */
/** @typedef {import('@electric-sql/pglite').Transaction} Transaction */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const start = /** @type {Start} */ (workerData);

/**
 * The fields of a database error the store and its callers read (code, constraint, …) and the statement's text. The
 * parameters (`params`: record payloads, i.e. personal data) stay on this side: the error is rebuilt from these.
 */
const ERROR_FIELDS = ['code', 'severity', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine', 'query'];

/** @param {unknown} e @returns {ErrorFields} */
function errorFields(e) {
  if (typeof e !== 'object' || e === null) return { name: 'Error', message: String(e) };
  const source = /** @type {Record<string, unknown>} */ (e);
  /** @type {ErrorFields & Record<string, string>} */
  const fields = {
    name: typeof source.name === 'string' ? source.name : 'Error',
    message: typeof source.message === 'string' ? source.message : String(e),
  };
  for (const f of ERROR_FIELDS) if (typeof source[f] === 'string') fields[f] = /** @type {string} */ (source[f]);
  return fields;
}

/** @param {Reply} reply */
function send(reply) {
  try {
    port.postMessage(reply);
  } catch (e) {
    // A value the structured clone cannot carry: the caller gets an error, never silence.
    port.postMessage({ id: reply.id, ok: false, error: errorFields(e) });
  }
}

/** @param {number} id @param {unknown} e */
const fail = (id, e) => send({ id, ok: false, error: errorFields(e) });

/** Thrown inside PGlite's transaction callback so that PGlite rolls back; not an error to report. */
const ROLLBACK = Symbol('rollback');

/**
 * Open transactions by the id of their `begin`: PGlite's transaction callback stays open until the node's thread
 * says commit or roll back, and PGlite holds every other statement until then, as it does within one thread.
 * @type {Map<number, { tx: Transaction; finish: (commit: boolean, endId: number) => void }>}
 */
const transactions = new Map();

/** @type {PGlite} */
let db;

/** @param {number | undefined} txId @returns {Pick<Transaction, 'query' | 'exec'>} */
function target(txId) {
  if (txId === undefined) return db;
  const open = transactions.get(txId);
  if (!open) throw new Error('the transaction is closed');
  return open.tx;
}

/** @param {number} id */
function begin(id) {
  /** @type {{ commit: boolean; endId: number } | undefined} */
  let ending;
  let began = false;
  db.transaction(async (tx) => {
    /** @type {Promise<void>} */
    const ended = new Promise((resolve) => {
      transactions.set(id, {
        tx,
        finish: (commit, endId) => {
          ending = { commit, endId };
          resolve();
        },
      });
    });
    began = true;
    send({ id, ok: true });
    await ended;
    if (!ending?.commit) throw ROLLBACK;
  }).then(
    () => {
      transactions.delete(id);
      if (ending) send({ id: ending.endId, ok: true });
    },
    (e) => {
      transactions.delete(id);
      if (!began) fail(id, e);
      else if (ending) e === ROLLBACK ? send({ id: ending.endId, ok: true }) : fail(ending.endId, e);
    },
  );
}

/** @param {Request} request */
async function handle(request) {
  const { id } = request;
  try {
    switch (request.op) {
      case 'query': {
        const r = await target(request.tx).query(request.sql, request.params);
        send({ id, ok: true, rows: r.rows, ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}) });
        return;
      }
      case 'exec':
        await target(request.tx).exec(request.sql);
        send({ id, ok: true });
        return;
      case 'begin':
        begin(id);
        return;
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error('the transaction is closed');
        open.finish(request.commit, id);
        return;
      }
      case 'close':
        await db.close();
        send({ id, ok: true });
        return;
    }
  } catch (e) {
    fail(id, e);
  }
}

try {
  db = await PGlite.create(start.dataDir, start.options);
  port.on('message', (request) => void handle(request));
  send({ id: 0, ok: true });
} catch (e) {
  fail(0, e);
}
