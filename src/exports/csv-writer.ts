import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { neutraliseCell } from './neutralise.js';
import { displayCell, type Labeller, type Sheet } from './table-model.js';

/**
 * A table model as CSV (RFC 4180: CRLF, quotes where needed; UTF-8 with a BOM so that Excel
 * reads the accents). A view of one table is that table: a header line, then the rows. A
 * report of several tables gives them one after another, each under a line with its title
 * and separated by an empty line; `table` picks one of them as a plain table. Rows are
 * pulled as the client reads, so a large register is never whole in memory.
 */
export function csvStream(labels: Labeller, options: { readonly sheets: readonly Sheet[]; readonly delimiter: ',' | ';' }): Readable {
  const titled = options.sheets.length > 1;
  const records = Readable.from(csvRecords(options.sheets, labels, titled));
  return records.pipe(stringify({ bom: true, record_delimiter: 'windows', delimiter: options.delimiter }));
}

async function* csvRecords(sheets: readonly Sheet[], labels: Labeller, titled: boolean): AsyncIterable<readonly (string | number)[]> {
  for (const [index, sheet] of sheets.entries()) {
    if (titled) {
      if (index > 0) yield [];
      yield [neutraliseCell(sheet.title[labels.lang])];
    }
    yield sheet.columns.map((column) => neutraliseCell(column.heading[labels.lang]));
    for await (const row of sheet.rows) {
      yield row.map((cell, at) => {
        const shown = displayCell(sheet.columns[at] as Sheet['columns'][number], cell, labels);
        return typeof shown === 'string' ? neutraliseCell(shown) : (shown ?? '');
      });
    }
  }
}
