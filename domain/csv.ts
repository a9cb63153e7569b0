/**
 * CSV (RFC 4180) the way spreadsheets read it: UTF-8 with a byte-order mark so Excel shows
 * Chinese correctly, CRLF between records and after the last, a field quoted when it holds a
 * quote, comma, CR or LF or starts or ends with white space (quotes doubled inside). Text that
 * a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets an apostrophe
 * in front (OWASP, CSV injection). Numbers and `{ raw }` values (dates, decimal amounts) are
 * written as they are, so `-12.50` stays a number.
 *
 * One CSV writer for every export (retention clocks, reward reports), pure so workflows, activities
 * and the API can share it.
 */

export const CSV_BOM = '\uFEFF';

/** A string is text (formula-protected); a number or `{ raw }` is written unchanged; null is empty. */
export type CsvCell = string | number | null | { readonly raw: string };

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: CsvCell): string {
  let text: string;
  if (cell === null) text = '';
  else if (typeof cell === 'number') text = String(cell);
  else if (typeof cell === 'string') text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  else text = cell.raw;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface ToCsvOptions {
  readonly header: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

export function toCsv({ header, rows }: ToCsvOptions): string {
  const lines = [header.map(csvField), ...rows.map((cells) => cells.map(csvField))];
  return CSV_BOM + lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}
