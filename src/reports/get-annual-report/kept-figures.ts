import { type AnnualReport, annualReportFromKept } from '../../../projections/annual-report.js';
import { causeSums, causeTrend, earlierSeriesYears } from '../../../projections/breach-causes-aggregates.js';
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
  const causeAggregates = causeSums(await source.aggregates(causes));
  const trend = causeTrend(causeAggregates, year, repeatWindowDays);
  const documents: BreachCausesDocument[] = await source.findAll(breachCauses, { where: [{ field: 'year', op: 'eq', value: year }] });
  // One read per earlier year (its series' diensten and kinds): a few more documents than the series need, which change nothing.
  const earlier = new Map<number, { diensten: Set<string>; kinds: Set<string> }>();
  for (const { year: y, dienst, incidentKind } of earlierSeriesYears(causeAggregates.series, year, repeatWindowDays)) {
    const ofYear = earlier.get(y) ?? { diensten: new Set<string>(), kinds: new Set<string>() };
    ofYear.diensten.add(dienst);
    ofYear.kinds.add(incidentKind);
    earlier.set(y, ofYear);
  }
  for (const [y, { diensten: inDiensten, kinds }] of earlier) {
    const where = [
      { field: 'year', op: 'eq', value: y },
      { field: 'dienst', op: 'in', value: [...inDiensten] },
      { field: 'incidentKind', op: 'in', value: [...kinds] },
    ] as const;
    documents.push(...(await source.findAll(breachCauses, { where })));
  }
  return annualReportFromKept(
    { ...(await governance()), breachFigures: breachYearFigures(year, months.map((month) => month?.counts), diensten), causes: documents, causeTrend: trend },
    year,
    diensten,
    repeatWindowDays,
  );
}
