/** What the replay and rebuild workloads share in their rows: memory after a step, the log's build, the size in a name. */
import { round, type Column, type Row } from '../harness.js';
import type { BuiltLog } from './log-builder.js';

export interface MemoryFigures {
  readonly heapUsedMb: number;
  /** Buffer and ArrayBuffer memory, outside the V8 heap. */
  readonly arrayBuffersMb: number;
  readonly rssMb: number;
}

/** The columns of MemoryFigures, and the log's size on disk. */
export const MEMORY_COLUMNS: readonly Column[] = [
  { key: 'heapUsedMb', label: 'heapUsed MB' },
  { key: 'arrayBuffersMb', label: 'buffers MB' },
  { key: 'rssMb', label: 'RSS MB' },
  { key: 'logMb', label: 'log MB' },
];

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

/** After a full collection when the process runs with --expose-gc (the runner starts it so): what is still held. */
export function memoryAfter(): MemoryFigures {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
  return { heapUsedMb: mb(heapUsed), arrayBuffersMb: mb(arrayBuffers), rssMb: mb(rss) };
}

/** Memory before the workload's first step, its stores open: what the rows' memory compares with. */
export function baselineRow(): Row {
  return { scenario: 'baseline: stores open, nothing run yet', figures: { ...memoryAfter() } };
}

/** The build of the log, as a row beside the measured ones (its memory is the child process's peak). */
export function buildRow(built: BuiltLog): Row {
  return {
    scenario: 'building the log (child process, not measured)',
    figures: { events: built.events, seconds: built.seconds, eventsPerSecond: built.eventsPerSecond, heapUsedMb: null, arrayBuffersMb: null, rssMb: built.peakRssMb, logMb: built.fileMb },
  };
}

/** 100000 → 100k, 1000000 → 1M. */
export function sizeLabel(size: number): string {
  if (size >= 1_000_000 && size % 1_000_000 === 0) return `${size / 1_000_000}M`;
  if (size >= 1_000 && size % 1_000 === 0) return `${size / 1_000}k`;
  return String(size);
}
