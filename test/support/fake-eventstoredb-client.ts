import {
  AccessDeniedError,
  BACKWARDS,
  END,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type EventData,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventStoreDbClientLike } from '../../src/event-store/eventstoredb/eventstoredb-event-store.js';

/**
 * A stand-in for an EventStoreDB cluster, as the adapter sees it through the client, for unit
 * tests without a server. What it keeps of the real thing:
 * - positions are byte offsets of records in one log: far apart, and a read that starts
 *   where no record starts is refused ("Invalid position."), as KurrentDB does;
 * - the log holds system records ($-streams, `$` types) beside the service's events;
 * - a follower: reads that do not ask for the leader are served from a copy of the log that
 *   lags `followerLag` records behind.
 * Every call is recorded with its options, so tests can see what was asked for.
 */
export class FakeEventStoreDbClient {
  readonly calls: { method: string; options: Record<string, unknown> }[] = [];
  /** Records the follower has not replicated yet. */
  followerLag = 0;
  /** Errors the next subscriptions end with, one per subscription, in order (undefined: stays open). */
  readonly subscriptionFailures: (Error | undefined)[] = [];
  private readonly log: StoredRecord[] = [];
  private nextPosition = 1000n;

  constructor() {
    // What a real log starts with: the server's own records, not the service's.
    this.write('$epoch-information', [{ id: '00000000-0000-4000-8000-000000000000', type: '$epoch-information', data: {}, metadata: undefined, contentType: 'application/json' } as EventData]);
  }

  asClient(): EventStoreDbClientLike {
    return this as unknown as EventStoreDbClientLike;
  }

  /** The position of every record, the server's included: where a read may start. */
  positions(): bigint[] {
    return this.log.map((record) => record.position);
  }

  async appendToStream(streamId: string, events: EventData | EventData[], options: Record<string, unknown> = {}): Promise<unknown> {
    this.calls.push({ method: 'appendToStream', options: { streamId, ...options } });
    const list = Array.isArray(events) ? events : [events];
    const current = this.revisionOf(streamId, this.log);
    const expected = options.expectedRevision;
    const matches = expected === 'any' || expected === undefined || (expected === 'no_stream' ? current === undefined : current === expected);
    if (!matches) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected: expected as bigint, current: current ?? 'no_stream' });
    this.write(streamId, list);
    return { success: true };
  }

  readStream(streamId: string, options: Record<string, unknown> = {}): AsyncIterable<ResolvedEvent> {
    this.calls.push({ method: 'readStream', options: { streamId, ...options } });
    const log = this.visible(options);
    const direction = options.direction === BACKWARDS ? 'backwards' : 'forwards';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision;
    return (async function* () {
      const stream = log.filter((record) => record.streamId === streamId);
      if (stream.length === 0) throw new StreamNotFoundError(undefined, streamId);
      const ordered = direction === 'forwards' ? stream : [...stream].reverse();
      const selected = ordered.filter((record) => {
        if (from === undefined || from === START || from === END) return true;
        return direction === 'forwards' ? record.revision >= (from as bigint) : record.revision <= (from as bigint);
      });
      for (const record of selected.slice(0, maxCount)) yield resolved(record);
    })();
  }

  readAll(options: Record<string, unknown> = {}): AsyncIterable<AllStreamResolvedEvent> {
    this.calls.push({ method: 'readAll', options: { ...options } });
    const log = this.visible(options);
    const direction = options.direction === BACKWARDS ? 'backwards' : 'forwards';
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = (options.fromPosition ?? (direction === 'forwards' ? START : END)) as ReadPosition;
    const isRecordStart = (position: bigint) => this.isRecordStart(position);
    return (async function* () {
      if (typeof from === 'object' && !isRecordStart(from.commit)) throw invalidPosition();
      let selected: readonly StoredRecord[];
      if (direction === 'forwards') selected = from === START ? log : from === END ? [] : log.filter((record) => record.position >= from.commit);
      else selected = [...(from === END ? log : from === START ? [] : log.filter((record) => record.position < from.commit))].reverse();
      for (const record of selected.slice(0, maxCount)) yield resolved(record) as AllStreamResolvedEvent;
    })();
  }

  subscribeToAll(options: Record<string, unknown> = {}): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> } {
    this.calls.push({ method: 'subscribeToAll', options: { ...options } });
    const failure = this.subscriptionFailures.shift();
    const from = (options.fromPosition ?? START) as ReadPosition;
    const isRecordStart = (position: bigint) => this.isRecordStart(position);
    const records = () => this.log;
    // As the server: a stream-name regex filter, or (excludeSystemEvents, the default here) no $ types.
    const filter = options.filter as { filterOn?: string; regex?: string } | undefined;
    const streamName = filter?.filterOn === 'streamName' && filter.regex !== undefined ? new RegExp(filter.regex) : undefined;
    const passes = (record: { streamId: string; type: string }) => (streamName ? streamName.test(record.streamId) : !record.type.startsWith('$'));
    let stopped = false;
    const iterator = (async function* () {
      if (typeof from === 'object' && !isRecordStart(from.commit)) throw invalidPosition();
      let after = typeof from === 'object' ? from.commit - 1n : -1n;
      for (;;) {
        if (stopped) return;
        const next = records().filter((record) => record.position > after && passes(record));
        for (const record of next) {
          if (stopped) return;
          yield resolved(record) as AllStreamResolvedEvent;
          after = record.position;
        }
        if (failure) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return Object.assign(iterator, {
      unsubscribe: async () => {
        stopped = true;
      },
    });
  }

  async dispose(): Promise<void> {}

  private write(streamId: string, events: readonly EventData[]): void {
    let revision = this.revisionOf(streamId, this.log);
    for (const event of events) {
      revision = revision === undefined ? 0n : revision + 1n;
      const size = BigInt(Buffer.byteLength(JSON.stringify(event.data ?? {})) + 137);
      this.log.push({ streamId, revision, position: this.nextPosition, id: event.id as string, type: event.type, data: event.data, metadata: event.metadata });
      this.nextPosition += size;
    }
  }

  private revisionOf(streamId: string, log: readonly StoredRecord[]): bigint | undefined {
    return log.filter((record) => record.streamId === streamId).at(-1)?.revision;
  }

  private isRecordStart(position: bigint): boolean {
    return position === this.nextPosition || this.log.some((record) => record.position === position);
  }

  private visible(options: Record<string, unknown>): readonly StoredRecord[] {
    return options.requiresLeader === true ? this.log : this.log.slice(0, Math.max(0, this.log.length - this.followerLag));
  }
}

interface StoredRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

function resolved(record: StoredRecord): ResolvedEvent {
  return {
    event: {
      streamId: record.streamId,
      id: record.id,
      revision: record.revision,
      type: record.type,
      data: record.data,
      metadata: record.metadata,
      isJson: true,
      created: new Date(0),
      position: { commit: record.position, prepare: record.position },
    },
  } as unknown as ResolvedEvent;
}

/** How the server refuses a read from where no record starts. */
function invalidPosition(): Error {
  return Object.assign(new Error('Invalid position.'), { code: 11 });
}

export { AccessDeniedError };
