// Random byte-level damage to a valid JMA telegram, through the whole import (screening, libxml2, JMA's schemas,
// conversion, store): the importer never throws, and a refused telegram leaves the store exactly as it was.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { jmaImporter, parseJmaFile } from '../../src/adapters/jma/jma-importer.ts';
import type { Store } from '../../src/store/types.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { backendRuns, backends, useTestStore } from '../store/support/backends.ts';

const ctx = { sourceNode: 'jp-170003-ishikawa-pref', now: '2026-12-06T00:00:00Z' };
const VALID = new Uint8Array(readFileSync(sharedDataPath('jma', '32-35_01_01_100806_VXSE51.xml')));

type Mutation = { at: number; kind: 'replace' | 'delete' | 'insert'; byte: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat({ max: VALID.length - 1 }),
  kind: fc.constantFrom('replace', 'delete', 'insert'),
  // Bytes that matter to XML (<, >, /, &, quotes, ASCII letters) as often as any byte at all.
  byte: fc.oneof(fc.constantFrom(0x3c, 0x3e, 0x2f, 0x26, 0x22, 0x27, 0x20), fc.integer({ min: 0x41, max: 0x7a }), fc.integer({ min: 0, max: 255 })),
});

function mutated(mutations: Mutation[]): Uint8Array {
  const bytes = [...VALID];
  for (const m of mutations) {
    const at = m.at % Math.max(bytes.length, 1);
    if (m.kind === 'replace') bytes[at] = m.byte;
    else if (m.kind === 'delete') bytes.splice(at, 1);
    else bytes.splice(at, 0, m.byte);
  }
  return new Uint8Array(bytes);
}

describe('random damage to a valid JMA telegram', () => {
  it('never makes the importer throw; a telegram is either one alert or refused with reasons, never both', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (mutations) => {
        const parsed = parseJmaFile('m.xml', mutated(mutations), ctx);
        if (parsed.rejected.length > 0) expect(parsed.items).toEqual([]);
        else expect(parsed.items).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });
});

describe.each(backends())('random damage to a valid JMA telegram, imported on $name', (backend) => {
  if (!backendRuns(backend)) return;
  let store: Store;
  useTestStore(backend, (s) => (store = s));

  it('stores nothing when the telegram is refused', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 8 }), async (mutations) => {
        const before = await store.count({ type: 'alert' });
        const summary = await applyImport(store, jmaImporter, [{ name: 'm.xml', bytes: mutated(mutations) }], ctx);
        if (summary.rejected.length > 0) {
          refused += 1;
          expect(summary.applied).toBe(false);
          expect(await store.count({ type: 'alert' })).toBe(before);
        }
      }),
      { numRuns: 40 },
    );
    // Most random damage is refused; a property that refused nothing would have tested nothing.
    expect(refused).toBeGreaterThan(10);
  });

  it('reads nothing of JMA’s reserved addition namespace, which its schemas let pass: an add:Area is not taken for an alert area', () => {
    const text = new TextDecoder().decode(VALID);
    const cut = text.indexOf('</Areas>');
    expect(cut).toBeGreaterThan(0);
    const smuggled = `</Areas><add:Area xmlns:add="http://xml.kishou.go.jp/jmaxml1/addition1/"><Name>偽の地域</Name><Code>999999</Code></add:Area>`;
    const injected = new TextEncoder().encode(text.slice(0, cut) + smuggled + text.slice(cut + '</Areas>'.length));
    const plain = parseJmaFile('a.xml', VALID, ctx);
    const withAddition = parseJmaFile('b.xml', injected, ctx);
    // The schema lets it pass (lax wildcard), and the record read is the one without it.
    expect(withAddition.rejected).toEqual([]);
    expect(withAddition.items).toHaveLength(1);
    expect(JSON.stringify(withAddition.items[0])).not.toContain('999999');
    expect(JSON.stringify(withAddition.items[0])).not.toContain('偽の地域');
    expect(JSON.stringify(withAddition.items[0]).replaceAll('b.xml', 'a.xml')).toEqual(JSON.stringify(plain.items[0]));
  });
});
