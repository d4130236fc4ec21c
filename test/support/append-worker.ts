/**
 * A child process for the SQLite adapter's tests (kill -9, two processes on one file):
 * opens a SqliteEventStore and appends from several concurrent lanes, so many appends
 * are in flight at once and group commit is exercised. Prints one line per append, only
 * after its promise resolved (the acknowledgement), and a last line after closing.
 *
 *   node dist-bench/test/support/append-worker.js '<AppendWorkerConfig as JSON>'
 */
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { AppendWorkerConfig, WorkerEventData, WorkerLine } from './append-worker-protocol.js';

const config = JSON.parse(process.argv[2] ?? '') as AppendWorkerConfig;

function print(line: WorkerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function lane(store: SqliteEventStore, lane: number): Promise<void> {
  for (let seq = 0; config.appendsPerLane === undefined || seq < config.appendsPerLane; seq += 1) {
    const streamId = config.streams[(lane + seq) % config.streams.length] as string;
    const of = 1 + ((lane + seq) % 3);
    const events: NewEvent[] = Array.from({ length: of }, (_, part) => ({
      type: 'WorkerAppended',
      data: { worker: config.worker, lane, seq, part, of } satisfies WorkerEventData,
      metadata: { actor: { id: config.worker, role: 'test' }, commandId: `${config.worker}-${lane}-${seq}`, correlationId: 'worker', causationId: 'worker' },
    }));
    const result = await store.append(streamId, events, { expectedRevision: 'any' });
    print({
      ack: result.events.map((e) => ({ eventId: e.eventId, streamId: e.streamId, revision: e.revision, position: e.position.toString(), hash: e.metadata.hash })),
      commits: store.commitStats().commits,
    });
  }
}

let store: SqliteEventStore | undefined;
try {
  store = new SqliteEventStore({ file: config.file, busyTimeoutMs: 20_000 });
  const opened = store;
  await Promise.all(Array.from({ length: config.lanes }, (_, n) => lane(opened, n)));
  await store.close();
  print({ done: true });
} catch (error) {
  const cause = (error as Error).cause;
  console.error(`${(error as Error).stack}${cause instanceof Error ? `\ncaused by ${cause.stack}` : ''}`);
  await store?.close();
  process.exitCode = 1;
}
