import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PersonalDataErasedError, PersonalDataKeysUnavailableError, type PersonalDataKeys } from '../../src/personal-data/personal-data-keys.port.js';
import { FixedClock } from '../../src/shared/clock.js';

export interface PersonalDataKeysHarness {
  /** A store on storage shared by every call (subjects are fresh per test), with this clock. */
  open(clock: FixedClock): Promise<PersonalDataKeys>;
}

/** The PersonalDataKeys port's contract: every adapter runs exactly these tests. */
export function describePersonalDataKeysConformance(adapter: string, harness: PersonalDataKeysHarness): void {
  const using = (test: (keys: PersonalDataKeys, clock: FixedClock) => Promise<void>) => async () => {
    const clock = new FixedClock('2026-04-01T10:00:00.000Z');
    const keys = await harness.open(clock);
    try {
      await test(keys, clock);
    } finally {
      await keys.close();
    }
  };

  describe(`PersonalDataKeys conformance (${adapter})`, () => {
    it(
      'creates one random 32-byte key per subject, durably: the same key after reopening, and from another instance',
      using(async (keys, clock) => {
        const [a, b] = [randomUUID(), randomUUID()];
        const key = await keys.getOrCreate(a);
        expect(key).toHaveLength(32);
        expect(await keys.getOrCreate(a)).toEqual(key);
        expect(await keys.getOrCreate(b)).not.toEqual(key);
        const other = await harness.open(clock);
        expect(await other.get(a)).toEqual(key);
        expect(await other.getOrCreate(a)).toEqual(key);
        expect(await other.get(randomUUID())).toBeUndefined();
        await other.close();
      }),
    );

    it('gives two instances creating the same subject\'s key at once the same key', async () => {
      const clock = new FixedClock('2026-04-01T10:00:00.000Z');
      const [one, other] = [await harness.open(clock), await harness.open(clock)];
      try {
        const subject = randomUUID();
        const created = await Promise.all([one.getOrCreate(subject), other.getOrCreate(subject), one.getOrCreate(subject)]);
        expect(created[1]).toEqual(created[0]);
        expect(created[2]).toEqual(created[0]);
      } finally {
        await one.close();
        await other.close();
      }
    });

    it(
      'creates the keys of many subjects asked for at once, each its own and durable, and refuses only the erased one among them',
      using(async (keys, clock) => {
        const erased = randomUUID();
        await keys.getOrCreate(erased);
        await keys.erase(erased);
        const subjects = Array.from({ length: 300 }, () => randomUUID());
        const asked = [...subjects, erased, ...subjects.slice(0, 5)].map((subject) => keys.getOrCreate(subject).then((key) => key, (error: unknown) => error));
        const answers = await Promise.all(asked);
        const created = answers.slice(0, subjects.length) as Buffer[];
        expect(created.every((key) => Buffer.isBuffer(key) && key.length === 32)).toBe(true);
        expect(new Set(created.map((key) => key.toString('hex'))).size).toBe(subjects.length);
        expect(answers[subjects.length]).toBeInstanceOf(PersonalDataErasedError);
        expect(answers.slice(subjects.length + 1)).toEqual(created.slice(0, 5));
        const other = await harness.open(clock);
        try {
          for (const [index, subject] of subjects.entries()) expect(await other.get(subject)).toEqual(created[index]);
          expect(await other.get(erased)).toBeUndefined();
        } finally {
          await other.close();
        }
      }),
    );

    it(
      'erases a key: gone, its erasure time recorded, the other keys kept',
      using(async (keys) => {
        const [erased, kept] = [randomUUID(), randomUUID()];
        await keys.getOrCreate(erased);
        const keptKey = await keys.getOrCreate(kept);
        await keys.erase(erased);
        expect(await keys.get(erased)).toBeUndefined();
        expect(await keys.erasedAt(erased)).toBe('2026-04-01T10:00:00.000Z');
        expect(await keys.erasedAt(kept)).toBeUndefined();
        expect(await keys.get(kept)).toEqual(keptKey);
      }),
    );

    it(
      'never gives an erased subject a key again, and keeps the time of the first erasure',
      using(async (keys, clock) => {
        const subject = randomUUID();
        await keys.getOrCreate(subject);
        await keys.erase(subject);
        clock.advance(60_000);
        await keys.erase(subject); // a retried erasure
        expect(await keys.erasedAt(subject)).toBe('2026-04-01T10:00:00.000Z');
        await expect(keys.getOrCreate(subject)).rejects.toBeInstanceOf(PersonalDataErasedError);
        await expect(keys.getOrCreate(subject)).rejects.toMatchObject({ code: 'personal-data-erased', details: { erasedAt: '2026-04-01T10:00:00.000Z' } });
      }),
    );

    it(
      'records the erasure of a subject that never had a key',
      using(async (keys) => {
        const subject = randomUUID();
        await keys.erase(subject);
        expect(await keys.erasedAt(subject)).toBe('2026-04-01T10:00:00.000Z');
        await expect(keys.getOrCreate(subject)).rejects.toBeInstanceOf(PersonalDataErasedError);
      }),
    );

    it('leaves no key for a subject erased on one instance while another creates its key', async () => {
      const clock = new FixedClock('2026-04-01T10:00:00.000Z');
      const [one, other] = [await harness.open(clock), await harness.open(clock)];
      try {
        for (let round = 0; round < 10; round++) {
          const subject = randomUUID();
          await Promise.allSettled([one.getOrCreate(subject), other.erase(subject)]);
          expect(await one.erasedAt(subject)).toBeDefined();
          expect(await one.get(subject)).toBeUndefined();
          expect(await other.get(subject)).toBeUndefined();
        }
      } finally {
        await one.close();
        await other.close();
      }
    });

    it(
      'refuses an empty or overlong subject id',
      using(async (keys) => {
        await expect(keys.getOrCreate('')).rejects.toThrow(TypeError);
        await expect(keys.erase('x'.repeat(201))).rejects.toThrow(TypeError);
      }),
    );

    it('refuses use after close', async () => {
      const keys = await harness.open(new FixedClock('2026-04-01T10:00:00.000Z'));
      await keys.close();
      await keys.close(); // closing twice is harmless
      await expect(keys.get(randomUUID())).rejects.toBeInstanceOf(PersonalDataKeysUnavailableError);
      await expect(keys.getOrCreate(randomUUID())).rejects.toBeInstanceOf(PersonalDataKeysUnavailableError);
    });
  });
}
