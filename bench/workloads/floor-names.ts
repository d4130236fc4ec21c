/** The floor-limits workload's scenarios, by which bench/goals.ts reads them (no imports: the goals' arithmetic loads no workload). */
export const FLOOR = {
  roundTrip: 'worker_threads postMessage round trip (bare)',
  commit: 'fsync\'d 1-row commit, raw better-sqlite3 (WAL, synchronous=FULL)',
  fdatasync: 'fdatasync of a 650-byte append to a file (bare)',
  sha256One: 'raw read + sha256 of each row, 1 thread',
  sha256Two: 'raw read + sha256 of each row, 2 threads',
  jsonParse: 'raw read + JSON.parse of each row\'s data and metadata, 1 thread',
  http: 'bare Fastify POST /breaches, the registration\'s JSON body, 16 connections',
  rebuild: 'raw rebuild of every read model in stream order, 1 thread (all its stages)',
  rebuildWrites: 'raw rebuild: its SQLite writes (JSONB inserts + index builds), one writer\'s work',
} as const;

/** The raw rebuild's stages (floor-rebuild.ts), each a row of its own: µs each is its share of an event. */
export const REBUILD_STAGE_ROWS = {
  read: 'raw rebuild, stage: read in stream order + JSON.parse',
  fold: 'raw rebuild, stage: the projections\' folds (their own apply)',
  stringify: 'raw rebuild, stage: JSON.stringify of the documents',
  aggregates: 'raw rebuild, stage: aggregate contributions summed',
  insert: 'raw rebuild, stage: inserts (JSONB, the store\'s tables, 2 MiB commits)',
  index: 'raw rebuild, stage: index builds (the store\'s CREATE INDEX)',
} as const;

/** The workload's name (its reports are `floor-limits-<size>`). */
export const FLOOR_FAMILY = 'floor-limits';
