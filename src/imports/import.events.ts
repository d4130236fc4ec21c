import type { ImportKind } from './import-plan.js';

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

type Event<T extends string, D> = { readonly type: T; readonly data: D };
export type ImportEvent = Event<'ImportStarted', ImportStartedData> | Event<'ImportCompleted', ImportCompletedData>;

export const IMPORT_EVENT_SCHEMA_VERSIONS: { readonly [T in ImportEvent['type']]: number } = { ImportStarted: 1, ImportCompleted: 1 };

export const importStreamId = (importId: string): string => `import-${importId}`;
