import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import type { EventStore, ReadAllOptions, StoredEvent } from '../../src/event-store/event-store.port.js';
import { foldPages, logPages } from '../../src/read-store/fold-pages.js';
import { InMemoryDocumentStore } from '../../src/read-store/memory/in-memory-document-store.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { appendAudits } from '../support/audit-streams.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const AT = '2026-12-31T23:00:00.000Z';
const everything = { include: () => true, at: AT };

/** A log in memory whose reads record what the fold had done by then (a test double: it holds the log, the fold must not). */
function observedLog(log: readonly StoredEvent[]) {
  const reads: { decodedBefore: number; turnedSincePreviousRead: boolean }[] = [];
  let decoded = 0;
  let turned = true;
  const events = {
    // Resolves without a turn of the event loop, like a synchronous SQLite read.
    readAll: async ({ fromPosition, afterPosition, maxCount = 1000 }: ReadAllOptions = {}) => {
      reads.push({ decodedBefore: decoded, turnedSincePreviousRead: turned });
      turned = false;
      setImmediate(() => (turned = true));
      const from = fromPosition ?? (afterPosition === undefined ? 0n : afterPosition + 1n);
      return log.filter((event) => event.position >= from).slice(0, maxCount);
    },
  } as unknown as EventStore;
  const decode = async (event: StoredEvent) => {
    decoded += 1;
    return event;
  };
  return { events, decode, reads };
}

describe('time travel folds', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('builds the same documents in memory as the projection runner does in the read store', async () => {
    const side = readSide(dir.path);
    try {
      await appendGeneratedYear(side.events, side.clock, generateBreachYear({ seed: 7, breaches: 40, reportedShare: 0.6, lateShare: 0.4, importedLateWithoutReason: 1 }), { pipeline: true });
      await appendAudits(side.events, 5);
      await side.projections.start();
      const head = await side.events.headPosition();
      const memory = new InMemoryDocumentStore();
      const position = await foldPages(logPages(side.events, 7), PROJECTION_DEFINITIONS, memory, { ...everything, decode: async (event) => event });
      expect(position).toBe(head);
      for (const { name } of PROJECTION_DEFINITIONS) {
        const { collection } = await side.projections.readable(name, head);
        const live = await side.documents.findAll(collection);
        expect([name, await memory.findAll(name)]).toEqual([name, live]);
        if (name.startsWith('breach-') || name.startsWith('audit-')) expect(live.length).toBeGreaterThan(0);
      }
    } finally {
      await side.close();
    }
  });

  it('applies each page before reading the next, and lets the event loop turn between pages', async () => {
    const side = readSide(dir.path);
    let log: readonly StoredEvent[];
    try {
      await appendGeneratedYear(side.events, side.clock, generateBreachYear({ seed: 3, breaches: 12, reportedShare: 0.5, lateShare: 0.5, importedLateWithoutReason: 0 }), { pipeline: true });
      log = await side.events.readAll({ maxCount: 10_000 });
    } finally {
      await side.close();
    }
    const { events, decode, reads } = observedLog(log);
    const pageSize = 5;
    await foldPages(logPages(events, pageSize), PROJECTION_DEFINITIONS, new InMemoryDocumentStore(), { ...everything, decode });
    const pages = Math.floor(log.length / pageSize) + 1;
    expect(log.length).toBeGreaterThan(3 * pageSize);
    // Every event is a breach event here, so by the k-th read the fold has decoded (and applied) k pages: never more than one page of the log is held.
    expect(reads.map((read) => read.decodedBefore)).toEqual(Array.from({ length: pages }, (_, k) => k * pageSize));
    expect(reads.slice(1).every((read) => read.turnedSincePreviousRead)).toBe(true);
  });
});
