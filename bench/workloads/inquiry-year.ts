/**
 * The inquiry workload's log, built apart: a child process (`node inquiry-year.js --file F
 * --breaches N`) generates the seeded year and appends it through the port (pipelined, as
 * appendGeneratedYear does), then reports what it wrote. The year of 25,000 breaches is
 * ~150,000 events and ~275 MB of objects while generated: held in the workload's own process,
 * it would be counted in the answer's peak RSS, which is what the workload measures.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { appendGeneratedYear, generateBreachYear } from '../../test/support/breaches/generate-breach-year.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { FixedClock } from '../../src/shared/clock.js';
import { peakRssMb, round } from '../harness.js';

export interface BuiltYear {
  readonly events: number;
  /** The log's head after the year, as text (a bigint). */
  readonly lastPosition: string;
  /** The last event's recording time: the service's clock starts from it. */
  readonly lastRecordedAt: string;
  readonly generateSeconds: number;
  readonly appendSeconds: number;
  readonly peakRssMb: number;
}

export async function buildYear(file: string, options: { seed: number; year: number; breaches: number }): Promise<BuiltYear> {
  let started = performance.now();
  const generated = generateBreachYear(options);
  const generateSeconds = (performance.now() - started) / 1000;
  const clock = new FixedClock(`${options.year}-01-01T00:00:00.000Z`);
  const store = new SqliteEventStore({ file, clock });
  try {
    started = performance.now();
    const { appended, lastPosition } = await appendGeneratedYear(store, clock, generated, { pipeline: true });
    const appendSeconds = (performance.now() - started) / 1000;
    return { events: appended, lastPosition: lastPosition.toString(), lastRecordedAt: clock.now().toISOString(), generateSeconds: round(generateSeconds, 2), appendSeconds: round(appendSeconds, 2), peakRssMb: peakRssMb() };
  } finally {
    await store.close();
  }
}

/** Builds the year into `file` in a child process and returns what it reports. */
export function buildYearApart(file: string, options: { seed: number; year: number; breaches: number }): BuiltYear {
  const script = fileURLToPath(import.meta.url);
  const args = [script, '--file', file, '--seed', String(options.seed), '--year', String(options.year), '--breaches', String(options.breaches)];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out) as BuiltYear;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { file: { type: 'string' }, seed: { type: 'string' }, year: { type: 'string' }, breaches: { type: 'string' } } });
  const [seed, year, breaches] = [values.seed, values.year, values.breaches].map(Number) as [number, number, number];
  if (values.file === undefined || ![seed, year, breaches].every((n) => Number.isSafeInteger(n) && n > 0)) throw new Error('usage: inquiry-year --file <events.sqlite> --seed N --year YYYY --breaches N');
  process.stdout.write(`${JSON.stringify(await buildYear(values.file, { seed, year, breaches }))}\n`);
}
