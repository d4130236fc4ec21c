import type { AnnualReport } from '../../../projections/annual-report.js';
import type { DienstLateReasons, MonthFigures } from '../../../projections/breach-pivots.js';
import type { BreachFigures, HoursToReport, ReasonFigures } from '../../../projections/breach-reports.js';
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
  imported: [col.integer('Geïmporteerd', 'Imported', (f) => f.imported)],
};

export const BREACH_FIGURE_COLUMNS: readonly Column<BreachFigures>[] = Object.values(BREACH_FIGURES).flat();

type DienstFigures = BreachFigures & { readonly dienst: string | null };

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
