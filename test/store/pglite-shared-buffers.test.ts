// PGlite's shared buffers: PostgreSQL's default unless the opener asks for less, as the demo federation does for its
// eight small databases in one process.
import { describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';

async function sharedBuffers(options: { sharedBuffersMb?: number }): Promise<string> {
  const db = await openPgliteDatabase('memory://', options);
  try {
    const r = await db.query<{ shared_buffers: string }>('show shared_buffers');
    return r.rows[0]!.shared_buffers;
  } finally {
    await db.close();
  }
}

describe('PGlite shared buffers', () => {
  it('are PostgreSQL’s 128 MB by default and what the opener asks for otherwise, in whole megabytes', async () => {
    expect(await sharedBuffers({})).toBe('128MB');
    expect(await sharedBuffers({ sharedBuffersMb: 16 })).toBe('16MB');
    expect(await sharedBuffers({ sharedBuffersMb: 7.6 })).toBe('8MB');
  }, 120_000); // opens PGlite on disk several times: over 30 s on a loaded machine
});
