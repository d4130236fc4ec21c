import type { JsonObject } from '../shared/json.js';

/** One row an import refuses, and why: `row` is the data record (1 = the first under the header). */
export interface RowRefusal {
  readonly row: number;
  /** The CSV column at fault, when one is. */
  readonly column?: string;
  readonly code: string;
  readonly message: string;
}

/** The file itself cannot be read as an import (HTTP 400, 413 or 415): nothing about its rows is judged. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 413 | 415 = 400,
    readonly details: JsonObject = {},
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** An import with refused rows (HTTP 422 `import-refused`): every refused row is listed, nothing is written. */
export class ImportRefusedError extends Error {
  readonly code = 'import-refused';
  constructor(
    readonly fileHash: string,
    readonly rows: number,
    readonly refused: readonly RowRefusal[],
  ) {
    super(`${refused.length} refusal(s) in ${new Set(refused.map((r) => r.row)).size} of ${rows} row(s); nothing was imported`);
    this.name = 'ImportRefusedError';
  }
}

/** A stream an import would create already holds events it did not write (HTTP 409 `import-conflict`). */
export class ImportConflictError extends Error {
  readonly code = 'import-conflict';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} already holds events that this import did not write`);
    this.name = 'ImportConflictError';
  }
}
