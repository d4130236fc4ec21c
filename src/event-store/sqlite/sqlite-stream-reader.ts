import type Database from 'better-sqlite3';
import { RequestThread, sqliteRequestProgram } from '../../shared/request-thread.js';
import { startSqliteThread } from '../../shared/sqlite-thread.js';
import { CATEGORY_OF_STREAM } from './sqlite-schema.js';

/** A page of a category read stream by stream, as the reader takes it: categories already checked, in name order. */
export interface StreamPageRequest {
  readonly id: number;
  /** Each category's stream ids as a half-open range [from, to) (`categoryStreamRange`), in order. */
  readonly ranges: readonly { readonly from: string; readonly to: string }[];
  readonly toPosition: bigint;
  readonly after: { readonly streamId: string; readonly revision: number } | undefined;
  readonly maxCount: number;
}

/** A row as read: position, event_id, stream_id, revision, type, schema_version, data, metadata (integers as bigint). */
export type RawEventRow = readonly [bigint, string, string, bigint, string, bigint, string, string];

/** A read that failed on the thread, SQLite's code kept. */
type ReadFailure = { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

export type StreamPageReply = { readonly id: number; readonly rows: readonly RawEventRow[] } | ReadFailure;

/** How many events of these categories (checked) lie at or before `toPosition`. */
export interface CategoryCountRequest {
  readonly id: number;
  readonly count: readonly string[];
  readonly toPosition: bigint;
}

export type CategoryCountReply = { readonly id: number; readonly count: number } | ReadFailure;

/** Counted through the index on each row's category (sqlite-schema.ts), the count inside SQLite. */
const CATEGORY_COUNT_SQL = `SELECT count(*) FROM events WHERE ${CATEGORY_OF_STREAM} = ? AND position <= ?`;

/**
 * Counts the events of categories up to a position (a build's total, for its progress): over a
 * 3M log the breach category's count reads 2.8M index entries, which on the event loop held it
 * for a quarter of a second at the start of every build in stream order (a rebuild while the
 * service serves). Self-contained, as streamPageReader: also the reader thread's.
 */
export function categoryEventCounter(db: Database.Database, sql: string): (categories: readonly string[], toPosition: bigint) => number {
  const count = db.prepare(sql).pluck();
  return (categories, toPosition) => categories.reduce((total, category) => total + Number(count.get(category, toPosition)), 0);
}

/** On a connection: how many events of the categories lie at or before a position. */
export function categoryCounter(db: Database.Database): (categories: readonly string[], toPosition: bigint) => number {
  return categoryEventCounter(db, CATEGORY_COUNT_SQL);
}

/**
 * Reads pages of categories stream by stream on a connection: one range of the
 * (stream_id, revision) index per category; keyset in two seeks (a row-value comparison would
 * be a filter, not a seek): the rest of the stream the last page ended in, then the streams
 * after it. Rows come as arrays (no object per row), their texts undecoded.
 * Self-contained (no imports, no closures over this module): its text is also the program of
 * the reader thread.
 */
export function streamPageReader(db: Database.Database): (request: Omit<StreamPageRequest, 'id'>) => RawEventRow[] {
  const columns = 'position, event_id, stream_id, revision, type, schema_version, data, metadata';
  const restOfStream = db.prepare(`SELECT ${columns} FROM events WHERE stream_id = ? AND revision > ? AND position <= ? ORDER BY revision LIMIT ?`).raw(true);
  const streamsFrom = db.prepare(`SELECT ${columns} FROM events WHERE stream_id >= ? AND stream_id < ? AND position <= ? ORDER BY stream_id, revision LIMIT ?`).raw(true);
  const streamsAfter = db.prepare(`SELECT ${columns} FROM events WHERE stream_id > ? AND stream_id < ? AND position <= ? ORDER BY stream_id, revision LIMIT ?`).raw(true);
  return ({ ranges, toPosition, after, maxCount }) => {
    let rows: RawEventRow[] = [];
    const take = (page: unknown[]) => {
      rows = rows.length === 0 ? (page as RawEventRow[]) : rows.concat(page as RawEventRow[]);
    };
    for (const { from, to } of ranges) {
      if (after !== undefined && after.streamId >= to) continue;
      if (after !== undefined && after.streamId >= from) {
        take(restOfStream.all(after.streamId, after.revision, toPosition, maxCount - rows.length));
        if (rows.length < maxCount) take(streamsAfter.all(after.streamId, to, toPosition, maxCount - rows.length));
      } else {
        take(streamsFrom.all(from, to, toPosition, maxCount - rows.length));
      }
      if (rows.length >= maxCount) break;
    }
    return rows;
  };
}

/**
 * A thread that reads pages in stream order with a read-only connection of its own, so the
 * SQLite work of a build in stream order (its rows lie all over the file) runs on the second
 * core while the event loop folds the page before: the caller asks for the next page as soon
 * as it knows where it starts. Pages are answered in the order asked. Rows are never updated
 * or deleted, and every page is bounded by a position the caller read as committed, so this
 * connection's snapshot holds every row asked for. If the thread dies, what it held fails
 * (the store is unavailable: the runner retries) and the next read starts a new one.
 */
export class StreamReaderThread {
  private readonly thread: RequestThread<Omit<StreamPageRequest, 'id'> | Omit<CategoryCountRequest, 'id'>, StreamPageReply | CategoryCountReply>;

  constructor(file: string, busyTimeoutMs: number) {
    this.thread = new RequestThread('the event reader thread', () => startSqliteThread(READER_SOURCE, { file, options: { readonly: true, fileMustExist: true, timeout: busyTimeoutMs } }));
  }

  async read(request: Omit<StreamPageRequest, 'id'>): Promise<readonly RawEventRow[]> {
    const reply = answered(await this.thread.request(request));
    if (!('rows' in reply)) throw new Error('the event reader thread answered a page with a count');
    return reply.rows;
  }

  /** categoryCounter's count, read on the thread. */
  async count(categories: readonly string[], toPosition: bigint): Promise<number> {
    const reply = answered(await this.thread.request({ count: categories, toPosition }));
    if (!('count' in reply)) throw new Error('the event reader thread answered a count with a page');
    return reply.count;
  }

  /** Waits for the reads under way, then ends the thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}

/** A reply, or its error thrown (SQLite's code kept on it). */
function answered<R extends object>(reply: R | ReadFailure): R {
  if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {});
  return reply;
}

/** The thread's program: the same functions as on this thread, on a read-only connection. */
const READER_SOURCE = sqliteRequestProgram(`
  db.defaultSafeIntegers(true);
  const streamPageReader = ${streamPageReader.toString()};
  const categoryEventCounter = ${categoryEventCounter.toString()};
  const read = streamPageReader(db);
  const count = categoryEventCounter(db, ${JSON.stringify(CATEGORY_COUNT_SQL)});
  answer = (request) => {
    try {
      if (request.count !== undefined) return { id: request.id, count: count(request.count, request.toPosition) };
      return { id: request.id, rows: read(request) };
    } catch (error) {
      return { id: request.id, error: typeof error.code === 'string' ? { message: error.message, code: error.code } : { message: error.message } };
    }
  };
`);
