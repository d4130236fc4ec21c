import { describe, expect, it } from '@jest/globals';
import type { DocumentStore } from '../../src/read-store/document-store.port.js';
import { DocumentStoreUnavailableError } from '../../src/read-store/sqlite/document-store.errors.js';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

/*
 * After a rebuild's switch the generation before is dropped (on a large log, seconds of work on
 * the read-model writer thread). The new generation is live whatever becomes of that drop.
 */

/** The store as the projections see it, with `method` failing (storage unavailable) when `fails` says so. */
function failingStore(method: 'dropCollection' | 'scrub', fails: (...args: unknown[]) => boolean) {
  return (documents: DocumentStore): DocumentStore =>
    new Proxy(documents, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        const bound = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        if (property !== method) return bound;
        return async (...args: unknown[]) => {
          if (fails(...args)) throw new DocumentStoreUnavailableError('disk I/O error');
          return (bound as (...args: unknown[]) => unknown)(...args);
        };
      },
    });
}

const year = generateBreachYear({ seed: 41, breaches: 12, reportedShare: 0.5, lateShare: 0.5, withdrawnShare: 0, correctionShare: 0, dpoInformedShare: 0.5, closedShare: 0.5 });

describe('a rebuild whose old generation cannot be dropped', () => {
  it('still takes over, says so in the log, and leaves the old generation for the next start to drop', async () => {
    const dir = tempDir();
    const logged: string[] = [];
    const log = { info: () => undefined, error: (_fields: object, message: string) => void logged.push(message) };
    const name = 'breach-register.v2';
    // The old generation's drop fails as a store that is closing or failing does.
    const failing = failingStore('dropCollection', (collection) => collection === `${name}@1`);
    try {
      const side = readSide(dir.path, { seen: failing, log });
      try {
        await appendGeneratedYear(side.events, side.clock, year);
        const head = await side.events.headPosition();
        await side.projections.start();
        await side.projections.readable(name, head);
        const { generation, done } = await side.projections.rebuild(name);
        expect(generation).toBe(2);
        await done; // before: the failed drop left the rebuild's `done` unsettled, its rejection unhandled
        expect(logged).toContain(`${name}@1 was not dropped; the next start drops it`);
        const status = (await side.projections.status()).find((projection) => projection.name === name);
        expect(status).toMatchObject({ generation: 2, lastRebuild: { generation: 2 } });
        // The old generation is still in the file; the new one answers.
        expect(await side.documents.checkpoint(`${name}@1`)).toBeDefined();
        expect((await side.documents.find(`${name}@2`)).total).toBe((await side.documents.find(`${name}@1`)).total);
      } finally {
        await side.close();
      }
      // The next start (its projections see the store as it is) drops it.
      const next = readSide(dir.path);
      try {
        await next.projections.start();
        await next.projections.readable(name, await next.events.headPosition());
        expect(await next.documents.checkpoint(`${name}@1`)).toBeUndefined();
      } finally {
        await next.close();
      }
    } finally {
      dir.remove();
    }
  }, 60_000);

  it('still takes over with the old generation dropped when the scrub after the drop fails, and says so', async () => {
    const dir = tempDir();
    const logged: string[] = [];
    const log = { info: () => undefined, error: (_fields: object, message: string) => void logged.push(message) };
    const name = 'breach-register.v2';
    // Nothing else scrubs here (no erasures: no scrubAfter), so every scrub is the one after the drop.
    const failing = failingStore('scrub', () => true);
    try {
      const side = readSide(dir.path, { seen: failing, log });
      try {
        await appendGeneratedYear(side.events, side.clock, year);
        const head = await side.events.headPosition();
        await side.projections.start();
        await side.projections.readable(name, head);
        const { done } = await side.projections.rebuild(name);
        await done;
        expect(logged).toContain(`${name}@1 was dropped but the read store was not scrubbed; the next erasure's scrub or the next start does it`);
        expect(logged.filter((message) => message.includes('was not dropped'))).toEqual([]);
        expect(await side.documents.checkpoint(`${name}@1`)).toBeUndefined();
        expect((await side.projections.status()).find((projection) => projection.name === name)).toMatchObject({ generation: 2 });
      } finally {
        await side.close();
      }
    } finally {
      dir.remove();
    }
  }, 60_000);
});
