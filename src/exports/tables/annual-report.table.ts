import type { AnnualReport } from '../../../projections/annual-report.js';
import type { DienstLateReasons, MonthFigures } from '../../../projections/breach-pivots.js';
import type { CauseAnalysis, CauseFigures, RecommendationLinkLine, RepeatSeries } from '../../../projections/breach-causes-report.js';
import type { BreachFigures, HoursToReport, ReasonFigures } from '../../../projections/breach-reports.js';
import { INCIDENT_KINDS, ROOT_CAUSE_CATEGORIES, type Regime } from '../../breaches/breach.events.js';
import { LATE_REASON_CODES } from '../../breaches/breach.rules.js';
import { VOCABULARIES } from '../../labels/labels.js';
import { col, figure, figureSheet, sheet, type Column, type Sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines, asOfSuffix } from './about.js';
import { dpiaSheets } from './dpia-report.table.js';

/**
 * GET /reports/annual/{year} as tables: the FG's annual report for the council. Both maps
 * below are typed over every key of what they render, so a figure added to the report (or to
 * the breach figures) does not compile until it is given its sheet or column here, or an
 * explicit `[]` where another table already shows it.
 */

const COUNTS = {
  registered: col.integer<Pick<BreachFigures, 'registered'>>('Geregistreerd', 'Registered', (f) => f.registered),
  notReportable: col.integer<Pick<BreachFigures, 'notReportable'>>('Niet meldplichtig', 'Not reportable', (f) => f.notReportable),
  reported: col.integer<Pick<BreachFigures, 'reported'>>('Gemeld aan de AP', 'Reported to the AP', (f) => f.reported),
  reportedOnTime: col.integer<Pick<BreachFigures, 'reportedOnTime'>>('Tijdig gemeld', 'Reported on time', (f) => f.reportedOnTime),
  reportedLate: col.integer<Pick<BreachFigures, 'reportedLate'>>('Te laat gemeld', 'Reported late', (f) => f.reportedLate),
};

/** Hours from awareness to the report: the median and the 90th percentile. */
const hoursColumns = <R extends { readonly hoursToReport: HoursToReport }>(): Column<R>[] => [
  col.decimal('Mediaan uren tot melding', 'Median hours to report', (f) => f.hoursToReport.median),
  col.decimal('90e percentiel uren tot melding', '90th percentile hours to report', (f) => f.hoursToReport.p90),
];

/** The columns of each breach figure, in the order of the table: the same for the whole organisation and for each dienst. */
const BREACH_FIGURES: { readonly [K in keyof BreachFigures]: readonly Column<BreachFigures>[] } = {
  registered: [COUNTS.registered],
  notReportable: [COUNTS.notReportable],
  reported: [COUNTS.reported],
  reportedOnTime: [COUNTS.reportedOnTime],
  reportedLate: [COUNTS.reportedLate],
  awaitingReport: [col.integer('Nog niet gemeld', 'Awaiting report', (f) => f.awaitingReport)],
  lateReasonNotAccepted: [col.integer('Te laat, reden niet aanvaard door de AP', 'Late, reason the AP does not accept', (f) => f.lateReasonNotAccepted)],
  lateWithoutReason: [col.integer('Te laat zonder reden', 'Late without a reason', (f) => f.lateWithoutReason)],
  dpoInformed: [col.share('FG geïnformeerd', 'DPO informed', (f) => f.dpoInformed.share)],
  dpoInformedBeforeReport: [col.share('FG geïnformeerd vóór melding', 'DPO informed before report', (f) => f.dpoInformedBeforeReport.share)],
  hoursToReport: hoursColumns<BreachFigures>(),
  dataSubjectsNotified: [
    col.integer('Datalekken met betrokkenen geïnformeerd', 'Breaches with data subjects notified', (f) => f.dataSubjectsNotified.breaches),
    col.integer('Betrokkenen geïnformeerd', 'Data subjects notified', (f) => f.dataSubjectsNotified.persons),
  ],
  withdrawn: [col.integer('Meldingen ingetrokken', 'Reports withdrawn', (f) => f.withdrawn)],
  withdrawnNoBreach: [col.integer('Ingetrokken: toch geen datalek', 'Withdrawn: no breach after all', (f) => f.withdrawnNoBreach)],
  withdrawnOtherGround: [col.integer('Ingetrokken: andere reden', 'Withdrawn: another reason', (f) => f.withdrawnOtherGround)],
  refiled: [col.integer('Opnieuw gemeld na intrekking', 'Filed again after a withdrawal', (f) => f.refiled)],
  lateWithoutValidExcuse: [col.integer('Te laat zonder geldige reden', 'Late without a valid excuse', (f) => f.lateWithoutValidExcuse)],
  verdictsContradictingAp: [col.integer('FG aanvaardde een reden die de AP niet aanvaardt', 'DPO accepted a reason the AP does not', (f) => f.verdictsContradictingAp)],
  closedWithoutRootCause: [col.integer('Gesloten zonder bekende oorzaak', 'Closed without a known root cause', (f) => f.closedWithoutRootCause)],
  closedRootCauseUnknown: [col.integer('Waarvan oorzaak vastgelegd als onbekend', 'Of which root cause recorded as unknown', (f) => f.closedRootCauseUnknown)],
  imported: [col.integer('Geïmporteerd', 'Imported', (f) => f.imported)],
};

export const BREACH_FIGURE_COLUMNS: readonly Column<BreachFigures>[] = Object.values(BREACH_FIGURES).flat();

type DienstFigures = BreachFigures & { readonly dienst: string | null };
type RegimeFigures = BreachFigures & { readonly regime: Regime };
type PeriodRow = { readonly period: string } & CauseFigures;

/** The cause columns of a period (or of the year): incident kinds and root causes side by side, then measures and repeats. */
const causeColumns = <R extends CauseFigures>(): Column<R>[] => [
  col.integer<R>('Geregistreerd', 'Registered', (f) => f.registered),
  ...INCIDENT_KINDS.map((kind) => col.integer<R>(VOCABULARIES.incidentKind[kind].nl, VOCABULARIES.incidentKind[kind].en, (f) => f.byIncidentKind[kind])),
  ...[...ROOT_CAUSE_CATEGORIES, 'none' as const].map((cause) =>
    cause === 'none'
      ? col.integer<R>('Oorzaak niet vastgelegd', 'No root cause recorded', (f) => f.byRootCause.none)
      : col.integer<R>(`Oorzaak: ${VOCABULARIES.rootCauseCategory[cause].nl}`, `Root cause: ${VOCABULARIES.rootCauseCategory[cause].en}`, (f) => f.byRootCause[cause]),
  ),
  col.integer<R>('Maatregelen: beperken', 'Measures: containment', (f) => f.measures.containment),
  col.integer<R>('Maatregelen: voorkomen', 'Measures: prevention', (f) => f.measures.prevention),
  col.integer<R>('Datalekken zonder preventieve maatregel', 'Breaches without a prevention measure', (f) => f.measures.breachesWithoutPrevention),
  col.integer<R>('Herhaalde incidenten', 'Repeat incidents', (f) => f.repeatIncidents),
];

/** The cause analysis: per period, the trend over the years, the repeat series and the links to audit recommendations. */
function causeSheets(causes: CauseAnalysis): Sheet[] {
  return [
    sheet<PeriodRow>(
      'causes-by-period',
      { nl: 'Oorzaken per kwartaal', en: 'Causes per quarter' },
      [col.text<PeriodRow>('Periode', 'Period', (row) => row.period), ...causeColumns<PeriodRow>()],
      [...causes.periods, { period: String(causes.year), ...causes.total }],
    ),
    sheet<{ readonly year: number } & CauseFigures>(
      'causes-trend',
      { nl: 'Oorzaken door de jaren', en: 'Causes across the years' },
      [col.integer<{ readonly year: number } & CauseFigures>('Jaar', 'Year', (row) => row.year), ...causeColumns<{ readonly year: number } & CauseFigures>()],
      causes.trend,
    ),
    sheet<RepeatSeries>(
      'repeat-incidents',
      { nl: 'Herhaalde incidenten', en: 'Repeat incidents' },
      [
        col.dienst<RepeatSeries>((row) => row.dienst),
        col.code<RepeatSeries>('Soort incident', 'Incident kind', 'incidentKind', (row) => row.incidentKind),
        col.integer<RepeatSeries>('Datalekken in de reeks', 'Breaches in the series', (row) => row.breaches.length),
        col.integer<RepeatSeries>(`Herhalingen in het jaar (binnen ${causes.repeatWindowDays} dagen)`, `Repeats in the year (within ${causes.repeatWindowDays} days)`, (row) => row.repeatsInYear),
        col.boolean<RepeatSeries>('Preventieve maatregel vóór de laatste herhaling', 'Prevention measure before the last repeat', (row) => row.preventionBeforeLastRepeat),
      ],
      causes.repeatIncidents,
    ),
    sheet<RecommendationLinkLine>(
      'breach-recommendation-links',
      { nl: 'Datalekken en aanbevelingen', en: 'Breaches and recommendations' },
      [
        col.text<RecommendationLinkLine>('Datalek', 'Breach', (row) => row.breachId),
        col.dienst<RecommendationLinkLine>((row) => row.dienst),
        col.code<RecommendationLinkLine>('Soort incident', 'Incident kind', 'incidentKind', (row) => row.incidentKind),
        col.code<RecommendationLinkLine>('Verband', 'Relation', 'recommendationRelation', (row) => row.relation),
        col.text<RecommendationLinkLine>('Aanbeveling', 'Recommendation', (row) => row.recommendation?.description ?? row.recommendationId),
        col.boolean<RecommendationLinkLine>('Afgehandeld', 'Settled', (row) => row.recommendation?.settled ?? null),
      ],
      causes.recommendationLinks,
    ),
  ];
}

export function annualReportTables(report: AnnualReport, context: ExportContext): TableModel {
  const { year } = report;
  const reasonColumns = [...LATE_REASON_CODES, 'no-reason' as const].map((code) =>
    col.integer<DienstLateReasons>(VOCABULARIES.lateReason[code].nl, VOCABULARIES.lateReason[code].en, (row) => row.byReason[code]),
  );
  // Every part of the report, in the order of the document; `year` heads it, the total is the last row of byDienst.
  const sheets: { readonly [K in keyof AnnualReport]: readonly Sheet[] } = {
    year: [],
    total: [],
    byDienst: [
      sheet<DienstFigures>(
        'breaches-by-dienst',
        { nl: 'Datalekken per dienst', en: 'Breaches per department' },
        [col.dienstOrTotal<DienstFigures>(), ...(BREACH_FIGURE_COLUMNS as readonly Column<DienstFigures>[])],
        [...report.byDienst, { ...report.total, dienst: null }],
      ),
    ],
    byRegime: [
      sheet<RegimeFigures>(
        'breaches-by-regime',
        { nl: 'Datalekken per regime', en: 'Breaches per regime' },
        [col.code<RegimeFigures>('Regime', 'Regime', 'regime', (row) => row.regime), ...(BREACH_FIGURE_COLUMNS as readonly Column<RegimeFigures>[])],
        report.byRegime,
      ),
    ],
    causes: causeSheets(report.causes),
    byMonth: [
      sheet<MonthFigures>(
        'breaches-by-month',
        { nl: 'Datalekken per maand', en: 'Breaches per month' },
        [col.text('Maand', 'Month', (row) => row.month), COUNTS.registered, COUNTS.notReportable, COUNTS.reported, COUNTS.reportedOnTime, COUNTS.reportedLate],
        report.byMonth,
        { title: { nl: 'Meldingen aan de AP per maand van ontdekking', en: 'Reports to the AP per month the breach became known' }, category: 'Month', series: ['Reported on time', 'Reported late'], stacked: true },
      ),
    ],
    lateReasonsByDienst: [
      sheet<DienstLateReasons>(
        'late-reasons-by-dienst',
        { nl: 'Te laat melden per dienst', en: 'Late reasons per department' },
        [col.dienst((row) => row.dienst), col.integer('Te laat gemeld', 'Reported late', (row) => row.reportedLate), ...reasonColumns],
        report.lateReasonsByDienst,
        { title: { nl: 'Te late meldingen per dienst, naar reden', en: 'Late reports per department, by reason' }, category: 'Department', series: reasonColumns.map((column) => column.heading.en), stacked: true },
      ),
    ],
    byReason: [
      sheet<ReasonFigures>(
        'late-reasons',
        { nl: 'Redenen te laat melden', en: 'Late reasons' },
        [
          col.code('Reden', 'Reason', 'lateReason', (row) => row.code ?? 'no-reason'),
          col.code('Oordeel AP', "AP's view", 'apView', (row) => row.apView),
          col.integer('Te laat gemeld', 'Reported late', (row) => row.reportedLate),
          col.integer('Reden aanvaard door de FG', 'Reason accepted by the DPO', (row) => row.verdicts.accepted),
          col.integer('Reden niet aanvaard door de FG', 'Reason not accepted by the DPO', (row) => row.verdicts.notAccepted),
          col.integer('Zonder oordeel FG', 'Without DPO verdict', (row) => row.verdicts.none),
          ...hoursColumns<ReasonFigures>(),
        ],
        report.byReason,
      ),
    ],
    dpias: dpiaSheets(report.dpias),
    processingRegister: [
      figureSheet('processing-register', { nl: 'Verwerkingsregister', en: 'Processing register' }, [
        figure('Verwerkingen geregistreerd in het jaar', 'Activities registered in the year', report.processingRegister.registered),
        figure('Wijzigingen in het jaar', 'Amendments in the year', report.processingRegister.amendments),
        figure('Gepubliceerd in het jaar', 'Published in the year', report.processingRegister.published),
        figure('Beëindigd in het jaar', 'Retired in the year', report.processingRegister.retired),
        figure('Verwerkingen in het register aan het eind van het jaar', 'Activities in the register at the end of the year', report.processingRegister.atYearEnd.activities),
        figure('Waarvan volledig', 'Of which complete', report.processingRegister.atYearEnd.complete),
        figure('Waarvan gepubliceerd', 'Of which published', report.processingRegister.atYearEnd.published),
        figure('Zonder eigenaar', 'Without an owner', report.processingRegister.atYearEnd.missingOwner),
        figure('Zonder grondslag', 'Without a lawful basis', report.processingRegister.atYearEnd.missingLegalBasis),
        figure('DPIA nodig, geen gekoppeld', 'DPIA needed, none linked', report.processingRegister.atYearEnd.dpiaNeededWithoutDpia),
        ...report.processingRegister.atYearEndByRegime.flatMap((regime) => [
          figure(`${VOCABULARIES.regime[regime.regime].nl}: verwerkingen aan het eind van het jaar`, `${VOCABULARIES.regime[regime.regime].en}: activities at the end of the year`, regime.activities),
          figure(`${VOCABULARIES.regime[regime.regime].nl}: waarvan volledig`, `${VOCABULARIES.regime[regime.regime].en}: of which complete`, regime.complete),
        ]),
      ]),
    ],
    audits: [
      figureSheet('audits', { nl: 'Audits en aanbevelingen', en: 'Audits and recommendations' }, [
        figure('Audits afgerond', 'Audits completed', report.audits.auditsCompleted.total),
        figure('Interne audits', 'Internal audits', report.audits.auditsCompleted.internal),
        figure('Externe audits', 'External audits', report.audits.auditsCompleted.external),
        figure('Aanbevelingen gedaan', 'Recommendations issued', report.audits.recommendations.issued),
        figure('Waarvan uitgevoerd', 'Of which implemented', report.audits.recommendations.implemented),
        figure('Waarvan FG geïnformeerd', 'Of which the DPO was informed', report.audits.recommendations.dpoInformed),
        figure('Open aan het eind van het jaar', 'Open at the end of the year', report.audits.recommendations.openAtYearEnd),
        figure('Uit eerdere jaren nog open', 'From earlier years still open', report.audits.recommendations.earlierOpenAtYearEnd),
        figure('Interne audit in het jaar (Wpg)', 'Internal audit in the year (Wpg)', report.audits.wpg.internalAuditInYear),
        figure('Externe audit in de laatste vier jaar (Wpg)', 'External audit in the last four years (Wpg)', report.audits.wpg.externalAuditInLastFourYears),
        figure('Laatste interne audit (UTC)', 'Latest internal audit (UTC)', report.audits.wpg.latestInternalAuditAt),
        figure('Laatste externe audit (UTC)', 'Latest external audit (UTC)', report.audits.wpg.latestExternalAuditAt),
      ]),
    ],
  };
  return {
    title: { nl: `Jaarverslag privacy ${year}`, en: `Privacy annual report ${year}` },
    fileName: { nl: `jaarverslag-${year}${asOfSuffix(context)}`, en: `annual-report-${year}${asOfSuffix(context)}` },
    about: aboutLines(context, { nl: `Datalekken naar het jaar van ontdekking (Europe/Amsterdam), DPIA's, het verwerkingsregister en audits over ${year}`, en: `Breaches by the year they became known (Europe/Amsterdam), DPIAs, the register and audits of ${year}` }),
    sheets: Object.values(sheets).flat(),
  };
}
