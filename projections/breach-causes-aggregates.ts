import { INCIDENT_KINDS, MEASURE_PURPOSES, ROOT_CAUSE_CATEGORIES } from '../src/breaches/breach.events.js';
import { PairMemo, type AggregateDocument } from './projection-aggregates.js';
import { amsterdamMonth } from './breach-pivots.js';
import type { CauseFigures } from './breach-causes-report.js';
import type { BreachCausesDocument } from './breach-causes.js';
import { compareText } from './per-dienst.js';
import type { AggregateContribution, ProjectionAggregates } from './projection.js';

/**
 * The cause analysis' trend over the years as sums kept by the breach-causes projection
 * (ProjectionDefinition.aggregates): one aggregate per month of awareness (`YYYY-MM`), so the
 * trend reads one small document per month of the history instead of every cause document.
 *
 * A document counts 1 under each figure it falls under (its kind, each distinct root cause or
 * `none`, each distinct data category, no prevention measure) and its measures by purpose. The
 * repeat incidents are no sum: whether a breach repeats depends on the breach of its series
 * (dienst × incident kind) just before it and on the configured window, which the projection
 * does not know. So each breach also adds its awareAt in milliseconds to its series, a sorted
 * multiset per month (key → how many): the smallest structure from which the repeats of any
 * year follow exactly for any window, at one number per breach instead of its document.
 *
 * A key is the JSON text of [figure, member] or ['s', [dienst, incidentKind], milliseconds].
 */

const DAY_MS = 86_400_000;
const key = (figure: string, member = '') => JSON.stringify([figure, member]);

/** The keys [figure, member] and each series' key before its time, made once: this runs for every document a commit changes. */
const keys = new PairMemo((figure, member) => key(figure, member));
const seriesPrefixes = new PairMemo((dienst, incidentKind) => JSON.stringify(['s', [dienst, incidentKind]]).slice(0, -1));

export function causeCounts(doc: BreachCausesDocument): AggregateContribution {
  // A hash table from the start (a null-prototype object is one in V8): the keys differ from
  // document to document (each series key holds its breach's time), so a literal would take a new hidden class
  // for nearly every document, and a keyed store to it costs about twice as much.
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  const add = (k: string, n = 1) => {
    if (n !== 0) counts[k] = (counts[k] ?? 0) + n;
  };
  add(keys.get('registered', ''));
  add(keys.get('kind', doc.incidentKind));
  if (doc.rootCauses.length === 0) add(keys.get('root', 'none'));
  for (const category of new Set(doc.rootCauses)) add(keys.get('root', category));
  for (const category of new Set(doc.dataCategories)) add(keys.get('category', category));
  for (const measure of doc.measures) add(keys.get('measure', measure.purpose));
  if (!doc.measures.some((measure) => measure.purpose === 'prevention')) add(keys.get('withoutPrevention', ''));
  add(`${seriesPrefixes.get(doc.dienst, doc.incidentKind)},${JSON.stringify(Date.parse(doc.awareAt))}]`);
  return { id: amsterdamMonth(doc.awareAt), counts };
}

export const breachCausesAggregates: ProjectionAggregates<BreachCausesDocument> = {
  contributions: (document) => [causeCounts(document)],
};

const yearOfMonth = (id: string) => Number(id.slice(0, id.lastIndexOf('-')));
const MONTH_ID = /^-?\d+-\d{2}$/;

/** Each series' breaches as the aggregates keep them: awareAt in milliseconds, ascending, with the year of each. */
export type SeriesTimes = ReadonlyMap<string, readonly { readonly at: number; readonly count: number; readonly year: number }[]>;

/** The month aggregates parsed: the sums per year, and every series' times. */
export function causeSums(aggregates: readonly AggregateDocument[]): { readonly sums: ReadonlyMap<number, ReadonlyMap<string, number>>; readonly series: SeriesTimes } {
  const sums = new Map<number, Map<string, number>>();
  const series = new Map<string, Map<number, { count: number; year: number }>>();
  for (const { id, counts } of aggregates) {
    if (!MONTH_ID.test(id)) continue;
    const y = yearOfMonth(id);
    let ofYear = sums.get(y);
    if (ofYear === undefined) sums.set(y, (ofYear = new Map()));
    for (const k in counts) {
      const n = counts[k] as number;
      const parsed = JSON.parse(k) as [string, string] | ['s', [string, string], number];
      if (parsed[0] === 's') {
        const s = JSON.stringify(parsed[1]);
        let times = series.get(s);
        if (times === undefined) series.set(s, (times = new Map()));
        const at = parsed[2] as number;
        times.set(at, { count: (times.get(at)?.count ?? 0) + n, year: y });
      } else ofYear.set(k, (ofYear.get(k) ?? 0) + n);
    }
  }
  const sorted = new Map([...series].map(([s, times]) => [s, [...times].map(([at, { count, year }]) => ({ at, count, year })).sort((a, b) => a.at - b.at)]));
  return { sums, series: sorted };
}

/**
 * The figures of every year from two years before `year` (or the first year with a breach,
 * when earlier) through `year`, from the parsed month aggregates: what causeAnalysis' trend shows.
 */
export function causeTrend({ sums, series }: ReturnType<typeof causeSums>, year: number, repeatWindowDays: number): ({ readonly year: number } & CauseFigures)[] {
  // A breach repeats when the one before it in its series is at most the window earlier (equal times: the later one repeats).
  const repeats = new Map<number, number>();
  for (const times of series.values()) {
    times.forEach(({ at, count, year: y }, index) => {
      const before = times[index - 1];
      const repeated = (before !== undefined && at - before.at <= repeatWindowDays * DAY_MS ? 1 : 0) + (count - 1);
      if (repeated > 0) repeats.set(y, (repeats.get(y) ?? 0) + repeated);
    });
  }
  // Not Math.min(...years): spread arguments overflow the stack on a long history.
  let firstYear = year - 2;
  for (const y of sums.keys()) if (y < firstYear) firstYear = y;
  return Array.from({ length: year - firstYear + 1 }, (_, i) => firstYear + i).map((y) => ({ year: y, ...figuresOf(sums.get(y) ?? new Map(), repeats.get(y) ?? 0) }));
}

/**
 * The series and years before `year` whose cause documents the year's repeat series reach
 * back into: from each series' first breach of the year, back through every breach at most the
 * window before the next one. Only those are read besides the year's own documents: the year's
 * repeats and the series it shows come out as from every document.
 */
export function earlierSeriesYears(series: SeriesTimes, year: number, repeatWindowDays: number): { readonly dienst: string; readonly incidentKind: string; readonly year: number }[] {
  const needed: { dienst: string; incidentKind: string; year: number }[] = [];
  for (const [s, times] of series) {
    const first = times.findIndex((time) => time.year === year);
    const years = new Set<number>();
    for (let index = first; index > 0; index -= 1) {
      const [before, time] = [times[index - 1], times[index]] as [{ at: number; year: number }, { at: number }];
      if (time.at - before.at > repeatWindowDays * DAY_MS) break;
      if (before.year < year) years.add(before.year);
    }
    const [dienst, incidentKind] = JSON.parse(s) as [string, string];
    for (const y of years) needed.push({ dienst, incidentKind, year: y });
  }
  return needed;
}

function figuresOf(sums: ReadonlyMap<string, number>, repeatIncidents: number): CauseFigures {
  const c = (figure: string, member = '') => sums.get(key(figure, member)) ?? 0;
  const categories: { category: string; breaches: number }[] = [];
  for (const [k, n] of sums) {
    const [figure, member] = JSON.parse(k) as [string, string];
    if (figure === 'category' && n > 0) categories.push({ category: member, breaches: n });
  }
  return {
    registered: c('registered'),
    byIncidentKind: Object.fromEntries(INCIDENT_KINDS.map((kind) => [kind, c('kind', kind)])) as CauseFigures['byIncidentKind'],
    byRootCause: Object.fromEntries([...ROOT_CAUSE_CATEGORIES, 'none'].map((category) => [category, c('root', category)])) as CauseFigures['byRootCause'],
    byDataCategory: categories.sort((a, b) => b.breaches - a.breaches || compareText(a.category, b.category)),
    measures: {
      ...(Object.fromEntries(MEASURE_PURPOSES.map((purpose) => [purpose, c('measure', purpose)])) as Record<'containment' | 'prevention', number>),
      breachesWithoutPrevention: c('withoutPrevention'),
    },
    repeatIncidents,
  };
}
