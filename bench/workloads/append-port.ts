/**
 * The service's side of the append workload: appends and reads through the EventStore port
 * of the embedded default (SqliteEventStore: WAL, synchronous=FULL, group commit, hash chain).
 */
import { performance } from 'node:perf_hooks';
import type { ExpectedRevision } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { makeEvent, streamId, writerShare, type AppendPlan } from './append-events.js';
import type { Measurement, Samples } from './append-measure.js';

export interface PortAppends {
  readonly file: string;
  readonly plan: AppendPlan;
  readonly writers: number;
  readonly padding: string;
  readonly samples: Samples;
  /** When given, receives for each position (index position-1) the commit that carried it. */
  readonly commitOf?: Uint32Array;
}

/**
 * `writers` writers at once, each appending its share one event per append with the
 * expected revision and waiting for the acknowledgement before the next, as a command
 * handler does. Latency runs from the call to the acknowledgement.
 */
export async function appendThroughPort({ file, plan, writers, padding, samples, commitOf }: PortAppends): Promise<Measurement> {
  const store = new SqliteEventStore({ file });
  samples.reset();
  try {
    const writer = async (w: number): Promise<void> => {
      for (const { n, stream, revision } of writerShare(plan, writers, w)) {
        const expectedRevision: ExpectedRevision = revision === 0 ? 'no_stream' : revision - 1;
        const event = makeEvent(n, padding);
        const started = performance.now();
        const result = await store.append(streamId(stream), [event], { expectedRevision });
        samples.add(performance.now() - started);
        // Each writer has at most one append pending, far below the store's batch limit, so a
        // drain is one commit and the count read on acknowledgement is the commit that carried it.
        if (commitOf) commitOf[Number(result.position) - 1] = store.commitStats().commits;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const seconds = (performance.now() - started) / 1000;
    const { commits, requests } = store.commitStats();
    const head = await store.headPosition();
    if (head !== BigInt(plan.size) || requests !== plan.size) {
      throw new Error(`expected ${plan.size} appends; the store holds ${head} events and counted ${requests} requests`);
    }
    return { events: plan.size, seconds, latency: samples.percentiles(), commits };
  } finally {
    await store.close();
  }
}

/** Every stream read back whole, one after another; latency is one readStream call. */
export async function readEveryStream(file: string, plan: AppendPlan, samples: Samples): Promise<Measurement> {
  const store = new SqliteEventStore({ file });
  samples.reset();
  try {
    let events = 0;
    const started = performance.now();
    for (let stream = 0; stream < plan.streams; stream += 1) {
      const readStarted = performance.now();
      const read = await store.readStream(streamId(stream));
      samples.add(performance.now() - readStarted);
      events += read.length;
    }
    const seconds = (performance.now() - started) / 1000;
    if (events !== plan.size) throw new Error(`read ${events} events back, expected ${plan.size}`);
    return { events, seconds, latency: samples.percentiles() };
  } finally {
    await store.close();
  }
}
