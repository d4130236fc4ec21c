import type { AuditRecommendationsDocument } from './audit-recommendations.js';
import { auditFigures, type AuditFigures } from './audit-reports.js';
import type { BreachCausesDocument } from './breach-causes.js';
import { causeAnalysis, type CauseAnalysis, type CauseFigures } from './breach-causes-report.js';
import type { BreachYearFigures } from './breach-register-aggregates.js';
import type { BreachRegisterRow } from './breach-register.js';
import { breachesPerMonth, lateReasonsPerDienst, type DienstLateReasons, type MonthFigures } from './breach-pivots.js';
import { annualFigures, type AnnualFigures } from './breach-reports.js';
import type { DpiaOverviewDocument } from './dpia-overview.js';
import { dpiaYearOverview, registerYearFigures, type DpiaYearOverview, type RegisterYearFigures } from './governance-reports.js';
import type { ProcessingRegisterDocument } from './processing-register.js';

/**
 * Everything the FG's annual report needs, from one call: the breach
 * figures (breach-reports.ts), the DPIA overview of the year with its trend, the
 * register's figures of the year and at its end, and the audits with their
 * recommendations (and the Wpg check of the audit cycle), and the cause analysis (why
 * breaches happen and recur, per quarter, with the trend across the years).
 */
export type AnnualReport = AnnualFigures & {
  /** The breaches per month of awareness (all twelve months). */
  readonly byMonth: readonly MonthFigures[];
  /** The late reports per dienst by reason code. */
  readonly lateReasonsByDienst: readonly DienstLateReasons[];
  readonly dpias: DpiaYearOverview;
  readonly processingRegister: RegisterYearFigures;
  readonly audits: AuditFigures;
  /** Why breaches happen and keep happening: per quarter, repeat incidents, the trend, links to audit recommendations. */
  readonly causes: CauseAnalysis;
};

export interface AnnualReportInput {
  readonly breaches: readonly BreachRegisterRow[];
  readonly dpias: readonly DpiaOverviewDocument[];
  readonly activities: readonly ProcessingRegisterDocument[];
  readonly audits: readonly AuditRecommendationsDocument[];
  /** Every breach's cause document (the trend and the repeats look beyond the year). */
  readonly causes: readonly BreachCausesDocument[];
}

/** The report computed from every document: as of a moment, and the reference the kept figures are checked against. */
export function annualReport(input: AnnualReportInput, year: number, diensten: readonly string[], repeatWindowDays: number): AnnualReport {
  const breaches = { figures: annualFigures(input.breaches, year, diensten), byMonth: breachesPerMonth(input.breaches, year), lateReasonsByDienst: lateReasonsPerDienst(input.breaches, year, diensten) };
  return reportOf(breaches, input, undefined, year, diensten, repeatWindowDays);
}

/**
 * What the report reads when the projections keep their aggregates: the breach figures from
 * the register's twelve month aggregates, the causes' trend from the causes' month aggregates,
 * and only the cause documents of the year (and of the years its repeat series reach back into).
 */
export interface KeptAnnualReportInput extends Omit<AnnualReportInput, 'breaches'> {
  readonly breachFigures: BreachYearFigures;
  readonly causeTrend: readonly ({ readonly year: number } & CauseFigures)[];
}

/** The same report as annualReport, from the kept aggregates: its cost does not grow with the log. */
export function annualReportFromKept(input: KeptAnnualReportInput, year: number, diensten: readonly string[], repeatWindowDays: number): AnnualReport {
  return reportOf(input.breachFigures, input, input.causeTrend, year, diensten, repeatWindowDays);
}

function reportOf(
  breaches: BreachYearFigures,
  input: Omit<AnnualReportInput, 'breaches'>,
  trend: KeptAnnualReportInput['causeTrend'] | undefined,
  year: number,
  diensten: readonly string[],
  repeatWindowDays: number,
): AnnualReport {
  return {
    ...breaches.figures,
    byMonth: breaches.byMonth,
    lateReasonsByDienst: breaches.lateReasonsByDienst,
    dpias: dpiaYearOverview(input.dpias, year, diensten),
    processingRegister: registerYearFigures(input.activities, input.dpias, year),
    audits: auditFigures(input.audits, year),
    causes: causeAnalysis(input.causes, input.audits, year, { period: 'quarter', repeatWindowDays, diensten }, trend),
  };
}
