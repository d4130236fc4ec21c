import { Inject, Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store/event-store.errors.js';
import { EVENT_STORE, type Actor, type EventStore, type NewEvent, type Position, type StoredEvent, type StreamAppend } from '../event-store/event-store.port.js';
import { PersonalDataCodec } from '../personal-data/personal-data-codec.js';
import type { JsonObject } from '../shared/json.js';
import { ImportConflictError } from './import-errors.js';
import { importEventIdOf, STREAM_OF, type ImportKind, type ImportPlan, type PlannedStream } from './import-plan.js';
import { IMPORT_EVENT_SCHEMA_VERSIONS, importStreamId, type ImportCompletedData, type ImportEvent, type ImportStartedData } from './import.events.js';

/**
 * Most streams written in one commit (~50 events, some 5–15 ms of sealing, inserting and
 * its fsync). A file with more is written in several, bracketed by its journal (as on
 * EventStoreDB): one transaction for 10,000 breaches would seal and insert some 50,000
 * events in one go, seconds in which the service answers nothing, not even its health probes.
 */
const STREAMS_PER_COMMIT = 10;
/** Streams encoded together between two turns of the event loop (their new keys share one commit). */
const STREAMS_PER_TURN = 25;

/** Who imports: the authenticated caller, and the request's correlation id. */
export interface Importer {
  readonly actor: Actor;
  readonly correlationId: string;
}

export interface ImportResult {
  readonly kind: ImportKind;
  readonly importId: string;
  readonly fileHash: string;
  readonly rows: number;
  readonly events: number;
  readonly created: readonly { readonly row: number; readonly id: string; readonly streamId: string }[];
  /** The position of the import's last event (its ImportCompleted): minPosition for reading the views. */
  readonly lastPosition: string;
  /** True when the file had been imported before: this is that import's result, nothing new was written. */
  readonly replayed: boolean;
}

/**
 * Writes an accepted import plan: all of it or, visibly, not yet all of it. With the
 * store's `appendBatch` (SQLite) the journal and every stream land in one transaction.
 * Without it (EventStoreDB) the journal brackets the streams: ImportStarted, each stream
 * in one append, ImportCompleted; posting the same file again skips what an interrupted
 * attempt already wrote (the ids are derived from the file) and completes the rest.
 */
@Injectable()
export class ImportWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataCodec) private readonly personalData: PersonalDataCodec,
  ) {}

  /** The result of the completed import of this file, if it was imported before. */
  async earlier(kind: ImportKind, importId: string): Promise<ImportResult | undefined> {
    return completedResult(kind, await this.journal(importId));
  }

  async write(plan: ImportPlan, importer: Importer): Promise<ImportResult> {
    const journal = await this.journal(plan.importId);
    const done = completedResult(plan.kind, journal);
    if (done) return done;
    const streams = await this.encoded(plan, importer);
    const started = journalEvent(plan, importer, 0, { type: 'ImportStarted', data: startedData(plan) });
    const completed = journalEvent(plan, importer, 1, { type: 'ImportCompleted', data: { importId: plan.importId, streams: streams.length, events: streams.reduce((n, s) => n + s.events.length, 0) } });
    const journalId = importStreamId(plan.importId);
    try {
      if (this.store.appendBatch && journal.length === 0 && streams.length <= STREAMS_PER_COMMIT) {
        const written = await this.store.appendBatch([{ streamId: journalId, events: [started], expectedRevision: 'no_stream' }, ...streams, { streamId: journalId, events: [completed], expectedRevision: 0 }]);
        return resultOf(plan.kind, startedData(plan), completed.data as unknown as ImportCompletedData, (written.at(-1) as { position: Position }).position, false);
      }
      if (journal.length === 0) await this.appendNew(journalId, [started]);
      for (let at = 0; at < streams.length; at += STREAMS_PER_COMMIT) {
        await this.appendStreams(streams.slice(at, at + STREAMS_PER_COMMIT));
        await setImmediate();
      }
      const written = await this.store.append(journalId, [completed], { expectedRevision: 0 });
      return resultOf(plan.kind, startedData(plan), completed.data as unknown as ImportCompletedData, written.position, false);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
      // Another request imported the same file meanwhile: its result is this one's.
      const raced = await this.earlier(plan.kind, plan.importId);
      if (raced) return raced;
      throw error;
    }
  }

  /**
   * Each stream's events as stored, its personal fields encrypted exactly as the commands
   * encrypt them (the slice's personal-data scheme). A slice of streams at a time, together:
   * their new keys are created in one commit of the key store (durable before any event under
   * them is written), and the event loop gets a turn between slices.
   */
  private async encoded(plan: ImportPlan, importer: Importer): Promise<StreamAppend[]> {
    const streams: StreamAppend[] = [];
    for (let at = 0; at < plan.streams.length; at += STREAMS_PER_TURN) {
      const slice = plan.streams.slice(at, at + STREAMS_PER_TURN);
      streams.push(...(await Promise.all(slice.map((stream) => this.encodedStream(plan, importer, stream)))));
      await setImmediate();
    }
    return streams;
  }

  private async encodedStream(plan: ImportPlan, importer: Importer, stream: PlannedStream): Promise<StreamAppend> {
    const events = [];
    for (const [at, event] of stream.events.entries()) {
      const data = await this.personalData.encode(stream.streamId, event.type, event.data);
      events.push({ eventId: importEventIdOf(stream.streamId, at), type: event.type, schemaVersion: event.schemaVersion, data, metadata: metadataOf(plan, importer, stream.row) });
    }
    return { streamId: stream.streamId, expectedRevision: 'no_stream', events };
  }

  /** Streams in one commit where the store can; one by one where it cannot, or where an interrupted attempt wrote some of them. */
  private async appendStreams(streams: readonly StreamAppend[]): Promise<void> {
    if (this.store.appendBatch) {
      try {
        await this.store.appendBatch(streams);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
      }
    }
    for (const stream of streams) await this.appendNew(stream.streamId, stream.events);
  }

  /** Appends a new stream, or finds it written by an earlier, interrupted attempt of this import. */
  private async appendNew(streamId: string, events: readonly NewEvent[]): Promise<void> {
    try {
      await this.store.append(streamId, events, { expectedRevision: 'no_stream' });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const [first] = await this.store.readStream(streamId, { maxCount: 1 });
      if (first?.eventId !== events[0]?.eventId) throw new ImportConflictError(streamId);
    }
  }

  private async journal(importId: string): Promise<readonly StoredEvent[]> {
    try {
      return await this.store.readStream(importStreamId(importId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

/** Every event an import writes says where it came from: `source: import`, the file's hash, and (for a row's events) the row. */
function metadataOf(plan: ImportPlan, importer: Importer, row?: number): NewEvent['metadata'] {
  const extensions: JsonObject = { source: 'import', file: plan.fileHash, ...(row === undefined ? {} : { row }) };
  return { actor: importer.actor, commandId: plan.importId, correlationId: importer.correlationId, causationId: plan.importId, extensions };
}

function journalEvent(plan: ImportPlan, importer: Importer, index: number, event: ImportEvent): NewEvent {
  const streamId = importStreamId(plan.importId);
  return { eventId: importEventIdOf(streamId, index), type: event.type, schemaVersion: IMPORT_EVENT_SCHEMA_VERSIONS[event.type], data: event.data as unknown as JsonObject, metadata: metadataOf(plan, importer) };
}

function startedData(plan: ImportPlan): ImportStartedData {
  return { importId: plan.importId, kind: plan.kind, fileHash: plan.fileHash, rows: plan.rows, created: plan.streams.map(({ row, id }) => ({ row, id })) };
}

function completedResult(kind: ImportKind, journal: readonly StoredEvent[]): ImportResult | undefined {
  const started = journal.find((event) => event.type === 'ImportStarted');
  const completed = journal.find((event) => event.type === 'ImportCompleted');
  if (!started || !completed) return undefined;
  return resultOf(kind, started.data as unknown as ImportStartedData, completed.data as unknown as ImportCompletedData, completed.position, true);
}

function resultOf(kind: ImportKind, started: ImportStartedData, completed: ImportCompletedData, lastPosition: Position, replayed: boolean): ImportResult {
  const { importId, fileHash, rows } = started;
  const created = started.created.map(({ row, id }) => ({ row, id, streamId: STREAM_OF[kind](id) }));
  return { kind, importId, fileHash, rows, events: completed.events, created, lastPosition: lastPosition.toString(), replayed };
}
