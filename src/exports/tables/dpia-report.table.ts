import type { DpiaCounts, DpiaYearOverview } from '../../../projections/governance-reports.js';
import { col, sheet, type Column, type Sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines, asOfSuffix } from './about.js';

/** The DPIA figures as columns: the pivot of dienst x status and the trend share them. */
const DPIA_COUNT_COLUMNS: readonly Column<DpiaCounts>[] = [
  col.integer('In uitvoering aan het eind van het jaar', 'In progress at the end of the year', (c) => c.inProgress),
  col.integer('Afgerond', 'Completed', (c) => c.completed),
  col.integer('Gestart', 'Started', (c) => c.started),
  col.integer('Gestaakt', 'Abandoned', (c) => c.abandoned),
];

type DienstCounts = DpiaCounts & { readonly dienst: string | null };
type DpiaListed = DpiaYearOverview['completedWithoutDpoAdvice'][number];
type HighRisk = DpiaYearOverview['highRiskWithoutPriorConsultation'][number];

/** The DPIA tables of a year: the pivot (with its chart), the trend and the two lists the FG asks for. */
export function dpiaSheets(overview: DpiaYearOverview): Sheet[] {
  const counts = DPIA_COUNT_COLUMNS as readonly Column<DienstCounts>[];
  return [
    sheet<DienstCounts>(
      'dpias-by-dienst',
      { nl: "DPIA's per dienst en status", en: 'DPIAs per department and status' },
      [col.dienstOrTotal<DienstCounts>(), ...counts],
      [...overview.byDienst, { ...overview.total, dienst: null }],
      { title: { nl: "DPIA's per dienst en status", en: 'DPIAs per department and status' }, category: 'Department', series: DPIA_COUNT_COLUMNS.map((column) => column.heading.en), stacked: false },
    ),
    sheet<DpiaCounts & { readonly year: number }>('dpia-trend', { nl: "DPIA's per jaar", en: 'DPIAs per year' }, [col.integer('Jaar', 'Year', (row) => row.year), ...(DPIA_COUNT_COLUMNS as readonly Column<DpiaCounts & { readonly year: number }>[])], overview.trend),
    sheet<DpiaListed>(
      'dpias-without-dpo-advice',
      { nl: "DPIA's zonder advies van de FG", en: 'DPIAs without DPO advice' },
      [col.text('DPIA', 'DPIA', (row) => row.dpiaId), col.text('Titel', 'Title', (row) => row.title), col.dienst((row) => row.dienst), col.datetime('Afgerond (UTC)', 'Completed (UTC)', (row) => row.completedAt), col.text('Reden', 'Reason', (row) => row.reason)],
      overview.completedWithoutDpoAdvice,
    ),
    sheet<HighRisk>(
      'dpias-high-risk-without-prior-consultation',
      { nl: 'Hoog risico zonder raadpleging', en: 'High risk, no consultation' },
      [
        col.text('DPIA', 'DPIA', (row) => row.dpiaId),
        col.text('Titel', 'Title', (row) => row.title),
        col.dienst((row) => row.dienst),
        col.datetime('Afgerond (UTC)', 'Completed (UTC)', (row) => row.completedAt),
        col.boolean('Raadpleging vereist', 'Consultation required', (row) => row.priorConsultationRequired),
      ],
      overview.highRiskWithoutPriorConsultation,
    ),
  ];
}

/** GET /reports/dpias/{year} as tables. */
export function dpiaReportTables(overview: DpiaYearOverview, context: ExportContext): TableModel {
  return {
    title: { nl: `DPIA-overzicht ${overview.year}`, en: `DPIA overview ${overview.year}` },
    fileName: { nl: `dpia-overzicht-${overview.year}${asOfSuffix(context)}`, en: `dpia-overview-${overview.year}${asOfSuffix(context)}` },
    about: aboutLines(context),
    sheets: dpiaSheets(overview),
  };
}
