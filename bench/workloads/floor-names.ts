/** The floor-limits workload's scenarios, by which bench/goals.ts reads them (no imports: the goals' arithmetic loads no workload). */
export const FLOOR = {
  roundTrip: 'worker_threads postMessage round trip (bare)',
  commit: 'fsync\'d 1-row commit, raw better-sqlite3 (WAL, synchronous=FULL)',
  fdatasync: 'fdatasync of a 650-byte append to a file (bare)',
  sha256One: 'raw read + sha256 of each row, 1 thread',
  sha256Two: 'raw read + sha256 of each row, 2 threads',
  jsonParse: 'raw read + JSON.parse of each row\'s data and metadata, 1 thread',
  http: 'bare Fastify POST /breaches, the registration\'s JSON body, 16 connections',
} as const;

/** The workload's name (its reports are `floor-limits-<size>`). */
export const FLOOR_FAMILY = 'floor-limits';
