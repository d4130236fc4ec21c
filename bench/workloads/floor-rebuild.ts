/**
 * The rebuild's floor: every read model built from empty over a log, the work a build in stream
 * order cannot do without, with nothing of the service around it, on one thread. better-sqlite3
 * reads each category's events stream by stream (one statement, iterated); each row's data and
 * metadata are parsed into the event the projections take; each projection's own pure fold
 * (`applyAll`, else `apply`) makes a stream's document; JSON.stringify writes it; its aggregate
 * contributions are summed; the documents go into the read-model file's own tables (the store's
 * DDL: JSONB, its CHECK) in transactions of 2 MiB, as the build commits them, then the summed
 * aggregates, then the projection's indexes are built (the store's CREATE INDEX statements).
 *
 * No checkpoint, lease, crash safety, yield to an event loop, hand-over between threads or
 * check of the documents: the bare work. Each stage's time is kept apart, so the page can say
 * which part only one thread can do (SQLite has one writer: the inserts and the index builds)
 * and what that leaves the other core.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { addContributions, aggregatesCollection, applyDelta, type AggregateDeltas } from '../../projections/projection-aggregates.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { categoryStreamRange } from '../../src/event-store/read-options.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { collectionTable, createIndexSql, createTableSql } from '../../src/read-store/sqlite/sqlite-document-sql.js';
import type { JsonObject } from '../../src/shared/json.js';

/** A build's commit: what the runner writes at once while building in stream order. */
const BATCH_BYTES = 2 * 1024 * 1024;

export const REBUILD_STAGES = ['read', 'fold', 'stringify', 'aggregates', 'insert', 'index'] as const;
export type RebuildStage = (typeof REBUILD_STAGES)[number];

export interface RebuildFloor {
  readonly events: number;
  readonly documents: number;
  /** Wall-clock of the whole build, ms. */
  readonly ms: number;
  /** Each stage's share of it, ms. */
  readonly stages: Readonly<Record<RebuildStage, number>>;
}

type Row = [bigint, string, string, bigint, string, bigint, string, string];

interface Target {
  readonly definition: ProjectionDefinition;
  readonly collection: string;
  readonly insert: Database.Statement;
  /** The aggregate contributions of its documents, summed as the runner sums them. */
  readonly sums: AggregateDeltas;
  /** Documents of a definition that is not one per stream: kept until its category is read. */
  readonly shared: Map<string, JsonObject | null>;
}

/**
 * Builds every read model of `definitions` from the log in `logFile` into a new file `outFile`
 * (replaced; removed afterwards unless `keep`: a test compares its documents with the service's).
 */
export function rebuildFloor(logFile: string, outFile: string, options: { readonly definitions?: readonly ProjectionDefinition[]; readonly keep?: boolean } = {}): RebuildFloor {
  const definitions = options.definitions ?? PROJECTION_DEFINITIONS;
  for (const suffix of ['', '-wal', '-shm']) rmSync(outFile + suffix, { force: true });
  const log = new Database(logFile, { readonly: true, fileMustExist: true });
  const out = new Database(outFile);
  const stages: Record<RebuildStage, number> = { read: 0, fold: 0, stringify: 0, aggregates: 0, insert: 0, index: 0 };
  let events = 0;
  let documents = 0;
  try {
    log.defaultSafeIntegers(true);
    out.pragma('journal_mode = WAL');
    out.pragma('synchronous = NORMAL'); // as the read-model writer thread
    out.pragma('secure_delete = ON');
    const started = performance.now();
    let pending: [Database.Statement, string, string][] = [];
    let pendingBytes = 0;
    const commit = () => {
      const at = performance.now();
      out.transaction(() => {
        for (const [insert, id, text] of pending) insert.run(id, text);
      })();
      stages.insert += performance.now() - at;
      documents += pending.length;
      pending = [];
      pendingBytes = 0;
    };
    const put = (insert: Database.Statement, id: string, document: unknown) => {
      const at = performance.now();
      const text = JSON.stringify(document);
      stages.stringify += performance.now() - at;
      pending.push([insert, id, text]);
      pendingBytes += text.length;
    };
    const contribute = (target: Target, document: JsonObject) => {
      if (!target.definition.aggregates) return;
      const at = performance.now();
      addContributions(target.sums, target.definition.aggregates.contributions, document, 1);
      stages.aggregates += performance.now() - at;
    };

    for (const category of [...new Set(definitions.map((d) => d.category))].sort()) {
      const targets: Target[] = definitions
        .filter((d) => d.category === category)
        .map((definition) => {
          const collection = `${definition.name}@1`;
          out.exec(createTableSql(collection));
          return { definition, collection, insert: out.prepare(`INSERT INTO ${collectionTable(collection)} (id, doc) VALUES (?, jsonb(?))`), sums: new Map(), shared: new Map() };
        });
      // One stream's events, folded into each projection's document once the stream is read.
      const fold = (run: StoredEvent[]) => {
        for (const target of targets) {
          const { definition } = target;
          const at = performance.now();
          if (definition.documentPerStream) {
            const document = definition.applyAll ? definition.applyAll(undefined, run) : run.reduce<JsonObject | null | undefined>((doc, event) => definition.apply(doc ?? undefined, event), undefined);
            stages.fold += performance.now() - at;
            if (document === null || document === undefined) continue;
            contribute(target, document);
            put(target.insert, definition.documentId(run[0]!), document);
          } else {
            for (const event of run) {
              const id = definition.documentId(event);
              target.shared.set(id, definition.apply(target.shared.get(id) ?? undefined, event));
            }
            stages.fold += performance.now() - at;
          }
        }
        if (pendingBytes >= BATCH_BYTES) commit();
      };
      const { from, to } = categoryStreamRange(category);
      const rows = log
        .prepare('SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata FROM events WHERE stream_id >= ? AND stream_id < ? ORDER BY stream_id, revision')
        .raw(true)
        .iterate(from, to) as IterableIterator<Row>;
      let run: StoredEvent[] = [];
      let readFrom = performance.now();
      for (const [position, eventId, streamId, revision, type, schemaVersion, data, metadata] of rows) {
        if (run.length > 0 && run[0]!.streamId !== streamId) {
          stages.read += performance.now() - readFrom;
          fold(run);
          run = [];
          readFrom = performance.now();
        }
        run.push({ eventId, streamId, revision: Number(revision), position, type, schemaVersion: Number(schemaVersion), data: JSON.parse(data), metadata: JSON.parse(metadata) });
        events += 1;
      }
      stages.read += performance.now() - readFrom;
      if (run.length > 0) fold(run);
      for (const target of targets) {
        for (const [id, document] of target.shared) {
          if (document === null || document === undefined) continue;
          contribute(target, document);
          put(target.insert, id, document);
        }
      }
      commit();
      for (const target of targets.filter((t) => t.sums.size > 0)) {
        const aggregates = aggregatesCollection(target.collection);
        out.exec(createTableSql(aggregates));
        const insert = out.prepare(`INSERT INTO ${collectionTable(aggregates)} (id, doc) VALUES (?, jsonb(?))`);
        for (const [id, delta] of target.sums) {
          const document = applyDelta(id, undefined, delta); // the runner's aggregate document
          if (document !== null) put(insert, id, document);
        }
      }
      commit();
      const at = performance.now();
      for (const target of targets) for (const field of target.definition.indexes) out.exec(createIndexSql(target.collection, field));
      stages.index += performance.now() - at;
    }
    return { events, documents, ms: performance.now() - started, stages };
  } finally {
    log.close();
    out.close();
    if (!options.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(outFile + suffix, { force: true });
  }
}
