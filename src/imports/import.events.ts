import type { ImportKind } from './import-plan.js';
import type { SchemaVersions, StreamEvent } from '../shared/stream-events.js';

/**
 * The journal of an import, stream `import-<importId>`: what it set out to write, and that
 * it finished. On an engine with `appendBatch` both are written in the one transaction with
 * the imported streams; on one without, ImportStarted comes first and ImportCompleted last,
 * so an import cut off midway is visible (started, not completed) and posting the same file
 * again completes it. No projection reads this category: the breach and register views
 * take only their own.
 */

export interface ImportStartedData {
  readonly importId: string;
  readonly kind: ImportKind;
  /** `sha256:<hex>` of the exact bytes of the file. */
  readonly fileHash: string;
  readonly rows: number;
  /** The id (breach or processing activity) each row became. */
  readonly created: readonly { readonly row: number; readonly id: string }[];
}

export interface ImportCompletedData {
  readonly importId: string;
  readonly streams: number;
  readonly events: number;
}

export type ImportEvent = StreamEvent<'ImportStarted', ImportStartedData> | StreamEvent<'ImportCompleted', ImportCompletedData>;

export const IMPORT_EVENT_SCHEMA_VERSIONS: SchemaVersions<ImportEvent> = { ImportStarted: 1, ImportCompleted: 1 };

export const importStreamId = (importId: string): string => `import-${importId}`;
