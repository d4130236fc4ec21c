import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { aggregatesCollection } from '../../projections/projection-aggregates.js';
import { appendGeneratedYear, generateBreachYear } from '../support/breaches/generate-breach-year.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { Commit, Document, DocumentStore } from '../../src/read-store/document-store.port.js';
import { Projections, type ProjectionsOptions } from '../../src/read-store/projections.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { SqliteDocumentStore } from '../../src/read-store/sqlite/sqlite-document-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { appendAudits } from '../support/audit-streams.js';
import { quiet } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

/** A document store that records what is committed and scrubbed, and can hold a commit back. */
function recording(inner: SqliteDocumentStore) {
  const writes = new Map<string, number>();
  const calls: string[] = [];
  /** Per commit that landed: its checkpoint's projection and the collections of its changes. */
  const landed: { projection: string; collections: string[] }[] = [];
  let gate: { readonly after: number; readonly open: Promise<void>; reached: (projection: string) => void; readonly onReach?: () => void } | undefined;
  const buildingCommits = new Map<string, number>();
  /** While set, every commit waits for it before it starts. */
  let frozen: Promise<void> | undefined;
  /** The commits handed to the store and not yet answered. */
  const inFlight = new Set<Promise<void>>();
  const overrides: Partial<DocumentStore> = {
    async commit(commit: Commit): Promise<void> {
      while (frozen) await frozen;
      const building = commit.checkpoint.projection.endsWith('.building');
      if (building) {
        const count = (buildingCommits.get(commit.checkpoint.projection) ?? 0) + 1;
        buildingCommits.set(commit.checkpoint.projection, count);
        if (gate && count === gate.after) {
          const held = gate;
          gate = undefined;
          held.onReach?.();
          held.reached(commit.checkpoint.projection);
          await held.open;
        }
      }
      const landing = inner.commit(commit);
      const settled = landing.catch(() => undefined);
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));
      try {
        await landing;
      } catch (error) {
        calls.push(`refused ${commit.checkpoint.projection} ${String((error as { code?: unknown }).code)}`);
        throw error;
      }
      calls.push(`commit ${commit.checkpoint.projection} ${commit.checkpoint.to}`);
      landed.push({ projection: commit.checkpoint.projection, collections: commit.changes.map((change) => change.collection) });
      for (const change of commit.changes) writes.set(`${change.collection}/${change.id}`, (writes.get(`${change.collection}/${change.id}`) ?? 0) + 1);
    },
    async scrub(): Promise<void> {
      calls.push('scrub');
      await inner.scrub();
    },
  };
  const store = new Proxy(inner as DocumentStore, {
    get(target, property, receiver) {
      if (property in overrides) return overrides[property as keyof DocumentStore];
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, property, value) {
      (overrides as Record<string | symbol, unknown>)[property] = value;
      return true;
    },
  });
  return {
    store,
    writes,
    calls,
    landed,
    /** Per building checkpoint, the commits of its build started so far (landed or not). */
    buildingCommits,
    /**
     * Holds the first n-th commit of one build in stream order until `release`; resolves with its
     * building checkpoint once it is reached (`onReach` is called at once, as the commit is made).
     */
    holdBuildingCommit(after: number, onReach?: () => void): { reached: Promise<string>; release: () => void } {
      let release!: () => void;
      let reached!: (projection: string) => void;
      const open = new Promise<void>((resolve) => (release = resolve));
      const reachedPromise = new Promise<string>((resolve) => (reached = resolve));
      gate = { after, open, reached, ...(onReach ? { onReach } : {}) };
      return { reached: reachedPromise, release };
    },
    /**
     * Holds every commit not yet started until `thaw`; `settled` resolves once the commits
     * already under way have been answered. In between, nothing this store's runners write lands.
     */
    freeze(): { settled: Promise<void>; thaw: () => void } {
      let thaw!: () => void;
      frozen = new Promise<void>((resolve) => (thaw = resolve)).then(() => {
        frozen = undefined;
      });
      return { settled: Promise.all([...inFlight]).then(() => undefined), thaw };
    },
  };
}

function side(dir: string, readModels: string, options: Partial<ProjectionsOptions> = {}, definitions = PROJECTION_DEFINITIONS) {
  const clock = new FixedClock('2022-02-01T00:00:00.000Z');
  const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), clock, pollIntervalMs: 20 });
  const inner = new SqliteDocumentStore({ file: join(dir, readModels) });
  const documents = recording(inner);
  const projections = new Projections(definitions, events, documents.store, clock, {
    batchSize: 100,
    idleFlushMs: 5,
    readWaitMs: 30_000,
    generationPollMs: 50,
    leaseTtlMs: 500,
    holder: readModels,
    log: quiet,
    ...options,
  });
  return {
    clock,
    events,
    inner,
    documents,
    projections,
    async close() {
      await projections.stop();
      await inner.close();
      await events.close();
    },
  };
}

/** Every document of a collection, in id order. */
async function all(documents: DocumentStore, collection: string): Promise<Document[]> {
  const found: Document[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await documents.find(collection, { limit: 1000, offset });
    found.push(...page.items);
    if (page.items.length < 1000) return found;
  }
}

const year = generateBreachYear({ seed: 1919, breaches: 60, reportedShare: 0.6, lateShare: 0.5, withdrawnShare: 0.2, correctionShare: 0.3, dpoInformedShare: 0.5, closedShare: 0.7 });
const perStream = PROJECTION_DEFINITIONS.filter((definition) => definition.documentPerStream === true).map((definition) => definition.name);

/** A log with the generated year and a few audits, and the read models built live from it (one event at a time). */
async function logWithLiveReadModels(dir: string) {
  const live = side(dir, 'live.sqlite', { batchSize: 1 });
  await live.projections.start();
  await appendGeneratedYear(live.events, live.clock, year);
  await appendAudits(live.events, 3);
  const head = await live.events.headPosition();
  const expected = new Map<string, { documents: Document[]; aggregates: Document[] }>();
  for (const name of live.projections.names()) {
    const { collection } = await live.projections.readable(name, head);
    expected.set(name, { documents: await all(live.inner, collection), aggregates: await all(live.inner, aggregatesCollection(collection)) });
  }
  return { live, head, expected };
}

async function expectSame(started: ReturnType<typeof side>, head: bigint, expected: Map<string, { documents: Document[]; aggregates: Document[] }>): Promise<void> {
  for (const name of started.projections.names()) {
    const { collection } = await started.projections.readable(name, head);
    expect([name, await all(started.inner, collection)]).toEqual([name, expected.get(name)?.documents]);
    expect([name, 'aggregates', await all(started.inner, aggregatesCollection(collection))]).toEqual([name, 'aggregates', expected.get(name)?.aggregates]);
  }
}

/**
 * The commits `fails` picks land, but the runner hears of a failure (it must not trust what it
 * wrote); the count of those so far.
 */
function failCommits(started: ReturnType<typeof side>, fails: (request: Commit, failures: number) => boolean): { failures: number } {
  const failed = { failures: 0 };
  const commit = started.documents.store.commit.bind(started.documents.store);
  started.documents.store.commit = async (request: Commit) => {
    if (fails(request, failed.failures)) {
      failed.failures += 1;
      await commit(request);
      throw Object.assign(new Error('the read store does not answer'), { code: 'document-store-unavailable' });
    }
    return commit(request);
  };
  return failed;
}

/** Waits until every projection is at the head (a runner that failed on its storage starts again by itself). */
async function untilAtHead(started: ReturnType<typeof side>, head: bigint): Promise<void> {
  for (let tries = 0; (await started.projections.status()).some((projection) => BigInt(projection.position) < head); tries += 1) {
    expect(tries).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the first build of an empty read model in stream order', () => {
  it('writes every document of a one-stream-per-document projection once, in commits bounded by bytes, and equals the live build', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const first = side(dir.path, 'first.sqlite', { catchUpBatchSize: 10_000, buildBatchBytes: 16 * 1024, streamLog: { pageSize: 50, maxPages: 4 } });
      try {
        await first.projections.start();
        await expectSame(first, head, expected);
        // One read in stream order per category: the three breach projections share theirs (a runner
        // that joins a little later reads the first pages the others have left behind again).
        const pagesOf = async (category: string) => Math.floor((await first.events.countCategoryEvents({ categories: [category], toPosition: head })) / 50) + 1;
        const categories = [...new Set(PROJECTION_DEFINITIONS.filter((definition) => definition.documentPerStream === true).map((definition) => definition.category))];
        let once = 0;
        for (const category of categories) once += await pagesOf(category);
        const breachPages = await pagesOf('breach');
        expect(breachPages).toBeGreaterThan(6);
        expect(first.projections.log.streamPagesRead).toBeGreaterThanOrEqual(once);
        expect(first.projections.log.streamPagesRead).toBeLessThan(once + breachPages);
        for (const name of perStream) {
          const written = [...first.documents.writes].filter(([key]) => key.startsWith(`${name}@1/`));
          expect([name, written.length]).toEqual([name, expected.get(name)?.documents.length]);
          expect([name, written.filter(([, times]) => times > 1)]).toEqual([name, []]);
          // The aggregates (e.g. one per month) are carried in memory and written once, with the
          // build's last commit, not again with every commit of the build.
          const aggregates = [...first.documents.writes].filter(([key]) => key.startsWith(`${aggregatesCollection(`${name}@1`)}/`));
          expect([name, aggregates.filter(([, times]) => times > 1)]).toEqual([name, []]);
          expect([name, aggregates.length]).toEqual([name, expected.get(name)?.aggregates.length]);
        }
        expect(expected.get('breach-register.v2')?.aggregates.length).toBeGreaterThan(12);
        // ...in commits of their own under the building checkpoint, before the projection's own
        // commit, which then holds no aggregate but the mark that they are complete: no turn of the
        // event loop builds or hands over every aggregate of the log at once.
        for (const name of perStream.filter((name) => PROJECTION_DEFINITIONS.find((definition) => definition.name === name)?.aggregates)) {
          const aggregates = aggregatesCollection(`${name}@1`);
          const own = first.documents.landed.filter((commit) => commit.projection === `${name}@1`);
          expect([name, own.length]).toEqual([name, 1]);
          expect([name, own[0]?.collections.filter((collection) => collection === aggregates).length]).toEqual([name, 1]);
          expect(first.documents.landed.some((commit) => commit.projection.endsWith('.building') && commit.collections.length > 0 && commit.collections.every((collection) => collection === aggregates))).toBe(true);
        }
        // Several commits under the building checkpoint (bounded by bytes), then the projection's own, once.
        const register = first.documents.calls.filter((call) => call.startsWith('commit breach-register.v'));
        expect(register.filter((call) => call.includes('.building')).length).toBeGreaterThan(2);
        expect(register.filter((call) => !call.includes('.building'))[0]).toBe(`commit ${register.find((call) => !call.includes('.building'))?.split(' ')[1]} ${head}`);
        // Afterwards the global order takes over: a new event reaches every projection.
        await appendAudits(first.events, 1);
        const after = await first.events.headPosition();
        for (const name of first.projections.names()) expect((await first.projections.readable(name, after)).position).toBeGreaterThanOrEqual(after);
      } finally {
        await first.close();
      }
      // The building checkpoints are gone once the builds are done.
      const after = new SqliteDocumentStore({ file: join(dir.path, 'first.sqlite') });
      for (const name of perStream) expect([name, await after.checkpoint(`${name}@1.building`)]).toEqual([name, undefined]);
      await after.close();
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('folds on while a commit of its build is written, and starts its next commit only once that one has landed', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const definition = PROJECTION_DEFINITIONS.find((candidate) => candidate.name === 'breach-register.v2');
      expect(definition?.documentPerStream).toBe(true);
      let decoded = 0;
      const decode = async (event: StoredEvent) => {
        decoded += 1;
        return event;
      };
      const first = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024, decode }, definition ? [definition] : []);
      let decodedAtCommit = -1;
      const held = first.documents.holdBuildingCommit(2, () => (decodedAtCommit = decoded));
      try {
        await first.projections.start();
        const building = await held.reached;
        expect(building).toBe('breach-register.v2@1.building');
        // The held commit has not landed, yet the build goes on folding (decoding) the streams after it...
        for (let tries = 0; decoded <= decodedAtCommit && tries < 500; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(decoded).toBeGreaterThan(decodedAtCommit);
        // ...and starts no further commit of its build until the held one has landed.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(first.documents.buildingCommits.get(building)).toBe(2);
        held.release();
        await expectSame(first, head, new Map([...expected].filter(([name]) => name === 'breach-register.v2')));
      } finally {
        held.release();
        await first.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('shows its progress while it builds, and after a stop in the middle drops the leftovers and builds the same documents again', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const first = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024 });
      const held = first.documents.holdBuildingCommit(3);
      await first.projections.start();
      await held.reached;
      const status = await first.projections.status();
      const building = status.filter((projection) => perStream.includes(projection.name) && projection.position === '0');
      expect(building.length).toBeGreaterThan(0);
      for (const projection of building) {
        expect(projection.catchUp).not.toBeNull();
        expect(projection.catchUp?.percent).toBeGreaterThanOrEqual(0);
        expect(projection.catchUp?.percent).toBeLessThanOrEqual(100);
      }
      expect(building.some((projection) => (projection.catchUp?.percent ?? 100) < 100)).toBe(true);
      const progressed = building.filter((projection) => (projection.catchUp?.percent ?? 0) > 0 && (projection.catchUp?.percent ?? 100) < 100);
      expect(progressed.length).toBeGreaterThan(0);
      for (const projection of progressed) expect(projection.catchUp?.eventsPerSecond).toBeGreaterThan(0);
      held.release();
      await first.close(); // stopped in the middle of the build
      // What it left: documents without a checkpoint.
      const leftovers = new SqliteDocumentStore({ file: join(dir.path, 'first.sqlite') });
      const unfinished = [];
      for (const name of perStream) {
        const collection = `${name}@1`;
        if ((await leftovers.checkpoint(collection)) === undefined && (await leftovers.find(collection, { limit: 1 })).items.length > 0) unfinished.push(name);
      }
      await leftovers.close();
      expect(unfinished.length).toBeGreaterThan(0);
      const again = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024 });
      try {
        await again.projections.start();
        await expectSame(again, head, expected);
      } finally {
        await again.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('scrubs after a build that read an erasure before the checkpoint counts, and a failed commit starts the build again', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const erasing = (event: StoredEvent) => event.type === 'BreachClosed';
      const first = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024, scrubAfter: erasing });
      const timeline = `${perStream.find((name) => name.startsWith('breach-timeline'))}@1.building`;
      const failed = failCommits(first, (request, failures) => request.checkpoint.projection === timeline && failures === 0);
      try {
        await first.projections.start();
        // A read while the runner waits out the failure is refused (projection-behind); it starts again by itself.
        await untilAtHead(first, head);
        await expectSame(first, head, expected);
        expect(failed.failures).toBe(1);
        const calls = first.documents.calls;
        for (const name of perStream.filter((candidate) => candidate.startsWith('breach-'))) {
          const last = calls.findIndex((call) => call.startsWith(`commit ${name}@1 `) && !call.includes('.building'));
          expect([name, calls[last + 1]]).toEqual([name, 'scrub']);
        }
      } finally {
        await first.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('forgets the aggregates it carried when a commit in the middle of the build fails: the sums equal the live build', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const first = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024 });
      let building = 0;
      // The third commit of the register's build fails: two have landed, their deltas are carried.
      const failed = failCommits(first, (request) => request.checkpoint.projection === 'breach-register.v2@1.building' && ++building === 3);
      try {
        await first.projections.start();
        await untilAtHead(first, head);
        expect([failed.failures, building > 3]).toEqual([1, true]);
        await expectSame(first, head, expected);
      } finally {
        await first.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('writes the aggregates it carries whenever they reach their bound, in commits of the build, and still equals the live build', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const first = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024, carriedCounts: 40 });
      try {
        await first.projections.start();
        await untilAtHead(first, head);
        await expectSame(first, head, expected);
        for (const name of perStream.filter((name) => PROJECTION_DEFINITIONS.find((definition) => definition.name === name)?.aggregates)) {
          const aggregates = aggregatesCollection(`${name}@1`);
          const building = first.documents.landed.filter((commit) => commit.projection === `${name}@1.building`);
          const isAggregates = (commit: { collections: string[] }) => commit.collections.length > 0 && commit.collections.every((collection) => collection === aggregates);
          // Aggregates written between commits of documents: before the build's end.
          const firstAggregates = building.findIndex(isAggregates);
          expect([name, firstAggregates >= 0 && building.slice(firstAggregates).some((commit) => !isAggregates(commit) && commit.collections.length > 0)]).toEqual([name, true]);
          // A month the build met again after it was written is written again, with its sums so far.
          const months = [...first.documents.writes].filter(([key]) => key.startsWith(`${aggregates}/`));
          expect([name, months.some(([, times]) => times > 1)]).toEqual([name, true]);
        }
      } finally {
        await first.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });

  it('refuses the next commit of a build whose leftovers another instance has dropped: that build stands by', async () => {
    const dir = tempDir();
    const { live, head, expected } = await logWithLiveReadModels(dir.path);
    try {
      const stale = side(dir.path, 'first.sqlite', { buildBatchBytes: 8 * 1024 });
      const held = stale.documents.holdBuildingCommit(2);
      try {
        await stale.projections.start();
        await held.reached;
        // The other builds go on meanwhile: none may finish between the check below and the drop
        // (its documents would go from under a checkpoint at the head), as none would in an
        // instance whose lease had lapsed.
        const frozen = stale.documents.freeze();
        await frozen.settled;
        const building = (await stale.projections.status()).filter((projection) => perStream.includes(projection.name) && projection.state === 'running' && projection.position === '0');
        // Another instance that took the projections over drops what it finds without a checkpoint.
        const other = new SqliteDocumentStore({ file: join(dir.path, 'first.sqlite') });
        for (const { name } of building) {
          if ((await other.checkpoint(`${name}@1`)) !== undefined) continue;
          await other.dropCollection(`${name}@1`, `${name}@1`);
          await other.dropCollection(aggregatesCollection(`${name}@1`), `${name}@1`);
          await other.dropCollection(`${name}@1.building`, `${name}@1.building`);
        }
        await other.close();
        frozen.thaw();
        held.release();
        for (let tries = 0; !stale.documents.calls.some((call) => call.startsWith('refused ')); tries += 1) {
          expect(tries).toBeLessThan(200);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const refused = stale.documents.calls.filter((call) => call.startsWith('refused '));
        expect(refused.length).toBeGreaterThan(0);
        for (const call of refused) expect(call).toMatch(/^refused .*@1\.building checkpoint-conflict$/);
        // It stood by; holding the lease still, it starts again from nothing and builds the same documents.
        await expectSame(stale, head, expected);
      } finally {
        await stale.close();
      }
    } finally {
      await live.close();
      dir.remove();
    }
  });
});
