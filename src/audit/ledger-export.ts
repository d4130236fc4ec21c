import type { StoredEvent } from '../event-store/event-store.port.js';
import { exportLines } from './export-format.js';
import type { Ledger } from './ledger.js';
import { Slices, logPages } from './log-pages.js';

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
  async function* firstEvents(): AsyncGenerator<StoredEvent> {
    if (treeSize === 0) return;
    let sent = 0;
    const slices = new Slices();
    for await (const page of logPages(events, undefined, slices)) {
      for (const event of page) {
        yield event;
        sent += 1;
        if (sent === treeSize) return;
        if (slices.due()) await slices.pause();
      }
    }
  }
  return exportLines({ origin, exportedAt: clock.now().toISOString(), events: firstEvents(), headerNote, treeSize, checkpointNotes });
}
