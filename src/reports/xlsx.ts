/**
 * Exports as Excel workbooks (.xlsx, written by exceljs), for the procurement teams whose Excel opens a
 * CSV as one column (in locales where the list separator is a semicolon) and reads its numbers and
 * dates as text.
 *
 * - Numbers are numbers and dates are dates (a real Excel date with a date format), so a sheet can
 *   sort, filter and sum them in any locale.
 * - The header row is bold and frozen, with a filter on it.
 * - RAG cells are coloured green, amber or red and still say the word, so colour is not the only signal.
 * - Text is always written as a string value: exceljs only writes a formula given as `{ formula }`,
 *   so `=HYPERLINK(…)` typed in chat stays text and never runs. That is why, unlike the CSV export,
 *   text needs no leading `'`: the cell is the person's text exactly.
 */
import ExcelJS from 'exceljs';

export type XlsxCellKind = 'text' | 'number' | 'money' | 'date' | 'datetime' | 'rag';

export interface XlsxColumn {
  header: string;
  kind: XlsxCellKind;
  /** Width in characters; by default from the header and the kind. */
  width?: number;
}

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

/** ARGB fills for RAG cells, the chart palette's colours; amber takes dark text, as on the charts. */
export const XLSX_RAG_FILLS: Record<string, { fill: string; font: string }> = {
  green: { fill: 'FF2E8540', font: 'FFFFFFFF' },
  amber: { fill: 'FFD98200', font: 'FF1F2328' },
  red: { fill: 'FFC9372C', font: 'FFFFFFFF' },
};

const FORMATS: Partial<Record<XlsxCellKind, string>> = {
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

const WIDTHS: Record<XlsxCellKind, number> = {
  text: 18,
  number: 12,
  money: 16,
  date: 12,
  datetime: 17,
  rag: 9,
};

export async function writeXlsx(sheets: readonly XlsxSheet[], created: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Steward';
  // Fixed, so two exports of the same data differ only where the data does.
  workbook.created = created;
  workbook.modified = created;
  for (const sheet of sheets) addSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, spec: XlsxSheet): void {
  // Excel refuses sheet names over 31 characters or with : \ / ? * [ ].
  const name = spec.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((column) => ({
    header: column.header,
    width: column.width ?? Math.max(WIDTHS[column.kind], column.header.length + 2),
    ...(FORMATS[column.kind] ? { style: { numFmt: FORMATS[column.kind] } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  for (const values of spec.rows) {
    const row = sheet.addRow(spec.columns.map((column, index) => cellValue(column.kind, values[index])));
    spec.columns.forEach((column, index) => {
      if (column.kind !== 'rag') return;
      const colours = XLSX_RAG_FILLS[String(values[index] ?? '')];
      if (!colours) return;
      const cell = row.getCell(index + 1);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colours.fill } };
      cell.font = { bold: true, color: { argb: colours.font } };
    });
  }
  if (spec.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  }
}

/** The value a cell holds: a number, a Date, or a string, never a formula. */
function cellValue(kind: XlsxCellKind, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'number':
    case 'money': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : String(value);
    }
    case 'date': {
      // Calendar days (YYYY-MM-DD) as Excel dates: midnight UTC is how Excel's day count is written.
      const date = value instanceof Date ? value : new Date(`${String(value)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? String(value) : date;
    }
    case 'datetime': {
      const date = value instanceof Date ? value : new Date(String(value));
      return Number.isNaN(date.getTime()) ? String(value) : date;
    }
    default:
      return typeof value === 'string' ? value : String(value);
  }
}
