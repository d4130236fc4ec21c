import type { StoredEvent } from '../event-store/event-store.port.js';
import { toWireEvent, type WireEvent } from '../http/wire.js';
import { parseNote } from './checkpoint.js';

/**
 * The self-contained export: NDJSON, one JSON object per line, in this order:
 *
 *   {"kind":"header","format":"privacy-ledger-export","version":1,"origin":…,"exportedAt":…,"treeSize":n,"checkpoint":<signed note>}
 *   {"kind":"event","event":<WireEvent>}             × n, in global order
 *   {"kind":"checkpoint","note":<signed note>}       × every recorded checkpoint, cosignature lines included
 *   {"kind":"footer","events":n}
 *
 * The header's checkpoint is signed at export time over exactly the n exported events, so
 * a verifier holding only the file and the public key can tell a complete export from a
 * truncated or altered one. Everything but the signed notes is unsigned: it is checked
 * against them (src/audit/verify-export.ts).
 */
export const EXPORT_FORMAT = 'privacy-ledger-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly kind: 'header';
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly origin: string;
  readonly exportedAt: string;
  readonly treeSize: number;
  readonly checkpoint: string;
}
export interface ExportEvent {
  readonly kind: 'event';
  readonly event: WireEvent;
}
export interface ExportCheckpoint {
  readonly kind: 'checkpoint';
  readonly note: string;
}
export interface ExportFooter {
  readonly kind: 'footer';
  readonly events: number;
}
export type ExportLine = ExportHeader | ExportEvent | ExportCheckpoint | ExportFooter;

export interface ExportInput {
  readonly origin: string;
  readonly exportedAt: string;
  /** The log in global order; exactly `treeSize` events are taken from it. */
  readonly events: AsyncIterable<StoredEvent>;
  /** The signed note of a checkpoint over the first `treeSize` events, made now. */
  readonly headerNote: string;
  readonly treeSize: number;
  /** The recorded checkpoints, oldest first, as signed notes with their cosignature lines. */
  readonly checkpointNotes: readonly string[];
}

const line = (value: ExportLine): string => `${JSON.stringify(value)}\n`;

/**
 * Yields the export line by line (each ending in "\n"). Takes exactly `treeSize` events, so
 * a log that grows while it is exported still gives an export that matches its header; a
 * log with fewer events throws (the export would not verify, so it must not look finished).
 */
export async function* exportLines(input: ExportInput): AsyncGenerator<string> {
  const { origin, exportedAt, events, headerNote, treeSize, checkpointNotes } = input;
  const signed = parseNote(headerNote).checkpoint;
  if (signed.treeSize !== treeSize || signed.origin !== origin) {
    throw new Error(`exportLines: the header checkpoint is for ${signed.origin} at treeSize ${signed.treeSize}, not ${origin} at ${treeSize}`);
  }
  yield line({ kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, origin, exportedAt, treeSize, checkpoint: headerNote });
  let count = 0;
  if (treeSize > 0) {
    for await (const event of events) {
      yield line({ kind: 'event', event: toWireEvent(event) });
      count += 1;
      if (count === treeSize) break;
    }
  }
  if (count !== treeSize) throw new Error(`exportLines: the log ended after ${count} events, the header checkpoint covers ${treeSize}`);
  for (const note of checkpointNotes) yield line({ kind: 'checkpoint', note });
  yield line({ kind: 'footer', events: count });
}
