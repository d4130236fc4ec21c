import { setImmediate } from 'node:timers/promises';
import { v5 as uuidv5 } from 'uuid';
import { breachStreamId } from '../breaches/breach.events.js';
import { processingStreamId } from '../processing-register/processing.events.js';
import { DomainError } from '../shared/domain-error.js';
import type { JsonObject } from '../shared/json.js';
import type { CsvTable } from './csv-table.js';
import type { RowRefusal } from './import-errors.js';

/**
 * What an import would write, decided from the file alone (pure): one new stream per
 * accepted row, or the rows it refuses. Every id is derived from the file's hash and the
 * row, so posting the same file again names the same import, streams and events: a
 * repeated import is recognised, and an interrupted one is completed, never doubled.
 */

export type ImportKind = 'breaches' | 'processing-activities';

/** The stream a row of each kind becomes. */
export const STREAM_OF: { readonly [K in ImportKind]: (id: string) => string } = { breaches: breachStreamId, 'processing-activities': processingStreamId };

/** The domain events of one row's new stream, as decided (not yet encoded). */
export interface PlannedStream {
  readonly row: number;
  /** The breach or processing-activity id. */
  readonly id: string;
  readonly streamId: string;
  readonly events: readonly { readonly type: string; readonly schemaVersion: number; readonly data: JsonObject }[];
}

export interface ImportPlan {
  readonly kind: ImportKind;
  readonly importId: string;
  readonly fileHash: string;
  readonly rows: number;
  readonly streams: readonly PlannedStream[];
  /** Sorted by row. Any refusal refuses the whole import. */
  readonly refused: readonly RowRefusal[];
}

/** Namespace of every id an import derives. */
const IMPORT_NAMESPACE = '5b0e7d2a-61c4-5f3e-8a9b-2c4d6e8f0a1b';

export const importIdOf = (kind: ImportKind, fileHash: string): string => uuidv5(`${kind}\n${fileHash}`, IMPORT_NAMESPACE);
/** The id of the breach or processing activity a row becomes. */
export const rowIdOf = (importId: string, row: number): string => uuidv5(`${importId}\nrow ${row}`, IMPORT_NAMESPACE);
/** The id of the `index`-th event of a stream an import writes (journal included). */
export const importEventIdOf = (streamId: string, index: number): string => uuidv5(`${streamId}\nevent ${index}`, IMPORT_NAMESPACE);

/** What an import's decide makes of one row: its stream's events, or the reasons it refuses the row. */
export type RowOutcome = { readonly events: PlannedStream['events'] } | { readonly refused: readonly RowRefusal[] };

/**
 * Planning a table, row by row: it pauses (yields) after every ROWS_PER_SLICE rows, so that
 * whoever runs it can let the event loop turn between slices (`planInSlices`); `planned`
 * runs it through at once. Still pure: the pauses change nothing about the plan.
 */
export type ImportPlanning = Generator<void, ImportPlan, void>;

/** Rows decided between two turns of the event loop: a slice takes a few milliseconds. */
export const ROWS_PER_SLICE = 200;

/** The whole plan at once (the pure decide functions, and their tests). */
export function planned(planning: ImportPlanning): ImportPlan {
  for (;;) {
    const step = planning.next();
    if (step.done) return step.value;
  }
}

/** The plan, letting the event loop turn between slices: a 10,000-row file must not stall the service. */
export async function planInSlices(planning: ImportPlanning): Promise<ImportPlan> {
  for (;;) {
    const step = planning.next();
    if (step.done) return step.value;
    await setImmediate();
  }
}

/** The plan for a table: each row through `decideRow`, the table's own refusals (column counts, duplicates) added. */
export function* planImport(
  kind: ImportKind,
  table: CsvTable,
  extraRefusals: readonly RowRefusal[],
  decideRow: (row: CsvTable['rows'][number], id: string) => RowOutcome,
): ImportPlanning {
  const importId = importIdOf(kind, table.fileHash);
  const refused: RowRefusal[] = [...table.refused, ...extraRefusals];
  const streams: PlannedStream[] = [];
  for (const [index, row] of table.rows.entries()) {
    const id = rowIdOf(importId, row.row);
    const outcome = decideRow(row, id);
    if ('refused' in outcome) refused.push(...outcome.refused);
    else streams.push({ row: row.row, id, streamId: STREAM_OF[kind](id), events: outcome.events });
    if ((index + 1) % ROWS_PER_SLICE === 0) yield;
  }
  refused.sort((a, b) => a.row - b.row);
  const refusedRows = new Set(refused.map((refusal) => refusal.row));
  const rows = table.rows.length + table.refused.length;
  return { kind, importId, fileHash: table.fileHash, rows, streams: streams.filter((stream) => !refusedRows.has(stream.row)), refused };
}

/** Where a rule's refusal points in the file: the column of the field it names (or of its first part), else of its code. */
export interface RefusalColumns {
  readonly fields: Readonly<Record<string, string>>;
  readonly codes: Readonly<Record<string, string>>;
}

/** The events `decide` returns, or the refusal of the first rule it breaks, pointed at its column. */
export function decideOrRefuse(row: number, columns: RefusalColumns, decide: () => PlannedStream['events']): RowOutcome {
  try {
    return { events: decide() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    const column = (field !== undefined ? (columns.fields[field] ?? columns.fields[field.split(/[.[]/)[0] ?? '']) : undefined) ?? columns.codes[error.code];
    return { refused: [{ row, ...(column ? { column } : {}), code: error.code, message: error.message }] };
  }
}
