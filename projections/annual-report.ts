import type { BreachRegisterRow } from './breach-register.js';
import { annualFigures, type AnnualFigures } from './breach-reports.js';
import type { DpiaOverviewDocument } from './dpia-overview.js';
import { dpiaYearOverview, registerYearFigures, type DpiaYearOverview, type RegisterYearFigures } from './governance-reports.js';
import type { ProcessingRegisterDocument } from './processing-register.js';

/**
 * Everything the FG's annual report needs, from one call (issue 8 point 6): the breach
 * figures (breach-reports.ts), the DPIA overview of the year with its trend, and the
 * register's figures of the year and at its end.
 */
export type AnnualReport = AnnualFigures & {
  readonly dpias: DpiaYearOverview;
  readonly processingRegister: RegisterYearFigures;
};

export interface AnnualReportInput {
  readonly breaches: readonly BreachRegisterRow[];
  readonly dpias: readonly DpiaOverviewDocument[];
  readonly activities: readonly ProcessingRegisterDocument[];
}

export function annualReport(input: AnnualReportInput, year: number, diensten: readonly string[]): AnnualReport {
  return {
    ...annualFigures(input.breaches, year, diensten),
    dpias: dpiaYearOverview(input.dpias, year, diensten),
    processingRegister: registerYearFigures(input.activities, input.dpias, year),
  };
}
