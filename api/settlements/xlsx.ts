// A report table (domain/settlement ReportTable) as an Excel workbook: the same columns as the
// CSV, with amounts as numbers formatted to two decimals (so they sum in the spreadsheet), text
// as text (never a formula), the header row bold and frozen.
import ExcelJS from 'exceljs';
import type { CsvCell } from '../../domain/csv';
import type { ReportTable } from '../../domain/settlement';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function cellValue(cell: CsvCell): string | number | null {
  if (cell === null || typeof cell === 'number' || typeof cell === 'string') return cell;
  // `{ raw }` cells are decimal amounts or dates written as they are: numbers stay numbers.
  return DECIMAL.test(cell.raw) ? Number(cell.raw) : cell.raw;
}

export async function toXlsx(table: ReportTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Spinway';
  // A fixed date keeps the file the same for the same report (ExcelJS stamps "now" otherwise).
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.header]).font = { bold: true };
  for (const cells of table.rows) {
    const row = sheet.addRow(cells.map(cellValue));
    cells.forEach((cell, index) => {
      if (cell !== null && typeof cell === 'object' && DECIMAL.test(cell.raw) && cell.raw.includes('.')) row.getCell(index + 1).numFmt = '#,##0.00';
    });
  }
  sheet.columns.forEach((column, index) => {
    const longest = Math.max(...[table.header[index] ?? '', ...table.rows.map((cells) => String(cellValue(cells[index] ?? null) ?? ''))].map((text) => text.length));
    column.width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
