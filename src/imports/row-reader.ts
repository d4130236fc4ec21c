import { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';
import { isIsoDateTimeWithOffset } from '../http/iso-date-time.js';
import type { CsvRow } from './csv-table.js';
import type { RowRefusal } from './import-errors.js';

/**
 * Reads the cells of one CSV row into typed values, collecting a refusal per bad cell
 * (so a dry run lists every problem of a row, not only the first). Pure. The limits and
 * formats are the HTTP commands': times ISO-8601 with an offset, a line at most LINE_MAX
 * characters, a text at most TEXT_MAX. Multi-valued cells separate their entries by `|`.
 */

export const LIST_SEPARATOR = '|';
const YES = new Set(['yes', 'y', 'true', '1', 'ja', 'j']);
const NO = new Set(['no', 'n', 'false', '0', 'nee']);

export class RowReader {
  readonly refusals: RowRefusal[] = [];

  constructor(private readonly source: CsvRow) {}

  get row(): number {
    return this.source.row;
  }

  /** The trimmed cell; '' when blank or when the file has no such column. */
  cell(column: string): string {
    return this.source.cells[column] ?? '';
  }

  has(column: string): boolean {
    return this.cell(column) !== '';
  }

  refuse(column: string | undefined, code: string, message: string): null {
    this.refusals.push({ row: this.source.row, ...(column === undefined ? {} : { column }), code, message });
    return null;
  }

  /** Text of at most `max` characters; null when blank (refused when required). */
  text(column: string, options: { required?: boolean; long?: boolean } = {}): string | null {
    const value = this.cell(column);
    if (value === '') return options.required ? this.refuse(column, 'value-required', `${column} is required`) : null;
    const max = options.long ? TEXT_MAX : LINE_MAX;
    if (value.length > max) return this.refuse(column, 'value-too-long', `${column} is longer than ${max} characters`);
    return value;
  }

  /** A moment with its offset, as UTC ISO-8601 (ms); null when blank (refused when required). */
  time(column: string, options: { required?: boolean } = {}): string | null {
    const value = this.cell(column);
    if (value === '') return options.required ? this.refuse(column, 'value-required', `${column} is required`) : null;
    if (!isIsoDateTimeWithOffset(value)) return this.refuse(column, 'invalid-time', `${column} must be an ISO-8601 date-time with an offset, e.g. 2021-03-02T10:00:00+01:00, not ${JSON.stringify(value)}`);
    return new Date(value).toISOString();
  }

  /** yes/no (also ja/nee, true/false, 1/0); `fallback` when blank, refused when blank without one. */
  yesNo(column: string, fallback?: boolean): boolean | null {
    const value = this.cell(column).toLowerCase();
    if (value === '') return fallback ?? this.refuse(column, 'value-required', `${column} is required (yes or no)`);
    if (YES.has(value)) return true;
    if (NO.has(value)) return false;
    return this.refuse(column, 'invalid-value', `${column} must be yes or no, not ${JSON.stringify(this.cell(column))}`);
  }

  /** A whole number of at least `min`; null when blank. */
  integer(column: string, min = 0): number | null {
    const value = this.cell(column);
    if (value === '') return null;
    if (!/^\d{1,9}$/.test(value) || Number(value) < min) return this.refuse(column, 'invalid-number', `${column} must be a whole number of at least ${min}, not ${JSON.stringify(value)}`);
    return Number(value);
  }

  /** One of `values`; `fallback` when blank (refused when blank without one). */
  oneOf<T extends string>(column: string, values: readonly T[], fallback?: T): T | null {
    const value = this.cell(column).toLowerCase();
    if (value === '') return fallback ?? this.refuse(column, 'value-required', `${column} is required: one of ${values.join(', ')}`);
    if ((values as readonly string[]).includes(value)) return value as T;
    return this.refuse(column, 'invalid-value', `${column} must be one of ${values.join(', ')}, not ${JSON.stringify(this.cell(column))}`);
  }

  /** The `|`-separated entries of a cell, trimmed, blanks dropped; each a line, none twice. */
  list(column: string): string[] {
    const entries = this.cell(column)
      .split(LIST_SEPARATOR)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const long = entries.find((entry) => entry.length > LINE_MAX);
    if (long !== undefined) this.refuse(column, 'value-too-long', `an entry of ${column} is longer than ${LINE_MAX} characters`);
    const twice = entries.find((entry, index) => entries.indexOf(entry) !== index);
    if (twice !== undefined) this.refuse(column, 'duplicate-entry', `${column} lists ${JSON.stringify(twice)} twice`);
    return entries;
  }
}
