import { DEFAULT_LANG, labelOf, type Lang, type Text, type Vocabulary } from '../labels/labels.js';

/**
 * The neutral shape every exported view is mapped to, and that the CSV, XLSX and PDF writers
 * render: a document of sheets, each a titled table of typed columns, optionally drawn as a
 * bar chart in print. A view gets its exports by mapping its answer to this model (one
 * function per view in ./tables/); a new figure in a report needs only a new column or sheet
 * there, never a change to a writer.
 */

/** A raw cell: what the view says (codes, ISO times, numbers), before labels and formats; or a text in both languages (the name of a figure). */
export type Cell = string | number | boolean | null | Text;

/**
 * How a column's cells are shown: `code` cells are looked up in `vocabulary`, `dienst` cells
 * in the configured dienst names, `datetime` cells are ISO-8601 instants, `share` cells
 * fractions (0.25 is 25 %), `boolean` cells yes/no in the document's language; `value`
 * cells (a list of figures of mixed kinds) are shown as what they are: numbers, yes/no, text.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'share' | 'datetime' | 'boolean' | 'code' | 'dienst' | 'value';

export interface Column<R> {
  readonly heading: Text;
  readonly kind: ColumnKind;
  readonly vocabulary?: Vocabulary;
  readonly value: (row: R) => Cell;
}

/** A bar chart of a sheet in print: one bar group per row, labelled by `category`; `series` stacked or side by side. */
export interface Chart {
  readonly title: Text;
  /** The index of the column whose cells name the bars. */
  readonly category: number;
  /** The indices of the numeric columns drawn. */
  readonly series: readonly number[];
  readonly stacked: boolean;
}

export interface Sheet {
  /** A stable id (`?table=` picks one sheet of a CSV export). */
  readonly id: string;
  readonly title: Text;
  readonly columns: readonly Omit<Column<never>, 'value'>[];
  /** The rows as raw cells, in column order; a large register comes as an async stream. */
  readonly rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;
  readonly chart?: Chart;
}

export interface TableModel {
  readonly title: Text;
  /** File name without extension, per language (e.g. jaarverslag-2026 / annual-report-2026). */
  readonly fileName: Text;
  /** Lines under the title: the year, the log position, the moment asked for. */
  readonly about: readonly Text[];
  readonly sheets: readonly Sheet[];
}

/** One sheet from typed rows and columns; `rows` may be an async stream (then no chart can be drawn of it). */
export function sheet<R>(id: string, title: Text, columns: readonly Column<R>[], rows: Iterable<R> | AsyncIterable<R>, chart?: Omit<Chart, 'category' | 'series'> & { readonly category: string; readonly series: readonly string[] }): Sheet {
  const cellsOf = (row: R) => columns.map((column) => column.value(row));
  const index = (heading: string) => {
    const at = columns.findIndex((column) => column.heading.en === heading);
    if (at < 0) throw new TypeError(`sheet ${id} has no column ${heading}`);
    return at;
  };
  return {
    id,
    title,
    columns: columns.map(({ heading, kind, vocabulary }) => (vocabulary === undefined ? { heading, kind } : { heading, kind, vocabulary })),
    rows: Symbol.asyncIterator in rows ? mapAsync(rows, cellsOf) : [...rows].map(cellsOf),
    ...(chart === undefined ? {} : { chart: { title: chart.title, stacked: chart.stacked, category: index(chart.category), series: chart.series.map(index) } }),
  };
}

async function* mapAsync<R, T>(rows: AsyncIterable<R>, map: (row: R) => T): AsyncIterable<T> {
  for await (const row of rows) yield map(row);
}

/** Shorthands for the column definitions of the table mappings. */
export const col = {
  text: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'text', value }),
  integer: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'integer', value }),
  decimal: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'decimal', value }),
  share: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'share', value }),
  datetime: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'datetime', value }),
  boolean: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'boolean', value }),
  code: <R>(nl: string, en: string, vocabulary: Vocabulary, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'code', vocabulary, value }),
  dienst: <R>(value: (row: R) => Cell): Column<R> => ({ heading: { nl: 'Dienst', en: 'Department' }, kind: 'dienst', value }),
  value: <R>(nl: string, en: string, value: (row: R) => Cell): Column<R> => ({ heading: { nl, en }, kind: 'value', value }),
  /** The dienst of a per-dienst row, or "Totaal" on the row of the totals (dienst null). */
  dienstOrTotal: <R extends { readonly dienst: string | null }>(): Column<R> => ({ heading: { nl: 'Dienst', en: 'Department' }, kind: 'dienst', value: (row) => row.dienst ?? { nl: 'Totaal', en: 'Total' } }),
};

/** What turns raw cells into what a reader sees: the language and the configured dienst names. */
export interface Labeller {
  readonly lang: Lang;
  dienst(code: string): string;
}

export function labeller(lang: Lang = DEFAULT_LANG, dienstNames: Readonly<Record<string, Text>> = {}): Labeller {
  return { lang, dienst: (code) => (Object.hasOwn(dienstNames, code) ? (dienstNames[code] as Text)[lang] : code) };
}

/**
 * A cell as text for a reader (CSV, print): codes and diensten by their label, booleans as
 * ja/nee or yes/no, everything else as the view has it (numbers unrounded, times ISO-8601 UTC).
 */
export function displayCell(column: Sheet['columns'][number], cell: Cell, labels: Labeller): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'object') return cell[labels.lang];
  switch (column.kind) {
    case 'code':
      return column.vocabulary === undefined ? String(cell) : labelOf(column.vocabulary, String(cell), labels.lang);
    case 'dienst':
      return labels.dienst(String(cell));
    case 'boolean':
      return labelOf('yesNo', String(cell === true || cell === 'true'), labels.lang);
    case 'integer':
    case 'decimal':
    case 'share':
      return typeof cell === 'number' ? cell : String(cell);
    case 'text':
    case 'datetime':
      return String(cell);
    case 'value':
      return typeof cell === 'boolean' ? labelOf('yesNo', String(cell), labels.lang) : cell;
    default: {
      const unknown: never = column.kind;
      throw new TypeError(`unknown column kind ${String(unknown)}`);
    }
  }
}

/** A named figure of a report, for a sheet of figures (name, value). */
export type Figure = { readonly name: Text; readonly value: Cell };

export const figure = (nl: string, en: string, value: Cell): Figure => ({ name: { nl, en }, value });

/** A sheet of a report's figures: one row per figure, its name and its value. */
export function figureSheet(id: string, title: Text, figures: readonly Figure[]): Sheet {
  return sheet<Figure>(id, title, [col.text('Cijfer', 'Figure', (row) => row.name), col.value('Waarde', 'Value', (row) => row.value)], figures);
}
