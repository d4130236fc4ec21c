import { REGIMES, type LateReasonCode } from '../src/breaches/breach.events.js';
import { clockStart, isLateWithoutValidExcuse, LATE_REASON_CODES, LATE_REASONS, verdictContradictsAp } from '../src/breaches/breach.rules.js';
import { VOCABULARIES } from '../src/labels/labels.js';
import { amsterdamMonth, type DienstLateReasons, type LateReasonCounts, type MonthFigures } from './breach-pivots.js';
import type { BreachRegisterDocument, BreachRegisterRow } from './breach-register.js';
import { figuresOfHours, shareOf, type AnnualFigures, type BreachFigures, type HoursToReport, type ReasonFigures } from './breach-reports.js';
import { compareText } from './per-dienst.js';
import { MemberKeys, PairMemo } from './projection-aggregates.js';
import type { AggregateContribution, AggregateCounts, ProjectionAggregates } from './projection.js';

/**
 * The breach figures of the annual report as sums kept by the breach register
 * (ProjectionDefinition.aggregates): one aggregate per month of awareness (`YYYY-MM`, in
 * Europe/Amsterdam as the rows' year), so a report reads twelve documents, however long the
 * log. A row contributes a count of 1 to each figure it falls under, in total, for its dienst,
 * its regime and (late) its reason; the persons notified as their number; and the exact
 * milliseconds from its clock start to its first filing, as a histogram (value → how many): the
 * median and the 90th percentile are order statistics, no sum gives them, and the histogram is
 * the smallest structure that gives them exactly (the same values as from the rows).
 *
 * A key is the JSON text of [group, member, figure] (or [group, member, 'ms', milliseconds]):
 * group `t` (total), `d` (a dienst), `r` (a regime), `c` (a late reason code, `` for none),
 * `l` (a dienst's late reports by reason: member [dienst, code]).
 */

const HOUR_MS = 3_600_000;
type Group = 't' | 'd' | 'r';
const FLAGS = [
  'registered',
  'notReportable',
  'awaitingReport',
  'reported',
  'reportedOnTime',
  'reportedLate',
  'lateReasonNotAccepted',
  'lateWithoutReason',
  'dpoInformed',
  'dpoInformedBeforeReport',
  'notified',
  'withdrawn',
  'withdrawnNoBreach',
  'withdrawnOtherGround',
  'refiled',
  'lateWithoutValidExcuse',
  'verdictsContradictingAp',
  'closedWithoutRootCause',
  'closedRootCauseUnknown',
  'imported',
] as const;
type Flag = (typeof FLAGS)[number];

const key = (group: string, member: string | readonly string[], figure: string, value?: number) => JSON.stringify(value === undefined ? [group, member, figure] : [group, member, figure, value]);

function flagsOf(row: BreachRegisterRow): Flag[] {
  const reported = row.reportedAt !== null;
  const late = reported && row.late === true;
  const verdict = row.lateReasonVerdict?.verdict ?? null;
  const withoutRootCause = row.closed && (row.rootCauseCategory === null || row.rootCauseCategory === 'unknown');
  const on: { readonly [F in Flag]: boolean } = {
    registered: true,
    notReportable: row.reportingStatus === 'not-reportable',
    awaitingReport: row.reportingStatus === 'awaiting-report',
    reported,
    reportedOnTime: reported && row.late === false,
    reportedLate: late,
    lateReasonNotAccepted: late && row.apView === 'not-accepted',
    lateWithoutReason: late && row.lateReasonCode === null,
    dpoInformed: row.dpoInformedAt !== null,
    dpoInformedBeforeReport: reported && row.dpoInformedBeforeReport === true,
    notified: row.dataSubjectsNotified,
    withdrawn: row.withdrawalGround !== null,
    withdrawnNoBreach: row.withdrawalGround === 'no-breach',
    withdrawnOtherGround: row.withdrawalGround === 'other',
    refiled: row.refilings > 0,
    lateWithoutValidExcuse: late && isLateWithoutValidExcuse(row.late, row.lateReasonCode, verdict),
    verdictsContradictingAp: late && verdictContradictsAp(row.lateReasonCode, verdict),
    closedWithoutRootCause: withoutRootCause,
    closedRootCauseUnknown: row.closed && row.rootCauseCategory === 'unknown',
    imported: row.imported,
  };
  return FLAGS.filter((flag) => on[flag]);
}

/** Each group's and member's keys, made once: this runs for every document a commit changes. */
const memberKeys = new PairMemo((group, member) => new MemberKeys(group, member));
/** A dienst's late reports by reason: the member is [dienst, code]. */
const lateKeys = new PairMemo((dienst, code) => new MemberKeys('l', [dienst, code]));

/** What one register row adds to its month's aggregate. */
export function registerRowCounts(row: BreachRegisterRow): AggregateContribution {
  // A hash table from the start (a null-prototype object is one in V8): the keys differ from
  // document to document (the hours keys hold the report's milliseconds), so a literal would take a new hidden class
  // for nearly every document, and a keyed store to it costs about twice as much.
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  const add = (k: string, n = 1) => {
    if (n !== 0) counts[k] = (counts[k] ?? 0) + n;
  };
  const flags = flagsOf(row);
  const ms = row.reportedAt === null ? null : Date.parse(row.reportedAt) - Date.parse(clockStart(row));
  const groups: [Group, string][] = [
    ['t', ''],
    ['d', row.dienst],
    ['r', row.regime],
  ];
  for (const [group, member] of groups) {
    const keys = memberKeys.get(group, member);
    for (const flag of flags) add(keys.figure(flag));
    if (row.dataSubjectsNotified) add(keys.figure('persons'), row.dataSubjectsNotifiedCount);
    // The total's hours are its regimes' together (every row has one): not kept twice.
    if (ms !== null && group !== 't') add(keys.ms(ms));
  }
  if (flags.includes('reportedLate')) {
    const code = row.lateReasonCode ?? '';
    const keys = memberKeys.get('c', code);
    add(keys.figure('reportedLate'));
    const verdict = row.lateReasonVerdict?.verdict;
    add(keys.figure(verdict === 'accepted' ? 'accepted' : verdict === 'not-accepted' ? 'notAccepted' : verdict === undefined ? 'none' : 'other'));
    add(key('c', code, 'ms', ms as number));
    add(lateKeys.get(row.dienst, row.lateReasonCode ?? 'no-reason').figure('reportedLate'));
  }
  return { id: amsterdamMonth(row.awareAt), counts };
}

export const breachRegisterAggregates: ProjectionAggregates<BreachRegisterDocument> = {
  contributions: (document) => [registerRowCounts(document)],
};

/** The months of a year, as the aggregates' ids. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`);
}

type Parsed = readonly [group: string, member: string | string[], figure: string, value?: number];

/** A year's sums, from its months' aggregates (undefined: a month without a breach). */
class YearCounts {
  private readonly sums = new Map<string, number>();
  private readonly histograms = new Map<string, Map<number, number>>();
  readonly diensten = new Set<string>();
  readonly lateDiensten = new Set<string>();

  constructor(months: readonly (AggregateCounts | undefined)[]) {
    for (const counts of months) {
      if (counts === undefined) continue;
      for (const k in counts) {
        const n = counts[k] as number;
        const [group, member, figure, value] = JSON.parse(k) as Parsed;
        if (group === 'd' && figure === 'registered') this.diensten.add(member as string);
        if (group === 'd' && figure === 'reportedLate') this.lateDiensten.add(member as string);
        if (value !== undefined) {
          const h = `${group}\u0000${JSON.stringify(member)}`;
          let histogram = this.histograms.get(h);
          if (histogram === undefined) this.histograms.set(h, (histogram = new Map()));
          histogram.set(value, (histogram.get(value) ?? 0) + n);
        } else this.sums.set(k, (this.sums.get(k) ?? 0) + n);
      }
    }
  }

  count(group: string, member: string | readonly string[], figure: string): number {
    // Sums of whole counts; a key absent from every month is 0 (a sum that came to 0 is dropped).
    return this.sums.get(key(group, member, figure)) ?? 0;
  }

  hours(group: string, member: string): HoursToReport {
    const histograms = group === 't' ? REGIMES.map((regime) => this.histogram('r', regime)) : [this.histogram(group, member)];
    const sorted: [ms: number, count: number][] = histograms.flatMap((histogram) => [...histogram]).sort((a, b) => a[0] - b[0]);
    const hours: number[] = [];
    for (const [ms, count] of sorted) for (let i = count; i > 0; i -= 1) hours.push(ms / HOUR_MS);
    return figuresOfHours(hours);
  }

  private histogram(group: string, member: string): ReadonlyMap<number, number> {
    return this.histograms.get(`${group}\u0000${JSON.stringify(member)}`) ?? new Map<number, number>();
  }

  figures(group: Group, member: string): BreachFigures {
    const c = (figure: Flag | 'persons') => this.count(group, member, figure);
    return {
      registered: c('registered'),
      notReportable: c('notReportable'),
      awaitingReport: c('awaitingReport'),
      reported: c('reported'),
      reportedOnTime: c('reportedOnTime'),
      reportedLate: c('reportedLate'),
      lateReasonNotAccepted: c('lateReasonNotAccepted'),
      lateWithoutReason: c('lateWithoutReason'),
      dpoInformed: shareOf(c('dpoInformed'), c('registered')),
      dpoInformedBeforeReport: shareOf(c('dpoInformedBeforeReport'), c('reported')),
      hoursToReport: this.hours(group, member),
      dataSubjectsNotified: { breaches: c('notified'), persons: c('persons') },
      withdrawn: c('withdrawn'),
      withdrawnNoBreach: c('withdrawnNoBreach'),
      withdrawnOtherGround: c('withdrawnOtherGround'),
      refiled: c('refiled'),
      lateWithoutValidExcuse: c('lateWithoutValidExcuse'),
      verdictsContradictingAp: c('verdictsContradictingAp'),
      closedWithoutRootCause: c('closedWithoutRootCause'),
      closedRootCauseUnknown: c('closedRootCauseUnknown'),
      imported: c('imported'),
    };
  }
}

const withOthers = (diensten: readonly string[], present: ReadonlySet<string>) => [...diensten, ...[...present].filter((dienst) => !diensten.includes(dienst)).sort(compareText)];

export type BreachYearFigures = { readonly figures: AnnualFigures; readonly byMonth: MonthFigures[]; readonly lateReasonsByDienst: DienstLateReasons[] };

/**
 * The year's annualFigures, breachesPerMonth and lateReasonsPerDienst from the twelve month
 * aggregates (in month order; undefined for a month without any): the same figures as from
 * the year's rows.
 */
export function breachYearFigures(year: number, months: readonly (AggregateCounts | undefined)[], diensten: readonly string[]): BreachYearFigures {
  const sums = new YearCounts(months);
  const reasons: (LateReasonCode | null)[] = [...LATE_REASON_CODES, null];
  const figures: AnnualFigures = {
    year,
    total: sums.figures('t', ''),
    byDienst: withOthers(diensten, sums.diensten).map((dienst) => ({ dienst, ...sums.figures('d', dienst) })),
    byRegime: REGIMES.map((regime) => ({ regime, ...sums.figures('r', regime) })),
    byReason: reasons.map((code): ReasonFigures => {
      const member = code ?? '';
      return {
        code,
        label: code === null ? VOCABULARIES.lateReason['no-reason'].en : LATE_REASONS[code].label,
        apView: code === null ? 'no-reason' : LATE_REASONS[code].apView,
        reportedLate: sums.count('c', member, 'reportedLate'),
        verdicts: { accepted: sums.count('c', member, 'accepted'), notAccepted: sums.count('c', member, 'notAccepted'), none: sums.count('c', member, 'none') },
        hoursToReport: sums.hours('c', member),
      };
    }),
  };
  const byMonth = monthsOf(year).map((month, index) => {
    const one = new YearCounts([months[index]]);
    const c = (figure: Flag) => one.count('t', '', figure);
    return { month, registered: c('registered'), reported: c('reported'), reportedOnTime: c('reportedOnTime'), reportedLate: c('reportedLate'), notReportable: c('notReportable') };
  });
  const lateReasonsByDienst = withOthers(diensten, sums.lateDiensten).map((dienst) => {
    const byReason = Object.fromEntries([...LATE_REASON_CODES, 'no-reason'].map((code) => [code, sums.count('l', [dienst, code], 'reportedLate')]));
    return { dienst, reportedLate: sums.count('d', dienst, 'reportedLate'), byReason: byReason as LateReasonCounts };
  });
  return { figures, byMonth, lateReasonsByDienst };
}
