import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { aggregatesCollection } from '../../projections/projection-aggregates.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { Commit, Document, DocumentStore } from '../../src/read-store/document-store.port.js';
import { InMemoryDocumentStore } from '../../src/read-store/memory/in-memory-document-store.js';
import type { ProjectionRunner } from '../../src/read-store/projection-runner.js';
import { ProjectionRunners } from '../../src/read-store/projection-runners.js';
import type { ProjectionsOptions } from '../../src/read-store/projections.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { FixedClock } from '../../src/shared/clock.js';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Two instances build the same empty read model in stream order: the first (its lease lapsed)
 * is at its last commit when the second, which took the projection over, finds its leftovers.
 * Whichever lands first, the read model ends whole, under one checkpoint, built once.
 */

const definition = PROJECTION_DEFINITIONS.find((candidate) => candidate.documentPerStream === true && candidate.aggregates !== undefined) as ProjectionDefinition;
const COLLECTION = `${definition.name}@1`;
const BUILDING = `${COLLECTION}.building`;
const OPTIONS = { batchSize: 100, idleFlushMs: 5, buildBatchBytes: 8 * 1024 } as ProjectionsOptions;

type Gate = { readonly reached: Promise<void>; readonly release: () => void };

/** Every gate made, released after the tests whatever became of them (a runner held at one could not stop). */
const gates: Gate[] = [];

/** One instance's view of the shared store: what it did, and one of its calls held back until released. */
function instance(shared: DocumentStore) {
  const calls: string[] = [];
  let hold: { readonly matches: (call: string) => boolean; readonly reached: () => void; readonly open: Promise<void> } | undefined;
  const held = async (call: string): Promise<void> => {
    if (hold?.matches(call)) {
      const gate = hold;
      hold = undefined;
      gate.reached();
      await gate.open;
    }
  };
  const store = new Proxy(shared, {
    get(target, property, receiver) {
      if (property === 'commit') {
        return async (commit: Commit) => {
          const call = `commit ${commit.checkpoint.projection}${commit.fence ? ` fenced on ${commit.fence.projection}` : ''}`;
          await held(call);
          try {
            await target.commit(commit);
          } catch (error) {
            calls.push(`refused ${call}: ${(error as { projection?: string }).projection ?? ''}`);
            throw error;
          }
          calls.push(call);
        };
      }
      if (property === 'dropCollection') {
        return async (collection: string, projection: string) => {
          const call = `drop ${collection}`;
          await held(call);
          await target.dropCollection(collection, projection);
          calls.push(call);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    calls,
    store,
    /** Holds the first call that `matches` until released. */
    holdAt(matches: (call: string) => boolean): Gate {
      let release!: () => void;
      let reached!: () => void;
      const open = new Promise<void>((resolve) => (release = resolve));
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      hold = { matches, reached, open };
      const gate = { reached: reachedPromise, release };
      gates.push(gate);
      return gate;
    },
  };
}

async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; !done(); tries += 1) {
    expect(tries).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function all(store: DocumentStore, collection: string): Promise<Document[]> {
  return store.findAll(collection, { orderBy: [] });
}

describe('a build in stream order taken over by another instance', () => {
  const dir = tempDir();
  const clock = new FixedClock('2022-02-01T00:00:00.000Z');
  const events = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), clock, pollIntervalMs: 20 });
  let head = 0n;
  let expected: { documents: Document[]; aggregates: Document[] };
  const runners: ProjectionRunner[] = [];

  const run = (store: DocumentStore): ProjectionRunner => {
    const runner = new ProjectionRunners(events, store, clock, OPTIONS).create(definition, COLLECTION, {});
    runners.push(runner);
    runner.start();
    return runner;
  };

  beforeAll(async () => {
    await appendGeneratedYear(events, clock, generateBreachYear({ seed: 2718, breaches: 40, reportedShare: 0.6, lateShare: 0.5, withdrawnShare: 0.2, correctionShare: 0.3, closedShare: 0.6 }));
    head = await events.headPosition();
    const reference = new InMemoryDocumentStore();
    const alone = run(reference);
    await until(() => alone.position === head);
    expected = { documents: await all(reference, COLLECTION), aggregates: await all(reference, aggregatesCollection(COLLECTION)) };
    expect(expected.documents.length).toBeGreaterThan(10);
    expect(expected.aggregates.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    gates.forEach((gate) => gate.release());
    await Promise.all(runners.map((runner) => runner.stop('abandon')));
    await events.close();
    dir.remove();
  });

  it("refuses the first instance's last commit once the second has taken its build: the second builds it whole", async () => {
    const shared = new InMemoryDocumentStore();
    const stale = instance(shared);
    const held = stale.holdAt((call) => call === `commit ${COLLECTION} fenced on ${BUILDING}`);
    const first = run(stale.store);
    await held.reached;
    // Every document of the first build is in, under its building checkpoint; its last commit waits.
    expect(await shared.checkpoint(BUILDING)).toBeDefined();
    const taker = instance(shared);
    const takenAt = taker.holdAt((call) => call === `commit ${BUILDING}`); // its first commit of its own build
    const second = run(taker.store);
    await takenAt.reached;
    // The second took the build (its token, fenced on the projection having no checkpoint) and dropped the documents.
    expect(taker.calls.slice(0, 2)).toEqual([`commit ${BUILDING} fenced on ${COLLECTION}`, `drop ${COLLECTION}`]);
    held.release();
    await until(() => first.state === 'standby');
    expect(stale.calls.at(-1)).toBe(`refused commit ${COLLECTION} fenced on ${BUILDING}: ${BUILDING}`);
    expect(await shared.checkpoint(COLLECTION)).toBeUndefined();
    takenAt.release();
    await until(() => second.position === head);
    expect(second.state).toBe('running');
    expect(await all(shared, COLLECTION)).toEqual(expected.documents);
    expect(await all(shared, aggregatesCollection(COLLECTION))).toEqual(expected.aggregates);
    expect(await shared.checkpoint(BUILDING)).toBeUndefined();
  });

  it('keeps what the first instance built when its last commit landed first: the second goes on from its checkpoint', async () => {
    const shared = new InMemoryDocumentStore();
    const stale = instance(shared);
    const last = stale.holdAt((call) => call === `commit ${COLLECTION} fenced on ${BUILDING}`);
    const first = run(stale.store);
    await last.reached;
    // The second finds no checkpoint of the projection, so it builds: it is about to take the first one's build.
    const taker = instance(shared);
    const taking = taker.holdAt((call) => call === `commit ${BUILDING} fenced on ${COLLECTION}`);
    const second = run(taker.store);
    await taking.reached;
    // Now the first one's last commit lands; the drop of its building checkpoint, right after, waits.
    const dropping = stale.holdAt((call) => call === `drop ${BUILDING}`);
    last.release();
    await dropping.reached;
    expect((await shared.checkpoint(COLLECTION))?.position).toBe(head);
    taking.release();
    await until(() => second.position === head);
    // Its take-over was refused on the projection's checkpoint: it dropped only the building checkpoint, and no document.
    expect(taker.calls).toEqual([`refused commit ${BUILDING} fenced on ${COLLECTION}: ${COLLECTION}`, `drop ${BUILDING}`]);
    expect(second.state).toBe('running');
    dropping.release();
    await until(() => stale.calls.includes(`drop ${BUILDING}`));
    expect(first.position).toBe(head);
    expect(await all(shared, COLLECTION)).toEqual(expected.documents);
    expect(await all(shared, aggregatesCollection(COLLECTION))).toEqual(expected.aggregates);
    expect(await shared.checkpoint(BUILDING)).toBeUndefined();
  });
});
