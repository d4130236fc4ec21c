import { REGIMES, regimeOf, type Regime } from '../src/shared/regime.rules.js';
import type { AmendableField, ProcessingFacts } from '../src/processing-register/processing.events.js';
import { dienstenOf } from './per-dienst.js';
import { amsterdamYear, type EventRef } from './breach-stream.js';
import type { DpiaOverviewDocument } from './dpia-overview.js';
import { gapsOf, type ProcessingRegisterDocument } from './processing-register.js';

/**
 * The questions of the DPIA and register views over the DPIA and register documents, answered at query
 * time (they depend on the year asked, on `now`, or on both kinds of document at once).
 * Pure: the caller passes the documents and the clock. Years are calendar years in
 * Europe/Amsterdam, as for the breaches.
 */

// ---------------------------------------------------------------------------------------
// DPIAs: the pivot of dienst x status for a year, its trend, and the lists the FG asks for.

export type DpiaCounts = {
  /** Started in or before the year, neither completed nor abandoned by its end. */
  readonly inProgress: number;
  readonly completed: number;
  readonly started: number;
  readonly abandoned: number;
};

export type DpiaListItem = {
  readonly dpiaId: string;
  readonly title: string;
  readonly dienst: string;
  readonly completedAt: string | null;
};

export type DpiaYearOverview = {
  readonly year: number;
  readonly total: DpiaCounts;
  readonly byDienst: readonly ({ readonly dienst: string } & DpiaCounts)[];
  /** Every year from the first DPIA's to this one: the figures of the annual reports side by side. */
  readonly trend: readonly ({ readonly year: number } & DpiaCounts)[];
  /** Completed in the year without the FG's advice (Art. 35(2)), with the reason recorded. */
  readonly completedWithoutDpoAdvice: readonly (DpiaListItem & { readonly reason: string | null })[];
  /** Completed in the year with the FG's advice not (or partly not) followed, with the written justification (WP248 rev.01, WP243 rev.01). */
  readonly adviceNotFollowed: readonly (DpiaListItem & { readonly adviceFollowed: 'not-followed' | 'partly'; readonly justification: string | null })[];
  /** Completed in the year with a high residual risk and no prior consultation of the AP requested. */
  readonly highRiskWithoutPriorConsultation: readonly (DpiaListItem & { readonly priorConsultationRequired: boolean })[];
};

const inOrBefore = (time: string | null, year: number): boolean => time !== null && amsterdamYear(time) <= year;

function dpiaCounts(dpias: readonly DpiaOverviewDocument[], year: number): DpiaCounts {
  const started = dpias.filter((dpia) => inOrBefore(dpia.startedAt, year));
  return {
    inProgress: started.filter((dpia) => !inOrBefore(dpia.completedAt, year) && !inOrBefore(dpia.abandonedAt, year)).length,
    completed: dpias.filter((dpia) => dpia.completedYear === year).length,
    started: dpias.filter((dpia) => dpia.startedYear === year).length,
    abandoned: dpias.filter((dpia) => dpia.abandonedYear === year).length,
  };
}

const listItem = (dpia: DpiaOverviewDocument): DpiaListItem => ({ dpiaId: dpia.dpiaId, title: dpia.title, dienst: dpia.dienst, completedAt: dpia.completedAt });
const byCompletion = (a: DpiaListItem, b: DpiaListItem) => (a.completedAt ?? '').localeCompare(b.completedAt ?? '') || a.dpiaId.localeCompare(b.dpiaId);

export function dpiaYearOverview(dpias: readonly DpiaOverviewDocument[], year: number, diensten: readonly string[]): DpiaYearOverview {
  const firstYear = Math.min(year, ...dpias.map((dpia) => dpia.startedYear));
  const completedInYear = dpias.filter((dpia) => dpia.completedYear === year);
  return {
    year,
    total: dpiaCounts(dpias, year),
    byDienst: dienstenOf(dpias, diensten).map((dienst) => ({ dienst, ...dpiaCounts(dpias.filter((dpia) => dpia.dienst === dienst), year) })),
    trend: Array.from({ length: year - firstYear + 1 }, (_, index) => ({ year: firstYear + index, ...dpiaCounts(dpias, firstYear + index) })),
    completedWithoutDpoAdvice: completedInYear
      .filter((dpia) => dpia.completedWithoutDpoAdvice === true)
      .map((dpia) => ({ ...listItem(dpia), reason: dpia.withoutAdviceReason }))
      .sort(byCompletion),
    adviceNotFollowed: completedInYear
      .filter((dpia) => dpia.adviceFollowed === 'not-followed' || dpia.adviceFollowed === 'partly')
      .map((dpia) => ({ ...listItem(dpia), adviceFollowed: dpia.adviceFollowed as 'not-followed' | 'partly', justification: dpia.adviceNotFollowedJustification ?? null }))
      .sort(byCompletion),
    highRiskWithoutPriorConsultation: completedInYear
      .filter((dpia) => dpia.residualRisk === 'high' && dpia.priorConsultation === null)
      .map((dpia) => ({ ...listItem(dpia), priorConsultationRequired: dpia.priorConsultationRequired }))
      .sort(byCompletion),
  };
}

// ---------------------------------------------------------------------------------------
// DPIA reviews: three years after completion or the last review, or when the linked
// processing activity was amended after it (docs/domain.md: "or when the processing changes").

export type ReviewReason =
  | { readonly kind: 'interval'; readonly dueAt: string }
  | { readonly kind: 'processing-amended'; readonly dueAt: string; readonly fields: readonly AmendableField[]; readonly reason: string; readonly event: EventRef };

export type DpiaReviewDue = DpiaListItem & {
  readonly processingActivityId: string | null;
  readonly lastReviewedAt: string | null;
  /** The earliest of the reasons' due dates. */
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly reasons: readonly ReviewReason[];
};

const DAY_MS = 86_400_000;

/**
 * Completed DPIAs whose review is due by `now` + `withinDays`: by the three-year clock, or
 * because their processing activity was amended after the completion or the last review. Not
 * listed: abandoned DPIAs; DPIAs whose processing may not start yet (Art. 36 consultation
 * pending: there is nothing to review); DPIAs of a retired processing activity.
 */
export function dpiaReviewsDue(dpias: readonly DpiaOverviewDocument[], activities: readonly ProcessingRegisterDocument[], now: string, withinDays = 0): DpiaReviewDue[] {
  const horizon = Date.parse(now) + withinDays * DAY_MS;
  const activityById = new Map(activities.map((activity) => [activity.processingActivityId, activity]));
  const due: DpiaReviewDue[] = [];
  for (const dpia of dpias) {
    if (dpia.status !== 'completed' || dpia.completedAt === null || dpia.reviewDueAt === null) continue;
    if (dpia.priorConsultationRequired && dpia.priorConsultation?.concludedAt == null) continue;
    const activity = dpia.processingActivityId === null ? undefined : activityById.get(dpia.processingActivityId);
    if (activity?.status === 'retired') continue;
    const since = Date.parse(dpia.lastReviewedAt ?? dpia.completedAt);
    const reasons: ReviewReason[] = (activity?.amendments ?? [])
      .filter((amendment) => Date.parse(amendment.amendedAt) > since)
      .map(({ amendedAt, fields, reason, event }) => ({ kind: 'processing-amended', dueAt: amendedAt, fields, reason, event }));
    if (Date.parse(dpia.reviewDueAt) <= horizon) reasons.unshift({ kind: 'interval', dueAt: dpia.reviewDueAt });
    if (reasons.length === 0) continue;
    const dueAt = reasons.map((reason) => reason.dueAt).reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
    due.push({ ...listItem(dpia), processingActivityId: dpia.processingActivityId, lastReviewedAt: dpia.lastReviewedAt, dueAt, overdue: Date.parse(dueAt) < Date.parse(now), reasons });
  }
  return due.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.dpiaId.localeCompare(b.dpiaId));
}

// ---------------------------------------------------------------------------------------
// The register: its completeness, now and at the end of a year.

export type RegisterGap =
  | 'missing-owner'
  | 'missing-legal-basis'
  | 'dpia-needed-none-linked'
  // Art. 30(1): a field never recorded, or an empty list where the article requires content.
  | 'missing-controller'
  | 'missing-joint-controllers'
  | 'missing-processors'
  | 'empty-data-subject-categories'
  | 'empty-personal-data-categories'
  | 'empty-recipients'
  | 'missing-retention'
  | 'empty-security-measures';
export const REGISTER_GAPS: readonly RegisterGap[] = [
  'missing-owner',
  'missing-legal-basis',
  'dpia-needed-none-linked',
  'missing-controller',
  'missing-joint-controllers',
  'missing-processors',
  'empty-data-subject-categories',
  'empty-personal-data-categories',
  'empty-recipients',
  'missing-retention',
  'empty-security-measures',
];

export type CompletenessItem = {
  readonly processingActivityId: string;
  readonly name: string;
  readonly dienst: string;
  readonly gaps: readonly RegisterGap[];
  readonly imported: boolean;
};

export type CompletenessCounts = {
  readonly activities: number;
  readonly complete: number;
  readonly missingOwner: number;
  readonly missingLegalBasis: number;
  readonly dpiaNeededWithoutDpia: number;
  /** Every gap, the Art. 30(1) fields included, with the number of activities that have it. */
  readonly byGap: { readonly [G in RegisterGap]: number };
};

export type CompletenessReport = {
  readonly total: CompletenessCounts;
  readonly byDienst: readonly ({ readonly dienst: string } & CompletenessCounts)[];
  /** The AVG and the Wpg apart (a record from before the regime was recorded counts under the AVG). */
  readonly byRegime: readonly ({ readonly regime: Regime } & CompletenessCounts)[];
  /** Every live activity with a gap, by dienst and name. */
  readonly incomplete: readonly CompletenessItem[];
};

type Facts = Pick<
  ProcessingFacts,
  'owner' | 'purposes' | 'dpiaNeeded' | 'dienst' | 'name' | 'controller' | 'jointControllers' | 'processors' | 'dataSubjectCategories' | 'personalDataCategories' | 'recipients' | 'retention' | 'securityMeasures' | 'regime'
>;

/** A DPIA that is linked to the activity: started and not abandoned (in progress counts: it is being done). */
function linkedActivityIds(dpias: readonly DpiaOverviewDocument[], isLinked: (dpia: DpiaOverviewDocument) => boolean): ReadonlySet<string> {
  return new Set(dpias.filter((dpia) => dpia.processingActivityId !== null && isLinked(dpia)).map((dpia) => dpia.processingActivityId as string));
}

function gapList(facts: Facts, processingActivityId: string, linked: ReadonlySet<string>): RegisterGap[] {
  const { missingOwner, missingLegalBasis } = gapsOf(facts);
  const gaps: RegisterGap[] = [];
  if (missingOwner) gaps.push('missing-owner');
  if (missingLegalBasis) gaps.push('missing-legal-basis');
  if (facts.dpiaNeeded && !linked.has(processingActivityId)) gaps.push('dpia-needed-none-linked');
  // Art. 30(1)(a): the controller, joint controllers and processors (records from before they were kept lack them; null: never recorded).
  if (!facts.controller) gaps.push('missing-controller');
  if (!facts.jointControllers) gaps.push('missing-joint-controllers');
  if (!facts.processors) gaps.push('missing-processors');
  // Art. 30(1)(c), (d), (f), (g): the categories, the recipients, the retention and the security measures need content.
  if (facts.dataSubjectCategories.length === 0) gaps.push('empty-data-subject-categories');
  if (facts.personalDataCategories.length === 0) gaps.push('empty-personal-data-categories');
  if (facts.recipients.length === 0) gaps.push('empty-recipients');
  if (facts.retention.trim().length === 0) gaps.push('missing-retention');
  if (facts.securityMeasures.length === 0) gaps.push('empty-security-measures');
  return gaps;
}

function completenessCounts(items: readonly { readonly gaps: readonly RegisterGap[] }[]): CompletenessCounts {
  const count = (gap: RegisterGap) => items.filter((item) => item.gaps.includes(gap)).length;
  return {
    activities: items.length,
    complete: items.filter((item) => item.gaps.length === 0).length,
    missingOwner: count('missing-owner'),
    missingLegalBasis: count('missing-legal-basis'),
    dpiaNeededWithoutDpia: count('dpia-needed-none-linked'),
    byGap: Object.fromEntries(REGISTER_GAPS.map((gap) => [gap, count(gap)])) as CompletenessCounts['byGap'],
  };
}

function completeness(rows: readonly (CompletenessItem & { readonly dienst: string; readonly regime: Regime })[], diensten: readonly string[]): CompletenessReport {
  return {
    total: completenessCounts(rows),
    byDienst: dienstenOf(rows, diensten).map((dienst) => ({ dienst, ...completenessCounts(rows.filter((row) => row.dienst === dienst)) })),
    byRegime: REGIMES.map((regime) => ({ regime, ...completenessCounts(rows.filter((row) => row.regime === regime)) })),
    incomplete: rows.filter((row) => row.gaps.length > 0).map(({ regime: _regime, ...item }) => item).sort((a, b) => a.dienst.localeCompare(b.dienst) || a.name.localeCompare(b.name) || a.processingActivityId.localeCompare(b.processingActivityId)),
  };
}

/** The register as it stands: every activity not retired, judged on its current facts. */
export function registerCompleteness(activities: readonly ProcessingRegisterDocument[], dpias: readonly DpiaOverviewDocument[], diensten: readonly string[]): CompletenessReport {
  const linked = linkedActivityIds(dpias, (dpia) => dpia.status !== 'abandoned');
  const rows = activities
    .filter((activity) => activity.status === 'registered')
    .map((activity) => ({
      processingActivityId: activity.processingActivityId,
      name: activity.name,
      dienst: activity.dienst,
      regime: regimeOf(activity),
      gaps: gapList(activity, activity.processingActivityId, linked),
      imported: activity.imported,
    }));
  return completeness(rows, diensten);
}

/** An activity's facts as they stood at the end of a year: the amendments after it undone, newest first. */
export function factsAtEndOf(activity: ProcessingRegisterDocument, year: number): Facts {
  return [...activity.amendments]
    .reverse()
    .filter((amendment) => amsterdamYear(amendment.amendedAt) > year)
    .flatMap((amendment) => [...amendment.changes].reverse())
    .reduce<Facts>((facts, change) => ({ ...facts, [change.field]: change.from }), activity);
}

export type RegisterYearFigures = {
  readonly year: number;
  readonly registered: number;
  readonly amendments: number;
  readonly published: number;
  readonly retired: number;
  /** The register as it stood at the end of the year (amendments after it undone). */
  readonly atYearEnd: CompletenessCounts & { readonly published: number };
  /** The same, the AVG and the Wpg apart (each activity under its regime at the end of the year). */
  readonly atYearEndByRegime: readonly ({ readonly regime: Regime } & CompletenessCounts & { readonly published: number })[];
};

export function registerYearFigures(activities: readonly ProcessingRegisterDocument[], dpias: readonly DpiaOverviewDocument[], year: number): RegisterYearFigures {
  const live = activities.filter((activity) => inOrBefore(activity.registeredAt, year) && !inOrBefore(activity.retiredAt, year));
  const linked = linkedActivityIds(dpias, (dpia) => inOrBefore(dpia.startedAt, year) && !inOrBefore(dpia.abandonedAt, year));
  const rows = live.map((activity) => {
    const facts = factsAtEndOf(activity, year);
    return { gaps: gapList(facts, activity.processingActivityId, linked), regime: regimeOf(facts), published: inOrBefore(activity.publishedAt, year) };
  });
  const atYearEnd = (of: typeof rows) => ({ ...completenessCounts(of), published: of.filter((row) => row.published).length });
  const inYear = (time: string | null) => time !== null && amsterdamYear(time) === year;
  return {
    year,
    registered: activities.filter((activity) => inYear(activity.registeredAt)).length,
    amendments: activities.reduce((count, activity) => count + activity.amendments.filter((amendment) => inYear(amendment.amendedAt)).length, 0),
    published: activities.filter((activity) => inYear(activity.publishedAt)).length,
    retired: activities.filter((activity) => inYear(activity.retiredAt)).length,
    atYearEnd: atYearEnd(rows),
    atYearEndByRegime: REGIMES.map((regime) => ({ regime, ...atYearEnd(rows.filter((row) => row.regime === regime)) })),
  };
}
