/**
 * What a yearly report costs, from every row (as the route computed it before the projections
 * kept aggregates, and still does as of a moment) and from the kept aggregates, on a log of
 * `--years` generated years of `--breaches` breaches each; and what keeping the aggregates adds
 * to a catch-up of the two projections that keep them. A focused measurement, not a workload of
 * the benchmark run:
 *
 *   npm run build:bench && node dist-bench/bench/annual-report-kept.js --breaches 5000 --years 4
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { annualReport } from '../projections/annual-report.js';
import { INCIDENT_KINDS } from '../src/breaches/breach.events.js';
import { causeAnalysis } from '../projections/breach-causes-report.js';
import { breachCauses } from '../projections/breach-causes.js';
import { breachRegister } from '../projections/breach-register.js';
import { breachYearFigures, monthsOf } from '../projections/breach-register-aggregates.js';
import { causeSums, causeTrend } from '../projections/breach-causes-aggregates.js';
import type { ProjectionDefinition } from '../projections/projection.js';
import { keptAnnualReport } from '../src/reports/get-annual-report/kept-figures.js';
import { appendGeneratedYear, DEFAULT_DIENSTEN, generateBreachYear } from '../test/support/breaches/generate-breach-year.js';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import { GovernanceDocuments, GOVERNANCE } from '../src/read-store/governance-documents.js';
import { Projections } from '../src/read-store/projections.js';
import { SqliteDocumentStore } from '../src/read-store/sqlite/sqlite-document-store.js';
import { ViewSource, type ViewSources } from '../src/read-store/view-sources.js';
import { FixedClock } from '../src/shared/clock.js';

const { values } = parseArgs({ options: { breaches: { type: 'string', default: '5000' }, years: { type: 'string', default: '4' }, repeats: { type: 'string', default: '5' } } });
const perYear = Number(values.breaches);
const years = Array.from({ length: Number(values.years) }, (_, i) => 2022 - Number(values.years) + 1 + i);
const quiet = { info: () => undefined, error: () => undefined };
const WINDOW = 90;
const DIENSTEN = DEFAULT_DIENSTEN;

const dir = mkdtempSync(join(tmpdir(), 'annual-kept-'));
const clock = new FixedClock('2019-01-01T00:00:00.000Z');
const events = new SqliteEventStore({ file: join(dir, 'events.sqlite'), clock, pollIntervalMs: 20 });
const started = performance.now();
for (const [index, year] of years.entries()) {
  await appendGeneratedYear(events, clock, generateBreachYear({ seed: 7 + index, year, breaches: perYear, reportedShare: 0.6, lateShare: 0.3, withdrawnShare: 0.1, correctionShare: 0.2 }), { pipeline: true });
}
const head = await events.headPosition();
console.log(`log: ${head} events, ${perYear * years.length} breaches over ${years.join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s to append)`);

const definitions = [breachRegister, breachCauses, ...GOVERNANCE] as unknown as ProjectionDefinition[];
async function side(file: string, keep: boolean) {
  const documents = new SqliteDocumentStore({ file: join(dir, file) });
  const chosen = keep ? definitions : definitions.map(({ aggregates: _aggregates, ...definition }) => definition as ProjectionDefinition);
  const projections = new Projections(chosen, events, documents, clock, { batchSize: 100, catchUpBatchSize: 1000, idleFlushMs: 5, readWaitMs: 600_000, generationPollMs: 1000, log: quiet });
  const at = performance.now();
  await projections.start();
  const collections = new Map<string, string>();
  for (const { name } of chosen) collections.set(name, (await projections.readable(name, head)).collection);
  const seconds = (performance.now() - at) / 1000;
  return { documents, projections, seconds, source: new ViewSource(documents, collections, head, clock.now().toISOString(), undefined, 'bench') };
}

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < Number(values.repeats); i++) {
    const at = performance.now();
    await run();
    ms.push(performance.now() - at);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: median ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms, min ${ms[0]?.toFixed(1)} ms (${ms.length} runs)`);
}

const plain = await side('plain.sqlite', false);
console.log(`catch-up of register, causes and governance without aggregates: ${plain.seconds.toFixed(1)} s`);
const kept = await side('kept.sqlite', true);
console.log(`catch-up of register, causes and governance keeping aggregates: ${kept.seconds.toFixed(1)} s`);

const year = years.at(-1) as number;
const governance = (source: ViewSource) => () => new GovernanceDocuments({} as ViewSources).from(source);
const fromRows = async (source: ViewSource) => {
  // What the route read before: the year's register rows, every cause document, the governance documents.
  const rows = await source.findAll(breachRegister, { where: [{ field: 'year', op: 'eq', value: year }], orderBy: [{ field: 'awareAt', direction: 'asc' }] });
  const causes = await source.findAll(breachCauses, { orderBy: [{ field: 'awareAt', direction: 'asc' }] });
  return annualReport({ ...(await governance(source)()), breaches: rows, causes }, year, DIENSTEN, WINDOW);
};
const fromKept = (source: ViewSource) => keptAnnualReport(source, year, governance(source), DIENSTEN, WINDOW);
const same = JSON.stringify(await fromRows(kept.source)) === JSON.stringify(await fromKept(kept.source));
console.log(`the two reports of ${year} are ${same ? 'identical' : 'DIFFERENT'}`);
{
  // The repeat series the report lists run back as far as their breaches follow each other within the window: their documents are read whatever keeps the figures.
  const listed = (await fromKept(kept.source))?.causes.repeatIncidents ?? [];
  const breachesListed = listed.reduce((sum, series) => sum + series.breaches.length, 0);
  const earliest = listed.flatMap((series) => series.breaches.map((breach) => breach.awareAt)).sort()[0] ?? '-';
  console.log(`the report lists ${listed.length} repeat series with ${breachesListed} breaches, the earliest aware at ${earliest}`);
}
await timed(`report ${year} from every row`, () => fromRows(kept.source));
await timed(`report ${year} from the kept aggregates`, () => fromKept(kept.source));
await timed(`  of which: the register's twelve month aggregates`, () => Promise.all(Array.from({ length: 12 }, (_, m) => kept.source.aggregate(breachRegister as unknown as ProjectionDefinition, `${year}-${String(m + 1).padStart(2, '0')}`))));
await timed(`  of which: the causes' month aggregates`, () => kept.source.aggregates(breachCauses as unknown as ProjectionDefinition));
await timed(`  of which: the cause documents of ${year}`, () => kept.source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: year }] }));
await timed(`  of which: the governance documents`, governance(kept.source));
await timed(`  (before: every cause document)`, () => kept.source.findAll(breachCauses, {}));
await timed(`  (before: the register rows of ${year})`, () => kept.source.findAll(breachRegister, { where: [{ field: 'year', op: 'eq', value: year }] }));
{
  const parsed = causeSums(await kept.source.aggregates(breachCauses as unknown as ProjectionDefinition));
  const months = await Promise.all(monthsOf(year).map((month) => kept.source.aggregate(breachRegister as unknown as ProjectionDefinition, month)));
  await timed('  of which: the breach figures from the month aggregates', async () => breachYearFigures(year, months.map((month) => month?.counts), DIENSTEN));
  await timed('  of which: the trend from the month aggregates', async () => causeTrend(parsed, year, WINDOW));
  const ofYear = await kept.source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: year }] });
  await timed(`  of which: one read of ${year - 1}'s cause documents by year, diensten and kinds`, () =>
    kept.source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: year - 1 }, { field: 'dienst', op: 'in', value: [...DIENSTEN] }, { field: 'incidentKind', op: 'in', value: [...INCIDENT_KINDS] }] }),
  );
  await timed(`  of which: one read of ${year - 1}'s cause documents by year`, () => kept.source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: year - 1 }] }));
  const trend = causeTrend(parsed, year, WINDOW);
  await timed(`  of which: the cause analysis of the year's ${ofYear.length} documents`, async () => causeAnalysis(ofYear, [], year, { period: 'quarter', repeatWindowDays: WINDOW, diensten: DIENSTEN }, trend));
}
const aggregates = await kept.documents.findAll(`${(await kept.projections.readable(breachRegister.name, head)).collection}.aggregates`, {});
const sizes = aggregates.map((aggregate) => JSON.stringify(aggregate).length);
console.log(`register aggregates: ${aggregates.length}, largest ${Math.max(...sizes)} B, mean ${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)} B`);

for (const s of [plain, kept]) {
  await s.projections.stop();
  await s.documents.close();
}
await events.close();
rmSync(dir, { recursive: true, force: true });
