import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../test/support/shared-data.ts';
import { readCsvTable } from './csv-table.ts';

/** Write cells as RFC 4180 CSV, quoting every cell so commas, quotes and line breaks survive. */
function toCsv(rows: readonly (readonly string[])[], eol = '\n'): string {
  return rows.map((cells) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join(eol) + eol;
}

describe('readCsvTable', () => {
  it('reads a real Nanao snapshot: header in file order, one row per shelter, values by column name', () => {
    const text = readFileSync(sharedDataPath('noto-2024-nanao', 'open_shelter_Nanao-shi_2024-01-09-1800.csv'), 'utf8');
    const table = readCsvTable(text);
    if (!table.ok) throw new Error(JSON.stringify(table));
    expect(table.header[3]).toBe('人数_令和6年1月9日午後6時時点');
    expect(table.rows).toHaveLength(29);
    expect(table.rows[0]).toMatchObject({ row: 2, values: { ID: 'CC0000000518', 名称: '山王小学校', 想定収容人数: '屋内480人／屋外3,350人(面積の1/2)' } });
    expect(table.rows[28]!.row).toBe(30);
  });

  it('keeps quoted commas, quotes and line breaks inside a cell, and trims the space around cells', () => {
    const table = readCsvTable('ID, 備考 \r\nA1,"高齢者、""要配慮者""\n（福祉避難所を兼ねる）"\r\n A2 ,x\r\n');
    expect(table).toEqual({
      ok: true,
      header: ['ID', '備考'],
      rows: [
        // A cell spanning two text lines is one spreadsheet row: A2 is row 3, as a spreadsheet numbers it.
        { row: 2, values: { ID: 'A1', 備考: '高齢者、"要配慮者"\n（福祉避難所を兼ねる）' } },
        { row: 3, values: { ID: 'A2', 備考: 'x' } },
      ],
    });
  });

  it('ignores a byte-order mark before the first column name', () => {
    const table = readCsvTable('\ufeff共通ID,住所\nE1720200002111,石川県七尾市\n');
    expect(table.ok && table.header).toEqual(['共通ID', '住所']);
  });

  it('skips blank rows, including the ",,," rows spreadsheets leave, but keeps counting them', () => {
    const table = readCsvTable('a,b\n1,2\n\n,\n3,4\n , \n,,,\n');
    expect(table).toEqual({
      ok: true,
      header: ['a', 'b'],
      rows: [
        { row: 2, values: { a: '1', b: '2' } },
        { row: 5, values: { a: '3', b: '4' } },
      ],
    });
  });

  it('reports a row with a different number of cells as malformed, with its line', () => {
    const table = readCsvTable('a,b\n1,2\n1,2,3\n');
    expect(table).toMatchObject({ ok: false, problem: 'malformed', line: 3 });
  });

  it('reports an unclosed quote as malformed', () => {
    expect(readCsvTable('a,b\n"1,2\n')).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('reports an empty file as having no header', () => {
    expect(readCsvTable('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(readCsvTable('\n\n')).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('refuses a column name used twice (after trimming) and a column without a name', () => {
    expect(readCsvTable('ID,名称, ID\n1,2,3\n')).toEqual({ ok: false, problem: 'duplicate-column', column: 'ID' });
    expect(readCsvTable('ID,,名称\n1,2,3\n')).toEqual({ ok: false, problem: 'empty-column-name', index: 2 });
  });

  it('reads back any table written as quoted CSV, with LF or CRLF line ends', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.trim());
    const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
      fc.record({
        header: fc.uniqueArray(cell.filter((s) => s !== ''), { minLength: width, maxLength: width }),
        rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
        eol: fc.constantFrom('\n', '\r\n'),
      }),
    );
    fc.assert(
      fc.property(table, ({ header, rows, eol }) => {
        const parsed = readCsvTable(toCsv([header, ...rows], eol));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed));
        const nonBlank = rows.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c !== ''));
        expect(parsed.header).toEqual(header);
        expect(parsed.rows).toEqual(nonBlank.map(({ cells, row }) => ({ row, values: Object.fromEntries(header.map((h, j) => [h, cells[j]])) })));
      }),
    );
  });
});
