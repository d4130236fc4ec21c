import { rowOf, type BreachRegisterDocument, type BreachRegisterRow } from '../../../projections/breach-register.js';
import { deadlineStatus, type DeadlineStatus } from '../../../projections/breach-reports.js';
import { col, sheet, type TableModel } from '../table-model.js';
import type { ExportContext } from '../view-export.js';
import { aboutLines, asOfSuffix } from './about.js';

export type RegisterExportRow = BreachRegisterRow & { readonly status: DeadlineStatus };

/** The register's documents as the list shows them: the row, and where it stands at `now`. */
export async function* registerExportRows(documents: AsyncIterable<BreachRegisterDocument>, now: string, atRiskHours: number): AsyncIterable<RegisterExportRow> {
  for await (const document of documents) {
    const row = rowOf(document);
    yield { ...row, status: deadlineStatus(row, now, atRiskHours) };
  }
}

/** GET /breaches as a table: one row per breach (Art. 33(5)), every column of the register, oldest awareness first. */
export function breachRegisterTables(view: { readonly rows: AsyncIterable<RegisterExportRow> }, context: ExportContext): TableModel {
  const filters = Object.entries(context.query)
    .filter(([name]) => !['page', 'pageSize', 'minPosition', 'asOf'].includes(name))
    .map(([name, value]) => `${name}=${String(value)}`);
  return {
    title: { nl: 'Register van datalekken', en: 'Register of personal-data breaches' },
    fileName: { nl: `datalekkenregister${asOfSuffix(context)}`, en: `breach-register${asOfSuffix(context)}` },
    about: aboutLines(context, ...(filters.length === 0 ? [] : [{ nl: `Filter: ${filters.join(', ')}`, en: `Filter: ${filters.join(', ')}` }])),
    sheets: [
      sheet<RegisterExportRow>(
        'breaches',
        { nl: 'Datalekken', en: 'Breaches' },
        [
          col.text('Kenmerk', 'Breach id', (row) => row.breachId),
          col.text('Omschrijving', 'Title', (row) => row.title),
          col.dienst((row) => row.dienst),
          col.integer('Jaar', 'Year', (row) => row.year),
          col.datetime('Ontdekt (UTC)', 'Aware at (UTC)', (row) => row.awareAt),
          col.datetime('Geregistreerd (UTC)', 'Registered at (UTC)', (row) => row.registeredAt),
          col.datetime('Meldtermijn (UTC)', 'Deadline (UTC)', (row) => row.deadline),
          col.code('Stand', 'Status', 'deadlineStatus', (row) => row.status),
          col.code('Meldstatus', 'Reporting status', 'reportingStatus', (row) => row.reportingStatus),
          col.datetime('Gemeld aan de AP (UTC)', 'Reported to the AP (UTC)', (row) => row.reportedAt),
          col.boolean('Te laat', 'Late', (row) => row.late),
          col.decimal('Uren tot melding', 'Hours to report', (row) => row.hoursToReport),
          col.code('Reden te laat', 'Late reason', 'lateReason', (row) => row.lateReasonCode),
          col.text('Toelichting reden', 'Reason explained', (row) => row.lateReasonExplanation),
          col.code('Oordeel AP over de reden', "AP's view of the reason", 'apView', (row) => row.apView),
          col.code('Oordeel FG', "DPO's verdict", 'verdict', (row) => row.lateReasonVerdict?.verdict ?? null),
          col.datetime('FG geïnformeerd (UTC)', 'DPO informed (UTC)', (row) => row.dpoInformedAt),
          col.boolean('FG geïnformeerd vóór melding', 'DPO informed before report', (row) => row.dpoInformedBeforeReport),
          col.integer('Betrokkenen geïnformeerd', 'Data subjects notified', (row) => row.dataSubjectsNotifiedCount),
          col.boolean('Melding ingetrokken', 'Report withdrawn', (row) => row.withdrawn),
          col.boolean('Afgesloten', 'Closed', (row) => row.closed),
          col.boolean('Geïmporteerd', 'Imported', (row) => row.imported),
        ],
        view.rows,
      ),
    ],
  };
}
