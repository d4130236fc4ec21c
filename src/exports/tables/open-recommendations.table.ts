import type { OpenRecommendation, OpenRecommendationsReport } from '../../../projections/audit-reports.js';
import { col, sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines } from './about.js';

type DienstCounts = Omit<OpenRecommendationsReport['byDienst'][number], 'recommendations' | 'dienst'> & { readonly dienst: string | null };

/** Where an open recommendation stands (recommendationStatus in src/labels). */
const statusOf = (row: OpenRecommendation): string => (row.implemented ? 'implemented-fg-not-informed' : 'not-implemented');

/** GET /audits/recommendations/open as tables: the counts per dienst, and every open recommendation oldest first. */
export function openRecommendationsTables(report: OpenRecommendationsReport, context: ExportContext): TableModel {
  const date = report.now.slice(0, 10);
  return {
    title: { nl: 'Openstaande auditaanbevelingen', en: 'Open audit recommendations' },
    fileName: { nl: `open-aanbevelingen-${date}`, en: `open-recommendations-${date}` },
    about: aboutLines(context, { nl: `Stand op ${report.now} (UTC)`, en: `As at ${report.now} (UTC)` }),
    sheets: [
      sheet<DienstCounts>(
        'by-dienst',
        { nl: 'Per dienst', en: 'By department' },
        [
          col.dienstOrTotal<DienstCounts>(),
          col.integer('Open', 'Open', (row) => row.open),
          col.integer('Niet uitgevoerd', 'Not implemented', (row) => row.notImplemented),
          col.integer('Uitgevoerd, FG niet geïnformeerd', 'Implemented, DPO not informed', (row) => row.implementedFgNotInformed),
          col.integer('Termijn verstreken', 'Overdue', (row) => row.overdue),
          col.integer('Oudste (dagen)', 'Oldest (days)', (row) => row.oldestAgeDays),
        ],
        [...report.byDienst, { ...report.total, dienst: null }],
      ),
      sheet<OpenRecommendation>(
        'recommendations',
        { nl: 'Aanbevelingen', en: 'Recommendations' },
        [
          col.dienst((row) => row.dienst),
          col.text('Audit', 'Audit', (row) => row.auditTitle),
          col.code('Soort audit', 'Audit kind', 'auditKind', (row) => row.auditKind),
          col.text('Aanbeveling', 'Recommendation', (row) => row.description),
          col.code('Stand', 'Status', 'recommendationStatus', statusOf),
          col.datetime('Gedaan (UTC)', 'Issued (UTC)', (row) => row.issuedAt),
          col.integer('Leeftijd (dagen)', 'Age (days)', (row) => row.ageDays),
          col.datetime('Uiterlijk (UTC)', 'Due (UTC)', (row) => row.dueAt),
          col.boolean('Termijn verstreken', 'Overdue', (row) => row.overdue),
          col.datetime('Uitgevoerd (UTC)', 'Implemented (UTC)', (row) => row.implementedAt),
          col.text('Audit-id', 'Audit id', (row) => row.auditId),
          col.text('Aanbeveling-id', 'Recommendation id', (row) => row.recommendationId),
        ],
        report.byDienst.flatMap((dienst) => dienst.recommendations),
      ),
    ],
  };
}
