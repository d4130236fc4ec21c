import type { AuditKind } from '../src/audits/audit.events.js';
import { regimeOf } from '../src/shared/regime.rules.js';
import { compareText, dienstenOf } from './per-dienst.js';
import type { AuditRecommendationsDocument, RecommendationView } from './audit-recommendations.js';
import { amsterdamYear } from './stream.js';

/**
 * The questions the FG asks of the audits (docs/domain.md "Audits and recommendations"), as pure
 * functions of audit-recommendations documents, run at query time with the `now` of the
 * question: a recommendation's age and whether it is overdue change with the clock alone.
 *
 * What counts:
 * - Open: not settled, i.e. not implemented, or implemented without the FG being informed of it
 *   (`isOpen` in src/audits/audit.rules.ts; the projection stores its verdict as `settled`).
 * - Age: whole elapsed days (24 hours each; DST does not matter) from issuedAt to now. An issue
 *   up to the allowed clock skew ahead of now is 0 days old, not -1.
 * - Overdue: a due date strictly before now and not implemented. Due exactly now is not yet
 *   overdue; an implemented recommendation is never overdue, informed or not.
 * - Years are calendar years in Europe/Amsterdam, as in the breach figures.
 */

const DAY_MS = 86_400_000;

export type OpenRecommendation = {
  readonly auditId: string;
  readonly auditTitle: string;
  readonly auditKind: AuditKind;
  readonly recommendationId: string;
  readonly findingId: string | null;
  readonly dienst: string;
  readonly description: string;
  readonly issuedAt: string;
  readonly dueAt: string | null;
  readonly ageDays: number;
  readonly overdue: boolean;
  readonly implemented: boolean;
  readonly implementedAt: string | null;
  readonly dpoInformed: boolean;
  readonly dpoInformedAt: string | null;
};

export type OpenCounts = {
  readonly open: number;
  readonly notImplemented: number;
  /** Implemented, but the FG was not informed of it: still open (the FG's complaint). */
  readonly implementedFgNotInformed: number;
  readonly overdue: number;
  /** The age of the oldest open recommendation; null when nothing is open. */
  readonly oldestAgeDays: number | null;
};

export type DienstOpenRecommendations = OpenCounts & {
  readonly dienst: string;
  /** Oldest first (by issuedAt, then audit and recommendation id). */
  readonly recommendations: readonly OpenRecommendation[];
};

export type OpenRecommendationsReport = {
  readonly now: string;
  readonly total: OpenCounts;
  /** Every configured dienst (zero counts too), then any other dienst with an open recommendation, by name. */
  readonly byDienst: readonly DienstOpenRecommendations[];
};

/** The recommendations not settled at `now`, per dienst, with their age and whether the FG was informed. */
export function openRecommendations(documents: readonly AuditRecommendationsDocument[], now: string, diensten: readonly string[]): OpenRecommendationsReport {
  const open = documents
    .flatMap((audit) => audit.recommendations.filter((r) => !r.settled).map((r) => openItem(audit, r, now)))
    .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt) || compareText(a.auditId, b.auditId) || compareText(a.recommendationId, b.recommendationId));
  return {
    now,
    total: counts(open),
    byDienst: dienstenOf(open, diensten).map((dienst) => {
      const ofDienst = open.filter((item) => item.dienst === dienst);
      return { dienst, ...counts(ofDienst), recommendations: ofDienst };
    }),
  };
}

/** The report narrowed to one dienst (its totals become that dienst's); undefined when the report does not know the dienst. */
export function openRecommendationsOf(report: OpenRecommendationsReport, dienst: string): OpenRecommendationsReport | undefined {
  const entry = report.byDienst.find((candidate) => candidate.dienst === dienst);
  if (entry === undefined) return undefined;
  const { dienst: _dienst, recommendations: _recommendations, ...total } = entry;
  return { now: report.now, total, byDienst: [entry] };
}

function openItem(audit: AuditRecommendationsDocument, r: RecommendationView, now: string): OpenRecommendation {
  const implemented = r.implementedAt !== null;
  return {
    auditId: audit.auditId,
    auditTitle: audit.title,
    auditKind: audit.kind,
    recommendationId: r.recommendationId,
    findingId: r.findingId,
    dienst: r.dienst,
    description: r.description,
    issuedAt: r.issuedAt,
    dueAt: r.dueAt,
    ageDays: ageDays(r.issuedAt, now),
    overdue: !implemented && r.dueAt !== null && Date.parse(r.dueAt) < Date.parse(now),
    implemented,
    implementedAt: r.implementedAt,
    dpoInformed: r.dpoInformedAt !== null,
    dpoInformedAt: r.dpoInformedAt,
  };
}

/** Whole elapsed days from `from` to `now`, never negative. */
export function ageDays(from: string, now: string): number {
  return Math.max(0, Math.floor((Date.parse(now) - Date.parse(from)) / DAY_MS));
}

function counts(items: readonly OpenRecommendation[]): OpenCounts {
  return {
    open: items.length,
    notImplemented: items.filter((item) => !item.implemented).length,
    implementedFgNotInformed: items.filter((item) => item.implemented && !item.dpoInformed).length,
    overdue: items.filter((item) => item.overdue).length,
    oldestAgeDays: items.length === 0 ? null : Math.max(...items.map((item) => item.ageDays)),
  };
}

/* ---------------------------------------------------------------- the annual report */

export type AuditFigures = {
  readonly year: number;
  /** Audits whose completedAt falls in the year. */
  readonly auditsCompleted: { readonly total: number; readonly internal: number; readonly external: number; readonly byRegime: { readonly avg: number; readonly wpg: number } };
  readonly recommendations: {
    /** Issued in the year. */
    readonly issued: number;
    /** Of those issued in the year: implemented by the end of the year. */
    readonly implemented: number;
    /** Of those implemented: the FG informed of it by the end of the year. */
    readonly dpoInformed: number;
    /** Of those issued in the year: not settled at the end of the year (issued − settled by then). */
    readonly openAtYearEnd: number;
    /** Issued in an earlier year and still not settled at the end of this one: the backlog. */
    readonly earlierOpenAtYearEnd: number;
  };
  /** The Wpg: a yearly internal audit and a four-yearly external one, of audits tagged Wpg only. */
  readonly wpg: {
    readonly internalAuditInYear: boolean;
    /** The latest internal audit completed in the year, or null. */
    readonly latestInternalAuditAt: string | null;
    /** An external audit completed in the year or the three before it. */
    readonly externalAuditInLastFourYears: boolean;
    /** The latest external audit completed by the end of the year, however long ago, or null. */
    readonly latestExternalAuditAt: string | null;
  };
};

/**
 * The audit figures of the FG's annual report for one calendar year. Everything is judged as
 * it stood at the end of the year (an implementation or informing of the next January counts
 * in the next year's figures), so a year's figures do not change when they are asked for later.
 */
export function auditFigures(documents: readonly AuditRecommendationsDocument[], year: number): AuditFigures {
  const byYearEnd = (time: string | null): time is string => time !== null && amsterdamYear(time) <= year;
  const ofYear = documents.filter((audit) => audit.year === year);
  const recommendations = documents.flatMap((audit) => audit.recommendations).filter((r) => byYearEnd(r.issuedAt));
  const issued = recommendations.filter((r) => amsterdamYear(r.issuedAt) === year);
  const implemented = issued.filter((r) => byYearEnd(r.implementedAt));
  const settled = (r: RecommendationView) => byYearEnd(r.implementedAt) && byYearEnd(r.dpoInformedAt);
  // The Wpg check trusts only audits tagged Wpg: an internal audit of AVG processing says nothing about the Wpg.
  const wpgAudits = documents.filter((audit) => regimeOf(audit) === 'wpg');
  const latest = (kind: AuditKind, from: number) =>
    wpgAudits
      .filter((audit) => audit.kind === kind && audit.year >= from && audit.year <= year)
      .map((audit) => audit.completedAt)
      .sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
  const latestExternal = latest('external', -Infinity);
  return {
    year,
    auditsCompleted: {
      total: ofYear.length,
      internal: ofYear.filter((a) => a.kind === 'internal').length,
      external: ofYear.filter((a) => a.kind === 'external').length,
      byRegime: { avg: ofYear.filter((a) => regimeOf(a) === 'avg').length, wpg: ofYear.filter((a) => regimeOf(a) === 'wpg').length },
    },
    recommendations: {
      issued: issued.length,
      implemented: implemented.length,
      dpoInformed: implemented.filter((r) => byYearEnd(r.dpoInformedAt)).length,
      openAtYearEnd: issued.filter((r) => !settled(r)).length,
      earlierOpenAtYearEnd: recommendations.filter((r) => amsterdamYear(r.issuedAt) < year && !settled(r)).length,
    },
    wpg: {
      internalAuditInYear: ofYear.some((audit) => audit.kind === 'internal' && regimeOf(audit) === 'wpg'),
      latestInternalAuditAt: latest('internal', year),
      externalAuditInLastFourYears: latestExternal !== null && amsterdamYear(latestExternal) >= year - 3,
      latestExternalAuditAt: latestExternal,
    },
  };
}
