import type { StoredEvent } from '../event-store/event-store.port.js';
import { readsStoredRows, type StoredRow } from '../event-store/verify.js';
import { exportLines, storedEventLine } from './export-format.js';
import type { Ledger } from './ledger.js';
import { Slices, logPages, rowPages } from './log-pages.js';

/**
 * The export's slices of the event loop and its pages of rows: shorter than the other whole-log
 * passes' (8 ms, 1,000 rows), since the export is the one that runs on the service's thread for
 * its whole length (~10 µs of CPU an event). A page of 1,000 rows took ~4–5 ms to read in one
 * call, and a slice of 8 ms more to write out: /health waited for both.
 */
export const EXPORT_SLICE_MS = 2;
export const EXPORT_PAGE = 250;

/**
 * The lines of an export of the log as it stands: a fresh signed checkpoint over every
 * exported event heads the file, so a truncated tail cannot pass as a complete export.
 */
export async function ledgerExport(ledger: Ledger): Promise<AsyncGenerator<string>> {
  const { events, origin, clock } = ledger.exportSources();
  const treeSize = await ledger.sync();
  const headerNote = ledger.signedNote(treeSize);
  const checkpointNotes = (await ledger.checkpoints()).filter((checkpoint) => checkpoint.treeSize <= treeSize).map((checkpoint) => checkpoint.note);
  // Page by page as the reader takes the lines (the reply's backpressure), in slices of the event loop.
  // From a store that hands out its rows (SQLite), each line is written from the stored texts.
  async function* firstEvents(): AsyncGenerator<StoredEvent | string> {
    if (treeSize === 0) return;
    let sent = 0;
    const slices = new Slices(EXPORT_SLICE_MS);
    const rows = readsStoredRows(events) ? events : undefined;
    const pages: AsyncIterable<readonly (StoredEvent | StoredRow)[]> = rows ? rowPages(rows, undefined, slices, EXPORT_PAGE) : logPages(events, undefined, slices);
    const decode = (row: StoredRow) => rows!.decodeRow(row);
    for await (const page of pages) {
      for (const item of page) {
        // A line at a time, as it is taken: a page of lines would outlive young collections.
        yield rows ? storedEventLine(item as StoredRow, decode) : (item as StoredEvent);
        sent += 1;
        if (sent === treeSize) return;
        if (slices.due()) await slices.pause();
      }
    }
  }
  return exportLines({ origin, exportedAt: clock.now().toISOString(), events: firstEvents(), headerNote, treeSize, checkpointNotes });
}
