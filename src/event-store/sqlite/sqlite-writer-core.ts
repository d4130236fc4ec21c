import type BetterSqlite3 from 'better-sqlite3';
import type { EventTexts } from '../append-input.js';
import type { ExpectedRevision } from '../event-store.port.js';

/**
 * What the writer thread does with one round of requests: the personal-data keys asked for,
 * in one transaction of the key file, then the appends, in transactions of the event file
 * (at most `maxBatch` submissions each, each submission in a savepoint of its own), each
 * committed with its fsync before any reply is sent.
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
  readonly texts: EventTexts;
}

export type WriterRequest =
  | { readonly kind: 'append'; readonly id: number; readonly submission: readonly AppendWire[] }
  | { readonly kind: 'keys'; readonly id: number; readonly file: string; readonly subjects: readonly string[]; readonly now: string };

/** One append as written: the first revision, the prevHash of its first event, and per event its position and hash. */
export interface AppendWritten {
  readonly firstRevision: number;
  readonly prevHash: string;
  readonly positions: readonly bigint[];
  readonly hashes: readonly string[];
}

/** A new key, or when the subject's key was erased (looked at inside the key file's write lock). */
export type KeyWritten = { readonly subjectId: string; readonly key: Uint8Array } | { readonly subjectId: string; readonly erasedAt: string };

/** A refusal of one submission (nothing of it written), or a failure of the whole transaction that carried it. */
export type WriterFailure =
  | { readonly refusal: 'wrong-expected-revision'; readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number | 'no_stream' }
  | { readonly refusal: 'duplicate-event-id'; readonly eventId: string }
  | { readonly refusal?: undefined; readonly message: string; readonly code?: string };

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly appends?: readonly AppendWritten[]; readonly keys?: readonly KeyWritten[] }
  | { readonly id: number; readonly ok: false; readonly failure: WriterFailure };

export interface WriterRound {
  readonly replies: readonly WriterReply[];
  /** Transactions of the event file committed in this round. */
  readonly commits: number;
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
  /** A new 32-byte key. */
  readonly newKey: () => Uint8Array;
}

export interface WriterCore {
  round(requests: readonly WriterRequest[]): WriterRound;
  close(): void;
}

export function createWriterCore(deps: WriterDeps, settings: WriterSettings): WriterCore {
  const GENESIS = '0'.repeat(64);
  const DUPLICATE_EVENT_ID = 'event_id already stored';
  const q = JSON.stringify;
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
  const keyFiles = new Map<string, { db: BetterSqlite3.Database; create: (subjects: readonly string[], now: string) => KeyWritten[] }>();

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
      const canonical =
        `{"data":${texts.dataCanonical},"eventId":${q(eventId)},"metadata":{${texts.metadataCanonical},"prevHash":${q(prevHash)},"recordedAt":${q(recordedAt)}},` +
        `"revision":${revision},"schemaVersion":${schemaVersion},"streamId":${q(streamId)},"type":${q(type)}}`;
      const hash = deps.sha256(prevHash, canonical);
      // Stored canonical too (the caller's members sort before hash, prevHash, recordedAt), so a
      // verifier can hash the stored text as it is (verify.ts, storedRowHash).
      const metadata = `{${texts.metadataCanonical},"hash":${q(hash)},"prevHash":${q(prevHash)},"recordedAt":${q(recordedAt)}}`;
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
  const writeBatch = events.transaction((batch: readonly { id: number; submission: readonly AppendWire[] }[]) =>
    batch.map(({ id, submission }): WriterReply => {
      try {
        return { id, ok: true, appends: writeSubmission(submission) };
      } catch (error) {
        if (error instanceof Refusal) return { id, ok: false, failure: error.failure };
        throw error;
      }
    }),
  );

  const keysOf = (file: string) => {
    const known = keyFiles.get(file);
    if (known) return known;
    const db = open(file);
    db.pragma('secure_delete = ON');
    const erasure = db.prepare('SELECT erased_at FROM personal_data_erasures WHERE subject_id = ?');
    const insertKey = db.prepare('INSERT INTO personal_data_keys (subject_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
    const selectKey = db.prepare('SELECT key FROM personal_data_keys WHERE subject_id = ?');
    const create = db.transaction((subjects: readonly string[], now: string) =>
      subjects.map((subjectId): KeyWritten => {
        // Looked at inside the write lock: another process may have created or erased it meanwhile.
        const erased = erasure.get(subjectId) as { erased_at: string } | undefined;
        if (erased) return { subjectId, erasedAt: erased.erased_at };
        insertKey.run(subjectId, deps.newKey(), now);
        return { subjectId, key: (selectKey.get(subjectId) as { key: Uint8Array }).key };
      }),
    );
    const entry = { db, create: (subjects: readonly string[], now: string) => create.immediate(subjects, now) };
    keyFiles.set(file, entry);
    return entry;
  };

  const failureOf = (error: unknown): WriterFailure => ({ message: (error as Error).message, ...((error as { code?: string }).code ? { code: (error as { code: string }).code } : {}) });

  return {
    round(requests) {
      const replies: WriterReply[] = [];
      // Keys first: durable before any event that may carry ciphertext under them.
      const keyRequests = requests.filter((request) => request.kind === 'keys');
      for (const file of new Set(keyRequests.map((request) => request.file))) {
        const asked = keyRequests.filter((request) => request.file === file);
        try {
          const written = keysOf(file).create([...new Set(asked.flatMap((request) => request.subjects))], asked[0]!.now);
          const bySubject = new Map(written.map((key) => [key.subjectId, key]));
          asked.forEach(({ id, subjects }) => replies.push({ id, ok: true, keys: subjects.map((subject) => bySubject.get(subject)!) }));
        } catch (error) {
          asked.forEach(({ id }) => replies.push({ id, ok: false, failure: failureOf(error) }));
        }
      }
      let commits = 0;
      const appends = requests.flatMap((request) => (request.kind === 'append' ? [request] : []));
      for (let start = 0; start < appends.length; start += settings.maxBatch) {
        const batch = appends.slice(start, start + settings.maxBatch);
        try {
          replies.push(...writeBatch.immediate(batch));
          commits += 1;
        } catch (error) {
          batch.forEach(({ id }) => replies.push({ id, ok: false, failure: failureOf(error) }));
        }
      }
      return { replies, commits };
    },
    close() {
      events.close();
      keyFiles.forEach(({ db }) => db.close());
    },
  };
}
