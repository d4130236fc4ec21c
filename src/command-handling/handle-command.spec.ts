import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventStore, ReadStreamOptions, StoredEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { tempDir } from '../../test/support/temp-dir.js';
import type { CommandEnvelope } from './command-envelope.js';
import { IdempotencyKeyReusedError, RevisionConflictError } from './command-errors.js';
import { FoldedStates } from './folded-states.js';
import { UnreadableEventError, handleCommand, readEvent, type StreamModel, type FoldedHistory, type HandleOptions } from './handle-command.js';

/** A counter stream: the smallest model that shows what handleCommand guarantees. */
type Counted = { readonly type: 'Counted'; readonly data: { readonly by: number } };
const counter: StreamModel<number, Counted> = { initialState: () => 0, evolve: (total, event) => total + event.data.by, schemaVersions: { Counted: 1 } };
const add = (by: number) => (total: number): Counted[] => {
  if (total + by > 10) throw new Error(`over the limit: ${total} + ${by}`);
  return [{ type: 'Counted', data: { by } }];
};

class Missing extends Error {}

const envelope = (overrides: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  actor: { id: 'po-1', role: 'privacy-officer' },
  idempotencyKey: randomUUID(),
  requestHash: 'hash-a',
  correlationId: 'corr-1',
  ...overrides,
});

// Every guarantee holds alike whether states are kept between commands or each command folds the whole stream.
describe.each([
  ['folding the whole stream each time', () => undefined, false],
  ['keeping folded states between commands', () => new FoldedStates<number>(100), false],
  ['deciding on the kept state before reading the stream', () => new FoldedStates<number>(100), true],
])('handleCommand, %s', (_, keeping, unread) => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let streamId: string;
  let states: FoldedStates<number> | undefined;
  beforeEach(() => {
    states = keeping();
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    streamId = `counter-${randomUUID()}`;
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const run = (by: number, env: CommandEnvelope, creates = true) =>
    handleCommand(store, streamId, counter, env, { creates, notFound: () => new Missing(), decide: add(by), ...(states ? { states } : {}), decidesOnKeptHead: unread });

  it('appends the decided events with the actor, the key as commandId and a stable event id', async () => {
    const env = envelope();
    const outcome = await run(2, env);
    expect(outcome).toMatchObject({ streamId, revision: 0, replayed: false });
    const [event] = outcome.events;
    expect(event?.metadata).toMatchObject({ actor: env.actor, commandId: env.idempotencyKey, correlationId: 'corr-1', causationId: env.idempotencyKey, extensions: { requestHash: 'hash-a' } });
    expect(event?.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
  });

  it('answers a retry with the same key from the events of the first attempt, writing nothing', async () => {
    const env = envelope();
    const first = await run(2, env);
    await run(3, envelope());
    const retry = await run(2, env);
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('refuses the same key with a different request', async () => {
    const env = envelope();
    await run(2, env);
    await expect(run(2, { ...env, requestHash: 'hash-b' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('refuses a command on a missing stream unless it creates the stream', async () => {
    await expect(run(1, envelope(), false)).rejects.toBeInstanceOf(Missing);
    await expect(store.readStream(streamId)).rejects.toThrow();
  });

  it('refuses a stale If-Match with the current revision', async () => {
    await run(1, envelope());
    await run(1, envelope());
    await expect(run(1, envelope({ expectedRevision: 0 }))).rejects.toMatchObject({ code: 'revision-conflict', currentRevision: 1, expectedRevision: 0 });
    expect((await run(1, envelope({ expectedRevision: 1 }))).revision).toBe(2);
  });

  it('gives exactly one of two commands racing with the same If-Match a conflict', async () => {
    await run(1, envelope());
    const outcomes = await Promise.allSettled([run(1, envelope({ expectedRevision: 0 })), run(1, envelope({ expectedRevision: 0 }))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refused] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(RevisionConflictError);
    expect(refused?.reason).toMatchObject({ currentRevision: 1 });
  });

  it('decides again on the new state when commands without If-Match race', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => run(1, envelope())));
    expect(outcomes.map((o) => o.revision).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('tells the command when it lost a race, before it decides again', async () => {
    let lostRaces = 0;
    let interfered = false;
    // Another command lands between this one's read and its append, once.
    const racedStore: EventStore = Object.assign(Object.create(store) as EventStore, {
      append: async (...args: Parameters<EventStore['append']>) => {
        if (!interfered) {
          interfered = true;
          await run(1, envelope());
        }
        return store.append(...args);
      },
    });
    const outcome = await handleCommand(racedStore, streamId, counter, envelope(), { creates: true, notFound: () => new Missing(), decide: add(1), lostRace: () => (lostRaces += 1), ...(states ? { states } : {}), decidesOnKeptHead: unread });
    expect(outcome.revision).toBe(1);
    expect(lostRaces).toBe(1);
  });

  it('lets the rules see racing commands: a limit holds under concurrency', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => run(2, envelope())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const total = (await store.readStream(streamId)).reduce((sum, e) => sum + (e.data as { by: number }).by, 0);
    expect(total).toBe(10);
  });

  it('answers a retry racing its own first attempt with one write', async () => {
    const env = envelope();
    const [a, b] = await Promise.all([run(2, env), run(2, env)]);
    expect(a.events.map((e) => e.eventId)).toEqual(b.events.map((e) => e.eventId));
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('lets a refusal of the rules through and writes nothing', async () => {
    await expect(run(11, envelope())).rejects.toThrow('over the limit');
    await expect(store.readStream(streamId)).rejects.toThrow();
  });

  it('stores what encode makes of each decided event, and folds what decode makes of each stored one', async () => {
    const folded: number[] = [];
    const seeing: StreamModel<number, Counted> = { ...counter, evolve: (total, event) => (folded.push(event.data.by), total + event.data.by) };
    const coded = (by: number, env: CommandEnvelope) =>
      handleCommand(store, streamId, seeing, env, {
        creates: true,
        notFound: () => new Missing(),
        decide: add(by),
        encode: async (event) => ({ sealed: `#${event.data.by}` }),
        decode: async (event: StoredEvent) => ({ ...event, data: { by: Number(String(event.data.sealed).slice(1)) } }),
      });
    const first = await coded(2, envelope());
    await coded(3, envelope());
    expect(first.events[0]?.data).toEqual({ sealed: '#2' }); // the outcome carries the events as stored
    expect((await store.readStream(streamId)).map((e) => e.data)).toEqual([{ sealed: '#2' }, { sealed: '#3' }]);
    expect(folded).toEqual([2]); // the second command decided on the first event as decoded
    await expect(coded(6, envelope())).rejects.toThrow('over the limit'); // 2 + 3 + 6 > 10: the rules see decoded data
  });
});

/** One instance of the service: its own store object (on the shared file) and its own kept states. */
function instance(file: string, maxStreams = 100) {
  const reads: { streamId: string; options: ReadStreamOptions | undefined }[] = [];
  const decoded: number[] = [];
  const store = new SqliteEventStore({ file });
  const counting: EventStore = Object.create(store, {
    readStream: { value: (streamId: string, options?: ReadStreamOptions) => (reads.push({ streamId, options }), store.readStream(streamId, options)) },
    readStreamIfExists: { value: (streamId: string, options?: ReadStreamOptions) => (reads.push({ streamId, options }), store.readStreamIfExists(streamId, options)) },
  }) as EventStore;
  const states = new FoldedStates<number>(maxStreams);
  const run = (streamId: string, by: number, env: CommandEnvelope = envelope(), more: Partial<HandleOptions<number, Counted>> = {}) =>
    handleCommand(counting, streamId, counter, env, {
      creates: true,
      notFound: () => new Error('missing'),
      decide: add(by),
      decode: async (event: StoredEvent) => (decoded.push(event.revision), event),
      states,
      ...more,
    });
  return { store, states, reads, decoded, run };
}

describe('states kept between commands', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let streamId: string;
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'events.sqlite');
    streamId = `counter-${randomUUID()}`;
    a = instance(file);
    b = instance(file);
  });
  afterEach(async () => {
    await a.store.close();
    await b.store.close();
    dir.remove();
  });

  it('reads and decodes only the events after the kept revision', async () => {
    await a.run(streamId, 1);
    await a.run(streamId, 1);
    a.reads.length = 0;
    a.decoded.length = 0;
    await a.run(streamId, 1);
    expect(a.reads).toEqual([{ streamId, options: { fromRevision: 2 } }]);
    // Only the event this command appended was decoded (to keep the state at its revision); none of the history.
    expect(a.decoded).toEqual([2]);
    expect(a.states.get(streamId)).toMatchObject({ revision: 2, state: 3 });
  });

  it("sees another instance's append made between two commands", async () => {
    await a.run(streamId, 4);
    await b.run(streamId, 5); // a's kept state (4, revision 0) is now behind the log
    a.decoded.length = 0;
    // 4 + 5 + 2 > 10: refused only if a decides on the log's state, not on the one it kept.
    await expect(a.run(streamId, 2)).rejects.toThrow('over the limit: 9 + 2');
    expect(a.decoded).toEqual([1]);
    expect((await a.run(streamId, 1)).revision).toBe(2);
    expect(a.states.get(streamId)).toMatchObject({ revision: 2, state: 10 });
  });

  it('never decides on a kept state of a stale revision: If-Match is checked against the head', async () => {
    await a.run(streamId, 1);
    await b.run(streamId, 1);
    await expect(a.run(streamId, 1, envelope({ expectedRevision: 0 }))).rejects.toMatchObject({ code: 'revision-conflict', expectedRevision: 0, currentRevision: 1 });
    expect((await a.run(streamId, 1, envelope({ expectedRevision: 1 }))).revision).toBe(2);
  });

  it('decides again on the log when another instance appends after the head was read', async () => {
    await a.run(streamId, 4);
    let raced = false;
    // b appends while a encodes, after a read the head: a's append loses, a folds b's event in and decides again.
    const encode = async (event: Counted) => {
      if (!raced) {
        raced = true;
        await b.run(streamId, 5);
      }
      return { by: event.data.by };
    };
    await expect(a.run(streamId, 5, envelope(), { encode })).rejects.toThrow('over the limit: 9 + 5');
    expect((await a.store.readStream(streamId)).map((event) => event.data.by)).toEqual([4, 5]);
    expect(a.states.get(streamId)).toMatchObject({ revision: 1, state: 9 });
  });

  it('hands decide the whole decoded history from the kept events, reading only the new ones', async () => {
    const seen: { revision: number | null; events: number[] }[] = [];
    const decide = (total: number, history: FoldedHistory) => (seen.push({ revision: history.revision, events: history.events.map((event) => event.revision) }), add(1)(total));
    await a.run(streamId, 1, envelope(), { keepsEvents: true, decide });
    await a.run(streamId, 1, envelope(), { keepsEvents: true, decide });
    await b.run(streamId, 1); // the log moves on behind a's kept state
    a.reads.length = 0;
    a.decoded.length = 0;
    await a.run(streamId, 1, envelope(), { keepsEvents: true, decide });
    expect(seen).toEqual([
      { revision: null, events: [] },
      { revision: 0, events: [0] },
      { revision: 2, events: [0, 1, 2] },
    ]);
    expect(a.reads).toEqual([{ streamId, options: { fromRevision: 2 } }]);
    // b's event (to decide) and a's own appended one (to keep the state): none of the history again.
    expect(a.decoded).toEqual([2, 3]);
    expect(a.states.get(streamId)?.events?.map((event) => event.revision)).toEqual([0, 1, 2, 3]);
  });

  it('folds the whole stream again when the kept state was kept without the events a decision needs', async () => {
    await a.run(streamId, 1);
    await a.run(streamId, 1);
    a.reads.length = 0;
    let history: readonly StoredEvent[] = [];
    await a.run(streamId, 1, envelope(), { keepsEvents: true, decide: (total, folded) => ((history = folded.events), add(1)(total)) });
    expect(a.reads).toEqual([{ streamId, options: undefined }]);
    expect(history.map((event) => event.revision)).toEqual([0, 1]);
  });

  it('answers a retry of a command among the kept events from the stream', async () => {
    const env = envelope();
    const first = await a.run(streamId, 2, env);
    await a.run(streamId, 3);
    const retry = await a.run(streamId, 2, env);
    expect(retry).toEqual({ ...first, replayed: true });
    await expect(a.run(streamId, 2, { ...env, requestHash: 'hash-b' })).rejects.toMatchObject({ code: 'idempotency-key-reused' });
    expect(await a.store.readStream(streamId)).toHaveLength(2);
  });

  it("answers a retry whose first attempt another instance wrote, from the events after the kept revision", async () => {
    const env = envelope();
    await a.run(streamId, 1);
    const first = await b.run(streamId, 2, env);
    expect(await a.run(streamId, 2, env)).toEqual({ ...first, replayed: true });
    expect(await a.store.readStream(streamId)).toHaveLength(2);
  });

  it('keeps no state folded over an event that forbids it, and folds the whole stream after it', async () => {
    const forbidding = { keepsStateAfter: (event: StoredEvent) => event.data.by !== 3 };
    await a.run(streamId, 1, envelope(), forbidding);
    expect(a.states.get(streamId)).toMatchObject({ revision: 0 });
    await a.run(streamId, 3, envelope(), forbidding);
    expect(a.states.get(streamId)).toBeUndefined();
    a.reads.length = 0;
    a.decoded.length = 0;
    await a.run(streamId, 1, envelope(), forbidding);
    expect(a.reads).toEqual([{ streamId, options: undefined }]);
    expect(a.decoded).toEqual([0, 1]); // the whole history, and nothing more: no state is kept
    expect(a.states.get(streamId)).toBeUndefined();
  });

  it("folds the whole stream again when another instance's new event forbids keeping", async () => {
    const forbidding = { keepsStateAfter: (event: StoredEvent) => event.data.by !== 3 };
    await a.run(streamId, 1, envelope(), forbidding);
    await a.run(streamId, 1, envelope(), forbidding);
    await b.run(streamId, 3, envelope(), forbidding);
    a.reads.length = 0;
    a.decoded.length = 0;
    await a.run(streamId, 1, envelope(), forbidding);
    // The kept events are decoded again (an erasure changes what they decode to), not only the new one.
    expect(a.reads).toEqual([{ streamId, options: { fromRevision: 2 } }, { streamId, options: undefined }]);
    expect(a.decoded).toEqual([0, 1, 2]);
    expect(a.states.get(streamId)).toBeUndefined();
  });

  /** Eight commands of 2 against a limit of 10, alternately on a and b (a with `onA`): the outcomes of folding the whole stream. */
  async function race(onA: Partial<HandleOptions<number, Counted>> = {}): Promise<void> {
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? a.run(streamId, 2, envelope(), onA) : b.run(streamId, 2))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    expect((await a.store.readStream(streamId)).reduce((sum, event) => sum + (event.data as { by: number }).by, 0)).toBe(10);
    // What each instance kept is the log's fold up to its revision (b may have written after it: a reads that next time).
    for (const { states } of [a, b]) {
      const kept = states.get(streamId);
      const upTo = (await a.store.readStream(streamId)).filter((event) => event.revision <= (kept?.revision ?? -1));
      expect(kept?.state ?? 0).toBe(upTo.reduce((sum, event) => sum + (event.data as { by: number }).by, 0));
    }
  }

  it('gives the same outcomes as folding the whole stream when commands race', async () => {
    await race();
  });

  describe('deciding on the kept state before reading the stream (decidesOnKeptHead)', () => {
    // Two instances on one file, set up by the enclosing describe.
    const unread = { decidesOnKeptHead: true } as const;

    it('reads nothing to create a stream, nor for a command on a kept one that nobody else moved', async () => {
      await a.run(streamId, 1, envelope(), unread);
      await a.run(streamId, 2, envelope(), unread);
      expect((await a.run(streamId, 3, envelope({ expectedRevision: 1 }), unread)).revision).toBe(2);
      expect(a.reads).toEqual([]);
      expect(a.decoded).toEqual([0, 1, 2]); // each appended event once, to keep the state at its revision: nothing read back
      expect(a.states.get(streamId)).toMatchObject({ revision: 2, state: 6 });
      expect((await a.store.readStream(streamId)).map((event) => event.data.by)).toEqual([1, 2, 3]);
    });

    it("decides again on the log when another instance appended: the append's revision check catches the kept state behind", async () => {
      await a.run(streamId, 4, envelope(), unread);
      await b.run(streamId, 1); // a's kept state (4, revision 0) is now behind the log
      const lostRace = jest.fn();
      expect((await a.run(streamId, 2, envelope(), { ...unread, lostRace })).revision).toBe(2);
      expect(lostRace).toHaveBeenCalledTimes(1); // what the attempt remembered is forgotten before deciding again
      expect(a.reads).toEqual([{ streamId, options: undefined }]); // the kept state is dropped and the stream folded whole
      expect(a.states.get(streamId)).toMatchObject({ revision: 2, state: 7 });
      expect((await a.store.readStream(streamId)).map((event) => event.data.by)).toEqual([4, 1, 2]);
    });

    it('refuses only on the stream as read: a refusal on the kept state is checked against the log', async () => {
      await a.run(streamId, 4, envelope(), unread);
      await a.run(streamId, 4, envelope(), unread);
      // 8 + 3 > 10 on the kept state: the stream is read (from the revision after the kept one) and the refusal given on it.
      await expect(a.run(streamId, 3, envelope(), unread)).rejects.toThrow('over the limit: 8 + 3');
      expect(a.reads).toEqual([{ streamId, options: { fromRevision: 2 } }]);
      expect(await a.store.readStream(streamId)).toHaveLength(2);
    });

    it('decides nothing on the kept state alone: an empty decision is checked against the log', async () => {
      await a.run(streamId, 4, envelope(), unread);
      await b.run(streamId, 5);
      const seen: number[] = [];
      const decide = (total: number) => (seen.push(total), total > 4 ? [] : add(1)(total));
      // On the kept state (4) it would append; the log (9) says nothing to do... and the other way round:
      expect((await a.run(streamId, 0, envelope(), { ...unread, decide })).revision).toBe(1);
      expect(seen).toEqual([4, 9]);
      expect(await a.store.readStream(streamId)).toHaveLength(2);
    });

    it('checks an If-Match other than the kept revision against the log, not the kept state', async () => {
      await a.run(streamId, 1, envelope(), unread);
      await b.run(streamId, 1);
      expect((await a.run(streamId, 1, envelope({ expectedRevision: 1 }), unread)).revision).toBe(2);
      await b.run(streamId, 1);
      await expect(a.run(streamId, 1, envelope({ expectedRevision: 2 }), unread)).rejects.toMatchObject({ code: 'revision-conflict', expectedRevision: 2, currentRevision: 3 });
      expect(await a.store.readStream(streamId)).toHaveLength(4);
    });

    it('answers the retry of a creation, and of a command another instance wrote, from the stream', async () => {
      const created = envelope();
      const first = await b.run(streamId, 2, created);
      expect(await a.run(streamId, 2, created, unread)).toEqual({ ...first, replayed: true });
      await expect(a.run(streamId, 2, { ...created, requestHash: 'hash-b' }, unread)).rejects.toMatchObject({ code: 'idempotency-key-reused' });
      await a.run(streamId, 1, envelope(), unread);
      const env = envelope();
      const second = await b.run(streamId, 3, env);
      expect(await a.run(streamId, 3, env, unread)).toEqual({ ...second, replayed: true });
      expect(await a.store.readStream(streamId)).toHaveLength(3);
    });

    it('reads and decides again when encoding refuses on the unread state (a retry of a creation whose key is gone)', async () => {
      const created = envelope();
      const first = await b.run(streamId, 2, created);
      const lostRace = jest.fn();
      // The first attempt's events are in the log: only deciding on the empty stream asks to encode again, and that is refused.
      const encode = async (): Promise<never> => {
        throw new Error('the key is erased');
      };
      expect(await a.run(streamId, 2, created, { ...unread, encode, lostRace })).toEqual({ ...first, replayed: true });
      expect(lostRace).toHaveBeenCalledTimes(1);
      expect(a.reads).toEqual([{ streamId, options: undefined }]);
      // On the stream as read, the refusal stands.
      await expect(a.run(streamId, 1, envelope(), { ...unread, encode })).rejects.toThrow('the key is erased');
    });

    it('folds the whole stream again after an event that forbids keeping, whoever wrote it', async () => {
      const forbidding = { ...unread, keepsStateAfter: (event: StoredEvent) => event.data.by !== 3 };
      await a.run(streamId, 1, envelope(), forbidding);
      await b.run(streamId, 3, envelope(), forbidding);
      a.decoded.length = 0;
      await a.run(streamId, 1, envelope(), forbidding);
      expect(a.reads).toEqual([{ streamId, options: undefined }]);
      expect(a.decoded).toEqual([0, 1]);
      expect(a.states.get(streamId)).toBeUndefined();
    });

    it('gives the same outcomes as folding the whole stream when commands race', async () => {
      await race(unread);
    });
  });
});

describe('FoldedStates', () => {
  const folded = (revision: number) => ({ revision, position: BigInt(revision + 1), state: revision, commandIds: new Set<string>() });

  it('holds at most maxStreams states, dropping the least recently used', () => {
    const states = new FoldedStates<number>(2);
    states.set('s-1', folded(0));
    states.set('s-2', folded(0));
    states.get('s-1');
    states.set('s-3', folded(0));
    expect(states.size).toBe(2);
    expect(states.get('s-2')).toBeUndefined();
    expect(states.get('s-1')).toBeDefined();
    expect(states.get('s-3')).toBeDefined();
    for (let index = 0; index < 1000; index += 1) states.set(`t-${index}`, folded(index));
    expect(states.size).toBe(2);
  });

  it('keeps nothing with a size of 0', () => {
    const states = new FoldedStates<number>(0);
    states.set('s-1', folded(0));
    expect(states.size).toBe(0);
  });

  it('does not replace a state by one of an earlier revision', () => {
    const states = new FoldedStates<number>(2);
    states.set('s-1', folded(3));
    states.set('s-1', folded(1));
    expect(states.get('s-1')?.revision).toBe(3);
    states.set('s-1', folded(4));
    expect(states.get('s-1')?.revision).toBe(4);
  });

  it('refuses a size that is not a whole number of at least 0', () => {
    expect(() => new FoldedStates(-1)).toThrow(RangeError);
    expect(() => new FoldedStates(1.5)).toThrow(RangeError);
  });
});

describe('reading stored events', () => {
  const stored = (type: string, schemaVersion: number) =>
    ({ eventId: randomUUID(), streamId: 'counter-1', revision: 0, position: 1n, type, schemaVersion, data: { by: 1 }, metadata: {} }) as never;

  it('reads an event of the current version as it is', () => {
    expect(readEvent(counter, stored('Counted', 1))).toEqual({ type: 'Counted', data: { by: 1 } });
  });

  it('refuses an unknown type and a newer version instead of misreading them', () => {
    expect(() => readEvent(counter, stored('Vanished', 1))).toThrow(UnreadableEventError);
    expect(() => readEvent(counter, stored('Counted', 2))).toThrow(/newer version/);
  });

  it('upcasts an older version, and refuses one when there is no upcaster', () => {
    const v2: StreamModel<number, Counted> = { ...counter, schemaVersions: { Counted: 2 }, upcast: (event) => ({ type: 'Counted', data: { by: (event.data as { by: number }).by * 10 } }) };
    expect(readEvent(v2, stored('Counted', 1))).toEqual({ type: 'Counted', data: { by: 10 } });
    expect(() => readEvent({ ...counter, schemaVersions: { Counted: 2 } }, stored('Counted', 1))).toThrow(/no upcaster/);
  });
});
