import { INCIDENT_KINDS, MEASURE_PURPOSES, ROOT_CAUSE_CATEGORIES, type IncidentKind, type RecommendationRelation, type RootCauseCategory } from '../src/breaches/breach.events.js';
import type { AuditRecommendationsDocument } from './audit-recommendations.js';
import type { BreachCausesDocument, CauseMeasure } from './breach-causes.js';
import { compareText, dienstenOf } from './per-dienst.js';
import { amsterdamYearMonth } from './stream.js';

/**
 * Why breaches happen and keep happening, from the breach-causes documents at query time:
 * the year per month, quarter or year (incident kinds, data categories, root causes, measures,
 * diensten), the repeat incidents, the trend across the years, and the links to audit
 * recommendations. What counts:
 * - A breach belongs to the period of its awareAt in Europe/Amsterdam.
 * - Root causes: the breaches with at least one of a category (a breach may have several);
 *   `none` counts the breaches with none recorded.
 * - A repeat incident: a breach of the same incident kind in the same dienst as an earlier
 *   breach, aware within `repeatWindowDays` of it (the earlier one may lie in the year before).
 * - The trend runs from two years before the year asked (the 2021 report compares with 2019
 *   and 2020), or from the first year with a breach when that is earlier.
 */

export type CausePeriod = 'month' | 'quarter' | 'year';
export const CAUSE_PERIODS: readonly CausePeriod[] = ['month', 'quarter', 'year'];

export interface CauseAnalysisOptions {
  readonly period: CausePeriod;
  readonly repeatWindowDays: number;
  readonly diensten: readonly string[];
}

type Counts<K extends string> = { readonly [C in K]: number };

export type CauseFigures = {
  readonly registered: number;
  readonly byIncidentKind: Counts<IncidentKind>;
  readonly byRootCause: Counts<RootCauseCategory | 'none'>;
  /** Every data category named, with the number of breaches naming it, most first. */
  readonly byDataCategory: readonly { readonly category: string; readonly breaches: number }[];
  /** Measures taken, by purpose, and the breaches without any prevention measure. */
  readonly measures: Counts<'containment' | 'prevention'> & { readonly breachesWithoutPrevention: number };
  readonly repeatIncidents: number;
};

export type PeriodFigures = { readonly period: string } & CauseFigures & { readonly byDienst: readonly ({ readonly dienst: string } & CauseFigures)[] };

export type RepeatIncident = {
  readonly breachId: string;
  readonly awareAt: string;
  readonly rootCauses: readonly RootCauseCategory[];
  readonly measures: readonly CauseMeasure[];
  /** The earlier breach of the series it repeats, and the days between the two. */
  readonly repeats: string | null;
  readonly daysSincePrevious: number | null;
};

export type RepeatSeries = {
  readonly dienst: string;
  readonly incidentKind: IncidentKind;
  /** The breaches of the series in order; the first may lie before the year. */
  readonly breaches: readonly RepeatIncident[];
  /** Repeats in the year asked. */
  readonly repeatsInYear: number;
  /** Whether a prevention measure was taken on an earlier breach of the series before the last one happened. */
  readonly preventionBeforeLastRepeat: boolean;
};

export type RecommendationLinkLine = {
  readonly breachId: string;
  readonly dienst: string;
  readonly incidentKind: IncidentKind;
  readonly relation: RecommendationRelation;
  readonly auditId: string;
  readonly recommendationId: string;
  /** The recommendation as the audit documents show it (null if the audit document is missing). */
  readonly recommendation: { readonly description: string; readonly dienst: string; readonly issuedAt: string; readonly implementedAt: string | null; readonly settled: boolean } | null;
};

export type CauseAnalysis = {
  readonly year: number;
  readonly period: CausePeriod;
  readonly repeatWindowDays: number;
  readonly total: CauseFigures;
  readonly periods: readonly PeriodFigures[];
  readonly repeatIncidents: readonly RepeatSeries[];
  readonly trend: readonly ({ readonly year: number } & CauseFigures)[];
  readonly recommendationLinks: readonly RecommendationLinkLine[];
};

const DAY_MS = 86_400_000;
/** The key of the period an instant falls in: `2021`, `2021-Q3` or `2021-07`. */
export function periodOf(time: string, year: number, period: CausePeriod): string {
  const { month } = amsterdamYearMonth(time);
  if (period === 'year') return String(year);
  if (period === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

function periodsOf(year: number, period: CausePeriod): string[] {
  if (period === 'year') return [String(year)];
  if (period === 'quarter') return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  return Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`);
}

/**
 * `documents`: every cause document, or (with `trend`, computed from the kept aggregates by
 * causeTrend) those of the year and of the years before it that its series reach back into.
 */
export function causeAnalysis(
  documents: readonly BreachCausesDocument[],
  audits: readonly AuditRecommendationsDocument[],
  year: number,
  options: CauseAnalysisOptions,
  trend?: readonly ({ readonly year: number } & CauseFigures)[],
): CauseAnalysis {
  const repeats = repeatedBreachIds(documents, options.repeatWindowDays);
  const ofYear = byAwareness(documents.filter((doc) => doc.year === year));
  const figures = (docs: readonly BreachCausesDocument[]) => causeFigures(docs, repeats.previous);
  const perYear = byYear(documents);
  // Not Math.min(...years of every document): spread arguments overflow the stack on a long history.
  const firstYear = Math.min(year - 2, ...perYear.keys());
  return {
    year,
    period: options.period,
    repeatWindowDays: options.repeatWindowDays,
    total: figures(ofYear),
    periods: periodsOf(year, options.period).map((key) => {
      const inPeriod = ofYear.filter((doc) => periodOf(doc.awareAt, year, options.period) === key);
      return { period: key, ...figures(inPeriod), byDienst: dienstenOf(inPeriod, options.diensten).map((dienst) => ({ dienst, ...figures(inPeriod.filter((doc) => doc.dienst === dienst)) })) };
    }),
    repeatIncidents: repeatSeries(documents, repeats.previous, year),
    trend: trend ?? Array.from({ length: year - firstYear + 1 }, (_, i) => firstYear + i).map((y) => ({ year: y, ...figures(perYear.get(y) ?? []) })),
    recommendationLinks: linkLines(ofYear, audits),
  };
}

function causeFigures(docs: readonly BreachCausesDocument[], previous: ReadonlyMap<string, BreachCausesDocument>): CauseFigures {
  const categories = new Map<string, number>();
  for (const doc of docs) for (const category of new Set(doc.dataCategories)) categories.set(category, (categories.get(category) ?? 0) + 1);
  const measures = docs.flatMap((doc) => doc.measures);
  return {
    registered: docs.length,
    byIncidentKind: countBy(INCIDENT_KINDS, (kind) => docs.filter((doc) => doc.incidentKind === kind).length),
    byRootCause: countBy([...ROOT_CAUSE_CATEGORIES, 'none'] as const, (category) =>
      docs.filter((doc) => (category === 'none' ? doc.rootCauses.length === 0 : doc.rootCauses.includes(category))).length,
    ),
    byDataCategory: [...categories].map(([category, breaches]) => ({ category, breaches })).sort((a, b) => b.breaches - a.breaches || compareText(a.category, b.category)),
    measures: {
      ...countBy(MEASURE_PURPOSES, (purpose) => measures.filter((measure) => measure.purpose === purpose).length),
      breachesWithoutPrevention: docs.filter((doc) => !doc.measures.some((measure) => measure.purpose === 'prevention')).length,
    },
    repeatIncidents: docs.filter((doc) => previous.has(doc.breachId)).length,
  };
}

/** Each breach that repeats an earlier one (same dienst, same kind, within the window), with the breach it repeats. */
function repeatedBreachIds(documents: readonly BreachCausesDocument[], windowDays: number): { readonly previous: ReadonlyMap<string, BreachCausesDocument> } {
  const previous = new Map<string, BreachCausesDocument>();
  for (const series of groupSeries(documents).values()) {
    series.forEach((doc, index) => {
      const before = series[index - 1];
      if (before !== undefined && Date.parse(doc.awareAt) - Date.parse(before.awareAt) <= windowDays * DAY_MS) previous.set(doc.breachId, before);
    });
  }
  return { previous };
}

function groupSeries(documents: readonly BreachCausesDocument[]): Map<string, BreachCausesDocument[]> {
  const groups = new Map<string, BreachCausesDocument[]>();
  for (const doc of byAwareness(documents)) {
    const key = `${doc.dienst}\u0000${doc.incidentKind}`;
    // Pushed, not copied: a copy per breach made the grouping quadratic on a long history.
    const group = groups.get(key);
    if (group) group.push(doc);
    else groups.set(key, [doc]);
  }
  return groups;
}

/** The chains of repeats that reach into the year: each breach linked to the one before it within the window. */
function repeatSeries(documents: readonly BreachCausesDocument[], previous: ReadonlyMap<string, BreachCausesDocument>, year: number): RepeatSeries[] {
  const result: RepeatSeries[] = [];
  for (const group of groupSeries(documents.filter((doc) => doc.year <= year)).values()) {
    let chain: BreachCausesDocument[] = [];
    const flush = () => {
      if (chain.length > 1 && chain.some((doc) => doc.year === year && previous.has(doc.breachId))) result.push(seriesOf(chain, previous, year));
    };
    for (const doc of group) {
      if (chain.length > 0 && previous.get(doc.breachId) !== chain.at(-1)) {
        flush();
        chain = [];
      }
      chain.push(doc);
    }
    flush();
  }
  return result.sort((a, b) => b.breaches.length - a.breaches.length || compareText(a.dienst, b.dienst) || compareText(a.incidentKind, b.incidentKind));
}

function seriesOf(chain: readonly BreachCausesDocument[], previous: ReadonlyMap<string, BreachCausesDocument>, year: number): RepeatSeries {
  const last = chain.at(-1) as BreachCausesDocument;
  const first = chain[0] as BreachCausesDocument;
  return {
    dienst: first.dienst,
    incidentKind: first.incidentKind,
    breaches: chain.map((doc) => {
      const before = previous.get(doc.breachId) ?? null;
      return {
        breachId: doc.breachId,
        awareAt: doc.awareAt,
        rootCauses: doc.rootCauses,
        measures: doc.measures,
        repeats: before?.breachId ?? null,
        daysSincePrevious: before === null ? null : Math.floor((Date.parse(doc.awareAt) - Date.parse(before.awareAt)) / DAY_MS),
      };
    }),
    repeatsInYear: chain.filter((doc) => doc.year === year && previous.has(doc.breachId)).length,
    preventionBeforeLastRepeat: chain.slice(0, -1).some((doc) => doc.measures.some((measure) => measure.purpose === 'prevention' && Date.parse(measure.takenAt) <= Date.parse(last.awareAt))),
  };
}

function linkLines(ofYear: readonly BreachCausesDocument[], audits: readonly AuditRecommendationsDocument[]): RecommendationLinkLine[] {
  const recommendations = new Map(audits.flatMap((audit) => audit.recommendations.map((r) => [`${audit.auditId}/${r.recommendationId}`, r] as const)));
  return ofYear.flatMap((doc) =>
    doc.recommendationLinks.map((link) => {
      const r = recommendations.get(`${link.auditId}/${link.recommendationId}`);
      return {
        breachId: doc.breachId,
        dienst: doc.dienst,
        incidentKind: doc.incidentKind,
        relation: link.relation,
        auditId: link.auditId,
        recommendationId: link.recommendationId,
        recommendation: r === undefined ? null : { description: r.description, dienst: r.dienst, issuedAt: r.issuedAt, implementedAt: r.implementedAt, settled: r.settled },
      };
    }),
  );
}

function countBy<K extends string>(keys: readonly K[], count: (key: K) => number): Counts<K> {
  return Object.fromEntries(keys.map((key) => [key, count(key)])) as Counts<K>;
}

function byYear(docs: readonly BreachCausesDocument[]): Map<number, BreachCausesDocument[]> {
  const years = new Map<number, BreachCausesDocument[]>();
  for (const doc of docs) {
    const year = years.get(doc.year);
    if (year) year.push(doc);
    else years.set(doc.year, [doc]);
  }
  return years;
}

function byAwareness(docs: readonly BreachCausesDocument[]): BreachCausesDocument[] {
  // Each time parsed once, not twice per comparison: the sort runs over every breach of the history.
  return docs
    .map((doc) => ({ doc, at: Date.parse(doc.awareAt) }))
    .sort((a, b) => a.at - b.at || compareText(a.doc.breachId, b.doc.breachId))
    .map(({ doc }) => doc);
}
