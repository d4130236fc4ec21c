import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { MAX_ROWS, readCsvTable, readCsvTableInSlices } from './csv-table.js';

const SPEC = { required: ['name', 'dienst'], optional: ['note'] };
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string | Uint8Array) => readCsvTable(typeof text === 'string' ? bytes(text) : text, SPEC);
const refusedWith = (text: string | Uint8Array) => {
  try {
    read(text);
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('reading an import file', () => {
  it('reads a comma-separated file, trimming cells, naming columns without case', () => {
    const table = read('Name , DIENST\r\n Permits ,DSB\n"Parking, visitors",DSO\n');
    expect(table.separator).toBe(',');
    expect(table.columns).toEqual(['name', 'dienst']);
    expect(table.rows).toEqual([
      { row: 1, cells: { name: 'Permits', dienst: 'DSB' } },
      { row: 2, cells: { name: 'Parking, visitors', dienst: 'DSO' } },
    ]);
  });

  it('reads Dutch Excel: a BOM and semicolons, a quoted cell over two lines, blank rows of separators', () => {
    const table = read('\uFEFFname;dienst;note\n"Twee\nregels";SZW;a, b\n;;\n\n');
    expect(table.separator).toBe(';');
    expect(table.rows).toEqual([{ row: 1, cells: { name: 'Twee\nregels', dienst: 'SZW', note: 'a, b' } }]);
  });

  it('hashes the exact bytes received, BOM and all', () => {
    const file = bytes('\uFEFFname,dienst\nA,DSB\n');
    expect(read(file).fileHash).toBe(`sha256:${createHash('sha256').update(file).digest('hex')}`);
  });

  it('refuses a row whose cells do not match the header, and reads the others', () => {
    const table = read('name,dienst\nA,DSB,extra\nB,DSO\n');
    expect(table.refused).toEqual([{ row: 1, code: 'wrong-column-count', message: expect.stringContaining('3 cells') }]);
    expect(table.rows.map((r) => r.row)).toEqual([2]);
  });

  it.each([
    ['an empty body', '', 'empty-body', 400],
    ['blank lines only', '\n \n', 'empty-body', 400],
    ['a header without rows', 'name,dienst\n', 'csv-without-rows', 400],
    ['an unknown column', 'name,dienst,colour\nA,DSB,red\n', 'csv-unknown-columns', 400],
    ['a missing column', 'name\nA\n', 'csv-missing-columns', 400],
    ['a column twice', 'name,dienst,name\nA,DSB,B\n', 'csv-duplicate-columns', 400],
    ['an unclosed quote', 'name,dienst\n"A,DSB\n', 'csv-malformed', 400],
  ])('refuses %s', (_, text, code, status) => {
    expect(refusedWith(text)).toMatchObject({ code, status });
  });

  it('refuses bytes that are not UTF-8 (a Windows-1252 export)', () => {
    expect(refusedWith(Uint8Array.from([...bytes('name,dienst\nCaf'), 0xe9, ...bytes(',DSB\n')]))).toMatchObject({ code: 'csv-not-utf8', status: 400 });
  });

  it(`refuses more than ${MAX_ROWS} rows`, () => {
    expect(refusedWith(`name,dienst\n${'A,DSB\n'.repeat(MAX_ROWS + 1)}`)).toMatchObject({ code: 'csv-too-many-rows', status: 413 });
    expect(read(`name,dienst\n${'A,DSB\n'.repeat(MAX_ROWS)}`).rows).toHaveLength(MAX_ROWS);
  });
});

describe('reading a CSV file in slices', () => {
  const slicedSpec = { required: ['title'], optional: ['dienst'] };

  it('gives the same table as reading it at once, also across slices that cut multi-byte characters', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `"Brief ${i} 🙂 naar de buren; regel\nmet een tweede regel";SZW`);
    const file = bytes(`\uFEFFtitle;dienst\r\n${rows.join('\r\n')}\r\n`);
    expect(await readCsvTableInSlices(file, slicedSpec)).toEqual(readCsvTable(file, slicedSpec));
  });

  it('refuses a malformed or too long file as reading it at once does', async () => {
    await expect(readCsvTableInSlices(bytes('title\n"unclosed\n'), slicedSpec)).rejects.toMatchObject({ code: 'csv-malformed' });
    const many = bytes(`title\n${Array.from({ length: MAX_ROWS + 5 }, (_, i) => `t${i}`).join('\n')}\n`);
    await expect(readCsvTableInSlices(many, slicedSpec)).rejects.toMatchObject({ code: 'csv-too-many-rows', status: 413 });
  });
});
