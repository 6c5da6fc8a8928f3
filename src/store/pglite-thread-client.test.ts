// PGlite on its own thread keeps the contract of PGlite on the node's thread: the same results (dates, bytes, numbers,
// JSON), transactions and savepoints, other statements waiting for an open transaction, database errors with the
// fields the store reads and without the statement's parameters, the data directory claimed and released; and what
// only a thread can do: the node's event loop turns while a statement runs, and a thread that dies is a clear error.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './data-dir.ts';
import { StoreError } from './errors.ts';
import { openPgliteDatabase } from './pglite-client.ts';
import { openPgliteThreadDatabase } from './pglite-thread-client.ts';
import type { SqlDatabase } from './sql-client.ts';

let threaded: SqlDatabase;
let direct: SqlDatabase;

beforeAll(async () => {
  [threaded, direct] = await Promise.all([openPgliteThreadDatabase('memory://'), openPgliteDatabase('memory://')]);
  for (const db of [threaded, direct]) {
    await db.exec(`create table people (id text primary key, age int check (age >= 0), photo bytea, data jsonb, seen timestamptz);
                   create table counters (n int not null)`);
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([threaded?.close(), direct?.close()]);
});

const caught = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (e: unknown) => e,
  );

/** A statement that keeps PGlite busy for a while (hundreds of ms): a sum over a million generated rows. */
const LONG_STATEMENT = 'select sum(i * 2) as s from generate_series(1, 1000000) as i';

/** The order in which a long statement's answer and a timer set just after it arrive. */
async function timerAgainstStatement(db: SqlDatabase): Promise<string[]> {
  const events: string[] = [];
  const statement = db.query(LONG_STATEMENT).then(() => events.push('statement answered'));
  await new Promise<void>((resolve) => setImmediate(() => (events.push('timer fired'), resolve())));
  await statement;
  return events;
}

describe('PGlite on its own thread', () => {
  it('answers with the same values as PGlite on the calling thread: dates, bytes, numbers, JSON, arrays, affected rows', async () => {
    const sql = `select now() - now() as zero, '2024-01-01T09:00:00+09:00'::timestamptz as t, '\\x00ff10'::bytea as b, 5::int8 as i8,
                   1.5::numeric as n, 2.5::float8 as f, '{"a":[1,"x"]}'::jsonb as j, array['a','b'] as arr, null::text as nothing, true as yes`;
    const [a, b] = await Promise.all([threaded.query(sql), direct.query(sql)]);
    expect(a).toEqual(b);
    const row = a.rows[0]!;
    expect(row.t).toBeInstanceOf(Date);
    expect((row.t as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(row.b).toBeInstanceOf(Uint8Array);
    expect([...(row.b as Uint8Array)]).toEqual([0, 255, 16]);
    expect(row).toMatchObject({ i8: 5, n: '1.5', f: 2.5, j: { a: [1, 'x'] }, arr: ['a', 'b'], nothing: null, yes: true });

    const insert = 'insert into counters (n) select g from generate_series(1, 3) g';
    const [ia, ib] = await Promise.all([threaded.query(insert), direct.query(insert)]);
    expect(ia).toEqual({ rows: [], affectedRows: 3 });
    expect(ia).toEqual(ib);
  });

  it('carries any text, JSON and bytes there and back unchanged, as the calling-thread client does', async () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000'));
    const json = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('\\u0000'));
    await fc.assert(
      fc.asyncProperty(text, json, fc.uint8Array({ maxLength: 64 }), fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), async (t, j, bytes, when) => {
        const sql = 'select $1::text as t, $2::jsonb as j, $3::bytea as b, $4::timestamptz as d';
        const params = [t, JSON.stringify(j), bytes, when];
        const [a, b] = await Promise.all([threaded.query(sql, params), direct.query(sql, params)]);
        expect(a).toEqual(b);
        expect(a.rows[0]!.t).toBe(t);
        expect([...(a.rows[0]!.b as Uint8Array)]).toEqual([...bytes]);
        expect((a.rows[0]!.d as Date).getTime()).toBe(when.getTime());
      }),
      { numRuns: 60 },
    );
  });

  it('commits a transaction whose function returns, and rolls back one whose function throws, with its error', async () => {
    const committed = await threaded.transaction(async (tx) => {
      await tx.query('insert into people (id, age) values ($1, $2)', ['commit-1', 40]);
      return (await tx.query<{ n: number }>('select count(*)::int as n from people where id = $1', ['commit-1'])).rows[0]!.n;
    });
    expect(committed).toBe(1);
    const failure = new Error('the caller changed its mind');
    await expect(
      threaded.transaction(async (tx) => {
        await tx.query('insert into people (id, age) values ($1, $2)', ['rollback-1', 41]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const ids = (await threaded.query<{ id: string }>("select id from people where id like '%-1' order by id")).rows.map((r) => r.id);
    expect(ids).toEqual(['commit-1']);
  });

  it('turns a nested transaction into a savepoint: an inner failure undoes only the inner statements', async () => {
    await threaded.transaction(async (tx) => {
      await tx.query('insert into people (id) values ($1)', ['outer-2']);
      await expect(
        tx.transaction(async (inner) => {
          await inner.query('insert into people (id) values ($1)', ['inner-2']);
          await inner.query('insert into people (id) values ($1)', ['outer-2']);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await tx.transaction(async (inner) => {
        await inner.query('insert into people (id) values ($1)', ['kept-2']);
      });
    });
    const ids = (await threaded.query<{ id: string }>("select id from people where id like '%-2' order by id")).rows.map((r) => r.id);
    expect(ids).toEqual(['kept-2', 'outer-2']);
  });

  it('holds statements outside a transaction until it ends, as PGlite does on one thread', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const tx = threaded.transaction(async (t) => {
      await t.query('insert into people (id) values ($1)', ['waiting-3']);
      started();
      await held;
      events.push('transaction ends');
    });
    await inside;
    const outside = threaded.query<{ n: number }>("select count(*)::int as n from people where id = 'waiting-3'").then((r) => {
      events.push('outside answered');
      return r.rows[0]!.n;
    });
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    // The outside read came after the commit, so it sees the row.
    expect(await outside).toBe(1);
    expect(events).toEqual(['transaction ends', 'outside answered']);
  });

  it('reports database errors with the fields the store reads (code, constraint, table, detail) and never the parameters', async () => {
    await threaded.query('insert into people (id, age) values ($1, $2)', ['unique-4', 1]);
    const duplicate = await caught(threaded.query('insert into people (id, age) values ($1, $2)', ['unique-4', 2]));
    expect(duplicate).toBeInstanceOf(Error);
    // record-store's write-conflict retry reads `code`; the outbox and import audits report it.
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'people_pkey', table: 'people', schema: 'public', severity: 'ERROR' });
    expect((duplicate as Error).message).toBe('duplicate key value violates unique constraint "people_pkey"');
    expect(duplicate).toHaveProperty('detail', 'Key (id)=(unique-4) already exists.');
    expect(duplicate).not.toHaveProperty('params');

    const secret = '山田花子-secret-parameter';
    const check = await caught(threaded.query('insert into people (id, age, data) values ($1, $2, $3)', ['check-4', -1, JSON.stringify({ name: secret })]));
    expect(check).toMatchObject({ code: '23514', constraint: 'people_age_check' });
    expect(check).not.toHaveProperty('params');
    // PostgreSQL's own detail quotes the failing row, as it does on the calling thread; the parameter list is not kept.
    expect(Object.keys(check as object)).not.toContain('params');

    const syntax = await caught(threaded.query('selec 1'));
    expect(syntax).toMatchObject({ code: '42601' });
    expect((syntax as Error).message).toContain('syntax error');

    const inTx = await caught(threaded.transaction((tx) => tx.query('insert into people (id, age) values ($1, $2)', ['unique-4', 3])));
    expect(inTx).toMatchObject({ code: '23505', constraint: 'people_pkey' });
    expect(inTx).not.toHaveProperty('params');
  });

  it('refuses a parameter it cannot send to the thread, without quoting it', async () => {
    const e = await caught(threaded.query('select $1::text', [Symbol('private value')]));
    expect(e).toBeInstanceOf(StoreError);
    expect(e).toMatchObject({ code: 'STORE_QUERY_INVALID', params: { field: 'params' } });
    expect(String((e as Error).message)).not.toContain('private value');
    expect((await threaded.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('lets the event loop turn while a long statement runs: a timer set after the statement fires before its answer', async () => {
    expect(await timerAgainstStatement(threaded)).toEqual(['timer fired', 'statement answered']);
  });

  it('(why: on the calling thread the same timer waits until the statement has been answered)', async () => {
    expect(await timerAgainstStatement(direct)).toEqual(['statement answered', 'timer fired']);
  });

  it('keeps shared_buffers as asked', async () => {
    const db = await openPgliteThreadDatabase('memory://', { sharedBuffersMb: 16 });
    try {
      expect((await db.query<{ shared_buffers: string }>('show shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('the thread on a data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tsunagu-thread-')), 'db');
  });
  afterAll(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('claims the directory on the calling thread (lock with this pid, owner-only files) and releases it on close', async () => {
    const notices: unknown[] = [];
    const db = await openPgliteThreadDatabase(dir, { onNotice: (n) => notices.push(n) });
    await db.exec('create table kept (n int); insert into kept values (7)');
    expect(Number.parseInt(await readFile(path.join(dir, LOCK_FILE), 'utf8'), 10)).toBe(process.pid);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, 'PG_VERSION'))).mode & 0o077).toBe(0);
    await expect(openPgliteThreadDatabase(dir)).rejects.toMatchObject({ code: 'STORE_DATA_DIR_LOCKED' });

    await db.close();
    await expect(stat(path.join(dir, LOCK_FILE))).rejects.toThrow();
    await expect(db.query('select 1')).rejects.toMatchObject({ code: 'STORE_DATABASE_CLOSED' });
    await db.close();
    expect(notices).toEqual([]);

    const again = await openPgliteThreadDatabase(dir);
    try {
      expect((await again.query<{ n: number }>('select n from kept')).rows).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe('a thread that dies', () => {
  it('turns the pending statement and every later one into STORE_DATABASE_THREAD_ENDED, never a hang, and close still releases', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tsunagu-thread-oom-')), 'db');
    try {
      // A heap too small for the rows asked: decoding them runs the thread out of memory.
      const notices: unknown[] = [];
      const db = await openPgliteThreadDatabase(dir, { heapLimitMb: 64, onNotice: (n) => notices.push(n) });
      expect(db.unavailable?.()).toBeUndefined();
      const huge = db.query("select repeat('x', 1000000) as s from generate_series(1, 400)");
      const queued = db.query('select 1 as one');
      for (const e of await Promise.all([caught(huge), caught(queued)])) {
        expect(e).toBeInstanceOf(StoreError);
        expect(e).toMatchObject({ code: 'STORE_DATABASE_THREAD_ENDED' });
      }
      await expect(db.query('select 1')).rejects.toMatchObject({ code: 'STORE_DATABASE_THREAD_ENDED' });
      await expect(db.transaction((tx) => tx.query('select 1'))).rejects.toMatchObject({ code: 'STORE_DATABASE_THREAD_ENDED' });
      // What the node's /health answers with: for good, until the node is restarted.
      expect(db.unavailable?.()).toMatchObject({ code: 'STORE_DATABASE_THREAD_ENDED' });
      await db.close();
      expect(db.unavailable?.()).toBeUndefined();
      await expect(stat(path.join(dir, LOCK_FILE))).rejects.toThrow();
      // The operator is told once, in the node's log or on stderr.
      expect(notices).toEqual([{ code: 'STORE_DATABASE_THREAD_ENDED', params: { detail: expect.stringContaining('ERR_WORKER_OUT_OF_MEMORY') } }]);
    } finally {
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});
