import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.errors.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { CheckpointConflictError, type Commit, type DocumentChange } from '../../src/read-store/document-store.port.js';
import { DocumentStoreUnavailableError } from '../../src/read-store/sqlite/document-store.errors.js';
import { checkQuery } from '../../src/read-store/sqlite/document-store-input.js';
import { READ_MODELS_SCHEMA_VERSION } from '../../src/read-store/sqlite/sqlite-document-schema.js';
import { createIndexSql, findSql } from '../../src/read-store/sqlite/sqlite-document-sql.js';
import { DocumentWriterThread, documentCommitter } from '../../src/read-store/sqlite/sqlite-document-writer.js';
import { SqliteDocumentStore, type SqliteDocumentStoreOptions } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * What the shared conformance suite cannot hold: what only a SQLite file can show
 * (foreign files, two connections, locks, kill -9, the query plan, SQL run on the file).
 */

let dir: ReturnType<typeof tempDir>;
let file: string;
const closers = new Set<() => unknown>();

beforeEach(() => {
  dir = tempDir('privacy-ledger-read-models-');
  file = join(dir.path, 'read-models.sqlite');
});

afterEach(async () => {
  for (const close of closers) await close();
  closers.clear();
  dir.remove();
});

function open(options: Partial<SqliteDocumentStoreOptions> = {}): SqliteDocumentStore {
  const store = new SqliteDocumentStore({ file, ...options });
  closers.add(() => store.close());
  return store;
}

function raw(path = file, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  closers.add(() => db.close());
  return db;
}

function openingError(path: string): unknown {
  try {
    open({ file: path });
  } catch (error) {
    return error;
  }
  throw new Error(`${path} was opened`);
}

const commitOf = (projection: string, from: bigint, to: bigint, changes: readonly DocumentChange[]): Commit => ({
  changes,
  checkpoint: { projection, from, to },
  at: '2026-03-01T10:00:00.000Z',
});

describe('SqliteDocumentStore', () => {
  describe('opening a file', () => {
    it('refuses a SQLite database of something else, naming the file and leaving it unmodified', () => {
      const db = new Database(file);
      db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers (name) VALUES ('Jansen');`);
      db.close();
      const before = readFileSync(file);
      const error = openingError(file);
      expect(error).toBeInstanceOf(DocumentStoreUnavailableError);
      expect(error).toMatchObject({ code: 'document-store-unavailable' });
      expect((error as Error).message).toContain(file);
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(existsSync(`${file}-wal`)).toBe(false);
    });

    it('refuses a file of random bytes, naming the file and leaving it unmodified', () => {
      const noise = randomBytes(8192);
      writeFileSync(file, noise);
      const error = openingError(file);
      expect(error).toBeInstanceOf(DocumentStoreUnavailableError);
      expect((error as Error).message).toContain(file);
      expect(readFileSync(file).equals(noise)).toBe(true);
    });

    it('refuses the event log, and the event log refuses a read-model file', async () => {
      const events = join(dir.path, 'events.sqlite');
      await new SqliteEventStore({ file: events }).close();
      expect(openingError(events)).toBeInstanceOf(DocumentStoreUnavailableError);

      await open().close();
      expect(() => new SqliteEventStore({ file })).toThrow(EventStoreUnavailableError);
    });

    it('refuses a file written by a newer schema version', async () => {
      await open().close();
      const db = new Database(file);
      db.pragma(`user_version = ${READ_MODELS_SCHEMA_VERSION + 1}`);
      db.close();
      expect((openingError(file) as Error).message).toMatch(new RegExp(`schema version ${READ_MODELS_SCHEMA_VERSION + 1}.*upgrade the service`));
    });

    it('resets a file of schema version 1: its documents and checkpoints go (the projections build them again), its leases stay, no text of them is left in the file', async () => {
      const secret = 'Jansen-erased-text-0123456789';
      const v1 = new Database(file);
      v1.pragma('journal_mode = WAL');
      v1.exec(`
        CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL CHECK (json_valid(doc) AND json_type(doc) = 'object'), PRIMARY KEY (collection, id)) STRICT;
        CREATE TABLE checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL CHECK (position >= 0), updated_at TEXT NOT NULL) STRICT;
        CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
        CREATE INDEX "documents/breaches.v1/status" ON documents (json_extract(doc, '$.status'), id) WHERE collection = 'breaches.v1';
      `);
      const insert = v1.prepare(`INSERT INTO documents (collection, id, doc) VALUES (?, ?, ?)`);
      for (let n = 0; n < 50; n++) insert.run('breaches.v1', `b-${n}`, JSON.stringify({ status: 'open', name: secret }));
      insert.run('projection-generations', 'breach-register', JSON.stringify({ generation: 3 }));
      v1.exec(`INSERT INTO checkpoints VALUES ('breaches.v1', 42, '2026-01-01T00:00:00.000Z'); INSERT INTO leases VALUES ('projection:x', 'host-a', 99);`);
      v1.pragma('application_id = 0x504c726d');
      v1.pragma('user_version = 1');
      v1.pragma('wal_checkpoint(TRUNCATE)');
      v1.close();
      expect(readFileSync(file).includes(secret)).toBe(true);

      const resets: number[] = [];
      const store = open({ onReset: (from) => resets.push(from) });
      expect(resets).toEqual([1]);
      expect(await store.get('breaches.v1', 'b-1')).toBeUndefined();
      expect((await store.find('breaches.v1')).total).toBe(0);
      expect(await store.get('projection-generations', 'breach-register')).toBeUndefined();
      expect(await store.checkpoint('breaches.v1')).toBeUndefined();
      expect((await store.lease('projection:x'))?.holder).toBe('host-a');
      await store.commit(commitOf('breaches.v1', 0n, 7n, [{ collection: 'breaches.v1', id: 'b-1', document: { status: 'new' } }]));
      expect(await store.get('breaches.v1', 'b-1')).toEqual({ status: 'new' });
      await store.close();
      expect(readFileSync(file).includes(secret)).toBe(false);
      expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).includes(secret)).toBe(false);
      const db = raw();
      expect(db.pragma('user_version', { simple: true })).toBe(READ_MODELS_SCHEMA_VERSION);
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'documents' OR name LIKE 'documents/%'`).all()).toEqual([]);
      // Opened again, it is not reset again.
      const again = open({ onReset: (from) => resets.push(from) });
      expect(await again.get('breaches.v1', 'b-1')).toEqual({ status: 'new' });
      expect(resets).toEqual([1]);
    });

    it('creates the folder of the configured file, in WAL mode as another connection sees it', async () => {
      file = join(dir.path, 'data', 'nested', 'read-models.sqlite');
      const store = open();
      await store.commit(commitOf('p', 0n, 1n, [{ collection: 'docs', id: 'a', document: {} }]));
      expect(existsSync(file)).toBe(true);
      expect(raw(file, { readonly: true }).pragma('journal_mode', { simple: true })).toBe('wal');
    });
  });

  describe('two connections on one file', () => {
    it("shows each store the other's commits and checkpoints", async () => {
      const [one, two] = [open(), open()];
      await one.commit(commitOf('p', 0n, 3n, [{ collection: 'docs', id: 'a', document: { by: 'one' } }]));
      expect(await two.get('docs', 'a')).toEqual({ by: 'one' });
      expect((await two.checkpoint('p'))?.position).toBe(3n);
      await two.commit(commitOf('p', 3n, 5n, [{ collection: 'docs', id: 'b', document: { by: 'two' } }]));
      expect((await one.find('docs')).items).toEqual([{ by: 'one' }, { by: 'two' }]);
      expect((await one.checkpoint('p'))?.position).toBe(5n);
    });

    it("refuses a runner's commit when another runner moved the checkpoint on another connection", async () => {
      const [one, two] = [open(), open()];
      await one.commit(commitOf('p', 0n, 3n, [{ collection: 'docs', id: 'a', document: { v: 1 } }]));
      await two.commit(commitOf('p', 3n, 4n, [{ collection: 'docs', id: 'a', document: { v: 2 } }]));
      const stale = one.commit(commitOf('p', 3n, 4n, [{ collection: 'docs', id: 'a', document: { v: 'stale' } }]));
      await expect(stale).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await one.get('docs', 'a')).toEqual({ v: 2 });
    });

    it('waits for another connection holding the write lock, and reports the store unavailable after the busy timeout, writing nothing', async () => {
      const store = open({ busyTimeoutMs: 150 });
      await store.commit(commitOf('p', 0n, 1n, []));
      const holder = raw();
      holder.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const refused = store.commit(commitOf('p', 1n, 2n, [{ collection: 'docs', id: 'a', document: {} }]));
      await expect(refused).rejects.toBeInstanceOf(DocumentStoreUnavailableError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      holder.exec('ROLLBACK');
      expect(await store.get('docs', 'a')).toBeUndefined();
      expect((await store.checkpoint('p'))?.position).toBe(1n);
      await store.commit(commitOf('p', 1n, 2n, [{ collection: 'docs', id: 'a', document: {} }]));
      expect((await store.checkpoint('p'))?.position).toBe(2n);
    });

    it('keeps the event loop turning while a lease, a drop or an index declaration waits for another connection holding the write lock', async () => {
      const store = open({ busyTimeoutMs: 2000 });
      await store.commit(commitOf('p', 0n, 1n, [{ collection: 'docs', id: 'a', document: { v: 1 } }]));
      const holder = raw();
      holder.exec('BEGIN IMMEDIATE');
      let turns = 0;
      const ticking = setInterval(() => (turns += 1), 5);
      try {
        const waiting = [
          store.acquireLease('runner', 'me', 60_000, new Date('2026-03-01T10:00:00.000Z')),
          store.ensureIndexes('docs', ['v']),
          store.releaseLease('other', 'me'),
          store.dropCollection('gone', 'gone'),
        ];
        await delay(150);
        expect(turns).toBeGreaterThan(5);
        holder.exec('ROLLBACK');
        const [acquired] = await Promise.all(waiting);
        expect(acquired).toBe(true);
        expect((await store.lease('runner'))?.holder).toBe('me');
      } finally {
        clearInterval(ticking);
      }
    });
  });

  describe('atomic commits', () => {
    it.each([true, false])('tells the length of the JSON text it wrote for each document object committed (writerThread: %s)', async (writerThread) => {
      const store = open({ writerThread });
      const written = { n: 1, text: 'é"\n', list: [1, { a: null }] };
      const other = { ...written };
      await store.commit({ changes: [{ collection: 'sized', id: 'a', document: written }, { collection: 'sized', id: 'b', document: null }], checkpoint: { projection: 'sized', from: 0n, to: 1n }, at: '2026-01-01T00:00:00.000Z' });
      expect(store.textLength(written)).toBe(JSON.stringify(written).length);
      expect(store.textLength(other)).toBeUndefined(); // not the object committed
      await expect(store.commit({ changes: [{ collection: 'sized', id: 'c', document: other }], checkpoint: { projection: 'sized', from: 0n, to: 2n }, at: '2026-01-01T00:00:00.000Z' })).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(store.textLength(other)).toBeUndefined(); // a refused commit wrote nothing
    });

    it('writes a large commit on its writer thread: the event loop turns meanwhile, and a read sees none of it or all of it', async () => {
      const store = open();
      const changes: DocumentChange[] = Array.from({ length: 4000 }, (_, n) => ({ collection: 'big', id: `d${n}`, document: { n, text: 'x'.repeat(500), tags: [n % 7, n % 11] } }));
      await store.ensureIndexes('big', ['n', 'tags']);
      const seen = new Set<number>();
      let turns = 0;
      let done = false;
      const committing = store.commit({ changes, checkpoint: { projection: 'big', from: 0n, to: 7n }, at: '2026-01-01T00:00:00.000Z' }).then(() => (done = true));
      const watch = async () => {
        while (!done) {
          turns += 1;
          seen.add((await store.find('big', { limit: 1 })).total);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all([committing, watch()]);
      expect(turns).toBeGreaterThan(1);
      expect([...seen].every((total) => total === 0 || total === 4000)).toBe(true);
      expect((await store.find('big', { limit: 1 })).total).toBe(4000);
      expect(await store.checkpoint('big')).toMatchObject({ position: 7n });
    });

    it('lets a process end once it has closed the store: the writer thread closes its file and exits with it', async () => {
      const script = `
        const [storeModule, file] = process.argv.slice(1);
        const { SqliteDocumentStore } = await import(storeModule);
        const store = new SqliteDocumentStore({ file });
        await store.commit({ changes: [{ collection: 'c', id: 'a', document: { a: 1 } }], checkpoint: { projection: 'p', from: 0n, to: 1n }, at: new Date().toISOString() });
        await store.close();
        process.stdout.write('closed');
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, STORE_MODULE, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect({ code, out }).toEqual({ code: 0, out: 'closed' });
      const store = open();
      expect(await store.checkpoint('p')).toMatchObject({ position: 1n });
    });

    it('writes on this thread when asked to (writerThread: false), with the same result', async () => {
      const store = open({ writerThread: false });
      await store.commit({ changes: [{ collection: 'c', id: 'a', document: { a: 1 } }], checkpoint: { projection: 'p', from: 0n, to: 1n }, at: '2026-01-01T00:00:00.000Z' });
      await expect(store.commit({ changes: [], checkpoint: { projection: 'p', from: 0n, to: 2n }, at: '2026-01-01T00:00:00.000Z' })).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await store.get('c', 'a')).toEqual({ a: 1 });
    });

    it('rolls back a commit that fails half-way through its documents, keeping the documents and checkpoint it found', async () => {
      const store = open();
      await store.commit(commitOf('p', 0n, 1n, [{ collection: 'docs', id: 'a', document: { v: 1 } }]));
      // A storage failure in the middle of the batch, after 'a' and 'b' were written.
      raw().exec(`CREATE TRIGGER fail_on_poison BEFORE INSERT ON "collection/docs" WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
      const failing = store.commit(
        commitOf('p', 1n, 2n, [
          { collection: 'docs', id: 'a', document: { v: 2 } },
          { collection: 'docs', id: 'b', document: { v: 2 } },
          { collection: 'docs', id: 'poison', document: {} },
          { collection: 'docs', id: 'c', document: { v: 2 } },
        ]),
      );
      await expect(failing).rejects.toBeInstanceOf(DocumentStoreUnavailableError);
      await expect(failing).rejects.toThrow('disk on fire');
      expect((await store.find('docs')).items).toEqual([{ v: 1 }]);
      expect((await store.checkpoint('p'))?.position).toBe(1n);
    });

    it('leaves the documents at the checkpoint when a committing process is killed with SIGKILL', async () => {
      const rounds: number[] = [];
      const child = spawn(process.execPath, ['--input-type=module', '-e', COMMITTING_PROCESS, STORE_MODULE, file], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      let partial = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? ''; // a line cut off by kill -9 was never acknowledged
        rounds.push(...lines.map(Number));
      });
      const closed = new Promise<NodeJS.Signals | null>((resolve) => child.once('close', (_, signal) => resolve(signal)));
      closers.add(() => child.kill('SIGKILL'));

      for (const deadline = performance.now() + 20_000; rounds.length < 25; await delay(5)) {
        if (performance.now() > deadline || child.exitCode !== null) throw new Error(`the committing process stopped after ${rounds.length} rounds: ${stderr}`);
      }
      child.kill('SIGKILL');
      expect(await closed).toBe('SIGKILL');

      const store = open();
      const checkpoint = (await store.checkpoint('crash.v1'))?.position ?? 0n;
      expect(checkpoint).toBeGreaterThanOrEqual(BigInt(Math.max(...rounds)));
      const page = await store.find('crash', { limit: 1000 });
      expect(page.total).toBe(300);
      expect(new Set(page.items.map((item) => item.round))).toEqual(new Set([Number(checkpoint)]));
      expect(raw().pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });

  describe('scrubbing after an erasure', () => {
    /** A document that showed `secret`, replaced: its old text is only in the WAL's earlier frames now. */
    async function replacedSecret(store: SqliteDocumentStore): Promise<string> {
      const secret = `erased-${randomBytes(6).toString('hex')}`;
      await store.commit(commitOf('p', 0n, 1n, [{ collection: 'breaches.v1', id: 'b-1', document: { title: secret } }]));
      await store.commit(commitOf('p', 1n, 2n, [{ collection: 'breaches.v1', id: 'b-1', document: { title: '[erased]' } }]));
      expect(readFileSync(`${file}-wal`).includes(secret)).toBe(true); // what the scrub has to remove
      return secret;
    }

    const onDisk = (secret: string) => [file, `${file}-wal`].filter((path) => existsSync(path) && readFileSync(path).includes(secret));

    /** A connection of this thread in a read transaction: the checkpoint cannot empty the WAL until it ends. */
    function reading(): Database.Database {
      const reader = raw();
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM checkpoints').get();
      return reader;
    }

    it("waits off the event loop for this thread's reads to end, then leaves the old text in no file", async () => {
      const store = open();
      const secret = await replacedSecret(store);
      const reader = reading();
      let turns = 0;
      const ticking = setInterval(() => (turns += 1), 5);
      // The read ends on a later turn of the event loop, which a checkpoint waiting on this thread would not give.
      const ended = delay(100).then(() => reader.exec('COMMIT'));
      try {
        await store.scrub();
      } finally {
        clearInterval(ticking);
      }
      await ended;
      expect(turns).toBeGreaterThan(5);
      expect(onDisk(secret)).toEqual([]);
      expect(await store.get('breaches.v1', 'b-1')).toEqual({ title: '[erased]' });
    });

    it('fails, storage unavailable and nothing claimed, while another connection holds the file past the busy timeout; then scrubs when called again', async () => {
      for (const writerThread of [true, false]) {
        file = join(dir.path, `scrub-held-${writerThread}.sqlite`);
        const store = open({ writerThread, busyTimeoutMs: 150 });
        const secret = await replacedSecret(store);
        const reader = reading();
        await expect(store.scrub()).rejects.toBeInstanceOf(DocumentStoreUnavailableError);
        expect(onDisk(secret)).toEqual([`${file}-wal`]);
        reader.exec('COMMIT');
        await store.scrub();
        expect({ writerThread, left: onDisk(secret) }).toEqual({ writerThread, left: [] });
        await store.close();
      }
    });

    it('opens the file without waiting when another connection keeps it from emptying the WAL', async () => {
      const store = open();
      const secret = await replacedSecret(store);
      const reader = reading();
      // With a minute of busy timeout: a wait for the reader would outlast the test's own timeout.
      const second = open({ busyTimeoutMs: 60_000 });
      expect(await second.get('breaches.v1', 'b-1')).toEqual({ title: '[erased]' });
      reader.exec('COMMIT');
      await second.scrub();
      expect(onDisk(secret)).toEqual([]);
    });

    it('leaves the old text in no file once the file is opened again after a process was killed between the commit and its scrub', async () => {
      const script = `
        const [storeModule, file, secret] = process.argv.slice(1);
        const { SqliteDocumentStore } = await import(storeModule);
        const store = new SqliteDocumentStore({ file });
        const at = new Date().toISOString();
        await store.commit({ changes: [{ collection: 'breaches.v1', id: 'b-1', document: { title: secret } }], checkpoint: { projection: 'p', from: 0n, to: 1n }, at });
        await store.commit({ changes: [{ collection: 'breaches.v1', id: 'b-1', document: { title: '[erased]' } }], checkpoint: { projection: 'p', from: 1n, to: 2n }, at });
        process.stdout.write('committed');
        setInterval(() => {}, 1000);
      `;
      const secret = `erased-${randomBytes(6).toString('hex')}`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, STORE_MODULE, file, secret], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
      closers.add(() => child.kill('SIGKILL'));
      let out = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const closed = new Promise((resolve) => child.once('close', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk) === 'committed' && resolve());
        child.once('exit', () => reject(new Error(`the committing process ended: ${stderr}`)));
      });
      child.kill('SIGKILL');
      await closed;
      expect(onDisk(secret)).toEqual([`${file}-wal`]);

      const store = open();
      expect(onDisk(secret)).toEqual([]);
      expect(await store.get('breaches.v1', 'b-1')).toEqual({ title: '[erased]' });
      expect((await store.checkpoint('p'))?.position).toBe(2n);
    });
  });

  describe('indexes', () => {
    it('serves filters on declared fields from their partial indexes, and drops the indexes with the collection', async () => {
      const store = open();
      const changes = Array.from({ length: 200 }, (_, n) => ({ collection: 'breaches.v1', id: `b-${n}`, document: { status: `s${n % 20}`, report: { days: n } } }));
      await store.commit(commitOf('p', 0n, 1n, [...changes, ...changes.map((change) => ({ ...change, collection: 'other' }))]));
      await store.ensureIndexes('breaches.v1', ['status', 'report.days']);
      const db = raw();
      const plan = (query: unknown) => {
        const sql = findSql('breaches.v1', checkQuery(query));
        return (db.prepare(`EXPLAIN QUERY PLAN ${sql.items}`).all(...sql.params, 10, 0) as { detail: string }[]).map((row) => row.detail).join(' | ');
      };
      // (value, id) indexes: an equality match comes out in id order already, with no sort.
      expect(plan({ where: [{ field: 'status', op: 'eq', value: 's3' }] })).toBe('SEARCH documents USING INDEX documents/breaches.v1/status (<expr>=?)');
      expect(plan({ where: [{ field: 'status', op: 'in', value: ['s3', 's4'] }] })).toContain('USING INDEX documents/breaches.v1/status (<expr>=?)');
      expect(plan({ where: [{ field: 'report.days', op: 'gt', value: 190 }] })).toContain('USING INDEX documents/breaches.v1/report.days (<expr>>?)');

      const indexes = () => (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents/%' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
      expect(indexes()).toEqual(['documents/breaches.v1/report.days', 'documents/breaches.v1/status']);
      await store.dropCollection('breaches.v1', 'p');
      expect(indexes()).toEqual([]);
      expect((await store.find('other')).total).toBe(200);
    });

    it('defers the indexes declared on an empty collection until buildIndexes, answering the same before and after', async () => {
      const store = open();
      const db = raw();
      const indexes = () => (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents/%' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
      await store.ensureIndexes('breaches.v1', ['status', 'report.days']);
      expect(indexes()).toEqual([]);
      const changes = Array.from({ length: 200 }, (_, n) => ({ collection: 'breaches.v1', id: `b-${n}`, document: { status: `s${n % 20}`, report: { days: n % 7 } } }));
      await store.commit(commitOf('p', 0n, 1n, changes));
      expect(indexes()).toEqual([]);
      const query = { where: [{ field: 'status', op: 'in' as const, value: ['s3', 's4'] }], orderBy: [{ field: 'report.days', direction: 'desc' as const }], limit: 7, offset: 3 };
      const plan = () => {
        const sql = findSql('breaches.v1', checkQuery(query));
        return (db.prepare(`EXPLAIN QUERY PLAN ${sql.items}`).all(...sql.params, 10, 0) as { detail: string }[]).map((row) => row.detail).join(' | ');
      };
      expect(plan()).not.toContain('USING INDEX');
      const before = await store.buildIndexes('missing'); // nothing deferred there: nothing to do
      expect(before).toBeUndefined();
      await store.buildIndexes('breaches.v1');
      expect(indexes()).toEqual(['documents/breaches.v1/report.days', 'documents/breaches.v1/status']);
      expect(plan()).toContain('USING INDEX documents/breaches.v1/status');
      // Declared again on the loaded collection: built at once, nothing left for later.
      await store.ensureIndexes('breaches.v1', ['status']);
      await store.buildIndexes('breaches.v1');
      expect(indexes()).toEqual(['documents/breaches.v1/report.days', 'documents/breaches.v1/status']);
    });

    it("refreshes the planner's statistics after building indexes on the writer thread, not on the event loop", async () => {
      for (const writerThread of [true, false]) {
        file = join(dir.path, `statistics-${writerThread}.sqlite`);
        const store = open({ writerThread });
        // Every PRAGMA this thread's connections run (the writer thread's are not seen here).
        const pragmas = jest.spyOn(Database.prototype, 'pragma');
        try {
          await store.ensureIndexes('breaches.v1', ['status']);
          const changes = Array.from({ length: 300 }, (_, n) => ({ collection: 'breaches.v1', id: `b-${n}`, document: { status: `s${n % 30}` } }));
          await store.commit(commitOf('p', 0n, 1n, changes));
          await store.buildIndexes('breaches.v1');
          const here = pragmas.mock.calls.filter(([source]) => /^\s*optimize/.test(String(source))).length;
          expect({ writerThread, here }).toEqual({ writerThread, here: writerThread ? 0 : 1 });
        } finally {
          pragmas.mockRestore();
        }
        // The statistics are in the file either way: the index's row count and rows per value.
        const stat = raw().prepare(`SELECT stat FROM sqlite_stat1 WHERE idx = 'documents/breaches.v1/status'`).pluck().get();
        expect(stat).toBe('300 10 1');
        await store.close();
      }
    });

    it('drops a collection on the writer thread, a few thousand rows a transaction, leaving no text of it in the file', async () => {
      for (const writerThread of [true, false]) {
        file = join(dir.path, `drop-${writerThread}.sqlite`);
        const store = open({ writerThread });
        const secret = `gone-${writerThread}-${randomBytes(6).toString('hex')}`;
        await store.ensureIndexes('old.v1', ['n']);
        // More rows than one of the thread's deletes takes (5,000), and a collection that stays.
        const changes = Array.from({ length: 12_345 }, (_, n) => ({ collection: 'old.v1', id: `d-${n}`, document: { n, note: `${secret}-${n}` } }));
        await store.commit(commitOf('old.v1', 0n, 7n, [...changes, { collection: 'kept.v1', id: 'k', document: { kept: true } }]));
        await store.buildIndexes('old.v1');
        const drops = jest.spyOn(Database.prototype, 'exec');
        try {
          await store.dropCollection('old.v1', 'old.v1');
          const here = drops.mock.calls.filter(([sql]) => String(sql).startsWith('DROP TABLE')).length;
          expect({ writerThread, here }).toEqual({ writerThread, here: writerThread ? 0 : 1 });
        } finally {
          drops.mockRestore();
        }
        expect(await store.checkpoint('old.v1')).toBeUndefined();
        expect((await store.find('old.v1')).total).toBe(0);
        expect((await store.find('kept.v1')).total).toBe(1);
        expect(raw().prepare(`SELECT count(*) FROM sqlite_schema WHERE name LIKE '%old.v1%'`).pluck().get()).toBe(0);
        // Dropped again, or never there: nothing to do, no error.
        await store.dropCollection('old.v1', 'old.v1');
        await store.scrub();
        await store.close();
        expect(readFileSync(file).includes(secret)).toBe(false);
      }
    });

    it("deletes a dropped collection's rows 5,000 at a time before the table goes, its checkpoint with the table", async () => {
      const store = open({ writerThread: false });
      const changes = Array.from({ length: 12_345 }, (_, n) => ({ collection: 'old.v1', id: `d-${n}`, document: { n } }));
      await store.commit(commitOf('old.v1', 0n, 7n, changes));
      await store.close();
      const db = raw();
      const deletes: number[] = [];
      const prepare = Database.prototype.prepare;
      const spy = jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
        const statement = prepare.call(this, sql);
        if (sql.startsWith('DELETE FROM "collection/old.v1"')) {
          const run = statement.run.bind(statement) as (...params: unknown[]) => Database.RunResult;
          statement.run = ((...params: unknown[]) => {
            const result = run(...params);
            // The checkpoint stays until the table goes, in the last transaction.
            deletes.push(result.changes);
            expect(db.prepare(`SELECT position FROM checkpoints WHERE projection = 'old.v1'`).pluck().get()).toBe(7);
            return result;
          }) as typeof statement.run;
        }
        return statement;
      } as typeof prepare);
      try {
        expect(documentCommitter(db)({ id: 1, drop: 'old.v1', projection: 'old.v1' })).toEqual({ id: 1, ok: true });
      } finally {
        spy.mockRestore();
      }
      expect(deletes).toEqual([5000, 5000, 2345]);
      expect(db.prepare(`SELECT count(*) FROM checkpoints WHERE projection = 'old.v1'`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'collection/old.v1'`).pluck().get()).toBe(0);
    });

    it('refreshes the statistics every 1000 commits, but not while a collection is being loaded', async () => {
      const store = open({ writerThread: true });
      const refreshes = jest.spyOn(DocumentWriterThread.prototype, 'optimize');
      try {
        await store.ensureIndexes('loading.v1', ['n']); // empty: its indexes wait for the load
        for (let n = 0; n < 1000; n++) await store.commit(commitOf('loading.v1', BigInt(n), BigInt(n + 1), [{ collection: 'loading.v1', id: `d-${n}`, document: { n } }]));
        expect(refreshes).not.toHaveBeenCalled();
        await store.buildIndexes('loading.v1'); // the load is done (this request refreshes them itself)
        await store.commit(commitOf('loading.v1', 1000n, 1001n, [{ collection: 'loading.v1', id: 'last', document: { n: 1000 } }]));
        expect(refreshes).toHaveBeenCalledTimes(1);
      } finally {
        refreshes.mockRestore();
      }
    }, 30_000);

    it('builds each deferred index in a transaction of its own, so the write lock is let go between two', async () => {
      const store = open({ writerThread: false });
      const changes = Array.from({ length: 50 }, (_, n) => ({ collection: 'breaches.v1', id: `b-${n}`, document: { status: `s${n % 5}` } }));
      await store.commit(commitOf('p', 0n, 1n, changes));
      await store.close();
      const db = raw();
      const reply = documentCommitter(db)({ id: 1, indexes: [createIndexSql('breaches.v1', 'status'), createIndexSql('missing.v1', 'status')] });
      expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('no such table') } });
      // The first index stands: it was committed before the second was tried.
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents/%'`).pluck().all()).toEqual(['documents/breaches.v1/status']);
    });

    it('builds deferred indexes after the first query that ran without them, which answers what an indexed query answers', async () => {
      for (const writerThread of [true, false]) {
        file = join(dir.path, `deferred-${writerThread}.sqlite`);
        const store = open({ writerThread });
        const db = raw();
        const indexes = () => (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents/%'`).all() as { name: string }[]).length;
        await store.ensureIndexes('breaches.v1', ['status']);
        const changes = Array.from({ length: 100 }, (_, n) => ({ collection: 'breaches.v1', id: `b-${n}`, document: { status: `s${n % 10}` } }));
        await store.commit(commitOf('p', 0n, 1n, changes));
        const query = { where: [{ field: 'status', op: 'eq' as const, value: 's3' }] };
        const unindexed = await store.find('breaches.v1', query);
        expect(unindexed.total).toBe(10);
        for (let tries = 0; tries < 200 && indexes() === 0; tries++) await delay(10);
        expect(indexes()).toBe(1);
        expect(await store.find('breaches.v1', query)).toEqual(unindexed);
        expect(await store.findAll('breaches.v1', query)).toEqual(unindexed.items);
      }
    });

    it('takes a filter on a declared field to its index beside many small collections, with the statistics the store gathers', async () => {
      const store = open();
      const register = Array.from({ length: 2000 }, (_, n) => ({ collection: 'register.v1', id: `r-${n}`, document: { year: 2000 + (n % 10), deadline: `2020-01-${n % 28}` } }));
      const small = Array.from({ length: 300 }, (_, n) => ({ collection: `small-${n % 60}`, id: `s-${n}`, document: { year: 2000 } }));
      await store.commit(commitOf('p', 0n, 1n, [...register, ...small]));
      await store.ensureIndexes('register.v1', ['year', 'deadline']);
      const db = raw();
      // As PRAGMA optimize samples them: the primary key then counts about 40 rows per collection.
      db.pragma('analysis_limit = 1000');
      db.exec('ANALYZE');
      const sql = findSql('register.v1', checkQuery({ where: [{ field: 'year', op: 'eq', value: 2003 }], orderBy: [{ field: 'deadline', direction: 'asc' }] }));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql.items}`).all(...sql.params, 10, 0) as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(plan).toContain('USING INDEX documents/register.v1/year (<expr>=?)');
      expect((await store.find('register.v1', { where: [{ field: 'year', op: 'eq', value: 2003 }], limit: 1 })).total).toBe(200);
    });
  });

  it("keeps anything but a JSON object out of a collection's table, even written as SQL on the file", async () => {
    const store = open();
    await store.commit(commitOf('p', 0n, 1n, [{ collection: 'docs', id: 'a', document: {} }]));
    await store.close();
    const db = raw();
    for (const doc of ['[1]', 'not json', '"text"', `{'a':1}`]) {
      expect(() => db.prepare(`INSERT INTO "collection/docs" (id, doc) VALUES ('x', ?)`).run(doc)).toThrow('CHECK constraint failed');
    }
    // Binary JSON too: an array, a string and bytes that are no JSONB.
    for (const doc of ['[1]', '"text"']) {
      expect(() => db.prepare(`INSERT INTO "collection/docs" (id, doc) VALUES ('x', jsonb(?))`).run(doc)).toThrow('CHECK constraint failed');
    }
    expect(() => db.prepare(`INSERT INTO "collection/docs" (id, doc) VALUES ('x', ?)`).run(Buffer.from('not jsonb'))).toThrow('CHECK constraint failed');
  });
});

/** Compiled by jest's globalSetup. */
const STORE_MODULE = new URL('../../dist-bench/src/read-store/sqlite/sqlite-document-store.js', import.meta.url).href;

/** Commits rounds of 300 documents of ~1 kB, each round's documents carrying its number, and prints each acknowledged round. */
const COMMITTING_PROCESS = `
  const [storeModule, file] = process.argv.slice(1);
  const { SqliteDocumentStore } = await import(storeModule);
  const store = new SqliteDocumentStore({ file });
  const padding = 'x'.repeat(1000);
  for (let round = 1; ; round += 1) {
    const changes = Array.from({ length: 300 }, (_, n) => ({ collection: 'crash', id: 'doc-' + n, document: { round, padding } }));
    await store.commit({ changes, checkpoint: { projection: 'crash.v1', from: BigInt(round - 1), to: BigInt(round) }, at: new Date().toISOString() });
    process.stdout.write(round + '\\n');
  }
`;
