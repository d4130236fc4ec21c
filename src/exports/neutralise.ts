/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell that starts with `=`,
 * `+`, `-` or `@`, or with a tab or carriage return, is run as a formula by Excel and
 * LibreOffice when the file is opened, and a breach title is text anyone reporting a breach
 * can choose. Such a cell is written with a leading apostrophe, which spreadsheets show as
 * text and which keeps the original visible. Numbers are written as numbers, never as text,
 * so a negative figure stays a figure.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
