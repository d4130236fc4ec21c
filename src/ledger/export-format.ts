import type { StoredEvent } from '../event-store/event-store.port.js';
import type { StoredRow } from '../event-store/verify.js';
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
 * against them (src/ledger/verify-export.ts).
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
  /** The log in global order, each event or its line as `storedEventLine` wrote it; exactly `treeSize` are taken from it. */
  readonly events: AsyncIterable<StoredEvent | string>;
  /** The signed note of a checkpoint over the first `treeSize` events, made now. */
  readonly headerNote: string;
  readonly treeSize: number;
  /** The recorded checkpoints, oldest first, as signed notes with their cosignature lines. */
  readonly checkpointNotes: readonly string[];
}

const line = (value: ExportLine): string => `${JSON.stringify(value)}\n`;

/** A member name that is an array index: JSON.parse puts it before the others, so the text read back would change order. */
const INDEX_MEMBER = /"(?:0|[1-9][0-9]*)":/;

/**
 * An event's export line written from its stored row, without decoding it: the same text
 * `line` writes from the decoded event. The store's data and metadata texts are what
 * JSON.stringify writes from them once parsed (RFC 8785 text, or the caller's order, both
 * without spaces and with JSON.stringify's escapes and numbers), except where a member name is
 * an array index, which a parsed object puts first: such a row, and any row whose texts this
 * cannot vouch for, is decoded and written the exact way (`decode` throws as the store's
 * reads do on a row it cannot decode). Parsing every event only to write it again was most of
 * an export's work, and its objects, alive while their page was written out, were promoted to
 * the old generation: hundreds of megabytes of garbage over a long log.
 */
export function storedEventLine(row: StoredRow, decode: (row: StoredRow) => StoredEvent): string {
  const { data, metadata } = row;
  if (!objectText(data) || !objectText(metadata) || INDEX_MEMBER.test(data) || INDEX_MEMBER.test(metadata)) {
    return line({ kind: 'event', event: toWireEvent(decode(row)) });
  }
  const q = JSON.stringify;
  return (
    `{"kind":"event","event":{"eventId":${q(row.event_id)},"streamId":${q(row.stream_id)},"revision":${Number(row.revision)},"position":"${row.position}",` +
    `"type":${q(row.type)},"schemaVersion":${Number(row.schema_version)},"data":${data},"metadata":${metadata}}}\n`
  );
}

/** Text shaped as one JSON object (a first check against a cut text; the rest is the store's). */
const objectText = (text: string): boolean => text.startsWith('{') && text.endsWith('}');

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
      yield typeof event === 'string' ? event : line({ kind: 'event', event: toWireEvent(event) });
      count += 1;
      if (count === treeSize) break;
    }
  }
  if (count !== treeSize) throw new Error(`exportLines: the log ended after ${count} events, the header checkpoint covers ${treeSize}`);
  for (const note of checkpointNotes) yield line({ kind: 'checkpoint', note });
  yield line({ kind: 'footer', events: count });
}
