// The demo's ground truth is pinned: the demo draws its persons from the name, rate and care-need tables it shares with
// the scenario generator and the benchmarks (src/scenario), so a change to those tables must not change a demo person.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { bundledDataDir, demoPopulation } from '../../src/demo/federation.ts';

const digest = (value: unknown) => createHash('sha256').update(canonicalize(value)!).digest('hex');

describe('the demo population drawn from the shared synthetic-population tables', () => {
  it('is exactly the population the demo has always had for its seed', async () => {
    // SHA-256 of the RFC 8785 JSON, recorded at main 08d8b0d, before the demo, the scenario and the benchmarks shared
    // one set of tables.
    expect(digest(await demoPopulation(bundledDataDir, 20240101))).toBe('2458ba74e546fce527c424bfee131b268e28283c8d82b587d51c16fb85056aaa');
  });
});
