import { type AnnualReport, annualReportFromKept } from '../../../projections/annual-report.js';
import { causeTrend, needsEarlierYear } from '../../../projections/breach-causes-aggregates.js';
import { breachCauses, type BreachCausesDocument } from '../../../projections/breach-causes.js';
import { breachYearFigures, monthsOf } from '../../../projections/breach-register-aggregates.js';
import { breachRegister } from '../../../projections/breach-register.js';
import { AGGREGATES_COMPLETE } from '../../../projections/projection-aggregates.js';
import type { ProjectionDefinition } from '../../../projections/projection.js';
import type { GovernanceDocumentSet } from '../../read-store/governance-documents.js';
import type { ViewSource } from '../../read-store/view-sources.js';

const causes = breachCauses as unknown as ProjectionDefinition;
const register = breachRegister as unknown as ProjectionDefinition;

/**
 * The annual report from the aggregates the register and the causes keep (live only): twelve
 * month aggregates of the register, the causes' month aggregates (one small document per
 * month of the history) and the cause documents of the year, plus those of the years before
 * it that its repeat series may reach back into (the series list shows each breach's causes and
 * measures). Undefined when either projection's live generation was built before it kept its
 * aggregates (a rebuild gives them), and as of a moment: then the report is computed from every row.
 */
export async function keptAnnualReport(
  source: ViewSource,
  year: number,
  governance: () => Promise<GovernanceDocumentSet>,
  diensten: readonly string[],
  repeatWindowDays: number,
): Promise<AnnualReport | undefined> {
  const marks = await Promise.all([source.aggregate(register, AGGREGATES_COMPLETE), source.aggregate(causes, AGGREGATES_COMPLETE)]);
  if (marks.some((mark) => mark === undefined)) return undefined;
  const months = await Promise.all(monthsOf(year).map((month) => source.aggregate(register, month)));
  const trend = causeTrend(await source.aggregates(causes), year, repeatWindowDays);
  const firstYear = trend[0]?.year ?? year;
  const ofYear = (y: number) => source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: y }] });
  const documents: BreachCausesDocument[] = await ofYear(year);
  for (let earliest = year; earliest > firstYear && needsEarlierYear(documents, earliest, repeatWindowDays); ) {
    earliest -= 1;
    documents.push(...(await ofYear(earliest)));
  }
  return annualReportFromKept(
    { ...(await governance()), breachFigures: breachYearFigures(year, months.map((month) => month?.counts), diensten), causes: documents, causeTrend: trend },
    year,
    diensten,
    repeatWindowDays,
  );
}
