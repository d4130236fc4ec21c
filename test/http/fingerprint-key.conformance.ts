import { describe, expect, it } from '@jest/globals';
import type { FingerprintKeyStore } from '../../src/http/fingerprint-key.port.js';

export interface FingerprintKeyHarness {
  /** A store over fresh, empty storage. */
  open(): Promise<FingerprintKeyStore>;
  /** Another handle on the same storage as `store` (a restart, or another instance). */
  another(store: FingerprintKeyStore): Promise<FingerprintKeyStore>;
}

/** The FingerprintKeyStore port's contract: every adapter runs exactly these tests. */
export function describeFingerprintKeyConformance(adapter: string, harness: FingerprintKeyHarness): void {
  describe(`FingerprintKeyStore conformance (${adapter})`, () => {
    it('creates a random 32-byte secret once, and gives the same one after a restart and to another instance', async () => {
      const store = await harness.open();
      const other = await harness.open();
      try {
        const key = await store.load();
        expect(key).toHaveLength(32);
        expect(await store.load()).toEqual(key);
        expect(await other.load()).not.toEqual(key); // other storage, other installation
        await store.close();
        const again = await harness.another(store);
        expect(await again.load()).toEqual(key);
        await again.close();
      } finally {
        await store.close();
        await other.close();
      }
    });

    it('gives instances starting at once the same secret: the first insert wins, the others read it', async () => {
      const first = await harness.open();
      const handles = [first, ...(await Promise.all([1, 2, 3].map(() => harness.another(first))))];
      try {
        const keys = await Promise.all(handles.map((handle) => handle.load()));
        for (const key of keys) expect(key).toEqual(keys[0]);
      } finally {
        for (const handle of handles) await handle.close();
      }
    });
  });
}
