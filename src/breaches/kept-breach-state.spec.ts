import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tempDir } from '../../test/support/temp-dir.js';
import type { CommandEnvelope } from '../command-handling/command-envelope.js';
import { readEvent, type FoldedHistory } from '../command-handling/handle-command.js';
import type { AppConfig } from '../config/config.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { PersonalDataCodec } from '../personal-data/personal-data-codec.js';
import { SqlitePersonalDataKeys } from '../personal-data/sqlite/sqlite-personal-data-keys.js';
import { ERASED } from '../shared/personal-fields.js';
import { breachModel, BreachCommands } from './breach-commands.js';
import { breachPersonalData } from './breach-personal-data.js';
import { breachStreamId, type BreachEvent, type BreachEventType } from './breach.events.js';
import type { BreachState } from './breach.state.js';
import { BREACH_EVENT_SAMPLES } from '../../test/support/breaches/breach-event-samples.js';

/**
 * After an append, the command side keeps the breach's state folded from the plaintext it
 * decided (PersonalDataCodec.decodeEncoded), not from decrypting what it has just encrypted.
 * What the next command decides on must be exactly what a whole read of the stream, decoded,
 * gives: the state and every decoded event, for every breach event type, before and after an
 * erasure.
 */
const NOW = '2026-03-05T12:00:00.000Z';
const config = { commands: { stateCacheStreams: 100, maxClockSkewMs: 60_000 }, organisation: { diensten: ['SZW', 'OCW'] } } as unknown as AppConfig;

const envelope = (): CommandEnvelope => ({ actor: { id: 'po-1', role: 'privacy-officer' }, idempotencyKey: randomUUID(), requestHash: `hash-${randomUUID()}`, correlationId: 'corr-1' });

/** Every type with personal data, the detection first; the erasure and what may follow it come last. */
const BEFORE_ERASURE = (Object.keys(BREACH_EVENT_SAMPLES) as BreachEventType[]).filter((type) => type !== 'BreachDetected' && type !== 'PersonalDataErased');
const event = <T extends BreachEventType>(type: T, breachId: string): BreachEvent =>
  ({ type, data: type === 'BreachDetected' ? { ...BREACH_EVENT_SAMPLES.BreachDetected, breachId } : BREACH_EVENT_SAMPLES[type] }) as unknown as BreachEvent;

describe('the breach state kept after an append', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  let codec: PersonalDataCodec;
  let commands: BreachCommands;
  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const subjectOf = (streamId: string) => (streamId.startsWith('breach-') ? breachPersonalData.subjectOf(streamId) : undefined);
    keys = new SqlitePersonalDataKeys({ file: join(dir.path, 'keys.sqlite'), rounds: store, subjectOfStream: subjectOf });
    codec = new PersonalDataCodec(keys, [breachPersonalData]);
    commands = new BreachCommands(store, { now: () => new Date(NOW) }, config, codec);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await keys.close();
    await store.close();
    dir.remove();
  });

  /** What a command would decide on now: the state and history handed to decide (a decision that appends nothing). */
  async function decidedOn(breachId: string): Promise<{ state: BreachState; history: FoldedHistory }> {
    let seen: { state: BreachState; history: FoldedHistory } | undefined;
    await commands.handle(breachId, envelope(), (state, _context, history) => ((seen = { state, history }), []));
    return seen as { state: BreachState; history: FoldedHistory };
  }

  /** The state and events from a whole read of the stream, each event decoded. */
  async function wholeRead(breachId: string): Promise<{ state: BreachState; events: readonly StoredEvent[] }> {
    const events = await Promise.all((await store.readStream(breachStreamId(breachId))).map((stored) => codec.decode(stored)));
    return { state: events.reduce((state, stored) => breachModel.evolve(state, readEvent(breachModel, stored)), breachModel.initialState()), events };
  }

  async function expectSameAsWholeRead(breachId: string, kept?: { state: BreachState; history: FoldedHistory }): Promise<void> {
    kept ??= await decidedOn(breachId);
    const whole = await wholeRead(breachId);
    expect(kept.state).toEqual(whole.state);
    expect(kept.history.events).toEqual(whole.events);
    expect(kept.history.revision).toBe(whole.events.at(-1)?.revision);
  }

  it('is what a whole read gives, after every event type, without decrypting what was just encrypted', async () => {
    const breachId = randomUUID();
    // Each command works with its own copy of the codec (forOneCommand): its methods are watched where they are defined.
    const decode = jest.spyOn(PersonalDataCodec.prototype, 'decode');
    const decodeEncoded = jest.spyOn(PersonalDataCodec.prototype, 'decodeEncoded');
    for (const type of ['BreachDetected', ...BEFORE_ERASURE] as BreachEventType[]) {
      const decodedBefore = decode.mock.calls.length;
      await commands.handle(breachId, envelope(), () => [event(type, breachId)], type === 'BreachDetected');
      const kept = await decidedOn(breachId);
      // Nothing was decrypted: not the appended event to keep the state, not for the next decision (its tail is empty).
      expect(decode.mock.calls.length).toBe(decodedBefore);
      await expectSameAsWholeRead(breachId, kept);
    }
    expect(decodeEncoded).toHaveBeenCalledTimes(1 + BEFORE_ERASURE.length);
    // Every personal text came back as it was decided, not as ciphertext.
    const { events } = await wholeRead(breachId);
    expect(JSON.stringify(events.map((stored) => stored.data))).toContain('Mrs. Jansen');
    expect(JSON.stringify(events.map((stored) => stored.data))).not.toContain('"$enc"');
  });

  it('is what a whole read gives after the erasure: "[erased]" for every text, never the plaintext kept from before', async () => {
    const breachId = randomUUID();
    for (const type of ['BreachDetected', ...BEFORE_ERASURE] as BreachEventType[]) await commands.handle(breachId, envelope(), () => [event(type, breachId)], type === 'BreachDetected');
    await commands.handle(breachId, envelope(), () => [event('PersonalDataErased', breachId)]);
    await keys.erase(breachId);
    await expectSameAsWholeRead(breachId);
    // Commands that record nothing personal still go on after the erasure.
    await commands.handle(breachId, envelope(), () => [{ type: 'DataSubjectsNotified', data: { notifiedAt: NOW, count: 3, channel: 'letter' } }]);
    await commands.handle(breachId, envelope(), () => [{ type: 'BreachLinkedToRecommendation', data: BREACH_EVENT_SAMPLES.BreachLinkedToRecommendation }]);
    await expectSameAsWholeRead(breachId);
    const { state, events } = await wholeRead(breachId);
    expect(JSON.stringify(events.map((stored) => stored.data))).not.toContain('Mrs. Jansen');
    expect(JSON.stringify(events.map((stored) => stored.data))).toContain(ERASED);
    expect(state).toEqual((await decidedOn(breachId)).state);
  });

  it('keys each later command’s fingerprint under the key kept at its head without asking the key store, and never past an erasure, not even one another process made', async () => {
    const breachId = randomUUID();
    const streamId = breachStreamId(breachId);
    const notified = () => [{ type: 'DataSubjectsNotified', data: { notifiedAt: NOW, count: 3, channel: 'letter' } }] as unknown as BreachEvent[];
    const fingerprintOf = async (revision: number) => (await store.readStream(streamId)).find((stored) => stored.revision === revision)?.metadata.extensions?.requestHash;
    await commands.handle(breachId, envelope(), () => [event('BreachDetected', breachId)], true);
    const asked = jest.spyOn(SqlitePersonalDataKeys.prototype, 'get');
    const sent = envelope();
    await commands.handle(breachId, sent, notified);
    expect(asked).not.toHaveBeenCalled();
    expect(await fingerprintOf(1)).toBe(await codec.requestFingerprint(streamId, sent.requestHash).toStore());
    expect(await fingerprintOf(1)).toMatch(/^subject-hmac:/);
    // Another process (its own commands, the same log and key file) erases the breach.
    const other = new BreachCommands(store, { now: () => new Date(NOW) }, config, new PersonalDataCodec(keys, [breachPersonalData]));
    await other.handle(breachId, envelope(), () => [event('PersonalDataErased', breachId)]);
    await keys.erase(breachId);
    // This process decides on its kept head first: the append loses its race, and the retry asks the key store.
    const after = envelope();
    await commands.handle(breachId, after, notified);
    expect(await fingerprintOf(3)).toBe(after.requestHash);
    const next = envelope();
    await commands.handle(breachId, next, notified);
    expect(await fingerprintOf(4)).toBe(next.requestHash);
  });
});
