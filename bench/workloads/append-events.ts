/**
 * The events and streams of the append workload: `size` events over size/10 streams, each
 * stream getting 10 events. Ids are derived from indexes, so nothing the size of the log is
 * kept in memory, and every scenario appends the same events to the same streams.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/event-store/canonical-json.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';

export const EVENTS_PER_STREAM = 10;
/** Canonical JSON of type, data and command metadata as a handler sends them (the old append bench's size). */
export const TARGET_EVENT_BYTES = 500;

export interface AppendPlan {
  readonly size: number;
  readonly streams: number;
}

export function appendPlan(size: number): AppendPlan {
  return { size, streams: Math.ceil(size / EVENTS_PER_STREAM) };
}

/** `breach-<uuid>` as the service names streams; the uuid's last group is the stream's index. */
export function streamId(stream: number): string {
  return `breach-00000000-0000-4000-8000-${stream.toString(16).padStart(12, '0')}`;
}

/** One event as a command handler would send it, padded so its canonical JSON is ~500 bytes. */
export function makeEvent(n: number, padding: string): NewEvent {
  const commandId = randomUUID();
  return {
    type: 'BreachDetected',
    data: { n, title: 'Letter with health data sent to the wrong address', affectedPersons: 3, detectedAt: '2026-03-01T10:15:30.123Z', notes: padding },
    metadata: { actor: { id: 'privacy-officer-7', role: 'privacy-officer' }, commandId, correlationId: commandId, causationId: commandId },
  };
}

export function paddingFor(targetBytes: number): string {
  return 'x'.repeat(Math.max(0, targetBytes - eventBytes('')));
}

/** Bytes of an event's canonical JSON as sent (n = 0). */
export function eventBytes(padding: string): number {
  return Buffer.byteLength(canonicalJson(makeEvent(0, padding)), 'utf8');
}

export interface PlannedAppend {
  /** The event's index in the whole workload, 0 … size-1. */
  readonly n: number;
  readonly stream: number;
  /** The revision the event gets; the expected revision is the one before it. */
  readonly revision: number;
}

/**
 * The appends of one of `writers` writers, in its order. Writer w owns the streams with
 * index ≡ w (mod writers) and goes round them ten times, one event per stream per round:
 * a stream's events are spread over the run, as a case's events are spread over its life,
 * so every append looks up a stream head that is not the one just written.
 */
export function* writerShare(plan: AppendPlan, writers: number, writer: number): Generator<PlannedAppend> {
  for (let revision = 0; revision < EVENTS_PER_STREAM; revision += 1) {
    for (let stream = writer; stream < plan.streams; stream += writers) {
      const n = revision * plan.streams + stream;
      if (n >= plan.size) break;
      yield { n, stream, revision };
    }
  }
}
