import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { breachStream } from '../../test/support/projections/testing.js';
import { breachPersonalData } from '../breaches/breach-personal-data.js';
import { detected, BREACH_ID } from '../../test/support/breaches/breach-given.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { JsonObject } from '../shared/json.js';
import { ERASED } from '../shared/personal-fields.js';
import { PersonalFieldUnreadableError } from './field-encryption.js';
import { PersonalDataCodec, PersonalDataKeyMissingError } from './personal-data-codec.js';
import { RecentlyEncrypted } from './recently-encrypted.js';
import { FingerprintKeys } from './subject-fingerprint.js';
import { PersonalDataErasedError, type PersonalDataKeys } from './personal-data-keys.port.js';

/** The port's contract in memory: enough for the codec; the SQLite adapter has its own tests. */
class MemoryKeys implements PersonalDataKeys {
  readonly keys = new Map<string, Buffer>();
  readonly erasures = new Map<string, string>();
  async getOrCreate(subjectId: string): Promise<Buffer> {
    const erasedAt = this.erasures.get(subjectId);
    if (erasedAt) throw new PersonalDataErasedError(subjectId, erasedAt);
    if (!this.keys.has(subjectId)) this.keys.set(subjectId, randomBytes(32));
    return this.keys.get(subjectId) as Buffer;
  }
  async get(subjectId: string): Promise<Buffer | undefined> {
    return this.keys.get(subjectId);
  }
  async erase(subjectId: string): Promise<void> {
    this.keys.delete(subjectId);
    if (!this.erasures.has(subjectId)) this.erasures.set(subjectId, '2026-04-01T00:00:00.000Z');
  }
  async erasedAt(subjectId: string): Promise<string | undefined> {
    return this.erasures.get(subjectId);
  }
  async subjectCount(): Promise<number> {
    return this.keys.size + this.erasures.size;
  }
  async coverage(): Promise<undefined> {
    return undefined;
  }
  async recordCoverage(): Promise<void> {}
  async check(): Promise<void> {}
  async close(): Promise<void> {}
}

const STREAM = `breach-${BREACH_ID}`;
const TITLE = 'Letter sent to the wrong address';

/** The detection as the codec would store it, as a stored event at revision 0. */
async function storedDetection(codec: PersonalDataCodec, overrides: { data?: (data: JsonObject) => JsonObject; type?: string } = {}): Promise<StoredEvent> {
  const data = await codec.encode(STREAM, 'BreachDetected', detected().data as unknown as JsonObject);
  const [event] = breachStream(BREACH_ID, [detected()]);
  return { ...(event as StoredEvent), type: overrides.type ?? 'BreachDetected', data: overrides.data ? overrides.data(data) : data };
}

const setup = () => {
  const keys = new MemoryKeys();
  return { keys, codec: new PersonalDataCodec(keys, [breachPersonalData]) };
};

describe('the personal-data codec', () => {
  it('stores each personal field as AES-256-GCM ciphertext under the breach key, and reads it back', async () => {
    const { codec } = setup();
    const stored = await storedDetection(codec);
    expect(stored.data.title).toEqual({ $enc: 'A256GCM', kid: BREACH_ID, iv: expect.any(String), tag: expect.any(String), ct: expect.any(String) });
    expect(JSON.stringify(stored.data)).not.toContain('wrong address');
    expect(JSON.stringify(stored.data)).not.toContain('neighbour');
    // What is not personal stays in the clear: the clock and the figures need it.
    expect(stored.data).toMatchObject({ breachId: BREACH_ID, dienst: 'SZW', awareAt: '2026-03-02T09:00:00.000Z', dataCategories: ['name', 'address', 'income'] });
    expect((await codec.decode(stored)).data).toEqual(detected().data);
  });

  it('uses a fresh IV every time, so equal texts do not show as equal', async () => {
    const { codec } = setup();
    const a = await codec.encode(STREAM, 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: TITLE });
    const b = await codec.encode(STREAM, 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: TITLE });
    expect((a.summary as JsonObject).iv).not.toEqual((b.summary as JsonObject).iv);
    expect((a.summary as JsonObject).ct).not.toEqual((b.summary as JsonObject).ct);
  });

  it('refuses a tampered ciphertext, loudly, rather than read it or call it erased', async () => {
    const { codec } = setup();
    const tampered = await storedDetection(codec, {
      data: (data) => {
        const title = data.title as JsonObject;
        const ct = Buffer.from(title.ct as string, 'base64');
        ct[0] = (ct[0] as number) ^ 1;
        return { ...data, title: { ...title, ct: ct.toString('base64') } };
      },
    });
    await expect(codec.decode(tampered)).rejects.toThrow(PersonalFieldUnreadableError);
  });

  it('refuses a ciphertext moved to another field (the field path is authenticated)', async () => {
    const { codec } = setup();
    const moved = await storedDetection(codec, { data: (data) => ({ ...data, title: data.description as JsonObject }) });
    await expect(codec.decode(moved)).rejects.toThrow(/BreachDetected\.title fails authentication/);
  });

  it('refuses a ciphertext moved to another event type (the type is authenticated)', async () => {
    const { codec } = setup();
    const summary = await codec.encode(STREAM, 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: TITLE });
    const [rootCause] = breachStream(BREACH_ID, [{ type: 'RootCauseRecorded', data: { category: 'other', description: 'x' } }]);
    const moved = { ...(rootCause as StoredEvent), data: { category: 'other', description: summary.summary as JsonObject } };
    await expect(codec.decode(moved)).rejects.toThrow(PersonalFieldUnreadableError);
  });

  it('refuses a field encrypted under another breach key', async () => {
    const { codec } = setup();
    const other = await codec.encode('breach-1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22', 'BreachDetected', detected().data as unknown as JsonObject);
    const foreign = await storedDetection(codec, { data: (data) => ({ ...data, title: other.title as JsonObject }) });
    await expect(codec.decode(foreign)).rejects.toThrow(/names the key of 1c7b5e1f/);
  });

  it('refuses a malformed encrypted field', async () => {
    const { codec } = setup();
    const malformed = await storedDetection(codec, { data: (data) => ({ ...data, title: { ...(data.title as JsonObject), iv: 'AAAA' } }) });
    await expect(codec.decode(malformed)).rejects.toThrow(/not a well-formed A256GCM field/);
  });

  it('reads every personal field of an erased breach as "[erased]", and the rest as stored', async () => {
    const { codec, keys } = setup();
    const stored = await storedDetection(codec);
    await keys.erase(BREACH_ID);
    const { data } = await codec.decode(stored);
    expect(data).toEqual({ ...detected().data, title: ERASED, description: ERASED, discovery: { how: ERASED, processor: null } });
  });

  it('refuses a missing key that was never erased: a lost or wrong key file must not pass for an erasure', async () => {
    const { codec, keys } = setup();
    const stored = await storedDetection(codec);
    keys.keys.clear();
    await expect(codec.decode(stored)).rejects.toThrow(PersonalDataKeyMissingError);
  });

  it('encrypts nothing for an erased breach: no key is ever made again', async () => {
    const { codec, keys } = setup();
    await keys.erase(BREACH_ID);
    await expect(codec.encode(STREAM, 'DpoInformed', { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' })).rejects.toMatchObject({ code: 'personal-data-erased' });
    expect(keys.keys.size).toBe(0);
  });

  it('leaves events without personal data, null fields and other streams alone, and makes no key for them', async () => {
    const { codec, keys } = setup();
    const notified = { notifiedAt: '2026-03-05T11:00:00.000Z', count: 3, channel: 'letter' };
    expect(await codec.encode(STREAM, 'DataSubjectsNotified', notified)).toBe(notified);
    const assessed = { assessedAt: '2026-03-02T12:00:00.000Z', risk: 'high', severity: 'aanzienlijk', reportable: true, notifyDataSubjects: true, rationale: null };
    expect(await codec.encode(STREAM, 'BreachAssessed', assessed)).toBe(assessed);
    expect(await codec.encode('dpia-1', 'BreachDetected', { title: TITLE })).toEqual({ title: TITLE });
    expect(keys.keys.size).toBe(0);
  });

  it('passes plaintext through: events recorded before encryption (or imported) stay readable', async () => {
    const { codec } = setup();
    const [plain] = breachStream(BREACH_ID, [detected()]);
    expect(await codec.decode(plain as StoredEvent)).toBe(plain);
  });

  it('encrypts the from and to of corrected texts only, so corrected times and codes stay readable', async () => {
    const { codec } = setup();
    const data = await codec.encode(STREAM, 'BreachDetailsCorrected', {
      corrections: [
        { field: 'title', from: TITLE, to: 'Letter to a neighbour' },
        { field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' },
      ],
      reason: 'The service desk logged the call of Mrs. Jansen a day late.',
      lateReason: null,
    });
    const [title, awareAt] = data.corrections as JsonObject[];
    expect(title).toMatchObject({ field: 'title', from: { $enc: 'A256GCM' }, to: { $enc: 'A256GCM' } });
    expect(awareAt).toEqual({ field: 'awareAt', from: '2026-03-02T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' });
    expect(data).toMatchObject({ reason: { $enc: 'A256GCM' }, lateReason: null });
  });

  it('keys request fingerprints per breach, compares those stored before (bare) as they are, and makes none confirmable after erasure', async () => {
    const { codec, keys } = setup();
    const fingerprint = codec.requestFingerprint(STREAM, 'a'.repeat(64));
    const stored = await fingerprint.toStore();
    expect(stored).toMatch(/^subject-hmac:[0-9a-f]{64}$/);
    expect(await fingerprint.matches(stored)).toBe(true);
    expect(await codec.requestFingerprint(STREAM, 'b'.repeat(64)).matches(stored)).toBe(false);
    expect(await fingerprint.matches('a'.repeat(64))).toBe(true); // written before fingerprints were keyed per breach
    await keys.erase(BREACH_ID);
    // Nothing can compare a keyed fingerprint now; a retry is answered from its first attempt.
    expect(await codec.requestFingerprint(STREAM, 'b'.repeat(64)).matches(stored)).toBe(true);
    expect(await fingerprint.toStore()).toBe('a'.repeat(64));
    expect(keys.keys.size).toBe(0);
  });

  it('derives a breach’s fingerprint key once for the copies of every command, never past a replaced key, and forgets it at the erasure', async () => {
    const keys = new MemoryKeys();
    const fingerprintKeys = new FingerprintKeys();
    const codec = new PersonalDataCodec(keys, [breachPersonalData], new RecentlyEncrypted(), fingerprintKeys);
    const stored = await codec.forOneCommand().requestFingerprint(STREAM, 'a'.repeat(64)).toStore();
    expect(fingerprintKeys.size).toBe(1);
    expect(await codec.forOneCommand().requestFingerprint(STREAM, 'a'.repeat(64)).matches(stored)).toBe(true);
    expect(stored).toBe(await new PersonalDataCodec(keys, [breachPersonalData], new RecentlyEncrypted(), new FingerprintKeys(0)).requestFingerprint(STREAM, 'a'.repeat(64)).toStore());
    keys.keys.set(BREACH_ID, randomBytes(32));
    expect(await codec.forOneCommand().requestFingerprint(STREAM, 'a'.repeat(64)).matches(stored)).toBe(false);
    codec.forgetEncrypted(BREACH_ID);
    expect(fingerprintKeys.size).toBe(0);
  });

  it('refuses a keyed fingerprint whose key is missing without an erasure', async () => {
    const { codec, keys } = setup();
    const stored = await codec.requestFingerprint(STREAM, 'a'.repeat(64)).toStore();
    keys.keys.clear();
    await expect(codec.requestFingerprint(STREAM, 'a'.repeat(64)).matches(stored)).rejects.toThrow(/neither has nor records as erased/);
  });
});

describe('the codec for one command (forOneCommand)', () => {
  /** The calls the key store answered, by method. */
  const counted = (keys: MemoryKeys) => {
    const calls: string[] = [];
    for (const method of ['get', 'getOrCreate', 'erasedAt'] as const) {
      const original = keys[method].bind(keys);
      keys[method] = ((subjectId: string) => (calls.push(method), original(subjectId))) as never;
    }
    return calls;
  };

  it('asks the key store once per answer for reading, encrypting and fingerprinting, with the same results as the codec itself', async () => {
    const { keys, codec } = setup();
    const existing = await storedDetection(codec);
    const calls = counted(keys);
    const command = codec.forOneCommand();
    const decoded = await command.decode(existing);
    const encoded = await command.encode(STREAM, 'DpoInformed', { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' });
    const fingerprint = command.requestFingerprint(STREAM, 'a'.repeat(64));
    const stored = await fingerprint.toStore();
    expect(await fingerprint.matches(stored)).toBe(true);
    expect(calls).toEqual(['get', 'getOrCreate']);
    expect(decoded).toEqual(await codec.decode(existing));
    expect(stored).toBe(await codec.requestFingerprint(STREAM, 'a'.repeat(64)).toStore());
    expect((await codec.decode({ ...existing, type: 'DpoInformed', data: encoded })).data).toEqual({ informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' });
  });

  it('stores the fingerprint under a key kept at the revision it decides on without asking the key store, and asks for any other revision or after a lost race', async () => {
    const { keys, codec } = setup();
    await storedDetection(codec);
    const key = (await keys.get(BREACH_ID)) as Buffer;
    const lookedUp = await codec.requestFingerprint(STREAM, 'a'.repeat(64)).toStore();
    const calls = counted(keys);
    const command = codec.forOneCommand({ streamId: STREAM, revision: 3, key });
    expect(await command.requestFingerprint(STREAM, 'a'.repeat(64)).toStore(3)).toBe(lookedUp);
    expect(calls).toEqual([]);
    expect(await command.keyOfCommand(STREAM)).toBe(key);
    // Another revision decided on: the stream moved on since the key was kept (an erasure may have come between).
    expect(await codec.forOneCommand({ streamId: STREAM, revision: 3, key }).requestFingerprint(STREAM, 'a'.repeat(64)).toStore(4)).toBe(lookedUp);
    expect(calls).toEqual(['get']);
    // The erasure came between and the append lost its race: the retry asks, and stores the installation-keyed fingerprint.
    await keys.erase(BREACH_ID);
    const lost = codec.forOneCommand({ streamId: STREAM, revision: 3, key });
    lost.forgetRemembered();
    expect(await lost.requestFingerprint(STREAM, 'a'.repeat(64)).toStore(3)).toBe('a'.repeat(64));
    expect(await lost.keyOfCommand(STREAM)).toBeUndefined();
    // Never for decoding or encoding: those ask the key store.
    const erased = codec.forOneCommand({ streamId: STREAM, revision: 3, key });
    await expect(erased.encode(STREAM, 'DpoInformed', { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' })).rejects.toMatchObject({ code: 'personal-data-erased' });
  });

  it('remembers nothing across commands: an erasure bites at the next one', async () => {
    const { keys, codec } = setup();
    const existing = await storedDetection(codec);
    const before = codec.forOneCommand();
    expect((await before.decode(existing)).data.title).toBe(TITLE);
    await keys.erase(BREACH_ID);
    const after = codec.forOneCommand();
    expect((await after.decode(existing)).data.title).toBe(ERASED);
    await expect(after.encode(STREAM, 'DpoInformed', { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' })).rejects.toMatchObject({ code: 'personal-data-erased' });
    // No key: the fingerprint is the installation-keyed one, as the codec itself stores it after an erasure.
    expect(await after.requestFingerprint(STREAM, 'a'.repeat(64)).toStore()).toBe('a'.repeat(64));
  });

  it('forgets what it remembered when the command lost its race: the retry sees an erasure that won it', async () => {
    const { keys, codec } = setup();
    const existing = await storedDetection(codec);
    const command = codec.forOneCommand();
    expect((await command.decode(existing)).data.title).toBe(TITLE);
    const keyed = await command.requestFingerprint(STREAM, 'a'.repeat(64)).toStore();
    expect(keyed).not.toBe('a'.repeat(64));
    await keys.erase(BREACH_ID);
    // Still the remembered key within the attempt…
    expect((await command.decode(existing)).data.title).toBe(TITLE);
    command.forgetRemembered();
    // …and after the lost race, the store's answer: erased, no key, the installation-keyed fingerprint.
    expect((await command.decode(existing)).data.title).toBe(ERASED);
    await expect(command.encode(STREAM, 'DpoInformed', { informedAt: '2026-03-02T10:00:00.000Z', informedBy: 'J. de Vries' })).rejects.toMatchObject({ code: 'personal-data-erased' });
    expect(await command.requestFingerprint(STREAM, 'a'.repeat(64)).toStore()).toBe('a'.repeat(64));
  });
});

describe('the fields this process encrypted lately (RecentlyEncrypted)', () => {
  const withRecent = (maxFields?: number) => {
    const keys = new MemoryKeys();
    const recent = new RecentlyEncrypted(maxFields);
    return { keys, recent, codec: new PersonalDataCodec(keys, [breachPersonalData], recent) };
  };

  it('reads a field it just encrypted exactly as decrypting it reads it, the copies for one command sharing what was remembered', async () => {
    const { codec, keys, recent } = withRecent();
    const stored = await storedDetection(codec.forOneCommand());
    expect(recent.size).toBe(3);
    const fresh = new PersonalDataCodec(keys, [breachPersonalData], new RecentlyEncrypted(0));
    expect((await codec.decode(stored)).data).toEqual((await fresh.decode(stored)).data);
    expect((await codec.decode(stored)).data).toEqual(detected().data);
  });

  it('never answers a field under a key other than the one the store gives now: a replaced key fails as decrypting fails', async () => {
    const { codec, keys } = withRecent();
    const stored = await storedDetection(codec);
    keys.keys.set(BREACH_ID, randomBytes(32));
    await expect(codec.decode(stored)).rejects.toThrow(PersonalFieldUnreadableError);
  });

  it('reads an erased subject as "[erased]" and forgets every field it remembered of it', async () => {
    const { codec, keys, recent } = withRecent();
    const stored = await storedDetection(codec);
    await codec.encode('breach-1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22', 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: TITLE });
    await keys.erase(BREACH_ID);
    expect((await codec.decode(stored)).data.title).toBe(ERASED);
    expect(recent.size).toBe(1);
  });

  it('forgets a subject’s fields when told its key was erased, and only that subject’s', async () => {
    const { codec, recent } = withRecent();
    await storedDetection(codec);
    await codec.encode('breach-1c7b5e1f-6a4d-4d2f-8e63-7a2e1e7b8d22', 'BreachClosed', { closedAt: '2026-03-06T12:00:00.000Z', summary: TITLE });
    codec.forgetEncrypted(BREACH_ID);
    expect(recent.size).toBe(1);
  });

  it('keeps at most its bound, the oldest dropped first, and still decrypts what it dropped', async () => {
    const { codec, recent } = withRecent(2);
    const stored = await storedDetection(codec);
    expect(recent.size).toBe(2);
    expect((await codec.decode(stored)).data).toEqual(detected().data);
  });

  it('refuses a bound that is not a whole number of at least 0', () => {
    expect(() => new RecentlyEncrypted(-1)).toThrow(RangeError);
    expect(() => new RecentlyEncrypted(1.5)).toThrow(RangeError);
  });
});
