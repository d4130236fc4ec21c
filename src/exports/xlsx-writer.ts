import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { neutraliseCell } from './neutralise.js';
import { displayCell, type Cell, type Labeller, type Sheet, type TableModel } from './table-model.js';

/**
 * A table model as an Excel workbook (exceljs's streaming WorkbookWriter): a first sheet that
 * says what the file is (title, year, log position, moment), then one worksheet per table, its
 * header in the first row (frozen), its rows committed one by one and written out as the
 * client reads. Numbers stay numbers, shares are percentages, times are date cells in UTC;
 * codes and diensten are shown by their labels; text that a spreadsheet would run as a
 * formula is neutralised (neutralise.ts). exceljs is loaded with the first workbook, not with
 * the service: ~11 MB of heap a process that never exports need not hold.
 */
export function xlsxStream(model: TableModel, labels: Labeller, sheets: readonly Sheet[]): Readable {
  const out = new PassThrough();
  const write = async () => {
    const { default: excel } = await import('exceljs');
    const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Privacy Ledger';
    workbook.title = model.title[labels.lang];
    const names = new Set<string>();
    const about = workbook.addWorksheet(sheetName(labels.lang === 'nl' ? 'Over dit overzicht' : 'About', names));
    about.columns = [{ width: 100 }];
    const title = about.addRow([neutraliseCell(model.title[labels.lang])]);
    title.font = { bold: true, size: 14 };
    title.commit();
    for (const line of model.about) about.addRow([neutraliseCell(line[labels.lang])]).commit();
    about.commit();
    for (const sheet of sheets) await writeSheet(workbook.addWorksheet(sheetName(sheet.title[labels.lang], names), { views: [{ state: 'frozen', ySplit: 1 }] }), sheet, labels, out);
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

async function writeSheet(worksheet: ExcelJS.Worksheet, sheet: Sheet, labels: Labeller, out: PassThrough): Promise<void> {
  worksheet.columns = sheet.columns.map((column) => ({ width: Math.min(60, Math.max(12, column.heading[labels.lang].length + 2)), style: styleOf(column.kind) }));
  const header = worksheet.addRow(sheet.columns.map((column) => neutraliseCell(column.heading[labels.lang])));
  header.font = { bold: true };
  header.commit();
  let written = 0;
  for await (const row of sheet.rows) {
    worksheet.addRow(row.map((cell, at) => xlsxCell(sheet.columns[at] as Sheet['columns'][number], cell, labels))).commit();
    written += 1;
    // Let the client read what is written before producing more: bounded memory for a large register.
    if (written % 200 === 0 && out.writableNeedDrain) await once(out, 'drain');
  }
  worksheet.commit();
}

function xlsxCell(column: Sheet['columns'][number], cell: Cell, labels: Labeller): string | number | Date | null {
  if (cell === null) return null;
  if (column.kind === 'datetime' && typeof cell === 'string' && !Number.isNaN(Date.parse(cell))) return new Date(cell);
  const shown = displayCell(column, cell, labels);
  return typeof shown === 'string' ? neutraliseCell(shown) : shown;
}

function styleOf(kind: Sheet['columns'][number]['kind']): Partial<ExcelJS.Style> {
  if (kind === 'datetime') return { numFmt: 'yyyy-mm-dd hh:mm' };
  if (kind === 'share') return { numFmt: '0.0%' };
  if (kind === 'decimal') return { numFmt: '0.0' };
  return {};
}

/** A worksheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}
