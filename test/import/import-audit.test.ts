// An import recorded in the owner's audit log, on a real store: nothing is written when its first entry cannot be
// made durable, and a write that fails is recorded as a denial with the error's code only.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport, type InputFile } from '../../src/adapters/apply-import.ts';
import { nanaoOpenSheltersImporter } from '../../src/adapters/nanao-open-shelters.ts';
import type { AuditEntryDraft, AuditLogWriter } from '../../src/audit/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { sharedDataPath } from '../support/shared-data.ts';

const ctx = { sourceNode: 'jp-172022-nanao-city', now: '2026-11-22T00:00:00Z' };
const file = (): InputFile => {
  const name = 'open_shelter_Nanao-shi_2024-01-11-1800.csv';
  return { name, bytes: new Uint8Array(readFileSync(sharedDataPath('noto-2024-nanao', name))) };
};

/** An audit log that keeps drafts in memory, or refuses every append. */
function memoryLog(refuse = false): Pick<AuditLogWriter, 'append'> & { drafts: AuditEntryDraft[] } {
  const drafts: AuditEntryDraft[] = [];
  return {
    drafts,
    append: async (d) => {
      if (refuse) return { ok: false, problems: [{ code: 'AUDIT_NODE_MISMATCH', params: { node: 'x', signer: 'y' } }] };
      drafts.push(...d);
      return { ok: true, entries: [] };
    },
  };
}

let store: Store;
beforeAll(async () => {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
});
afterAll(async () => {
  await store.close();
});

describe('an import in the audit log', () => {
  it('writes nothing when the entry before the write cannot be recorded', async () => {
    const summary = await applyImport(store, nanaoOpenSheltersImporter, [file()], ctx, { audit: { log: memoryLog(true), account: 'uid:1000' } });
    expect(summary.applied).toBe(false);
    expect(summary.unaudited).toBe('AUDIT_NODE_MISMATCH');
    expect(await store.count({ type: 'shelter' })).toBe(0);
  });

  it('records a failed write as a denial naming the error code, not its message', async () => {
    const log = memoryLog();
    const failing: Store = {
      ...store,
      transaction: async () => {
        throw Object.assign(new Error('duplicate key value violates unique constraint: (name)=(山田 太郎)'), { code: '23505' });
      },
    };
    await expect(applyImport(failing, nanaoOpenSheltersImporter, [file()], ctx, { audit: { log, account: 'uid:1000' } })).rejects.toThrow(/duplicate/);
    expect(log.drafts.map((d) => [d.decision, d.reasons[0]!.code])).toEqual([
      ['allow', 'IMPORT_AUDIT_ACCEPTED'],
      ['deny', 'IMPORT_AUDIT_FAILED'],
    ]);
    expect(log.drafts[1]!.reasons[0]!.params).toMatchObject({ detail: '23505' });
    expect(JSON.stringify(log.drafts)).not.toContain('山田');
    expect(await store.count({ type: 'shelter' })).toBe(0);
  });

  it('records the accepted rows before the write and the counts after it, under one request id', async () => {
    const log = memoryLog();
    const summary = await applyImport(store, nanaoOpenSheltersImporter, [file()], ctx, { audit: { log, account: 'uid:1000' } });
    expect(summary.applied).toBe(true);
    expect(log.drafts.map((d) => d.reasons[0]!.code)).toEqual(['IMPORT_AUDIT_ACCEPTED', 'IMPORT_AUDIT_APPLIED']);
    expect(log.drafts[0]).toMatchObject({ kind: 'import', requester: 'operator:local', dataset: 'shelters', recordCount: summary.created });
    expect(log.drafts[1]!.reasons[0]!.params).toMatchObject({ created: summary.created, updated: 0, unchanged: 0 });
    expect(log.drafts[0]!.requestId).toBe(log.drafts[1]!.requestId);
  });
});
