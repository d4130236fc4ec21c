import type Database from 'better-sqlite3';
import { RequestThread, sqliteRequestProgram } from '../../shared/request-thread.js';
import { WRITER_THREAD_LIMITS, startSqliteThread } from '../../shared/sqlite-thread.js';

/**
 * A checked commit as the writer takes it: change i is (collections[i], ids[i], documents[i]),
 * each document already JSON text, null to delete. Three arrays of strings, not an object per
 * change: a thousand small objects cost the structured clone of a message twice as much, on
 * the event loop when posted and on the writer when received.
 */
export interface CommitRequest {
  readonly id: number;
  readonly projection: string;
  readonly from: bigint;
  readonly to: bigint;
  readonly at: string;
  /** Commit.fence: another checkpoint that must be at this position (0n: absent), not moved. */
  readonly fence?: { readonly projection: string; readonly position: bigint };
  readonly collections: readonly string[];
  readonly ids: readonly string[];
  readonly documents: readonly (string | null)[];
}

export type CommitReply =
  | { readonly id: number; readonly ok: true }
  /** A checkpoint elsewhere than the commit expects (`fenced`: the fence's, not the one it moves), and where it is. */
  | { readonly id: number; readonly ok: false; readonly conflict: bigint; readonly fenced?: true }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: string } };

/**
 * Indexes to build now, as CREATE INDEX statements (createIndexSql: names checked there); with
 * `optimize`, then the planner's statistics refreshed (PRAGMA optimize, best effort: a failure
 * leaves the old statistics and is not reported).
 */
export interface IndexRequest {
  readonly id: number;
  readonly indexes: readonly string[];
  readonly optimize?: boolean;
}

/**
 * A collection to drop, its table and so its indexes, and the checkpoint of `projection`: the
 * rows are deleted a few thousand at a time, each time in a transaction of its own, then the
 * table is dropped and the checkpoint deleted in one (so a collection never lacks its checkpoint
 * while rows of it are left, which a runner starting on it would take for an empty one).
 */
export interface DropRequest {
  readonly id: number;
  readonly drop: string;
  readonly projection: string;
}

/**
 * The file scrubbed after the commits sent before (an erasure, a dropped generation): the WAL
 * checkpointed with TRUNCATE, so the zeroed versions of the pages are copied into the file and
 * the versions before them, which secure_delete cannot reach, leave the disk with the emptied
 * WAL. The checkpoint waits (busy timeout) for the other connections' writes and reads of the
 * file; if one still holds it then, the reply is an error (SQLITE_BUSY) and nothing is scrubbed.
 */
export interface ScrubRequest {
  readonly id: number;
  readonly scrub: true;
}

export type WriterRequest = CommitRequest | IndexRequest | DropRequest | ScrubRequest;

export type WriterReply = CommitReply;

/**
 * Writes commits on a connection: one IMMEDIATE transaction each (the write lock taken before
 * the checkpoint is read, so no other connection moves it between the check and the write).
 * Each collection's documents go to its own table (created with its first write), as JSONB.
 * Also builds a collection's deferred indexes (IndexRequest), each in a transaction of its own.
 * Self-contained (no imports, no closures over this module): its text is also the program of
 * the writer thread.
 */
export function documentCommitter(db: Database.Database): (request: WriterRequest) => WriterReply {
  const checkpoint = db.prepare(`SELECT position FROM checkpoints WHERE projection = ?`);
  const save = db.prepare(
    `INSERT INTO checkpoints (projection, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (projection) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  // The same check as collectionTable (sqlite-document-sql.ts), again right where the name is embedded.
  const collectionPattern = /^[A-Za-z0-9_.@-]{1,100}$/;
  const tables = new Map<string, { put: Database.Statement; remove: Database.Statement }>();
  const tableOf = (collection: string) => {
    let table = tables.get(collection);
    if (table === undefined) {
      if (!collectionPattern.test(collection)) throw new Error(`collection ${JSON.stringify(collection)} cannot be embedded in SQL`);
      const name = `"collection/${collection}"`;
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${name} (
          id  TEXT NOT NULL PRIMARY KEY,
          doc ANY  NOT NULL CHECK (typeof(doc) = 'blob' AND json_valid(doc, 8) AND json_type(doc) = 'object')
        ) STRICT`,
      );
      table = {
        put: db.prepare(`INSERT INTO ${name} (id, doc) VALUES (?, jsonb(?)) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`),
        remove: db.prepare(`DELETE FROM ${name} WHERE id = ?`),
      };
      tables.set(collection, table);
    }
    return table;
  };
  const positionOf = (projection: string): bigint => {
    const row = checkpoint.get(projection) as { position: bigint } | undefined;
    return row === undefined ? 0n : BigInt(row.position);
  };
  type Conflict = { readonly actual: bigint; readonly fenced?: true };
  const write = db.transaction((request: CommitRequest): Conflict | undefined => {
    const actual = positionOf(request.projection);
    if (actual !== request.from) return { actual }; // nothing written
    if (request.fence !== undefined) {
      const fenced = positionOf(request.fence.projection);
      if (fenced !== request.fence.position) return { actual: fenced, fenced: true };
    }
    const { collections, ids, documents } = request;
    let collection: string | undefined;
    let table: { put: Database.Statement; remove: Database.Statement } | undefined;
    for (let i = 0; i < ids.length; i++) {
      if (collections[i] !== collection || table === undefined) {
        collection = collections[i] as string;
        table = tableOf(collection);
      }
      const document = documents[i];
      if (document === null) table.remove.run(ids[i]);
      else table.put.run(ids[i], document);
    }
    save.run(request.projection, request.to, request.at);
    return undefined;
  });
  // One transaction per index: the write lock is let go between them, so the other connection's
  // short writes (a lease renewed, a collection dropped) wait for one index (0.3-0.7 s over a 1M
  // log's breaches), not for all of a collection's (3.2 s for the register's nine, three times
  // that over 3M), which can outlast the busy timeout and fail the runner that waited.
  const build = db.transaction((sql: string) => {
    db.exec(sql);
  });
  const removeCheckpoint = db.prepare(`DELETE FROM checkpoints WHERE projection = ?`);
  const dropTable = db.transaction((name: string, projection: string) => {
    db.exec(`DROP TABLE IF EXISTS ${name}`);
    removeCheckpoint.run(projection);
  });
  // With secure_delete every freed page is overwritten: dropping a 1M log's breach register
  // (160,000 documents) in one statement held the write lock for 5 s, and the store's other
  // connection waits for it on every write (its busy timeout is 5 s by default).
  const DROP_ROWS_AT_ONCE = 5000;
  const drop = ({ drop: collection, projection }: DropRequest): void => {
    if (!collectionPattern.test(collection)) throw new Error(`collection ${JSON.stringify(collection)} cannot be embedded in SQL`);
    const name = `"collection/${collection}"`;
    tables.delete(collection);
    if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(`collection/${collection}`) !== undefined) {
      const some = db.prepare(`DELETE FROM ${name} WHERE rowid IN (SELECT rowid FROM ${name} LIMIT ${DROP_ROWS_AT_ONCE})`);
      const deleteSome = db.transaction(() => some.run().changes);
      while (deleteSome.immediate() === DROP_ROWS_AT_ONCE);
    }
    dropTable.immediate(name, projection);
  };
  const scrub = (): void => {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number | bigint }[];
    if (result !== undefined && Number(result.busy) !== 0) {
      throw Object.assign(new Error('the read-model file could not be scrubbed: another connection held it past the busy timeout'), { code: 'SQLITE_BUSY' });
    }
    db.pragma('shrink_memory');
  };
  const writeOrBuild = (request: WriterRequest): Conflict | undefined => {
    if ('scrub' in request) {
      scrub();
      return undefined;
    }
    if ('drop' in request) {
      drop(request);
      return undefined;
    }
    if ('indexes' in request) {
      for (const sql of request.indexes) build.immediate(sql);
      if (request.optimize === true) {
        try {
          db.pragma('optimize');
        } catch {
          // statistics are an optimisation; queries stay correct without them
        }
      }
      return undefined;
    }
    try {
      return write.immediate(request);
    } catch (error) {
      // A table dropped by another connection since its statements were prepared: prepare them again, once.
      if (!/no such table/.test((error as Error).message)) throw error;
      tables.clear();
      return write.immediate(request);
    }
  };
  return (request) => {
    try {
      const conflict = writeOrBuild(request);
      if (conflict === undefined) return { id: request.id, ok: true };
      return conflict.fenced ? { id: request.id, ok: false, conflict: conflict.actual, fenced: true } : { id: request.id, ok: false, conflict: conflict.actual };
    } catch (error) {
      const { message, code } = error as { message: string; code?: unknown };
      return { id: request.id, ok: false, error: typeof code === 'string' ? { message, code } : { message } };
    }
  };
}

/**
 * The thread that writes a read-model file's commits: a commit of a thousand documents (JSON
 * checks in SQLite, an expression index per declared field, secure_delete) takes tens to
 * hundreds of milliseconds, which on the event loop would hold every request for as long.
 * Here the loop goes on (HTTP, the next events of the runners) while the thread writes; the
 * caller's connection sees the commit once the reply arrives (WAL). Commits are written one
 * after the other, in the order given. If the thread dies, what it held fails (storage
 * unavailable: the runner retries from its checkpoint) and the next commit starts a new one.
 */
export class DocumentWriterThread {
  private readonly thread: RequestThread<Omit<CommitRequest, 'id'> | Omit<IndexRequest, 'id'> | Omit<DropRequest, 'id'> | Omit<ScrubRequest, 'id'>, WriterReply>;

  constructor(file: string, busyTimeoutMs: number) {
    this.thread = new RequestThread('the read-model writer thread', () => startSqliteThread(WORKER_SOURCE, { file, options: { timeout: busyTimeoutMs } }, WRITER_THREAD_LIMITS));
  }

  commit(request: Omit<CommitRequest, 'id'>): Promise<CommitReply> {
    return this.thread.request(request);
  }

  /** Drops a collection and deletes a checkpoint after the commits sent before (DropRequest). */
  dropCollection(collection: string, projection: string): Promise<WriterReply> {
    return this.thread.request({ drop: collection, projection });
  }

  /** Builds indexes after the commits sent before, then refreshes the statistics. */
  buildIndexes(indexes: readonly string[]): Promise<WriterReply> {
    return this.thread.request({ indexes, optimize: true });
  }

  /**
   * Refreshes the planner's statistics after the commits sent before (PRAGMA optimize). On a
   * large read-model file it reads for a while (100 ms and more over a million events' documents),
   * which here holds no request.
   */
  optimize(): Promise<WriterReply> {
    return this.thread.request({ indexes: [], optimize: true });
  }

  /**
   * Scrubs the file after the commits sent before (ScrubRequest). Here the checkpoint's wait for
   * the event loop's own reads can end: on the event loop it would hold them (and itself) until
   * its busy timeout, and then give up with the WAL still full.
   */
  scrub(): Promise<WriterReply> {
    return this.thread.request({ scrub: true });
  }

  /** Waits for the commits under way, then ends the thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}

/**
 * The thread's program, from source text (eval): Jest runs this project from TypeScript
 * sources, which a worker thread could not load as a file; the text of documentCommitter is the
 * same function everywhere. The connection is set up as openReadModelFile sets up its own (the
 * file exists by then: the store opened it first).
 */
const WORKER_SOURCE = sqliteRequestProgram(`
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('analysis_limit = 1000');
  db.defaultSafeIntegers(true);
  const documentCommitter = ${documentCommitter.toString()};
  answer = documentCommitter(db);
`);
