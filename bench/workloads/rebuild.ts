/**
 * Workload (c): every projection of the service (PROJECTION_DEFINITIONS) rebuilt from
 * position 0 into a new generation: first one after the other, as `npm run projections:rebuild
 * -- <name>` does for one (Projections.rebuild, then wait until the new generation has taken
 * over; 500 documents a commit), then all of them together over one shared read, as a first
 * start on an existing log or a rebuild of everything does (the service's batches: 100, 1000
 * while catching up). The goal reads the "together" row. The read side is built as
 * test/support/read-side.ts builds it. The log is built first, in a child process, and its
 * build is reported apart: it is not the measured workload.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { readSide } from '../../test/support/read-side.js';
import { round, type Row, type Workload, type WorkloadOptions, type WorkloadReport } from '../harness.js';
import { BUILD_SETTINGS, buildLogApart, logFileMb } from './log-builder.js';
import { MEMORY_COLUMNS, baselineRow, buildRow, memoryAfter, sizeLabel } from './memory.js';

/** The batch of the one-after-the-other rows (documents a commit). */
const BATCH_SIZE = 500;
/** The service's defaults: PROJECTION_BATCH_SIZE and PROJECTION_CATCH_UP_BATCH_SIZE. */
const SERVICE_BATCH_SIZE = 100;
const SERVICE_CATCH_UP_BATCH_SIZE = 1000;

export const workload: Workload = {
  name: 'rebuild',
  async run(options: WorkloadOptions): Promise<WorkloadReport> {
    const size = options.size ?? (options.quick ? 5_000 : 100_000);
    const built = buildLogApart(join(options.dir, 'events.sqlite'), size);
    const side = readSide(options.dir, { batchSize: BATCH_SIZE });
    const rows: Row[] = [baselineRow()];
    let total = 0;
    let documents = 0;
    try {
      for (const name of side.projections.names()) {
        const started = performance.now();
        const { generation, done } = await side.projections.rebuild(name);
        await done;
        const seconds = (performance.now() - started) / 1000;
        const status = (await side.projections.status()).find((entry) => entry.name === name);
        if (status?.generation !== generation || BigInt(status.position) !== BigInt(size)) {
          throw new Error(`the rebuild of ${name} did not take over at the head: ${JSON.stringify(status)}`);
        }
        const written = (await side.documents.find(`${name}@${generation}`, { limit: 1 })).total;
        total += seconds;
        documents += written;
        rows.push({ scenario: name, figures: figures(size, seconds, eventsOf(name, built.byCategory), written) });
      }
    } finally {
      await side.close();
    }
    rows.push({ scenario: `all ${rows.length - 1}, one after the other`, figures: figures(size, total, size, documents) });
    rows.push(await together(size), buildRow(built));
    return {
      workload: `rebuild-${sizeLabel(size)}`,
      title: `Rebuild of every projection from position 0 over ${size.toLocaleString('en')} events`,
      settings: { events: size, streams: built.streams, byCategory: built.byCategory, batchSize: BATCH_SIZE, readStore: 'SQLite document store', durability: 'WAL, synchronous=FULL', ...BUILD_SETTINGS },
      columns: [
        { key: 'events', label: 'log events' },
        { key: 'projected', label: 'its events' },
        { key: 'seconds', label: 'seconds' },
        { key: 'eventsPerSecond', label: 'events/s' },
        { key: 'documents', label: 'documents' },
        ...MEMORY_COLUMNS,
      ],
      rows,
      comparisons: [],
      notes: [
        'One after the other: each projection reads only the rows of its own category (SQLite reads by category through an index; pages of 500), applies them and commits its documents with its checkpoint every 500 changed documents; events/s is log events ÷ wall-clock time, from the call to Projections.rebuild until the new generation has taken over. "its events" are the events of its category, "documents" what its new generation holds.',
        'Together: every rebuild started at once into a second read-store file; the three breach projections share one read of the breach rows (each page read and decoded once for the three), the others read their own; each commits up to 1000 documents while catching up. events/s is log events ÷ the wall-clock time until the last new generation has taken over. An empty new generation reads no document it has not written itself.',
        'heapUsed and buffers are measured after a full GC once each rebuild is done; RSS at the same moment. The runner\'s peak RSS is this process\'s (the log is built in a child process). A rebuild holds one page of events and one batch of documents at a time, so its memory does not grow with the log.',
        'Without the service\'s personal-data decoding (as test/support/read-side.ts builds the read side): the generated events carry no encrypted fields.',
        `The log (built in a child process, not measured): ${built.events.toLocaleString('en')} events in ${built.seconds} s (${built.eventsPerSecond.toLocaleString('en')} events/s), one append per event through the port with the real hash chain; the builder's peak RSS ${built.peakRssMb} MB.`,
      ],
    };

    /**
     * Every projection rebuilt at once, as a first start on an existing log or a "rebuild
     * everything" does: one shared read of the log (per category) feeds all of them, with the
     * service's batches (PROJECTION_BATCH_SIZE 100, PROJECTION_CATCH_UP_BATCH_SIZE 1000).
     */
    async function together(events: number): Promise<Row> {
      const service = readSide(options.dir, { batchSize: SERVICE_BATCH_SIZE, catchUpBatchSize: SERVICE_CATCH_UP_BATCH_SIZE, readModels: 'read-models-together.sqlite' });
      try {
        const names = service.projections.names();
        const started = performance.now();
        const rebuilds = await Promise.all(names.map((name) => service.projections.rebuild(name)));
        await Promise.all(rebuilds.map((rebuild) => rebuild.done));
        const seconds = (performance.now() - started) / 1000;
        const statuses = await service.projections.status();
        let written = 0;
        for (const [index, name] of names.entries()) {
          const status = statuses.find((entry) => entry.name === name);
          const generation = rebuilds[index]?.generation;
          if (status === undefined || status.generation !== generation || BigInt(status.position) !== BigInt(events)) {
            throw new Error(`the rebuild of ${name} did not take over at the head: ${JSON.stringify(status)}`);
          }
          written += (await service.documents.find(`${name}@${generation}`, { limit: 1 })).total;
        }
        return { scenario: `together: all ${names.length}, one shared read`, figures: figures(events, seconds, events, written) };
      } finally {
        await service.close();
      }
    }

    function figures(events: number, seconds: number, projected: number, written: number): Row['figures'] {
      return { events, projected, seconds: round(seconds, 2), eventsPerSecond: Math.round(events / seconds), documents: written, ...memoryAfter(), logMb: logFileMb(join(options.dir, 'events.sqlite')) };
    }
  },
};

function eventsOf(name: string, byCategory: Readonly<Record<string, number>>): number {
  const definition = PROJECTION_DEFINITIONS.find((candidate) => candidate.name === name);
  return definition ? (byCategory[definition.category] ?? 0) : 0;
}
