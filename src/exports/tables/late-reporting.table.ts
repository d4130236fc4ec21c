import type { LateReportingReport, LateReportLine } from '../../../projections/breach-reports.js';
import { VOCABULARIES } from '../../labels/labels.js';
import { col, sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines, asOfSuffix } from './about.js';

type ByReason = LateReportingReport['byReason'][number];
type ByDienst = LateReportingReport['byDienst'][number];

const LINE_COLUMNS = [
  col.text<LateReportLine>('Kenmerk', 'Breach id', (row) => row.breachId),
  col.text<LateReportLine>('Omschrijving', 'Title', (row) => row.title),
  col.dienst<LateReportLine>((row) => row.dienst),
  col.datetime<LateReportLine>('Ontdekt (UTC)', 'Aware at (UTC)', (row) => row.awareAt),
  col.datetime<LateReportLine>('Meldtermijn (UTC)', 'Deadline (UTC)', (row) => row.deadline),
  col.datetime<LateReportLine>('Gemeld aan de AP (UTC)', 'Reported to the AP (UTC)', (row) => row.reportedAt),
  col.decimal<LateReportLine>('Uren tot melding', 'Hours to report', (row) => row.hoursToReport),
  col.code<LateReportLine>('Reden', 'Reason', 'lateReason', (row) => row.lateReasonCode ?? 'no-reason'),
  col.text<LateReportLine>('Toelichting', 'Explanation', (row) => row.explanation),
  col.code<LateReportLine>('Oordeel AP', "AP's view", 'apView', (row) => row.apView),
  col.code<LateReportLine>('Oordeel FG', "DPO's verdict", 'verdict', (row) => row.verdict?.verdict ?? null),
  col.text<LateReportLine>('Toelichting FG', "DPO's comment", (row) => row.verdict?.comment ?? null),
  col.boolean<LateReportLine>('Ingetrokken', 'Withdrawn', (row) => row.withdrawn),
  col.boolean<LateReportLine>('Geïmporteerd', 'Imported', (row) => row.imported),
  col.text<LateReportLine>('Melding (logpositie)', 'Report (log position)', (row) => row.events?.report?.position ?? null),
];

/** GET /reports/late-reporting?year= as tables: the counts by reason, by the AP's view and by dienst, and every late report. */
export function lateReportingTables(report: LateReportingReport, context: ExportContext): TableModel {
  const views = ['accepted', 'not-accepted', 'case-by-case', 'no-reason'] as const;
  return {
    title: { nl: `Te late meldingen ${report.year}`, en: `Late reports ${report.year}` },
    fileName: { nl: `te-late-meldingen-${report.year}${asOfSuffix(context)}`, en: `late-reporting-${report.year}${asOfSuffix(context)}` },
    about: aboutLines(context, { nl: `Te laat gemeld: ${report.reportedLate}`, en: `Reported late: ${report.reportedLate}` }),
    sheets: [
      sheet<ByReason>(
        'by-reason',
        { nl: 'Per reden', en: 'By reason' },
        [col.code('Reden', 'Reason', 'lateReason', (row) => row.code), col.code('Oordeel AP', "AP's view", 'apView', (row) => row.apView), col.integer('Aantal', 'Count', (row) => row.count)],
        report.byReason,
      ),
      sheet<ByDienst>(
        'by-dienst',
        { nl: 'Per dienst', en: 'By department' },
        [
          col.dienst((row) => row.dienst),
          col.integer('Te laat gemeld', 'Reported late', (row) => row.reportedLate),
          ...views.map((view) => col.integer<ByDienst>(VOCABULARIES.apView[view].nl, VOCABULARIES.apView[view].en, (row) => row.byApView[view])),
        ],
        report.byDienst,
      ),
      sheet<LateReportLine>('late-reports', { nl: 'Te late meldingen', en: 'Late reports' }, LINE_COLUMNS, report.lateReports),
    ],
  };
}
