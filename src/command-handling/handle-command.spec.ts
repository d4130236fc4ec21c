import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { tempDir } from '../../test/support/temp-dir.js';
import type { CommandEnvelope } from './command-envelope.js';
import { IdempotencyKeyReusedError, RevisionConflictError } from './command-errors.js';
import { UnreadableEventError, handleCommand, readEvent, type Decider } from './handle-command.js';

/** A counter stream: the smallest model that shows what handleCommand guarantees. */
type Counted = { readonly type: 'Counted'; readonly data: { readonly by: number } };
const counter: Decider<number, Counted> = { initialState: () => 0, evolve: (total, event) => total + event.data.by, schemaVersions: { Counted: 1 } };
const add = (by: number) => (total: number): Counted[] => {
  if (total + by > 10) throw new Error('over the limit');
  return [{ type: 'Counted', data: { by } }];
};

class Missing extends Error {}

describe('handleCommand', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let streamId: string;
  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    streamId = `counter-${randomUUID()}`;
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const envelope = (overrides: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
    actor: { id: 'po-1', role: 'privacy-officer' },
    idempotencyKey: randomUUID(),
    requestHash: 'hash-a',
    correlationId: 'corr-1',
    ...overrides,
  });
  const run = (by: number, env: CommandEnvelope, creates = true) =>
    handleCommand(store, streamId, counter, env, { creates, notFound: () => new Missing(), decide: add(by) });

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
    const seeing: Decider<number, Counted> = { ...counter, evolve: (total, event) => (folded.push(event.data.by), total + event.data.by) };
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
    const v2: Decider<number, Counted> = { ...counter, schemaVersions: { Counted: 2 }, upcast: (event) => ({ type: 'Counted', data: { by: (event.data as { by: number }).by * 10 } }) };
    expect(readEvent(v2, stored('Counted', 1))).toEqual({ type: 'Counted', data: { by: 10 } });
    expect(() => readEvent({ ...counter, schemaVersions: { Counted: 2 } }, stored('Counted', 1))).toThrow(/no upcaster/);
  });
});
