import type Database from 'better-sqlite3';
import {
  CheckpointConflictError,
  DocumentStoreError,
  type Checkpoint,
  type Commit,
  type Document,
  type DocumentStore,
  type Lease,
  type Page,
  type Query,
} from '../document-store.port.js';
import { DocumentStoreClosedError, DocumentStoreUnavailableError } from './document-store.errors.js';
import { checkChange, checkCollection, checkCommit, checkCommitHead, checkFields, checkId, checkLease, checkLeaseTerm, checkProjection, checkQuery, type CheckedCommit } from './document-store-input.js';
import { collectionTable, createIndexSql, createTableSql, findSql, type FindSql } from './sqlite-document-sql.js';
import { openReadModelFile } from './sqlite-document-schema.js';
import { DocumentWriterThread, documentCommitter, type CommitReply, type CommitRequest, type WriterReply, type WriterRequest as ThreadRequest } from './sqlite-document-writer.js';

export interface SqliteDocumentStoreOptions {
  /** Path of the read-model file (created with its folder when absent); not the event log's file. */
  readonly file: string;
  /** How long a commit waits for another connection's write lock. */
  readonly busyTimeoutMs?: number;
  /**
   * Commits are written by a thread of their own (sqlite-document-writer.ts), so a large one
   * does not hold the event loop; default true for a file, always false for `:memory:` (a
   * thread cannot share an in-memory database).
   */
  readonly writerThread?: boolean;
  /** Told when the file was of an older schema version and has been reset (sqlite-document-schema.ts). */
  readonly onReset?: (fromVersion: number) => void;
}

interface CheckpointRow {
  position: bigint;
  updated_at: string;
}

/** Find statements are built per query shape; keep the most recent shapes prepared. */
const PREPARED_QUERY_SHAPES = 200;
/** How often the planner's statistics are refreshed while collections grow (a rebuild starts from none). */
const COMMITS_BETWEEN_OPTIMIZE = 1000;

/**
 * The embedded read-model store: one SQLite file of JSON documents and projection
 * checkpoints. Each commit is one IMMEDIATE transaction, so the checkpoint check, the
 * documents and the new checkpoint are written together or not at all, also against
 * other processes on the same file. Filter and sort semantics: src/read-store/README.md.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private state: 'open' | 'closed' = 'open';
  private readonly busyTimeoutMs: number;
  private commitsSinceOptimize = 0;
  private readonly statements;
  private readonly queries = new Map<string, Database.Statement>();
  /** Writes commits on this thread's connection when there is no writer thread. */
  private readonly commitHere: (request: ThreadRequest) => WriterReply;
  /**
   * Indexes declared on an empty collection, built once it has been loaded (buildIndexes), or
   * after the first query that ran without them.
   */
  private readonly deferred = new Map<string, Set<string>>();
  /** Per collection: the statement that reads one document. */
  private readonly gets = new Map<string, Database.Statement>();
  private readonly writer: DocumentWriterThread | undefined;
  /** The JSON text length of each document object committed (textLength), held no longer than the object. */
  private readonly textLengths = new WeakMap<object, number>();
  private readonly findTransaction;

  constructor(options: SqliteDocumentStoreOptions) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.busyTimeoutMs = busyTimeoutMs;
    this.db = openReadModelFile({ file: options.file, busyTimeoutMs, onReset: options.onReset });
    const db = this.db;
    this.commitHere = documentCommitter(db);
    this.writer = options.file !== ':memory:' && options.writerThread !== false ? new DocumentWriterThread(options.file, busyTimeoutMs) : undefined;
    this.statements = {
      checkpoint: db.prepare(`SELECT position, updated_at FROM checkpoints WHERE projection = ?`),
      deleteCheckpoint: db.prepare(`DELETE FROM checkpoints WHERE projection = ?`),
      // One statement, so atomic also against other processes: the row is written only when
      // the lease is free (no row), expired, or this holder's; `changes` tells which.
      acquireLease: db.prepare(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
      ),
      releaseLease: db.prepare(`DELETE FROM leases WHERE name = ? AND holder = ?`),
      lease: db.prepare(`SELECT holder, expires_at FROM leases WHERE name = ?`),
    };
    // One read transaction: the page and its total come from the same snapshot.
    this.findTransaction = db.transaction((sql: FindSql, limit: number, offset: number) => {
      const { n } = this.prepared(sql.count).get(...sql.params) as { n: bigint };
      const rows = this.prepared(sql.items).all(...sql.params, BigInt(limit), BigInt(offset)) as { doc: string }[];
      return { items: rows.map((row) => JSON.parse(row.doc) as unknown), total: Number(n) };
    });
  }

  async get<D extends Document = Document>(collection: string, id: string): Promise<D | undefined> {
    this.assertOpen();
    checkCollection(collection);
    checkId(id);
    const row = storage(() => absentAsNone(() => this.getStatement(collection).get(id), undefined)) as { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as D);
  }

  async find<D extends Document = Document>(collection: string, query?: Query): Promise<Page<D>> {
    this.assertOpen();
    checkCollection(collection);
    const checked = checkQuery(query);
    const sql = findSql(collection, checked);
    const page = storage(() => absentAsNone(() => this.findTransaction(sql, checked.limit, checked.offset), { items: [], total: 0 })) as Page<D>;
    this.buildAfterQuery(collection);
    return page;
  }

  async findAll<D extends Document = Document>(collection: string, query: Omit<Query, 'limit' | 'offset'> = {}): Promise<D[]> {
    this.assertOpen();
    checkCollection(collection);
    const sql = findSql(collection, checkQuery(query));
    const rows = storage(() => absentAsNone(() => this.prepared(sql.all).all(...sql.params), [])) as { doc: string }[];
    this.buildAfterQuery(collection);
    return rows.map((row) => JSON.parse(row.doc) as D);
  }

  async commit(commit: Commit): Promise<void> {
    this.assertOpen();
    // With a writer thread, the documents are checked and written as text in slices of the
    // event loop too: a thousand documents of a few kB are tens of milliseconds of JSON.
    const request = this.writer ? await checkCommitInSlices(commit) : commitRequest(checkCommit(commit));
    this.assertOpen(); // it may have been closed while the documents were checked
    let reply: CommitReply;
    try {
      reply = this.writer ? await this.writer.commit(request) : this.commitHere({ ...request, id: 0 });
    } catch (error) {
      throw new DocumentStoreUnavailableError((error as Error).message, { cause: error });
    }
    if (!reply.ok) {
      if ('conflict' in reply) {
        if (reply.fenced && request.fence) throw new CheckpointConflictError(request.fence.projection, request.fence.position, reply.conflict);
        throw new CheckpointConflictError(request.projection, request.from, reply.conflict);
      }
      throw writerFailure(reply.error);
    }
    commit.changes.forEach((change, index) => {
      const json = request.documents[index];
      if (change.document !== null && json) this.textLengths.set(change.document, json.length);
    });
    // Not while a collection is being loaded (its indexes deferred): its statistics would be stale at
    // once, and the analysis (on the writer thread, between the load's commits) counts every page of
    // each growing table; buildIndexes refreshes them when the load is done.
    if (++this.commitsSinceOptimize >= COMMITS_BETWEEN_OPTIMIZE && this.deferred.size === 0) void this.optimize();
  }

  textLength(document: Document): number | undefined {
    return this.textLengths.get(document);
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    this.assertOpen();
    checkProjection(projection);
    const row = storage(() => this.statements.checkpoint.get(projection)) as CheckpointRow | undefined;
    return row === undefined ? undefined : { projection, position: row.position, updatedAt: row.updated_at };
  }

  /**
   * Drops the collection's table, and so its indexes, as MongoDB's drop does: declare them
   * again before rebuilding; and deletes the checkpoint of `projection`. secure_delete zeroes
   * every page it frees. With a writer thread it runs there, its rows deleted a few thousand a
   * transaction before the table goes (DropRequest): an old generation over a 1M log took 5-6 s.
   */
  async dropCollection(collection: string, projection: string): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    checkProjection(projection);
    const writer = this.writer;
    if (writer) {
      await carriedOut(() => writer.dropCollection(collection, projection));
    } else {
      const table = collectionTable(collection);
      await this.writing(() =>
        this.db
          .transaction(() => {
            this.db.exec(`DROP TABLE IF EXISTS ${table}`);
            this.statements.deleteCheckpoint.run(projection);
          })
          .immediate(),
      );
    }
    this.gets.delete(collection);
    this.deferred.delete(collection);
  }

  /**
   * On a collection with documents, builds the indexes now. On an empty one (a rebuild's new
   * generation, a first start) it records them: built by buildIndexes once the collection is
   * loaded, or after the first query on it, which runs correctly without them (an index
   * changes how a query is answered, never what). Each index built after the load reads each
   * document once, where kept up while loading it would be updated with every write.
   */
  async ensureIndexes(collection: string, fields: readonly string[]): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    const checked = [...new Set(checkFields(fields))];
    const table = collectionTable(collection);
    const empty = await this.writing(() =>
      this.db
        .transaction(() => {
          this.db.exec(createTableSql(collection));
          if (this.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined) return true;
          for (const field of checked) this.db.exec(createIndexSql(collection, field));
          return false;
        })
        .immediate(),
    );
    if (empty) {
      const pending = this.deferred.get(collection) ?? new Set<string>();
      checked.forEach((field) => pending.add(field));
      this.deferred.set(collection, pending);
    } else {
      await this.optimize();
    }
  }

  /** Builds the indexes ensureIndexes deferred on this collection, on the writer thread when there is one. */
  async buildIndexes(collection: string): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    const pending = this.deferred.get(collection);
    if (pending === undefined) return;
    this.deferred.delete(collection);
    const indexes = [createTableSql(collection), ...[...pending].map((field) => createIndexSql(collection, field))];
    let reply: WriterReply;
    try {
      reply = this.writer ? await this.writer.buildIndexes(indexes) : this.commitHere({ id: 0, indexes });
    } catch (error) {
      reply = { id: 0, ok: false, error: { message: (error as Error).message } };
    }
    if (!reply.ok) {
      this.restoreDeferred(collection, pending);
      const message = 'error' in reply ? reply.error.message : 'conflict';
      throw new DocumentStoreUnavailableError(message);
    }
    if (this.state !== 'open') return;
    // The writer thread refreshed the statistics after the indexes; without one, here.
    if (this.writer) await this.reloadStatistics();
    else await this.optimize();
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    this.assertOpen();
    checkLease(name, holder);
    checkLeaseTerm(ttlMs, now);
    const at = BigInt(now.getTime());
    return (await this.writing(() => this.statements.acquireLease.run(name, holder, at + BigInt(ttlMs), at))).changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.assertOpen();
    checkLease(name, holder);
    await this.writing(() => this.statements.releaseLease.run(name, holder));
  }

  async lease(name: string): Promise<Lease | undefined> {
    this.assertOpen();
    checkLease(name, 'anyone');
    const row = storage(() => this.statements.lease.get(name)) as { holder: string; expires_at: bigint } | undefined;
    return row === undefined ? undefined : { name, holder: row.holder, expiresAt: new Date(Number(row.expires_at)).toISOString() };
  }

  /**
   * secure_delete has zeroed what a commit replaced, but only in the new version of each
   * page: the WAL still holds the versions before, and the main file holds them until a
   * checkpoint copies the new ones over. A checkpoint with TRUNCATE does both (copies every
   * frame into the file, then empties the WAL), after the commits sent before, on the writer
   * thread when there is one (ScrubRequest); shrink_memory drops the page caches. It resolves
   * only once the WAL is empty: when another connection holds the file past the busy timeout
   * (a reader of an older snapshot in another process) it fails, storage unavailable, and the
   * caller tries again (a runner counts the erasure as processed only after a scrub). A process
   * killed between the commit and its scrub leaves the WAL behind: the next open empties it
   * (openReadModelFile).
   */
  async scrub(): Promise<void> {
    this.assertOpen();
    const writer = this.writer;
    await carriedOut(async () => (writer ? writer.scrub() : this.commitHere({ id: 0, scrub: true })));
    if (this.state === 'open') storage(() => this.db.pragma('shrink_memory'));
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.writer?.close();
    this.queries.clear();
    this.optimizeHere();
    this.db.close();
  }

  /**
   * A write on this connection that never holds the event loop while another connection has the
   * file's write lock (the writer thread's commit or index build, which can take seconds on a
   * large collection, or another process): tried without waiting, and on SQLITE_BUSY again after
   * a short timer, until the busy timeout has passed; then it fails as a wait in SQLite would.
   */
  private async writing<R>(run: () => R): Promise<R> {
    const deadline = performance.now() + this.busyTimeoutMs;
    for (let pause = 1; ; pause = Math.min(2 * pause, 25)) {
      try {
        return this.withoutBusyWait(run);
      } catch (error) {
        if (!isBusy(error) || performance.now() >= deadline) return storage(() => {
          throw error;
        });
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      this.assertOpen();
    }
  }

  /** Runs `run` with the connection's busy timeout at 0: SQLITE_BUSY at once instead of a wait that blocks this thread. */
  private withoutBusyWait<R>(run: () => R): R {
    this.db.pragma('busy_timeout = 0');
    try {
      return run();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  /**
   * Without statistics SQLite guesses, and often prefers walking a collection in id
   * order over a range or `in` on a declared field's index. PRAGMA optimize analyses
   * only what changed a lot or was never analysed, each index bounded by analysis_limit.
   * Best effort: it needs the write lock, and rather than wait for a busy file (blocking
   * the event loop) it tries again next time.
   */
  private async optimize(): Promise<void> {
    this.commitsSinceOptimize = 0;
    if (!this.writer) return this.optimizeHere();
    // On the writer thread: the analysis reads each changed table's indexes, which over a large
    // file (a first start on a million events) held the event loop for 100-350 ms here.
    try {
      if ((await this.writer.optimize()).ok) await this.reloadStatistics();
    } catch {
      // statistics are an optimisation; queries stay correct without them
    }
  }

  private optimizeHere(): void {
    try {
      this.withoutBusyWait(() => this.db.pragma('optimize'));
    } catch {
      // statistics are an optimisation; queries stay correct without them
    }
  }

  /**
   * Statistics another connection wrote are read by this one's planner only when it next loads the
   * schema; ANALYZE on sqlite_schema makes it read them now (a fraction of a millisecond; it takes
   * the write lock, so it waits as other writes here do, without holding the event loop).
   */
  private async reloadStatistics(): Promise<void> {
    if (this.state !== 'open') return;
    try {
      await this.writing(() => this.db.exec('ANALYZE sqlite_schema'));
    } catch {
      // the statistics in the file are read at the next schema change or start instead
    }
  }

  /** A query ran without the collection's deferred indexes: build them next (after the commits already sent). */
  private buildAfterQuery(collection: string): void {
    if (!this.deferred.has(collection)) return;
    this.buildIndexes(collection).catch(() => {
      // tried again after the next query, or by the runner when its catch-up reaches the head
    });
  }

  private restoreDeferred(collection: string, fields: ReadonlySet<string>): void {
    const pending = this.deferred.get(collection) ?? new Set<string>();
    fields.forEach((field) => pending.add(field));
    this.deferred.set(collection, pending);
  }

  private getStatement(collection: string): Database.Statement {
    let statement = this.gets.get(collection);
    if (statement === undefined) {
      statement = this.db.prepare(`SELECT json(doc) AS doc FROM ${collectionTable(collection)} WHERE id = ?`);
      this.gets.set(collection, statement);
    }
    return statement;
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.queries.get(sql);
    if (statement) {
      this.queries.delete(sql); // re-inserted below: the map's order is least recently used first
    } else {
      statement = this.db.prepare(sql);
      if (this.queries.size >= PREPARED_QUERY_SHAPES) this.queries.delete(this.queries.keys().next().value as string);
    }
    this.queries.set(sql, statement);
    return statement;
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new DocumentStoreClosedError();
  }
}

/** Longest stretch of checking a commit's documents between two turns of the event loop. */
const CHECK_SLICE_MS = 5;

type WriterRequest = Omit<CommitRequest, 'id'>;

/** checkCommit, giving the event loop a turn after every few milliseconds of documents; refuses the same, before anything is written. */
async function checkCommitInSlices(commit: Commit): Promise<WriterRequest> {
  const { changes, ...head } = checkCommitHead(commit);
  const request = { ...head, collections: [] as string[], ids: [] as string[], documents: [] as (string | null)[] };
  let sliceStart = performance.now();
  for (const change of changes) {
    const { collection, id, json } = checkChange(change);
    request.collections.push(collection);
    request.ids.push(id);
    request.documents.push(json);
    if (performance.now() - sliceStart >= CHECK_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return request;
}

/** A checked commit in the writer's form. */
function commitRequest({ changes, ...head }: CheckedCommit): WriterRequest {
  return { ...head, collections: changes.map((change) => change.collection), ids: changes.map((change) => change.id), documents: changes.map((change) => change.json) };
}

/**
 * A collection without a table has no documents: it was never written (or was dropped), so a
 * read finds nothing. SQLite says so when the statement is prepared, or when a prepared one
 * runs after the table was dropped.
 */
function absentAsNone<R>(run: () => R, none: R): R {
  try {
    return run();
  } catch (error) {
    // No instanceof Error: under Jest's module sandbox the driver's errors come from another realm.
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof message === 'string' && message.startsWith('no such table: collection/')) return none;
    throw error;
  }
}

/** Storage failures (lock timeout, disk full, I/O error) surface as a typed error; the port's own errors pass. */
/** SQLite's lock is held by another connection (SQLITE_BUSY and its extended codes). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function storage<R>(run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (error instanceof DocumentStoreError) throw error;
    throw new DocumentStoreUnavailableError((error as Error).message, { cause: error });
  }
}

/** Waits for a request to the writer (or to this connection's committer) to be carried out; a failure throws as the store reports failures. */
async function carriedOut(request: () => Promise<WriterReply>): Promise<void> {
  let reply: WriterReply;
  try {
    reply = await request();
  } catch (error) {
    throw new DocumentStoreUnavailableError((error as Error).message, { cause: error });
  }
  if (!reply.ok) throw 'error' in reply ? writerFailure(reply.error) : new DocumentStoreUnavailableError('conflict');
}

/** The writer thread's failure as the store reports it; SQLite's code stays on the cause (SQLITE_FULL: storage full; SQLITE_BUSY: the lock held too long). */
function writerFailure(error: { readonly message: string; readonly code?: string }): DocumentStoreUnavailableError {
  return new DocumentStoreUnavailableError(error.message, { cause: Object.assign(new Error(error.message), error.code ? { code: error.code } : {}) });
}
