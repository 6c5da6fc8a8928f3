import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import type { Demand } from '../../model/index.ts';
import { needsAsHxl, needsHxlTags } from './hxl-needs.ts';
import demand from '../../../docs/examples/demand.json' with { type: 'json' };

/** An HXL hashtag with attributes, as the HXL standard spells them (lower-case after normalisation). */
const HASHTAG = /^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/;

describe('needs as HXL-tagged CSV', () => {
  it('put a people’s header row, then a hashtag row, then one row per demand line', () => {
    const rows = parse(needsAsHxl([demand as Demand], 'en')) as string[][];
    expect(rows[0]![0]).toBe('Destination ID');
    expect(rows[1]).toEqual([...needsHxlTags]);
    expect(rows[2]).toEqual(expect.arrayContaining(['nanao-open-shelter-CC0000000504', '172022', '37.04826', '136.96136', 'allergy-friendly-food', '18', 'egg milk wheat', 'care-estimate']));
  });

  it('uses only well-formed hashtags, the same shape as a real HXL file’s tag row', () => {
    for (const t of needsHxlTags) expect(t).toMatch(HASHTAG);
    // The HXL standard's own sample (libhxl-python test data, Unlicense) passes the same check.
    const sample = readFileSync(sharedDataPath('hxl', 'input-valid.csv'), 'utf8');
    const tags = (parse(sample, { relax_column_count: true }) as string[][])[2]!.filter((t) => t !== '');
    for (const t of tags) expect(t).toMatch(HASHTAG);
  });

  it('keeps any text in the basis intact through commas, quotes and line breaks', () => {
    fc.assert(
      fc.property(fc.string(), (basis) => {
        const rows = parse(needsAsHxl([{ ...(demand as Demand), basis }], 'ja'), { relax_column_count: false }) as string[][];
        expect(rows[2]!.at(-1)).toBe(basis);
      }),
    );
  });
});
