import { CheckpointConflictError, DocumentStoreError, type Checkpoint, type Commit, type Document, type DocumentStore, type Lease, type Page, type Query } from '../document-store.port.js';
import { DocumentStoreClosedError } from '../sqlite/document-store.errors.js';
import { checkCollection, checkCommit, checkFields, checkId, checkLease, checkProjection, checkQuery } from '../sqlite/document-store-input.js';
import { selected } from './in-memory-query.js';

/** What this store does not do; its code says so rather than pretending. */
export class NotSupportedError extends DocumentStoreError {
  constructor(what: string) {
    super('not-supported', `the in-memory document store does not support ${what}`);
    this.name = 'NotSupportedError';
  }
}

/**
 * The DocumentStore port in the memory of one process, for views computed on the spot (time
 * travel folds the projections over a prefix of the log into one, then runs the live view
 * code against it). Queries, commits and checkpoints behave as the SQLite adapter's (the
 * same input checks, the conformance suite); what makes no sense for a store that lives for
 * one request is trivial or refused:
 * - `ensureIndexes` checks the fields and does nothing else: every query is a scan.
 * - Leases (`acquireLease`, `releaseLease`, `lease`) throw `not-supported`: nothing else
 *   can share this store, so there is nobody to take turns with.
 * - Nothing survives `close()` or the process; there is no reopening.
 * Documents are kept as their JSON text, as SQLite keeps them, and parsed for every read: a
 * caller gets a copy it may change, and a stored document shares nothing with the objects it
 * was committed from.
 */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Map<string, string>>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private open = true;

  async get<D extends Document = Document>(collection: string, id: string): Promise<D | undefined> {
    this.assertOpen();
    checkCollection(collection);
    checkId(id);
    const json = this.collections.get(collection)?.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as D);
  }

  async find<D extends Document = Document>(collection: string, query?: Query): Promise<Page<D>> {
    this.assertOpen();
    checkCollection(collection);
    const checked = checkQuery(query);
    const all = selected(this.parsed(collection), checked);
    return { items: all.slice(checked.offset, checked.offset + checked.limit) as D[], total: all.length };
  }

  async findAll<D extends Document = Document>(collection: string, query: Omit<Query, 'limit' | 'offset'> = {}): Promise<D[]> {
    this.assertOpen();
    checkCollection(collection);
    return selected(this.parsed(collection), checkQuery(query)) as D[];
  }

  /** All or nothing: checked, then applied without a pause, so no other call sees half of it. */
  async commit(commit: Commit): Promise<void> {
    this.assertOpen();
    const { projection, from, to, at, changes, fence } = checkCommit(commit);
    const actual = this.checkpoints.get(projection)?.position ?? 0n;
    if (actual !== from) throw new CheckpointConflictError(projection, from, actual);
    const fenced = fence && (this.checkpoints.get(fence.projection)?.position ?? 0n);
    if (fence && fenced !== fence.position) throw new CheckpointConflictError(fence.projection, fence.position, fenced ?? 0n);
    for (const { collection, id, json } of changes) {
      const documents = this.collections.get(collection) ?? new Map<string, string>();
      this.collections.set(collection, documents);
      if (json === null) documents.delete(id);
      else documents.set(id, json);
    }
    this.checkpoints.set(projection, { projection, position: to, updatedAt: at });
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    this.assertOpen();
    checkProjection(projection);
    return this.checkpoints.get(projection);
  }

  async dropCollection(collection: string, projection: string): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    checkProjection(projection);
    this.collections.delete(collection);
    this.checkpoints.delete(projection);
  }

  async ensureIndexes(collection: string, fields: readonly string[]): Promise<void> {
    this.assertOpen();
    checkCollection(collection);
    checkFields(fields);
  }

  async acquireLease(name: string, holder: string, _ttlMs: number, _now: Date): Promise<boolean> {
    return this.refuseLease(name, holder);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    return this.refuseLease(name, holder);
  }

  async lease(name: string): Promise<Lease | undefined> {
    return this.refuseLease(name, 'anyone');
  }

  /** Nothing to scrub: a replaced document's JSON is dropped with it, and nothing is written to disk. */
  async scrub(): Promise<void> {}

  async close(): Promise<void> {
    this.open = false;
    this.collections.clear();
    this.checkpoints.clear();
  }

  /** A fresh copy of every document of a collection, to scan. */
  private parsed(collection: string): Map<string, Document> {
    return new Map([...(this.collections.get(collection) ?? [])].map(([id, json]) => [id, JSON.parse(json) as Document]));
  }

  private refuseLease(name: string, holder: string): never {
    this.assertOpen();
    checkLease(name, holder);
    throw new NotSupportedError('leases');
  }

  private assertOpen(): void {
    if (!this.open) throw new DocumentStoreClosedError();
  }
}
