import type { Readable } from 'node:stream';
import { displayCell, type Cell, type Chart, type Labeller, type Sheet, type TableModel } from './table-model.js';

/**
 * A table model as a printable PDF (pdfkit, A4): the title and what the figures reflect, then
 * each table under its title, preceded by its bar chart when the mapping asks for one. Charts
 * are vector drawings (no image library): bars per category, stacked or side by side, with a
 * legend, a scale and each bar's value. Tables break over pages and repeat their header.
 * Only bounded views (the reports) are printed: their rows are read into memory first.
 * pdfkit is loaded with the first PDF, not with the service (it and exceljs are ~12 MB of heap).
 */

const MARGIN = 48;
const PALETTE = ['#1f4e79', '#c55a11', '#548235', '#7f6000', '#7030a0', '#2e75b6', '#bf9000', '#a5a5a5', '#843c0c', '#375623'];
const TABLE_FONT = 7.5;
const CELL_PAD = 3;

export async function pdfStream(model: TableModel, labels: Labeller, sheets: readonly Sheet[], generatedAt: string): Promise<Readable> {
  const materialised: { sheet: Sheet; rows: (readonly Cell[])[] }[] = [];
  for (const sheet of sheets) {
    const rows: (readonly Cell[])[] = [];
    for await (const row of sheet.rows) rows.push(row);
    materialised.push({ sheet, rows });
  }
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: model.title[labels.lang], Creator: 'Privacy Ledger', CreationDate: new Date(generatedAt) } });
  doc.font('Helvetica-Bold').fontSize(18).text(model.title[labels.lang]);
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#444444');
  for (const line of model.about) doc.text(line[labels.lang]);
  doc.fillColor('black').moveDown(0.8);
  for (const { sheet, rows } of materialised) {
    ensureRoom(doc, 80);
    doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(sheet.title[labels.lang], MARGIN, doc.y);
    doc.moveDown(0.3);
    if (sheet.chart !== undefined && rows.length > 0) drawChart(doc, sheet, rows, sheet.chart, labels);
    drawTable(doc, sheet, rows, labels);
    doc.moveDown(1);
  }
  numberPages(doc, labels);
  doc.end();
  return doc;
}

const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - 2 * MARGIN;
const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - MARGIN - 14;

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function shown(sheet: Sheet, at: number, cell: Cell, labels: Labeller): string {
  const value = displayCell(sheet.columns[at] as Sheet['columns'][number], cell, labels);
  if (value === null) return '';
  const kind = sheet.columns[at]?.kind;
  if (typeof value === 'number' && kind === 'share') return `${(value * 100).toFixed(1).replace('.', labels.lang === 'nl' ? ',' : '.')} %`;
  if (typeof value === 'number') return labels.lang === 'nl' ? String(value).replace('.', ',') : String(value);
  if (kind === 'datetime') return value.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return value;
}

/** Wider than this, a table is printed turned: its rows become columns (a report's figures per dienst). */
const MAX_PRINTED_COLUMNS = 8;

interface PrintedTable {
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly numeric: readonly boolean[];
  /** Under the table: what the short headings of a turned table stand for. */
  readonly legend: string | null;
}

const NUMERIC_KINDS: readonly string[] = ['integer', 'decimal', 'share', 'value'];

function printedTable(sheet: Sheet, rows: readonly (readonly Cell[])[], labels: Labeller): PrintedTable {
  const texts = rows.map((row) => row.map((cell, at) => shown(sheet, at, cell, labels)));
  if (sheet.columns.length <= MAX_PRINTED_COLUMNS || rows.length === 0) {
    return { headings: sheet.columns.map((column) => column.heading[labels.lang]), rows: texts, numeric: sheet.columns.map((column) => NUMERIC_KINDS.includes(column.kind)), legend: null };
  }
  // Turned: one column per row of the view, headed by its first cell (a dienst by its code), one row per other column.
  const first = sheet.columns[0] as Sheet['columns'][number];
  const short = rows.map((row, index) => (first.kind === 'dienst' && typeof row[0] === 'string' ? row[0] : (texts[index]?.[0] ?? '')));
  const legend =
    first.kind === 'dienst'
      ? rows
          .filter((row) => typeof row[0] === 'string' && labels.dienst(row[0]) !== row[0])
          .map((row) => `${String(row[0])} = ${labels.dienst(String(row[0]))}`)
          .join('; ')
      : null;
  return {
    headings: [first.heading[labels.lang], ...short],
    rows: sheet.columns.slice(1).map((column, index) => [column.heading[labels.lang], ...texts.map((row) => row[index + 1] ?? '')]),
    numeric: [false, ...rows.map(() => true)],
    legend: legend === '' ? null : legend,
  };
}

function drawTable(doc: PDFKit.PDFDocument, sheet: Sheet, rows: readonly (readonly Cell[])[], labels: Labeller): void {
  const table = printedTable(sheet, rows, labels);
  const { headings, numeric } = table;
  doc.fontSize(TABLE_FONT);
  // Widths by the longest text of each column (capped) and never narrower than its longest word, scaled to the page.
  const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((word) => doc.widthOfString(word)));
  const natural = headings.map((heading, at) => {
    doc.font('Helvetica-Bold');
    const head = Math.max(Math.min(doc.widthOfString(heading), 90), longestWord(heading));
    doc.font('Helvetica');
    return Math.max(head, ...table.rows.map((row) => Math.min(doc.widthOfString(row[at] ?? ''), 160)), 18) + 2 * CELL_PAD;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((width) => (width / total) * contentWidth(doc));
  const drawRow = (cells: readonly string[], bold: boolean, shade: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT);
    const height = Math.max(...cells.map((text, at) => doc.heightOfString(text, { width: (widths[at] as number) - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!bold) drawRow(headings, true, true);
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT);
    }
    const top = doc.y;
    if (shade) doc.rect(MARGIN, top, contentWidth(doc), height).fill('#e8eef5').fillColor('black');
    let x = MARGIN;
    cells.forEach((text, at) => {
      doc.text(text, x + CELL_PAD, top + CELL_PAD, { width: (widths[at] as number) - 2 * CELL_PAD, align: numeric[at] === true ? 'right' : 'left' });
      x += widths[at] as number;
    });
    doc.moveTo(MARGIN, top + height).lineTo(MARGIN + contentWidth(doc), top + height).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(headings, true, true);
  if (table.rows.length === 0) drawRow([labels.lang === 'nl' ? '(geen)' : '(none)', ...headings.slice(1).map(() => '')], false, false);
  for (const row of table.rows) drawRow(row, false, false);
  if (table.legend !== null) {
    doc.moveDown(0.3).font('Helvetica').fontSize(6.5).fillColor('#444444').text(table.legend, MARGIN, doc.y, { width: contentWidth(doc) });
    doc.fillColor('black');
  }
}

function drawChart(doc: PDFKit.PDFDocument, sheet: Sheet, allRows: readonly (readonly Cell[])[], chart: Chart, labels: Labeller): void {
  // A row named by a text of its own (the totals) is not a category: it would dwarf the bars.
  const rows = allRows.filter((row) => typeof row[chart.category] !== 'object' || row[chart.category] === null);
  if (rows.length === 0) return;
  const height = 150;
  ensureRoom(doc, height + 60);
  doc.font('Helvetica').fontSize(9).fillColor('#333333').text(chart.title[labels.lang], MARGIN, doc.y);
  const values = rows.map((row) => chart.series.map((at) => (typeof row[at] === 'number' ? (row[at] as number) : 0)));
  const max = Math.max(1, ...values.map((bars) => (chart.stacked ? bars.reduce((a, b) => a + b, 0) : Math.max(0, ...bars))));
  const top = doc.y + 6;
  const left = MARGIN + 28;
  const width = contentWidth(doc) - 28;
  const base = top + height;
  // Scale: 0, half and the maximum, with light grid lines.
  doc.fontSize(6.5).fillColor('#666666');
  for (const step of [0, 0.5, 1]) {
    const y = base - step * height;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.3).strokeColor('#cccccc').stroke();
    doc.text(formatScale(max * step), MARGIN, y - 3, { width: 24, align: 'right' });
  }
  const slot = width / rows.length;
  const barWidth = Math.max(2, chart.stacked ? slot * 0.6 : (slot * 0.8) / chart.series.length);
  rows.forEach((row, index) => {
    const slotLeft = left + index * slot;
    let stackTop = base;
    (values[index] as number[]).forEach((value, series) => {
      const barHeight = (value / max) * height;
      const x = chart.stacked ? slotLeft + (slot - barWidth) / 2 : slotLeft + slot * 0.1 + series * barWidth;
      const y = chart.stacked ? stackTop - barHeight : base - barHeight;
      if (barHeight > 0) doc.rect(x, y, barWidth, barHeight).fill(PALETTE[series % PALETTE.length] as string);
      if (!chart.stacked && value > 0) doc.fillColor('#000000').fontSize(6).text(String(value), x - 4, y - 8, { width: barWidth + 8, align: 'center' });
      if (chart.stacked) stackTop = y;
    });
    if (chart.stacked && base - stackTop > 0) doc.fillColor('#000000').fontSize(6).text(String((values[index] as number[]).reduce((a, b) => a + b, 0)), slotLeft, stackTop - 8, { width: slot, align: 'center' });
    const category = row[chart.category] ?? null;
    doc.fillColor('#000000').fontSize(6.5).text(categoryText(sheet, chart, category, labels), slotLeft, base + 3, { width: slot, align: 'center', lineBreak: false, ellipsis: true });
  });
  // Legend, wrapped over lines.
  let x = left;
  let y = base + 16;
  doc.fontSize(7);
  chart.series.forEach((at, series) => {
    const name = sheet.columns[at]?.heading[labels.lang] ?? '';
    const textWidth = doc.widthOfString(name);
    if (x > left && x + 10 + textWidth > left + width) {
      x = left;
      y += 10;
    }
    doc.rect(x, y, 7, 7).fill(PALETTE[series % PALETTE.length] as string);
    doc.fillColor('#000000').text(name, x + 10, y, { lineBreak: false });
    x += 10 + textWidth + 12;
  });
  doc.fillColor('black');
  doc.x = MARGIN;
  doc.y = y + 16;
}

/** The name under a bar: the cell as shown, but a dienst by its code (names are too long under a bar). */
function categoryText(sheet: Sheet, chart: Chart, cell: Cell, labels: Labeller): string {
  if (cell === null) return '';
  if (sheet.columns[chart.category]?.kind === 'dienst') return String(cell);
  return String(displayCell(sheet.columns[chart.category] as Sheet['columns'][number], cell, labels) ?? '');
}

const formatScale = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function numberPages(doc: PDFKit.PDFDocument, labels: Labeller): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc.font('Helvetica').fontSize(7).fillColor('#666666');
    const text = labels.lang === 'nl' ? `Pagina ${index + 1} van ${range.count}` : `Page ${index + 1} of ${range.count}`;
    doc.text(text, MARGIN, doc.page.height - MARGIN + 4, { width: contentWidth(doc), align: 'right', lineBreak: false });
  }
}
