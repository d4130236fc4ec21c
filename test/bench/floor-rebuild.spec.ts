import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { REBUILD_STAGES, rebuildFloor, type RebuildFloor } from '../../bench/workloads/floor-rebuild.js';
import { buildLog } from '../../bench/workloads/log-builder.js';
import { PROJECTION_DEFINITIONS } from '../../src/read-store/read-store.module.js';
import { readSide } from '../support/read-side.js';
import { tempDir } from '../support/temp-dir.js';

const EVENTS = 4_000;

/** Every document of each projection's collection in a read-model file, as `id json` lines sorted, by projection name. */
function documentsByProjection(file: string, generation: (name: string) => RegExp): Map<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'collection/%'`).pluck().all() as string[];
    const byName = new Map<string, string[]>();
    for (const { name } of PROJECTION_DEFINITIONS) {
      const table = tables.find((t) => generation(name).test(t));
      const lines = table === undefined ? [] : (db.prepare(`SELECT id, json(doc) FROM "${table}"`).raw().all() as [string, string][]).map(([id, doc]) => `${id} ${doc}`);
      byName.set(name, lines.sort());
    }
    return byName;
  } finally {
    db.close();
  }
}

/**
 * The raw rebuild is a floor only if it does the service's work: the same documents from the same
 * log. Here both build every read model from a generated log, and each projection's documents are
 * compared byte for byte (as SQLite's JSON text of the stored JSONB).
 */
describe('the raw rebuild of the floors', () => {
  const dir = tempDir('privacy-ledger-floor-rebuild-');
  const log = join(dir.path, 'events.sqlite');
  let floor: RebuildFloor;

  beforeAll(async () => {
    await buildLog(log, EVENTS);
    floor = rebuildFloor(log, join(dir.path, 'floor.sqlite'), { keep: true });
    const side = readSide(dir.path, { readModels: 'service.sqlite' });
    try {
      const rebuilds = await Promise.all(side.projections.names().map((name) => side.projections.rebuild(name)));
      await Promise.all(rebuilds.map((rebuild) => rebuild.done));
    } finally {
      await side.close();
    }
  }, 60_000);
  afterAll(() => dir.remove());

  it('builds the documents the service builds from the same log, for every projection', () => {
    const escape = (name: string) => name.replace(/[.]/g, '\\.');
    const service = documentsByProjection(join(dir.path, 'service.sqlite'), (name) => new RegExp(`^collection/${escape(name)}@\\d+$`));
    const raw = documentsByProjection(join(dir.path, 'floor.sqlite'), (name) => new RegExp(`^collection/${escape(name)}@1$`));
    let documents = 0;
    for (const { name } of PROJECTION_DEFINITIONS) {
      expect({ name, documents: raw.get(name) }).toEqual({ name, documents: service.get(name) });
      documents += raw.get(name)!.length;
    }
    expect(documents).toBeGreaterThan(1_000);
    expect(floor.documents).toBeGreaterThanOrEqual(documents); // and the aggregates
  });

  it('reads every event once and times each stage, the stages within the whole', () => {
    expect(floor.events).toBe(EVENTS);
    const stages = REBUILD_STAGES.map((stage) => floor.stages[stage]);
    stages.forEach((ms) => expect(ms).toBeGreaterThan(0));
    expect(stages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(floor.ms);
  });

  it('builds each projection\'s indexes, as the store declares them', () => {
    const db = new Database(join(dir.path, 'floor.sqlite'), { readonly: true });
    try {
      const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'documents/%'`).pluck().all() as string[];
      const declared = PROJECTION_DEFINITIONS.flatMap(({ name, indexes: fields }) => fields.map((field) => `documents/${name}@1/${field}`));
      expect(indexes.sort()).toEqual(declared.sort());
    } finally {
      db.close();
    }
  });
});
