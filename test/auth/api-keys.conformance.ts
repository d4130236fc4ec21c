import { describe, expect, it } from '@jest/globals';
import type { ApiKeys } from '../../src/auth/api-keys.port.js';

export interface ApiKeysHarness {
  /** A store over storage that may already hold other tests' keys (a container's database is shared). */
  open(): Promise<ApiKeys>;
  /** Closes the store and opens the same storage again (a restart, or a second instance). */
  reopen(store: ApiKeys): Promise<ApiKeys>;
}

const now = new Date('2026-03-01T10:00:00.000Z');

/** The ApiKeys port's contract: every adapter runs exactly these tests. */
export function describeApiKeysConformance(adapter: string, harness: ApiKeysHarness): void {
  const using = (test: (store: ApiKeys) => Promise<void>) => async () => {
    const holder = { store: await harness.open() };
    try {
      await test(holder.store);
    } finally {
      await holder.store.close();
    }
  };

  describe(`ApiKeys conformance (${adapter})`, () => {
    it('creates a key that authenticates as its role, also after reopening', async () => {
      let store = await harness.open();
      try {
        const created = await store.create({ role: 'privacy-officer', name: ' Officer Jansen ' }, now);
        expect(created.key).toMatch(/^plk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
        const principal = { id: `api-key:${created.keyId}`, name: 'Officer Jansen', roles: ['privacy-officer'], allowed: [], via: 'api-key' };
        expect(await store.verify(created.key)).toEqual(principal);
        store = await harness.reopen(store);
        expect(await store.verify(created.key)).toEqual(principal);
      } finally {
        await store.close();
      }
    });

    it(
      'refuses a wrong secret, an unknown id and a malformed key',
      using(async (store) => {
        const { key, keyId } = await store.create({ role: 'auditor', name: 'Audit' }, now);
        const wrong = `plk_${keyId}_${'A'.repeat(43)}`;
        for (const attempt of [wrong, key.replace(keyId, '0123456789abcdef'), `${key}x`, 'plk_', '', `plk_{"$ne":null}_${'A'.repeat(43)}`]) {
          expect(await store.verify(attempt)).toBeUndefined();
        }
      }),
    );

    it(
      'refuses a revoked key, and revokes only once',
      using(async (store) => {
        const { key, keyId } = await store.create({ role: 'admin', name: 'Ops' }, now);
        const later = new Date('2026-03-02T08:00:00.000Z');
        expect(await store.revoke(keyId, later)).toBe(true);
        expect(await store.verify(key)).toBeUndefined();
        expect(await store.revoke(keyId, new Date('2026-03-03T08:00:00.000Z'))).toBe(false);
        expect(await store.revoke('0123456789abcdef', later)).toBe(false);
        expect((await store.list()).find((record) => record.keyId === keyId)).toEqual({ keyId, name: 'Ops', role: 'admin', allowed: [], createdAt: now.toISOString(), revokedAt: later.toISOString() });
      }),
    );

    it(
      'lists keys oldest first, without any secret',
      using(async (store) => {
        const first = await store.create({ role: 'dpo', name: 'FG' }, new Date('2026-01-01T00:00:00.000Z'));
        const second = await store.create({ role: 'cpo', name: 'CPO' }, new Date('2026-01-02T00:00:00.000Z'));
        const listed = (await store.list()).filter((record) => [first.keyId, second.keyId].includes(record.keyId));
        expect(listed.map((record) => record.keyId)).toEqual([first.keyId, second.keyId]);
        expect(JSON.stringify(listed)).not.toContain(first.key.slice(-43));
        for (const record of listed) expect(Object.keys(record).sort()).toEqual(['allowed', 'createdAt', 'keyId', 'name', 'revokedAt', 'role']);
      }),
    );

    it(
      'needs an app key to list its commands, from those an app may be allowed',
      using(async (store) => {
        await expect(store.create({ role: 'app', name: 'Intake' }, now)).rejects.toThrow(/must list the commands/);
        await expect(store.create({ role: 'app', name: 'Intake', allowed: ['give-dpo-advice'] }, now)).rejects.toThrow(/may not be allowed give-dpo-advice/);
        await expect(store.create({ role: 'dpo', name: 'FG', allowed: ['register-breach'] }, now)).rejects.toThrow(/app keys only/);
        await expect(store.create({ role: 'dpo', name: '  ' }, now)).rejects.toThrow(/a name of 1 to 200/);
        const app = await store.create({ role: 'app', name: 'Intake', allowed: ['register-breach', 'take-measure', 'register-breach'] }, now);
        expect((await store.verify(app.key))?.allowed).toEqual(['register-breach', 'take-measure']);
      }),
    );

    it('sees a key created or revoked through another handle on the same storage (another instance)', async () => {
      const one = await harness.open();
      const other = await harness.open();
      try {
        const { key, keyId } = await one.create({ role: 'auditor', name: 'Internal audit' }, now);
        expect(await other.verify(key)).toMatchObject({ roles: ['auditor'] });
        expect(await other.revoke(keyId, now)).toBe(true);
        expect(await one.verify(key)).toBeUndefined();
      } finally {
        await one.close();
        await other.close();
      }
    });
  });
}
