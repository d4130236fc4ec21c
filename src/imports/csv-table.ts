import { createHash } from 'node:crypto';
import { parse as parseStream } from 'csv-parse';
import { CsvError, parse, type Options } from 'csv-parse/sync';
import { setImmediate } from 'node:timers/promises';
import { ImportFileError, type RowRefusal } from './import-errors.js';

/**
 * A CSV file as an import reads it (pure: bytes in, table out). UTF-8 only (a BOM is
 * dropped), the separator `,` or `;` (Dutch Excel) as the header line has it, a header of
 * known column names, at most MAX_ROWS data rows. What makes the whole file unreadable is
 * an ImportFileError; what is wrong with one row is a refusal of that row.
 */

export const MAX_ROWS = 10_000;

/** The columns of one kind of import; names are matched without case and surrounding spaces. */
export interface ColumnSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export interface CsvRow {
  /** 1-based data record: 1 is the first record under the header. */
  readonly row: number;
  /** The cell of each column, trimmed (empty when blank). */
  readonly cells: Readonly<Record<string, string>>;
}

export interface CsvTable {
  /** `sha256:<hex>` of the exact bytes received. */
  readonly fileHash: string;
  readonly separator: ',' | ';';
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
  /** Rows that cannot even be split into the header's columns. */
  readonly refused: readonly RowRefusal[];
}

export const fileHashOf = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function readCsvTable(bytes: Uint8Array, spec: ColumnSpec): CsvTable {
  const { fileHash, text, separator } = openText(bytes);
  return tableOf(fileHash, separator, parseRecords(text, separator), spec);
}

/** The same table, parsed in slices of the text with a turn of the event loop between them. */
export async function readCsvTableInSlices(bytes: Uint8Array, spec: ColumnSpec): Promise<CsvTable> {
  const { fileHash, text, separator } = openText(bytes);
  return tableOf(fileHash, separator, await parseRecordsInSlices(text, separator), spec);
}

function openText(bytes: Uint8Array): { fileHash: string; text: string; separator: ',' | ';' } {
  const fileHash = fileHashOf(bytes);
  const text = decodeUtf8(bytes);
  if (text.trim().length === 0) throw new ImportFileError('empty-body', 'the body is empty; send a CSV file with a header line');
  return { fileHash, text, separator: separatorOf(text) };
}

function tableOf(fileHash: string, separator: ',' | ';', [header, ...records]: string[][], spec: ColumnSpec): CsvTable {
  const columns = checkHeader(header ?? [], spec);
  if (records.length === 0) throw new ImportFileError('csv-without-rows', 'the file has a header but no rows');
  if (records.length > MAX_ROWS) {
    throw new ImportFileError('csv-too-many-rows', `an import takes at most ${MAX_ROWS} rows; split the file`, 413, { maxRows: MAX_ROWS });
  }
  const rows: CsvRow[] = [];
  const refused: RowRefusal[] = [];
  records.forEach((record, index) => {
    const row = index + 1;
    if (record.length !== columns.length) {
      refused.push({ row, code: 'wrong-column-count', message: `the row has ${record.length} cells, the header ${columns.length}` });
      return;
    }
    rows.push({ row, cells: Object.fromEntries(columns.map((column, i) => [column, record[i] ?? ''])) });
  });
  return { fileHash, separator, columns, rows, refused };
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportFileError('empty-body', 'the body is empty; send a CSV file with a header line');
  try {
    // fatal: invalid UTF-8 is refused rather than turned into U+FFFD; the BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError('csv-not-utf8', 'the file is not UTF-8 text; save it as "CSV UTF-8"', 400);
  }
}

/** `;` when the header line has more semicolons than commas outside quotes (Dutch Excel), else `,`. */
function separatorOf(text: string): ',' | ';' {
  const headerLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"(?:[^"]|"")*"/g, '');
  const count = (char: string) => headerLine.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const parseOptions = (separator: ',' | ';'): Options => ({
  delimiter: separator,
  // Files edited on several systems mix line ends.
  record_delimiter: ['\r\n', '\n', '\r'],
  trim: true,
  relax_column_count: true,
  // Spreadsheets end with blank lines and rows of empty cells (`;;;`): not rows.
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  // One more than allowed, so that "too many" can be told from "just enough".
  to: MAX_ROWS + 2,
});

function parseRecords(text: string, separator: ',' | ';'): string[][] {
  try {
    return parse(text, parseOptions(separator));
  } catch (error) {
    throw malformed(error);
  }
}

/** Characters parsed between two turns of the event loop: a few milliseconds' work. */
const CHARACTERS_PER_SLICE = 64 * 1024;

/** The records as `parseRecords` gives them, the text fed to csv-parse's stream parser a slice at a time. */
async function parseRecordsInSlices(text: string, separator: ',' | ';'): Promise<string[][]> {
  const parser = parseStream(parseOptions(separator));
  const records: string[][] = [];
  let failure: unknown;
  parser.on('readable', () => {
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) records.push(record);
  });
  parser.on('error', (error) => (failure ??= error));
  const ended = new Promise<void>((resolve) => parser.once('close', resolve));
  // Once `to` records are read the parser ends itself: nothing more may be written then.
  for (let at = 0; at < text.length && failure === undefined && !parser.writableEnded; ) {
    const end = sliceEnd(text, at + CHARACTERS_PER_SLICE);
    parser.write(text.slice(at, end));
    at = end;
    await setImmediate();
  }
  if (!parser.writableEnded) parser.end();
  await ended;
  if (failure !== undefined) throw malformed(failure);
  return records;
}

/** Where a slice may end: never between the two halves of a surrogate pair, which would reach the parser as U+FFFD. */
function sliceEnd(text: string, end: number): number {
  if (end >= text.length) return text.length;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

function malformed(error: unknown): unknown {
  if (error instanceof CsvError) return new ImportFileError('csv-malformed', `the CSV cannot be read: ${error.message}`, 400, { csvError: error.code });
  return error;
}

function checkHeader(header: readonly string[], spec: ColumnSpec): string[] {
  const columns = header.map((name) => name.trim().toLowerCase());
  const known = [...spec.required, ...spec.optional];
  const unknown = columns.filter((column) => !known.includes(column));
  if (unknown.length > 0) {
    throw new ImportFileError('csv-unknown-columns', `unknown column(s): ${unknown.map((c) => JSON.stringify(c)).join(', ')}; the columns are ${known.join(', ')}`, 400, { unknown, known });
  }
  const twice = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (twice.length > 0) throw new ImportFileError('csv-duplicate-columns', `column(s) named twice: ${[...new Set(twice)].join(', ')}`, 400, { duplicate: [...new Set(twice)] });
  const missing = spec.required.filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new ImportFileError('csv-missing-columns', `required column(s) missing: ${missing.join(', ')}`, 400, { missing, required: [...spec.required] });
  return columns;
}

/** Rows whose `key` repeats an earlier row's: the later ones are refused (a file lists each thing once). */
export function duplicateRows(rows: readonly CsvRow[], key: (row: CsvRow) => string, what: string): RowRefusal[] {
  const first = new Map<string, number>();
  const refused: RowRefusal[] = [];
  for (const row of rows) {
    const k = key(row);
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, row.row);
    else refused.push({ row: row.row, code: 'duplicate-row', message: `the row repeats row ${earlier} (${what})` });
  }
  return refused;
}
