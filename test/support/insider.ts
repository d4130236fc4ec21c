import Database from 'better-sqlite3';
import { GENESIS_HASH, seal } from '../../src/event-store/hash-chain.js';
import type { SealableEnvelope } from '../../src/event-store/hash-chain.js';

interface Row {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

/**
 * What an insider with file access can do to the SQLite events file while the service is
 * stopped: change an event's data, re-hash its stream's chain so every chain still verifies,
 * and delete the `ledger-checkpoints` stream that would betray the change.
 */
export function rewriteEvent(file: string, change: { readonly type: string; readonly edit: (data: Record<string, unknown>) => Record<string, unknown> }): { streamId: string; position: number } {
  const db = new Database(file);
  try {
    for (const trigger of ['events_are_immutable_update', 'events_are_immutable_delete']) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    const target = db.prepare('SELECT * FROM events WHERE type = ? ORDER BY position LIMIT 1').get(change.type) as Row | undefined;
    if (!target) throw new Error(`no ${change.type} event to rewrite`);
    const rows = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(target.stream_id) as Row[];
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
    let prevHash = GENESIS_HASH;
    db.transaction(() => {
      for (const row of rows) {
        const data = JSON.parse(row.data) as Record<string, unknown>;
        const { hash: _old, ...metadata } = JSON.parse(row.metadata) as Record<string, unknown>;
        const envelope = {
          eventId: row.event_id,
          streamId: row.stream_id,
          revision: Number(row.revision),
          type: row.type,
          schemaVersion: Number(row.schema_version),
          data: row.position === target.position ? change.edit(data) : data,
          metadata: { ...metadata, prevHash },
        } as unknown as SealableEnvelope;
        const sealed = seal(envelope);
        prevHash = sealed.metadata.hash;
        update.run(JSON.stringify(sealed.data), JSON.stringify(sealed.metadata), row.position);
      }
    })();
    return { streamId: target.stream_id, position: Number(target.position) };
  } finally {
    db.close();
  }
}

export function deleteCheckpoints(file: string): number {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS events_are_immutable_delete');
    return db.prepare("DELETE FROM events WHERE stream_id = 'ledger-checkpoints'").run().changes;
  } finally {
    db.close();
  }
}
