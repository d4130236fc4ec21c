import type BetterSqlite3 from 'better-sqlite3';
import type { EventTexts } from '../append-input.js';
import type { ExpectedRevision } from '../event-store.port.js';

/**
 * What the writer thread does with one round of requests: the personal-data keys of the
 * round (those asked for, and those the round's appends carry), in one transaction per key
 * file, then the appends, in transactions of the event file (at most `maxBatch` submissions
 * each, each submission in a savepoint of its own), each committed with its fsync before any
 * reply is sent. An append whose key did not end up stored as it carried it (another one was
 * stored first, or the subject was erased) is refused, writing nothing.
 *
 * `createWriterCore` is self-contained on purpose: the writer thread runs it from its source
 * text (sqlite-writer.ts), the same function under Jest, from dist/ and in the image. It
 * imports nothing at run time (types only) and gets what it needs through `deps`.
 */

export interface AppendWire {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly recordedAt: string;
  readonly events: readonly EventWire[];
}

export interface EventWire {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** Only the canonical texts travel to the thread: they are what it hashes and stores. */
  readonly texts: Pick<EventTexts, 'dataCanonical' | 'metadataCanonical'>;
}

/** A personal-data key to store (made on the main thread), unless its subject already has one or was erased. */
export interface KeyWire {
  readonly file: string;
  readonly subjectId: string;
  readonly key: Uint8Array;
  readonly createdAt: string;
}

export type WriterRequest =
  /** `keys`: keys the appends' events were encrypted under; each must be stored exactly so, in the key file's commit before the events'. */
  | { readonly kind: 'append'; readonly id: number; readonly submission: readonly AppendWire[]; readonly keys?: readonly KeyWire[] }
  | { readonly kind: 'keys'; readonly id: number; readonly keys: readonly KeyWire[] };

/** One append as written: the first revision, the prevHash of its first event, and per event its position and hash. */
export interface AppendWritten {
  readonly firstRevision: number;
  readonly prevHash: string;
  readonly positions: readonly bigint[];
  readonly hashes: readonly string[];
}

/** The subject's key as stored (the one given, or one stored before), or when it was erased (looked at inside the key file's write lock). */
export type KeyWritten = { readonly subjectId: string; readonly key: Uint8Array } | { readonly subjectId: string; readonly erasedAt: string };

/** What a round found for a key it was given, in which file. */
export type KeyOutcome = KeyWritten & { readonly file: string };

/** A refusal of one submission (nothing of it written), or a failure of the whole transaction that carried it. */
export type WriterFailure =
  | { readonly refusal: 'wrong-expected-revision'; readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number | 'no_stream' }
  | { readonly refusal: 'duplicate-event-id'; readonly eventId: string }
  /** A key the append carried is not the one stored (another was stored first), or its subject was erased. */
  | { readonly refusal: 'personal-data-key'; readonly file: string; readonly subjectId: string; readonly erasedAt?: string }
  | { readonly refusal?: undefined; readonly message: string; readonly code?: string };

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly appends?: readonly AppendWritten[]; readonly keys?: readonly KeyWritten[] }
  | { readonly id: number; readonly ok: false; readonly failure: WriterFailure };

export interface WriterRound {
  readonly replies: readonly WriterReply[];
  /** Transactions of the event file committed in this round. */
  readonly commits: number;
  /** What became of each key the round was given (asked for, or carried by its appends), in transactions committed before its events'. */
  readonly keys: readonly KeyOutcome[];
}

export interface WriterSettings {
  readonly eventsFile: string;
  readonly busyTimeoutMs: number;
  readonly maxBatch: number;
}

export interface WriterDeps {
  /** Opens a connection to a file (with the busy timeout). */
  readonly open: (file: string, timeoutMs: number) => BetterSqlite3.Database;
  /** sha256 of the UTF-8 bytes of a then b, hex. */
  readonly sha256: (a: string, b: string) => string;
}

/**
 * How a round travels between the threads: texts, not object graphs. A structured clone
 * serialises and rebuilds every object of a message one property at a time, while a string
 * is copied as it is; measured on 16 one-event appends a round, request and reply as strings
 * cost each thread ~20 µs less CPU a round than the same content as objects, and the round
 * trip half the wall time (src/event-store/README.md, "Where the time goes").
 *
 * Fields are separated by U+001F, which no field can hold: the canonical JSON texts escape
 * every control character, event ids are UUIDs, types and stream ids checked names, times
 * ISO-8601 and the rest decimal numbers or hex.
 */
export const WIRE_FIELD = '\u001f';

/** What the thread is sent for a request: appends without keys as text, the others as objects (their submission as text too). */
export type WireItem =
  /** Appends without keys, each `id FIELD submission`, joined by FIELD. */
  | string
  | { readonly kind: 'keys'; readonly id: number; readonly keys: readonly KeyWire[] }
  | { readonly kind: 'append'; readonly id: number; readonly submission: string | readonly AppendWire[]; readonly keys?: readonly KeyWire[] };

/** A round's replies in their order: each committed append as text, the others (refusals, failures, keys) as objects where text has `-`. */
export interface WireRound {
  readonly text: string;
  readonly others: readonly WriterReply[];
  readonly commits: number;
  readonly keys: readonly KeyOutcome[];
}

export interface WriterCore {
  round(requests: readonly WriterRequest[]): WriterRound;
  /** The same round from and to its wire form (what the thread is sent and answers). */
  roundWire(items: readonly WireItem[]): WireRound;
  /**
   * A round sent in parts, as the main thread makes its requests: each part is taken as it
   * arrives, and the part marked `end` answers the whole round (undefined before). Appends
   * without keys are written at once, into a transaction left open until the round ends (or
   * holds `maxBatch` submissions): the thread writes while the main thread makes the rest, and
   * the round still commits once, with one fsync, before any reply. A request with keys, and
   * every request after it, waits for the end and goes as `round` takes it (its keys committed
   * before its events, in the order given). A round in one part is `roundWire`.
   */
  take(items: readonly WireItem[], end: boolean): WireRound | undefined;
  close(): void;
}

/** An append as the store hands it to the writer: checked, with its texts. */
export interface CheckedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly { readonly event: { readonly eventId: string; readonly type: string; readonly schemaVersion: number }; readonly texts: EventTexts }[];
}

/**
 * Characters of texts above which a submission travels as objects (each event's texts a
 * string of its own) rather than as one text: a thread given heap limits dies of one string
 * too large for its heap by aborting the whole process (V8 cannot allocate it at all), while
 * the many smaller allocations of a structured clone reach the heap limit gradually, which
 * ends only the thread (ERR_WORKER_OUT_OF_MEMORY) and fails its requests.
 */
export const WIRE_TEXT_LIMIT = 256 * 1024;

/** One submission for the thread: its text (`encodeSubmission`), or its objects when it is larger than WIRE_TEXT_LIMIT. */
export function submissionWire(appends: readonly CheckedAppend[], recordedAt: string): string | AppendWire[] {
  let size = 0;
  for (const { events } of appends) for (const { texts } of events) size += texts.dataCanonical.length + texts.metadataCanonical.length;
  if (size <= WIRE_TEXT_LIMIT) return encodeSubmission(appends, recordedAt);
  return appends.map(({ streamId, expectedRevision, events }) => ({
    streamId,
    expectedRevision,
    recordedAt,
    events: events.map(({ event, texts }) => ({ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, texts: { dataCanonical: texts.dataCanonical, metadataCanonical: texts.metadataCanonical } })),
  }));
}

/** One submission's appends as the thread reads them: count, then per append its fields and events. */
export function encodeSubmission(appends: readonly CheckedAppend[], recordedAt: string): string {
  const F = WIRE_FIELD;
  let text = String(appends.length);
  for (const { streamId, expectedRevision, events } of appends) {
    text += `${F}${streamId}${F}${expectedRevision}${F}${recordedAt}${F}${events.length}`;
    for (const { event, texts } of events) text += `${F}${event.eventId}${F}${event.type}${F}${event.schemaVersion}${F}${texts.dataCanonical}${F}${texts.metadataCanonical}`;
  }
  return text;
}

/** The replies of a round in their order, from its wire form. */
export function decodeReplies({ text, others }: Pick<WireRound, 'text' | 'others'>): WriterReply[] {
  const replies: WriterReply[] = [];
  if (text === '') return replies;
  const fields = text.split(WIRE_FIELD);
  let other = 0;
  for (let at = 0; at < fields.length; ) {
    const head = fields[at++]!;
    if (head === '-') {
      replies.push(others[other++]!);
      continue;
    }
    const appends: AppendWritten[] = [];
    for (let count = Number(fields[at++]); count > 0; count -= 1) {
      const firstRevision = Number(fields[at++]);
      const prevHash = fields[at++]!;
      const n = Number(fields[at++]);
      const positions = fields.slice(at, at + n).map(BigInt);
      const hashes = fields.slice(at + n, at + 2 * n);
      at += 2 * n;
      appends.push({ firstRevision, prevHash, positions, hashes });
    }
    replies.push({ id: Number(head), ok: true, appends });
  }
  return replies;
}

export function createWriterCore(deps: WriterDeps, settings: WriterSettings): WriterCore {
  const GENESIS = '0'.repeat(64);
  const DUPLICATE_EVENT_ID = 'event_id already stored';
  // WIRE_FIELD (this function runs from its own text in the thread: it cannot refer to the module).
  const FIELD = '\u001f';
  // Each connection sets its own synchronous level: FULL, so a commit is on disk when it returns.
  const open = (file: string): BetterSqlite3.Database => {
    const db = deps.open(file, settings.busyTimeoutMs);
    db.pragma('synchronous = FULL');
    return db;
  };
  const events = open(settings.eventsFile);
  events.defaultSafeIntegers(true);
  const head = events.prepare(`SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`);
  const insert = events.prepare(`INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const keyFiles = new Map<string, { db: BetterSqlite3.Database; store: (keys: readonly KeyWire[]) => KeyWritten[] }>();

  class Refusal extends Error {
    constructor(readonly failure: WriterFailure) {
      super(failure.refusal ?? 'refused');
    }
  }

  /** Runs inside the batch transaction, in a savepoint of its own (hash-chain.ts defines what is hashed). */
  const write = ({ streamId, expectedRevision, recordedAt, events: appended }: AppendWire): AppendWritten => {
    const found = head.get(streamId) as { revision: bigint; hash: string } | undefined;
    const actual = found ? Number(found.revision) : 'no_stream';
    if (expectedRevision !== 'any' && expectedRevision !== actual) {
      throw new Refusal({ refusal: 'wrong-expected-revision', streamId, expected: expectedRevision, actual });
    }
    const firstRevision = found ? Number(found.revision) + 1 : 0;
    const first = found?.hash ?? GENESIS;
    let prevHash = first;
    const positions: bigint[] = [];
    const hashes: string[] = [];
    appended.forEach(({ eventId, type, schemaVersion, texts }, index) => {
      const revision = firstRevision + index;
      // The RFC 8785 text of the envelope without hash and position: members in code-unit order.
      // The strings are quoted as they are: the guard (append-input.ts) let through only
      // characters JSON writes unescaped in the event id (a UUID), stream id and type (checked
      // names), recordedAt (ISO-8601) and the hex hashes; JSON.stringify of each cost the
      // thread ~5 % of its instructions (callgrind, 16 writers).
      const canonical =
        `{"data":${texts.dataCanonical},"eventId":"${eventId}","metadata":{${texts.metadataCanonical},"prevHash":"${prevHash}","recordedAt":"${recordedAt}"},` +
        `"revision":${revision},"schemaVersion":${schemaVersion},"streamId":"${streamId}","type":"${type}"}`;
      const hash = deps.sha256(prevHash, canonical);
      // Stored canonical too (the caller's members sort before hash, prevHash, recordedAt), so a
      // verifier can hash the stored text as it is (verify.ts, storedRowHash).
      const metadata = `{${texts.metadataCanonical},"hash":"${hash}","prevHash":"${prevHash}","recordedAt":"${recordedAt}"}`;
      try {
        positions.push(BigInt(insert.run(eventId, streamId, revision, type, schemaVersion, texts.dataCanonical, metadata).lastInsertRowid));
      } catch (error) {
        if ((error as Error).message.includes(DUPLICATE_EVENT_ID)) throw new Refusal({ refusal: 'duplicate-event-id', eventId });
        throw error;
      }
      hashes.push(hash);
      prevHash = hash;
    });
    return { firstRevision, prevHash: first, positions, hashes };
  };
  // A submission runs in a savepoint of its own: a refusal of any of its appends undoes all of them.
  const writeSubmission = events.transaction((submission: readonly AppendWire[]) => submission.map(write));
  /** One submission's reply; nested in a batch transaction it runs in a savepoint, alone it is the transaction. */
  const replyTo = (id: number, run: () => readonly AppendWritten[]): WriterReply => {
    try {
      return { id, ok: true, appends: run() };
    } catch (error) {
      if (error instanceof Refusal) return { id, ok: false, failure: error.failure };
      throw error;
    }
  };
  /**
   * One append of one event writes a single row, after every check that may refuse it (the
   * stream's head, the expected revision): a refused insert (duplicate event id) is undone by
   * SQLite itself, which backs out the failed statement and keeps the transaction (conflict
   * resolution ABORT, also for RAISE(ABORT) in a trigger). It needs no savepoint of its own.
   */
  const singleRow = (submission: readonly AppendWire[]): boolean => submission.length === 1 && submission[0]!.events.length === 1;
  const writeBatch = events.transaction((batch: readonly { id: number; submission: readonly AppendWire[] }[]) =>
    batch.map(({ id, submission }) => replyTo(id, () => (singleRow(submission) ? [write(submission[0]!)] : writeSubmission(submission)))),
  );
  /**
   * A round of one submission (one writer waiting on each append) needs no savepoint: its own
   * transaction commits it, or a refusal rolls it back whole. Returns whether it committed.
   */
  const writeAlone = ({ id, submission }: { id: number; submission: readonly AppendWire[] }): { reply: WriterReply; committed: boolean } => {
    const reply = replyTo(id, () => writeSubmission.immediate(submission));
    return { reply, committed: reply.ok };
  };

  const keysOf = (file: string) => {
    const known = keyFiles.get(file);
    if (known) return known;
    const db = open(file);
    db.pragma('secure_delete = ON');
    const erasure = db.prepare('SELECT erased_at FROM personal_data_erasures WHERE subject_id = ?');
    const insertKey = db.prepare('INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
    const selectKey = db.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?');
    const store = db.transaction((keys: readonly KeyWire[]) =>
      keys.map(({ subjectId, key, createdAt }): KeyWritten => {
        // Looked at inside the write lock: another process may have created or erased it meanwhile.
        const erased = erasure.get(subjectId) as { erased_at: string } | undefined;
        if (erased) return { subjectId, erasedAt: erased.erased_at };
        insertKey.run(subjectId, key, createdAt);
        return { subjectId, key: (selectKey.get(subjectId) as { key: Uint8Array }).key };
      }),
    );
    const entry = { db, store: (keys: readonly KeyWire[]) => store.immediate(keys) };
    keyFiles.set(file, entry);
    return entry;
  };

  const failureOf = (error: unknown): WriterFailure => ({ message: (error as Error).message, ...((error as { code?: string }).code ? { code: (error as { code: string }).code } : {}) });
  const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, n) => byte === b[n]);

  /**
   * Every key of the round, one transaction per key file (one key per subject: the first given).
   * Returns the outcomes, and the failure of each file whose transaction failed.
   */
  const storeKeys = (given: readonly KeyWire[]) => {
    const outcomes = new Map<string, KeyOutcome>();
    const failed = new Map<string, WriterFailure>();
    const byFile = new Map<string, Map<string, KeyWire>>();
    for (const wire of given) {
      const subjects = byFile.get(wire.file) ?? new Map<string, KeyWire>();
      if (!subjects.has(wire.subjectId)) subjects.set(wire.subjectId, wire);
      byFile.set(wire.file, subjects);
    }
    for (const [file, subjects] of byFile) {
      try {
        keysOf(file).store([...subjects.values()]).forEach((written) => outcomes.set(`${file}\n${written.subjectId}`, { ...written, file }));
      } catch (error) {
        failed.set(file, failureOf(error));
      }
    }
    return { outcomes, failed };
  };

  /** Why an append's carried keys forbid writing it, if they do. */
  const keyProblem = (keys: readonly KeyWire[], stored: ReturnType<typeof storeKeys>): WriterFailure | undefined => {
    for (const { file, subjectId, key } of keys) {
      const failure = stored.failed.get(file);
      if (failure) return failure;
      const outcome = stored.outcomes.get(`${file}\n${subjectId}`);
      if (!outcome || !('key' in outcome)) return { refusal: 'personal-data-key', file, subjectId, ...(outcome ? { erasedAt: outcome.erasedAt } : {}) };
      if (!sameBytes(outcome.key, key)) return { refusal: 'personal-data-key', file, subjectId };
    }
    return undefined;
  };

  const round = (requests: readonly WriterRequest[]): WriterRound => {
    const replies: WriterReply[] = [];
    // Keys first, committed before the events' file: durable before any event that may carry
    // ciphertext under them (a crash between the two commits leaves keys without events).
    const stored = storeKeys(requests.flatMap((request) => request.keys ?? []));
    for (const request of requests) {
      if (request.kind !== 'keys') continue;
      const failure = request.keys.map(({ file }) => stored.failed.get(file)).find((found) => found !== undefined);
      if (failure) replies.push({ id: request.id, ok: false, failure });
      else replies.push({ id: request.id, ok: true, keys: request.keys.map(({ file, subjectId }) => stored.outcomes.get(`${file}\n${subjectId}`)!) });
    }
    let commits = 0;
    const appends = requests.flatMap((request): (WriterRequest & { kind: 'append' })[] => {
      if (request.kind !== 'append') return [];
      const problem = request.keys && keyProblem(request.keys, stored);
      if (!problem) return [request];
      replies.push({ id: request.id, ok: false, failure: problem });
      return [];
    });
    for (let start = 0; start < appends.length; start += settings.maxBatch) {
      const batch = appends.slice(start, start + settings.maxBatch);
      try {
        const [alone] = batch;
        if (alone && batch.length === 1) {
          const { reply, committed } = writeAlone(alone);
          replies.push(reply);
          if (committed) commits += 1;
        } else {
          replies.push(...writeBatch.immediate(batch));
          commits += 1;
        }
      } catch (error) {
        batch.forEach(({ id }) => replies.push({ id, ok: false, failure: failureOf(error) }));
      }
    }
    return { replies, commits, keys: [...stored.outcomes.values()] };
  };

  /** A submission from its wire text (encodeSubmission), starting at `at`; returns it and where the next field is. */
  const decodeSubmission = (fields: readonly string[], start: number): { submission: AppendWire[]; next: number } => {
    let at = start;
    const submission: AppendWire[] = [];
    for (let count = Number(fields[at++]); count > 0; count -= 1) {
      const streamId = fields[at++]!;
      const expected = fields[at++]!;
      const recordedAt = fields[at++]!;
      const appended: EventWire[] = [];
      for (let n = Number(fields[at++]); n > 0; n -= 1) {
        appended.push({ eventId: fields[at]!, type: fields[at + 1]!, schemaVersion: Number(fields[at + 2]), texts: { dataCanonical: fields[at + 3]!, metadataCanonical: fields[at + 4]! } });
        at += 5;
      }
      const expectedRevision: ExpectedRevision = expected === 'any' || expected === 'no_stream' ? expected : Number(expected);
      submission.push({ streamId, expectedRevision, recordedAt, events: appended });
    }
    return { submission, next: at };
  };

  const requestsOf = (items: readonly WireItem[]): WriterRequest[] => {
    const requests: WriterRequest[] = [];
    for (const item of items) {
      if (typeof item === 'string') {
        const fields = item.split(FIELD);
        for (let at = 0; at < fields.length; ) {
          const id = Number(fields[at]);
          const { submission, next } = decodeSubmission(fields, at + 1);
          requests.push({ kind: 'append', id, submission });
          at = next;
        }
      } else if (item.kind === 'append') {
        requests.push({ ...item, submission: typeof item.submission === 'string' ? decodeSubmission(item.submission.split(FIELD), 0).submission : item.submission });
      } else {
        requests.push(item);
      }
    }
    return requests;
  };

  const wire = ({ replies, commits, keys }: WriterRound): WireRound => {
    let text = '';
    const others: WriterReply[] = [];
    for (const reply of replies) {
      if (text !== '') text += FIELD;
      if (!reply.ok || reply.appends === undefined) {
        text += '-';
        others.push(reply);
        continue;
      }
      text += `${reply.id}${FIELD}${reply.appends.length}`;
      for (const { firstRevision, prevHash, positions, hashes } of reply.appends) {
        text += `${FIELD}${firstRevision}${FIELD}${prevHash}${FIELD}${positions.length}${FIELD}${positions.join(FIELD)}${FIELD}${hashes.join(FIELD)}`;
      }
    }
    return { text, others, commits, keys };
  };

  const roundWire = (items: readonly WireItem[]): WireRound => wire(round(requestsOf(items)));

  // The round being taken in parts (take): the replies so far, where the open transaction's
  // start in them, the transactions committed, and the requests held for the end.
  const begin = events.prepare('BEGIN IMMEDIATE');
  const commit = events.prepare('COMMIT');
  const rollback = events.prepare('ROLLBACK');
  let taking: { replies: WriterReply[]; batchStart: number; commits: number; held: WriterRequest[] } | undefined;
  /** Every reply of the open transaction fails with it (nothing of it stands). */
  const failOpen = (state: NonNullable<typeof taking>, error: unknown) => {
    if (events.inTransaction) rollback.run();
    const failure = failureOf(error);
    for (let n = state.batchStart; n < state.replies.length; n += 1) {
      const reply = state.replies[n]!;
      if (reply.ok) state.replies[n] = { id: reply.id, ok: false, failure }; // a refusal stands: it wrote nothing
    }
    state.batchStart = state.replies.length;
  };
  const commitOpen = (state: NonNullable<typeof taking>) => {
    if (!events.inTransaction) return;
    try {
      commit.run();
      state.commits += 1;
      state.batchStart = state.replies.length;
    } catch (error) {
      failOpen(state, error);
    }
  };
  const writeArrived = (state: NonNullable<typeof taking>, { id, submission }: { id: number; submission: readonly AppendWire[] }) => {
    try {
      if (!events.inTransaction) begin.run();
      state.replies.push(replyTo(id, () => (singleRow(submission) ? [write(submission[0]!)] : writeSubmission(submission))));
    } catch (error) {
      // Not a refusal (storage failed, the lock not had): this one and the open transaction's fail.
      state.replies.push({ id, ok: false, failure: failureOf(error) });
      failOpen(state, error);
      return;
    }
    if (state.replies.length - state.batchStart >= settings.maxBatch) commitOpen(state);
  };
  const take = (items: readonly WireItem[], end: boolean): WireRound | undefined => {
    const requests = requestsOf(items);
    if (end && taking === undefined) return wire(round(requests));
    const state = (taking ??= { replies: [], batchStart: 0, commits: 0, held: [] });
    for (const request of requests) {
      if (state.held.length > 0 || request.kind !== 'append' || request.keys !== undefined) state.held.push(request);
      else writeArrived(state, request);
    }
    if (!end) return undefined;
    taking = undefined;
    commitOpen(state);
    const rest: WriterRound = state.held.length > 0 ? round(state.held) : { replies: [], commits: 0, keys: [] };
    return wire({ replies: [...state.replies, ...rest.replies], commits: state.commits + rest.commits, keys: rest.keys });
  };

  return {
    round,
    roundWire,
    take,
    close() {
      if (events.inTransaction) rollback.run();
      events.close();
      keyFiles.forEach(({ db }) => db.close());
    },
  };
}
