/**
 * How fast the projections build from the log: several generated breach years (the
 * seeded generator, 255 breaches a year as in 2021) are appended, then each projection is
 * rebuilt from position 0 and timed. Never part of `npm test`. Run with
 * `npm run bench:projections` (options: `-- --years 10 --batch 500`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appendGeneratedYear, generateBreachYear } from '../src/breaches/testing/generate-breach-year.js';
import { readSide } from '../test/support/read-side.js';
import { tempDir } from '../test/support/temp-dir.js';

const { values } = parseArgs({ options: { years: { type: 'string', default: '10' }, batch: { type: 'string', default: '500' } } });
const years = Number(values.years);
const batchSize = Number(values.batch);
if (!Number.isSafeInteger(years) || years < 1 || !Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error('--years and --batch must be positive integers');

const dir = tempDir('privacy-ledger-bench-');
const side = readSide(dir.path, { batchSize });
try {
  let appended = 0;
  const appendStart = performance.now();
  for (let n = 0; n < years; n += 1) {
    const year = generateBreachYear({ seed: 1000 + n, year: 2015 + n });
    appended += (await appendGeneratedYear(side.events, side.clock, year, { pipeline: true })).appended;
  }
  const appendSeconds = (performance.now() - appendStart) / 1000;
  const head = await side.events.headPosition();
  await side.projections.start();
  await Promise.all(side.projections.names().map((name) => side.projections.readable(name, head)));

  const rebuilds = [];
  for (const name of side.projections.names()) {
    const start = performance.now();
    const { done } = await side.projections.rebuild(name);
    await done;
    const seconds = (performance.now() - start) / 1000;
    rebuilds.push({ projection: name, events: appended, seconds: round(seconds), eventsPerSecond: Math.round(appended / seconds) });
  }
  const result = {
    benchmark: 'projections',
    at: new Date().toISOString(),
    environment: { node: process.version, platform: `${platform()} ${release()}`, cpus: cpus().length, cpu: cpus()[0]?.model },
    settings: { years, breachesPerYear: 255, batchSize },
    appended: { events: appended, seconds: round(appendSeconds) },
    rebuilds,
  };
  console.log(`${appended} events of ${years} generated years appended in ${round(appendSeconds)} s`);
  console.log('projection            events  seconds  events/s');
  for (const r of rebuilds) console.log(`${r.projection.padEnd(20)} ${String(r.events).padStart(7)} ${String(r.seconds).padStart(8)} ${String(r.eventsPerSecond).padStart(9)}`);
  const out = fileURLToPath(new URL('../../bench/results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const file = join(out, `projections-${result.at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  await side.close();
  dir.remove();
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
