import { START, type StoredEvent } from '../event-store/event-store.port.js';
import { exportLines } from './export-format.js';
import type { Ledger } from './ledger.js';

/**
 * The lines of an export of the log as it stands: a fresh signed checkpoint over every
 * exported event heads the file, so a truncated tail cannot pass as a complete export.
 */
export async function ledgerExport(ledger: Ledger): Promise<AsyncGenerator<string>> {
  const { events, origin, clock } = ledger.exportSources();
  const treeSize = await ledger.sync();
  const headerNote = ledger.signedNote(treeSize);
  const checkpointNotes = (await ledger.checkpoints()).filter((checkpoint) => checkpoint.treeSize <= treeSize).map((checkpoint) => checkpoint.note);
  async function* firstEvents(): AsyncGenerator<StoredEvent> {
    let sent = 0;
    for (let after = START; sent < treeSize; ) {
      const page = await events.readAll({ afterPosition: after, maxCount: 1000 });
      for (const event of page.slice(0, treeSize - sent)) yield event;
      sent += Math.min(page.length, treeSize - sent);
      const last = page.at(-1);
      if (!last || page.length < 1000) return;
      after = last.position;
    }
  }
  return exportLines({ origin, exportedAt: clock.now().toISOString(), events: firstEvents(), headerNote, treeSize, checkpointNotes });
}
