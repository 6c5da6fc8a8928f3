// openStore refuses what it cannot open with a stable code, before or instead of a driver's own failure.
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import { openStore } from '../../src/store/open-store.ts';

describe('openStore', () => {
  it('refuses a malformed database URL before any driver sees it', async () => {
    const error = await openStore({ backend: 'postgres', url: 'postgres://u:secret@host:notaport/db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_DATABASE_URL_INVALID' });
    expect(String((error as Error).message)).not.toContain('secret');
  });

  it('reports a server that does not answer as a connection failure, without the password', async () => {
    const error = await openStore({ backend: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/db' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_CONNECT_FAILED' });
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
